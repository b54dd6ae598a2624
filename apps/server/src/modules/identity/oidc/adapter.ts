import { type Kysely, sql } from "kysely";
import type { Adapter, AdapterPayload } from "oidc-provider";
import type { DB } from "../../../platform/db/schema.js";
import type { OidcClientRepository } from "./clients.repository.js";

/** Delete expired artefacts on about one upsert in this many (and whenever `cleanExpired` is called). */
const CLEAN_EVERY = 200;

/**
 * oidc-provider's storage in PostgreSQL, so every server process sees the same sessions, codes and tokens.
 * One table keyed by (model, id); `grant_id`, `uid` and `user_code` are lifted out of the payload for the
 * lookups the provider makes by them. Clients are not stored here: the `Client` model reads the admin-managed
 * `oidc_clients` table on every lookup, so a revoked client is refused at once in every process.
 */
export function postgresAdapter(db: Kysely<DB>, clients: OidcClientRepository): new (name: string) => Adapter {
  return class PostgresAdapter implements Adapter {
    constructor(readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      if (this.model === "Client") throw new Error("clients are managed through the admin API");
      const expiresAt = expiresIn ? new Date(Date.now() + expiresIn * 1000) : null;
      const row = {
        model: this.model,
        id,
        payload: JSON.stringify(payload),
        grant_id: payload.grantId ?? null,
        uid: payload.uid ?? null,
        user_code: payload.userCode ?? null,
        expires_at: expiresAt,
      };
      await db
        .insertInto("oidc_payloads")
        .values(row)
        .onConflict((oc) =>
          oc.columns(["model", "id"]).doUpdateSet({
            payload: row.payload,
            grant_id: row.grant_id,
            uid: row.uid,
            user_code: row.user_code,
            expires_at: row.expires_at,
          }),
        )
        .execute();
      if (Math.floor(Math.random() * CLEAN_EVERY) === 0) await cleanExpired(db);
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model === "Client") return clients.providerMetadata(id);
      return this.#one(sql`id = ${id}`);
    }

    findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return this.#one(sql`uid = ${uid}`);
    }

    findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return this.#one(sql`user_code = ${userCode}`);
    }

    async #one(where: ReturnType<typeof sql>): Promise<AdapterPayload | undefined> {
      const r = await sql<{ payload: AdapterPayload; consumed_at: Date | null }>`
        select payload, consumed_at from oidc_payloads
         where model = ${this.model} and ${where} and (expires_at is null or expires_at > now())
         limit 1`.execute(db);
      const row = r.rows[0];
      if (!row) return undefined;
      const payload = typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload;
      return row.consumed_at ? { ...payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) } : payload;
    }

    async consume(id: string): Promise<void> {
      await db
        .updateTable("oidc_payloads")
        .set({ consumed_at: sql`now()` })
        .where("model", "=", this.model)
        .where("id", "=", id)
        .execute();
    }

    async destroy(id: string): Promise<void> {
      await db.deleteFrom("oidc_payloads").where("model", "=", this.model).where("id", "=", id).execute();
    }

    /** Revokes this model's artefacts issued under a grant (the provider calls it for each token model). */
    async revokeByGrantId(grantId: string): Promise<void> {
      await db.deleteFrom("oidc_payloads").where("model", "=", this.model).where("grant_id", "=", grantId).execute();
    }
  };
}

/** Deletes expired artefacts; returns how many. */
export async function cleanExpired(db: Kysely<DB>): Promise<number> {
  const r = await db.deleteFrom("oidc_payloads").where("expires_at", "<", sql<Date>`now()`).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Deletes every artefact issued to a client (tokens, codes, grants): used when the client is revoked. */
export async function deleteClientArtefacts(db: Kysely<DB>, clientId: string): Promise<number> {
  const r = await db
    .deleteFrom("oidc_payloads")
    .where(sql<boolean>`payload->>'clientId' = ${clientId}`)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
