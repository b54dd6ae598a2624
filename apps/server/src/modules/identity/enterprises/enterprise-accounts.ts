import type { Kysely } from "kysely";
import type { DB } from "../../../platform/db/schema.js";

/** Who hears for an enterprise (notices addressed to it): its representative and its current agents. */
export type EnterpriseAccounts = (usccs: readonly string[], trx: Kysely<DB>) => Promise<Map<string, string[]>>;

/** A narrow reader for other modules (惠企政策 pushes matches to the enterprise's accounts). */
export function enterpriseAccounts(now: () => Date): EnterpriseAccounts {
  return async (usccs, trx) => {
    const out = new Map<string, string[]>();
    if (usccs.length === 0) return out;
    const reps = await trx
      .selectFrom("enterprises")
      .select(["uscc", "legal_rep_account_id as account_id"])
      .where("uscc", "in", usccs)
      .execute();
    const agents = await trx
      .selectFrom("enterprise_agents as ag")
      .innerJoin("enterprises as e", "e.id", "ag.enterprise_id")
      .select(["e.uscc", "ag.account_id"])
      .where("e.uscc", "in", usccs)
      .where("ag.revoked_at", "is", null)
      .where("ag.expires_at", ">", now())
      .execute();
    for (const r of [...reps, ...agents]) {
      const list = out.get(r.uscc) ?? [];
      if (!list.includes(r.account_id)) list.push(r.account_id);
      out.set(r.uscc, list);
    }
    return out;
  };
}
