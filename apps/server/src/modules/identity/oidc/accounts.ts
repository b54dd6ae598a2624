import type { Kysely } from "kysely";
import { sql } from "kysely";
import type { Account, KoaContextWithOIDC } from "oidc-provider";
import type { DB } from "../../../platform/db/schema.js";
import { AccountRepository } from "../accounts.repository.js";
import type { PersonalDataAccess } from "../personal-data.js";
import { parseAccountId } from "./provider.js";

export interface EnterpriseContext {
  uscc: string;
  name: string;
  as: "representative" | "agent";
}

/**
 * Accounts as the provider sees them: `findAccount` and the claims released to relying parties.
 *
 * - `name`: the legal name once real-name verified, the display name otherwise;
 * - `realname_level`: 1 | 2 | 3 (also as `acr` urn:yiwang:loa:N in the ID token);
 * - `enterprise`: {uscc, name, as} while the sign-in acts for an enterprise (re-checked on every release,
 *   so a revoked agent authorisation stops releasing it);
 * - `id_number`: only under the `id_number` scope the user ticked on the consent page, only in userinfo,
 *   and every release is recorded through PersonalDataAccess (reason `oidc:<client_id>`).
 */
export class OidcAccounts {
  readonly #accounts: AccountRepository;
  constructor(
    private readonly db: Kysely<DB>,
    private readonly personalData: PersonalDataAccess,
  ) {
    this.#accounts = new AccountRepository(db);
  }

  async enterpriseContext(accountId: string, enterpriseId: string): Promise<EnterpriseContext | null> {
    const r = await sql<{ uscc: string; name: string; rep: boolean; agent: boolean }>`
      select e.uscc, e.name, (e.legal_rep_account_id = ${accountId}) as rep,
             exists (select 1 from enterprise_agents ag
                      where ag.enterprise_id = e.id and ag.account_id = ${accountId}
                        and ag.revoked_at is null and ag.expires_at > now()) as agent
        from enterprises e where e.id = ${enterpriseId}`.execute(this.db);
    const row = r.rows[0];
    if (!row || !(row.rep || row.agent)) return null;
    return { uscc: row.uscc, name: row.name, as: row.rep ? "representative" : "agent" };
  }

  async findAccount(ctx: KoaContextWithOIDC, id: string): Promise<Account | undefined> {
    const { accountId, enterpriseId } = parseAccountId(id);
    if (!/^[0-9a-f-]{36}$/.test(accountId)) return undefined;
    const account = await this.#accounts.findById(accountId);
    if (account?.status !== "active") return undefined;
    const enterprise = enterpriseId ? await this.enterpriseContext(accountId, enterpriseId) : null;
    if (enterpriseId && !enterprise) return undefined;
    const clientId = ctx.oidc.client?.clientId ?? "unknown";
    const requestId = (ctx.get("x-request-id") || null) as string | null;
    return {
      accountId: id,
      claims: async (use, scope) => {
        const scopes = new Set(scope.split(" "));
        const claims: Record<string, unknown> = {
          sub: id,
          name: account.real_name ?? account.display_name,
          realname_level: account.realname_level,
        };
        if (enterprise) claims.enterprise = enterprise;
        if (use === "userinfo" && scopes.has("id_number") && account.id_number_enc) {
          const { idNumber } = await this.personalData.reveal({
            actor: `client:${clientId}`,
            account,
            fields: ["id_number"],
            reason: `oidc:${clientId}`,
            requestId,
          });
          claims.id_number = idNumber;
        }
        return claims as { sub: string };
      },
    };
  }
}
