import type { JsonName } from "@peculiar/x509";
import type { Kysely } from "kysely";
import type { Clock } from "../../platform/clock/clock.js";
import type { DB } from "../../platform/db/schema.js";
import type { AuditLog } from "../audit/index.js";
import { createCaCertificate } from "./certificates.js";
import type { SealKeyStore } from "./key-store.js";
import type { SealCaRow, SealRepository } from "./repository.js";

export const SEAL_CA_SUBJECT: JsonName = [
  { C: ["CN"] },
  { O: ["一网通办平台 Yiwang"] },
  { CN: ["一网电子印章根证书 Yiwang Seal Root CA"] },
];
const CA_YEARS = 20;

/**
 * The platform's seal root CA: one active CA, created (key pair in the key store + self-signed
 * certificate) on first use under an advisory lock, so concurrent first uses create one.
 */
export class SealCa {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repo: SealRepository,
    private readonly audit: AuditLog,
    private readonly keys: SealKeyStore,
    private readonly clock: Clock,
  ) {}

  /** The active seal CA, created on first use (inside `trx` when given). */
  async ca(trx?: Kysely<DB>): Promise<SealCaRow> {
    const existing = await this.repo.activeCa(trx);
    if (existing) return existing;
    const create = async (tx: Kysely<DB>) => {
      await this.repo.lockCa(tx);
      const again = await this.repo.activeCa(tx);
      if (again) return again;
      const key = await this.keys.createKey("ECDSA-P256", tx);
      const cert = await createCaCertificate(this.keys, key, SEAL_CA_SUBJECT, this.clock.now(), CA_YEARS, tx);
      const row = await this.repo.insertCa(
        {
          key_id: key.keyId,
          subject: "CN=一网电子印章根证书 Yiwang Seal Root CA",
          certificate_pem: cert.pem,
          serial: cert.serial,
          valid_from: cert.notBefore,
          valid_to: cert.notAfter,
        },
        tx,
      );
      await this.audit.append(
        { type: "seal.ca.created", actor: "system", subject: `seal-ca:${row.id}`, payload: { serial: cert.serial } },
        tx,
      );
      return row;
    };
    return trx ? create(trx) : this.db.transaction().execute(create);
  }

  async certificatePem(): Promise<string> {
    return (await this.ca()).certificate_pem;
  }
}
