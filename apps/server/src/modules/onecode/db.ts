import type { ColumnType, Generated } from "kysely";

export interface OnecodePublicJwk {
  kid: string;
  kty: "EC";
  /** P-256 for ES256, SM2 for SM2 (the name Chinese JOSE implementations use; not IANA-registered). */
  crv: "P-256" | "SM2";
  x: string;
  y: string;
  alg: "ES256" | "SM2";
  use: "sig";
}

export interface OnecodeKeysTable {
  kid: string;
  /** "code" | "list" */
  purpose: string;
  /** "ES256" | "SM2" (schemes.ts: the scheme is recorded per key, so both verify while the suite changes) */
  algorithm: string;
  public_jwk: ColumnType<OnecodePublicJwk, string, string>;
  private_key: Buffer;
  created_at: Date;
  retired_at: Date | null;
  removed_at: Date | null;
  removed_by: string | null;
  removed_reason: string | null;
}

export interface OnecodeScansTable {
  id: Generated<string>;
  nonce: string;
  kid: string;
  account_id: string;
  department_id: string;
  clerk_id: string;
  /** "pending" | "consented" | "declined" */
  status: Generated<string>;
  license_ids: Generated<string[]>;
  /** The holder let the window see all their cases in progress (else its department's only). */
  show_cases: Generated<boolean>;
  scanned_at: Date;
  expires_at: Date;
  decided_at: Date | null;
}

declare module "../../platform/db/schema.js" {
  interface DB {
    onecode_keys: OnecodeKeysTable;
    onecode_scans: OnecodeScansTable;
  }
}
