import { type Kysely, type Selectable, sql } from "kysely";
import type { AdapterPayload } from "oidc-provider";
import type { SecretBox } from "../../../platform/crypto/secret-box.js";
import type { DB } from "../../../platform/db/schema.js";
import type { OidcClientsTable } from "./db.js";

export type OidcClientRow = Selectable<OidcClientsTable>;

export const secretAad = (clientId: string) => `oidc-client-secret:${clientId}`;

/** SQL over oidc_clients; no rules here. */
export class OidcClientRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly box: SecretBox,
  ) {}

  find(clientId: string, db: Kysely<DB> = this.db): Promise<OidcClientRow | undefined> {
    return db.selectFrom("oidc_clients").selectAll().where("client_id", "=", clientId).executeTakeFirst();
  }

  list(): Promise<OidcClientRow[]> {
    return this.db.selectFrom("oidc_clients").selectAll().orderBy("created_at", "desc").execute();
  }

  insert(
    values: Omit<OidcClientRow, "status" | "created_at" | "updated_at" | "revoked_at" | "secret_rotated_at">,
    db: Kysely<DB>,
  ) {
    return db.insertInto("oidc_clients").values(values).returningAll().executeTakeFirstOrThrow();
  }

  update(
    clientId: string,
    values: Partial<Omit<OidcClientRow, "client_id" | "created_at" | "updated_at">>,
    db: Kysely<DB>,
  ): Promise<OidcClientRow | undefined> {
    return db
      .updateTable("oidc_clients")
      .set({ ...values, updated_at: sql`now()` })
      .where("client_id", "=", clientId)
      .returningAll()
      .executeTakeFirst();
  }

  /** The provider's view of an active client (secret in clear), or undefined (unknown or revoked). */
  async providerMetadata(clientId: string): Promise<AdapterPayload | undefined> {
    const row = await this.find(clientId);
    if (row?.status !== "active") return undefined;
    return toProviderMetadata(row, this.box.open(row.secret_enc, secretAad(row.client_id)).toString("utf8"));
  }
}

/** Client metadata (RFC 7591 names) as oidc-provider expects it. */
export function toProviderMetadata(row: OidcClientRow, secret: string): AdapterPayload {
  const web = row.kind === "web";
  return {
    client_id: row.client_id,
    client_secret: secret,
    client_name: row.name,
    grant_types: row.grant_types,
    response_types: web ? ["code"] : [],
    redirect_uris: web ? row.redirect_uris : [],
    post_logout_redirect_uris: web ? row.post_logout_redirect_uris : [],
    scope: row.scopes.join(" "),
    // Web systems get a pairwise subject (sector = their redirect host); machine clients have no subjects.
    subject_type: web ? "pairwise" : "public",
    token_endpoint_auth_method: "client_secret_basic",
    id_token_signed_response_alg: "RS256",
  };
}
