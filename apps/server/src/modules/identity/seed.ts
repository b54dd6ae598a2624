import type { Kysely } from "kysely";
import type { PiiCipher } from "../../platform/crypto/pii.js";
import { SecretBox } from "../../platform/crypto/secret-box.js";
import type { DB } from "../../platform/db/schema.js";
import { AccountRepository } from "./accounts.repository.js";
import { hashPassword } from "./passwords.js";

export interface DemoAccounts {
  password: string;
  staffTotpSecret: string;
  citizens: { phone: string; displayName: string; level: number; name?: string; idNumber?: string }[];
  enterprises: {
    uscc: string;
    representativePhone: string;
    agents: { phone: string; scopes: string[]; days: number }[];
  }[];
  staff: { username: string; displayName: string; department: string; roles: string[] }[];
}

/**
 * Demo accounts (citizens at L1–L3, an enterprise with its representative and an agent, staff of several
 * departments, a platform admin, an auditor and a security admin). Idempotent: an account that exists (by
 * phone or user name) is left alone. Never called in production (seed/index.ts).
 */
export async function seedIdentityDemo(
  trx: Kysely<DB>,
  pii: PiiCipher,
  dataEncryptionKey: string,
  demo: DemoAccounts,
  departmentIds: Map<string, string>,
  enterpriseNames: Map<string, string>,
): Promise<{ accounts: number }> {
  const accounts = new AccountRepository(trx);
  const passwordHash = await hashPassword(demo.password);
  const box = new SecretBox(dataEncryptionKey);
  const byPhone = new Map<string, string>();
  let created = 0;

  for (const c of demo.citizens) {
    const bidx = pii.blindIndex("phone", c.phone);
    const existing = await accounts.findCitizenByPhone(bidx, trx);
    if (existing) {
      byPhone.set(c.phone, existing.id);
      continue;
    }
    const verified = c.level >= 2 && c.name && c.idNumber;
    const row = await accounts.insert(
      {
        kind: "citizen",
        display_name: c.displayName,
        phone_enc: pii.encrypt("phone", c.phone),
        phone_bidx: bidx,
        password_hash: passwordHash,
        realname_level: verified ? c.level : 1,
        real_name: verified ? (c.name ?? null) : null,
        id_number_enc: verified ? pii.encrypt("id_number", c.idNumber as string) : null,
        id_number_bidx: verified ? pii.blindIndex("id_number", c.idNumber as string) : null,
        realname_method: verified ? (c.level === 3 ? "in_person" : "registry") : null,
        realname_verified_at: verified ? new Date() : null,
      },
      trx,
    );
    byPhone.set(c.phone, row.id);
    created++;
  }

  for (const e of demo.enterprises) {
    const rep = byPhone.get(e.representativePhone);
    const name = enterpriseNames.get(e.uscc);
    if (!rep || !name) throw new Error(`demo enterprise ${e.uscc}: unknown representative or registry entry`);
    const ent = await trx
      .insertInto("enterprises")
      .values({ uscc: e.uscc, name, legal_rep_account_id: rep })
      .onConflict((oc) => oc.column("uscc").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!ent) continue; // bound already
    for (const a of e.agents) {
      const agent = byPhone.get(a.phone);
      if (!agent) throw new Error(`demo agent ${a.phone}: unknown account`);
      await trx
        .insertInto("enterprise_agents")
        .values({
          enterprise_id: ent.id,
          account_id: agent,
          scopes: a.scopes,
          expires_at: new Date(Date.now() + a.days * 86_400_000),
          created_by: rep,
        })
        .execute();
    }
  }

  for (const s of demo.staff) {
    if (await accounts.findStaffByUsername(s.username, trx)) continue;
    const departmentId = departmentIds.get(s.department);
    if (!departmentId) throw new Error(`demo staff ${s.username}: unknown department ${s.department}`);
    const row = await accounts.insert(
      {
        kind: "staff",
        username: s.username,
        display_name: s.displayName,
        department_id: departmentId,
        password_hash: passwordHash,
        totp_enabled_at: new Date(),
      },
      trx,
    );
    await accounts.update(
      row.id,
      { totp_secret_enc: box.seal(Buffer.from(demo.staffTotpSecret), `totp:${row.id}`) },
      trx,
    );
    await accounts.setRoles(row.id, s.roles, "seed", trx);
    created++;
  }
  return { accounts: created };
}
