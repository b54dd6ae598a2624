/**
 * The caller's name and phone at rest: sealed with the personal-data cipher (PiiField "caller_name" and
 * "phone"); no look-up goes by them (merging and duplicates go by place and category), so there is no blind
 * index. A row written before sealing still reads from its clear columns until `yiwang pii reencrypt` seals
 * it (reencryptCallers). What a reader sees of them — in clear, masked or nothing — is access.ts's decision.
 */
import { maskName, maskPhone } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { PiiCipher } from "../../platform/crypto/pii.js";
import type { DB } from "../../platform/db/schema.js";
import type { HotlineRequestsTable } from "./db.js";

type Stored = Pick<HotlineRequestsTable, "caller_name" | "caller_phone" | "caller_name_enc" | "caller_phone_enc">;

export interface CallerInClear {
  name: string | null;
  phone: string | null;
}

/** The columns a new request writes for its caller: sealed, the clear columns empty. */
export function sealCaller(pii: PiiCipher, c: CallerInClear): Stored {
  return {
    caller_name: null,
    caller_phone: null,
    caller_name_enc: c.name ? pii.encrypt("caller_name", c.name) : null,
    caller_phone_enc: c.phone ? pii.encrypt("phone", c.phone) : null,
  };
}

export function openCaller(pii: PiiCipher, r: Stored): CallerInClear {
  return {
    name: r.caller_name_enc ? pii.decrypt("caller_name", r.caller_name_enc) : r.caller_name,
    phone: r.caller_phone_enc ? pii.decrypt("phone", r.caller_phone_enc) : r.caller_phone,
  };
}

export function maskCaller(c: CallerInClear): CallerInClear {
  return { name: c.name && maskName(c.name), phone: c.phone && maskPhone(c.phone) };
}

/**
 * `yiwang pii reencrypt`: seals callers still in clear and re-seals those under a retired key or cipher.
 * Batches of 500, each in its own transaction; rows already current are skipped, so it can be re-run.
 */
export async function reencryptCallers(db: Kysely<DB>, pii: PiiCipher): Promise<number> {
  let changed = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  const current = (b: Buffer | null) => b === null || pii.isCurrent(b);
  for (;;) {
    const rows = await db
      .selectFrom("hotline_requests")
      .select(["id", "caller_name", "caller_phone", "caller_name_enc", "caller_phone_enc"])
      .where("id", ">", after)
      .where((eb) =>
        eb.or([
          eb("caller_name", "is not", null),
          eb("caller_phone", "is not", null),
          eb("caller_name_enc", "is not", null),
          eb("caller_phone_enc", "is not", null),
        ]),
      )
      .orderBy("id")
      .limit(500)
      .execute();
    if (rows.length === 0) return changed;
    after = rows[rows.length - 1].id;
    await db.transaction().execute(async (trx) => {
      for (const r of rows) {
        const clear = r.caller_name === null && r.caller_phone === null;
        if (clear && current(r.caller_name_enc) && current(r.caller_phone_enc)) continue;
        await trx
          .updateTable("hotline_requests")
          .set(sealCaller(pii, openCaller(pii, r)))
          .where("id", "=", r.id)
          .execute();
        changed++;
      }
    });
  }
}
