import type { Generated } from "kysely";

export interface OidcPayloadsTable {
  model: string;
  id: string;
  payload: unknown;
  grant_id: string | null;
  uid: string | null;
  user_code: string | null;
  expires_at: Date | null;
  consumed_at: Date | null;
}

export interface OidcClientsTable {
  client_id: string;
  name: string;
  kind: "web" | "machine";
  department_id: string;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  grant_types: string[];
  scopes: string[];
  secret_enc: Buffer;
  status: Generated<"active" | "revoked">;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  revoked_at: Date | null;
  secret_rotated_at: Date | null;
}

export interface OidcSigningKeysTable {
  kid: string;
  alg: "RS256" | "ES256";
  public_jwk: Record<string, string>;
  private_enc: Buffer;
  created_at: Generated<Date>;
  superseded_at: Date | null;
  retired_at: Date | null;
}

declare module "../../../platform/db/schema.js" {
  interface DB {
    oidc_payloads: OidcPayloadsTable;
    oidc_clients: OidcClientsTable;
    oidc_signing_keys: OidcSigningKeysTable;
  }
}
