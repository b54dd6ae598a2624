import { createHmac } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Adapter, AdapterPayload } from "oidc-provider";
import type { SecretBox } from "../../../platform/crypto/secret-box.js";
import type { DB } from "../../../platform/db/schema.js";
import type { OidcClientRepository } from "./clients.repository.js";

/** Delete expired artefacts on about one upsert in this many (and whenever `cleanExpired` is called). */
const CLEAN_EVERY = 200;

/**
 * Models the provider also finds by something other than their identifier (a session by its interaction
 * uid, a device code by its user code): their identifier is kept sealed in the payload so that lookup can
 * give it back. Every other model's identifier is not stored at all.
 */
const SEALED_ID_MODELS = new Set(["Session", "DeviceCode"]);

/** How identifiers are protected at rest: an HMAC key for the stored key, a box for sealed identifiers. */
export interface ArtefactSecrets {
  idKey: Buffer;
  box: SecretBox;
}

/**
 * oidc-provider's storage in PostgreSQL, so every server process sees the same sessions, codes and tokens.
 * One table keyed by (model, id); `grant_id`, `uid` and `user_code` are lifted out of the payload for the
 * lookups the provider makes by them. Clients are not stored here: the `Client` model reads the admin-managed
 * `oidc_clients` table on every lookup, so a revoked client is refused at once in every process.
 *
 * An artefact's identifier is the bearer credential itself (an opaque access or refresh token, an
 * authorization code, a session cookie), so, like platform sessions, only a keyed hash of it is stored: the
 * `id` column is HMAC-SHA256(model, identifier) and the payload's `jti` is removed, and given back on a
 * lookup by identifier from the identifier the caller already holds. Someone who reads the table (a backup,
 * a replica, an SQL injection elsewhere) holds nothing that works as a token.
 */
export function postgresAdapter(
  db: Kysely<DB>,
  clients: OidcClientRepository,
  secrets: ArtefactSecrets,
): new (
  name: string,
) => Adapter {
  const keyOf = (model: string, id: string) =>
    createHmac("sha256", secrets.idKey).update(`${model}\0${id}`).digest("base64url");
  const sealedIdAad = (model: string) => `oidc_payloads.jti:${model}`;

  return class PostgresAdapter implements Adapter {
    constructor(readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      if (this.model === "Client") throw new Error("clients are managed through the admin API");
      const expiresAt = expiresIn ? new Date(Date.now() + expiresIn * 1000) : null;
      const { jti: _identifier, ...stored } = payload;
      if (SEALED_ID_MODELS.has(this.model))
        stored.sealedId = secrets.box.seal(Buffer.from(id), sealedIdAad(this.model)).toString("base64");
      const row = {
        model: this.model,
        id: keyOf(this.model, id),
        payload: JSON.stringify(stored),
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
      const payload = await this.#one(sql`id = ${keyOf(this.model, id)}`);
      return payload && { ...payload, jti: id };
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return this.#unsealed(await this.#one(sql`uid = ${uid}`));
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return this.#unsealed(await this.#one(sql`user_code = ${userCode}`));
    }

    /** Gives a payload found by uid or user code its identifier back (the caller does not hold it). */
    #unsealed(payload: AdapterPayload | undefined): AdapterPayload | undefined {
      if (!payload || typeof payload.sealedId !== "string") return payload;
      const { sealedId, ...rest } = payload;
      const jti = secrets.box.open(Buffer.from(sealedId, "base64"), sealedIdAad(this.model)).toString();
      return { ...rest, jti };
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
        .where("id", "=", keyOf(this.model, id))
        .execute();
    }

    async destroy(id: string): Promise<void> {
      await db
        .deleteFrom("oidc_payloads")
        .where("model", "=", this.model)
        .where("id", "=", keyOf(this.model, id))
        .execute();
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
