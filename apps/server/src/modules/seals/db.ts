import type { Generated } from "kysely";

export interface SealKeysTable {
  id: string;
  algorithm: "ECDSA-P256" | "SM2";
  public_key: Buffer;
  private_key: Buffer;
  created_at: Generated<Date>;
}

export interface SealCasTable {
  id: Generated<string>;
  key_id: string;
  /** The CA key's algorithm: one active CA per algorithm (crypto suite). */
  algorithm: Generated<"ECDSA-P256" | "SM2">;
  subject: string;
  certificate_pem: string;
  serial: string;
  valid_from: Date;
  valid_to: Date;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface SealsTable {
  id: Generated<string>;
  department_id: string;
  name: string;
  algorithm: "ECDSA-P256" | "SM2";
  key_id: string;
  ca_id: string;
  certificate_pem: string;
  serial: string;
  valid_from: Date;
  valid_to: Date;
  status: Generated<"active" | "revoked">;
  revoked_at: Date | null;
  revoked_reason: string | null;
  created_by: string;
  created_at: Generated<Date>;
  /** An uploaded PNG (stored_files) used instead of the drawn seal. */
  image_file_id: Generated<string | null>;
}

declare module "../../platform/db/schema.js" {
  interface DB {
    seal_keys: SealKeysTable;
    seal_cas: SealCasTable;
    seals: SealsTable;
  }
}
