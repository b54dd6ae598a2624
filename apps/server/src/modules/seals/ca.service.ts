import type { JsonName } from "@peculiar/x509";
import type { Kysely } from "kysely";
import type { Clock } from "../../platform/clock/clock.js";
import type { SealAlgorithm } from "../../platform/crypto/suite.js";
import type { DB } from "../../platform/db/schema.js";
import type { AuditLog } from "../../platform/ports.js";
import { createCaCertificate } from "./certificates.js";
import type { SealKeyStore } from "./key-store.js";
import type { SealCaRow, SealRepository } from "./repository.js";

/** The root's common name per algorithm: distinct names, so a seal certificate's issuer names its root. */
const CA_NAME: Record<SealAlgorithm, string> = {
  "ECDSA-P256": "一网电子印章根证书 Yiwang Seal Root CA",
  SM2: "一网电子印章根证书（SM2）Yiwang Seal Root CA SM2",
};
export const SEAL_CA_SUBJECT: JsonName = caSubject("ECDSA-P256");
const CA_YEARS = 20;

function caSubject(algorithm: SealAlgorithm): JsonName {
  return [{ C: ["CN"] }, { O: ["一网通办平台 Yiwang"] }, { CN: [CA_NAME[algorithm]] }];
}

/**
 * The platform's seal root CAs: one active CA per algorithm (ECDSA P-256 for the international crypto
 * suite, SM2 for the national one), each created (key pair in the key store + self-signed certificate) on
 * first use under an advisory lock, so concurrent first uses create one. New seals are issued by the CA of
 * the configured suite; PDFs sealed under either verify against both (`certificatePems`).
 */
export class SealCa {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repo: SealRepository,
    private readonly audit: AuditLog,
    private readonly keys: SealKeyStore,
    private readonly clock: Clock,
    private readonly algorithm: SealAlgorithm,
  ) {}

  /** The active seal CA of the configured suite, created on first use (inside `trx` when given). */
  async ca(trx?: Kysely<DB>): Promise<SealCaRow> {
    const algorithm = this.algorithm;
    const existing = await this.repo.activeCa(algorithm, trx);
    if (existing) return existing;
    const create = async (tx: Kysely<DB>) => {
      await this.repo.lockCa(tx);
      const again = await this.repo.activeCa(algorithm, tx);
      if (again) return again;
      const key = await this.keys.createKey(algorithm, tx);
      const subject = caSubject(algorithm);
      const cert = await createCaCertificate(this.keys, { ...key, algorithm }, subject, this.clock.now(), CA_YEARS, tx);
      const row = await this.repo.insertCa(
        {
          key_id: key.keyId,
          algorithm,
          subject: `CN=${CA_NAME[algorithm]}`,
          certificate_pem: cert.pem,
          serial: cert.serial,
          valid_from: cert.notBefore,
          valid_to: cert.notAfter,
        },
        tx,
      );
      await this.audit.append(
        {
          type: "seal.ca.created",
          actor: "system",
          subject: `seal-ca:${row.id}`,
          payload: { serial: cert.serial, algorithm },
        },
        tx,
      );
      return row;
    };
    return trx ? create(trx) : this.db.transaction().execute(create);
  }

  /** The configured suite's CA certificate (created on first use). */
  async certificatePem(): Promise<string> {
    return (await this.ca()).certificate_pem;
  }

  /**
   * Every active CA's certificate: the trust anchors of PDF verification, so a PDF sealed under either
   * suite verifies whichever is configured now. The configured suite's CA is created if missing.
   */
  async certificatePems(trx?: Kysely<DB>): Promise<string[]> {
    await this.ca(trx);
    return (await this.repo.activeCas(trx)).map((r) => r.certificate_pem);
  }
}
