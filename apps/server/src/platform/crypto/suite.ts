import type { AppConfig } from "../config.js";
import type { DataCipher } from "./aead.js";
import { PiiCipher } from "./pii.js";
import { SecretBox } from "./secret-box.js";

/**
 * The crypto suite (CRYPTO_SUITE): which algorithms NEW artefacts are made with. `international` is
 * ECDSA P-256 / SHA-256 for seals, their CA, credentials and QR tokens, Ed25519 for audit tree heads and
 * AES-256-GCM at rest; `national` (商用密码, GB/T 38540 names SM2/SM3 for e-seals) is SM2 with SM3 for
 * all the signatures and SM4-GCM at rest.
 *
 * Only creation looks at the suite. Every artefact records its own algorithm — a seal key's and a CA's
 * `algorithm` column, a JWS `alg`, a certificate's signature OID, a tree-head key's JWK, a ciphertext's
 * version byte — and verification and decryption follow that record, so whatever was written under one
 * suite still verifies and opens after the configuration changes, in either direction.
 *
 * The composition root (app.ts, the CLI in main.ts) builds it once from the configuration and hands it
 * to the platform (`app.platform.crypto`) and the modules; nothing else reads CRYPTO_SUITE.
 */
export const CRYPTO_SUITES = ["international", "national"] as const;
export type CryptoSuiteName = (typeof CRYPTO_SUITES)[number];

/** Seal and CA keys (and the JWS of credentials, QR tokens and status lists made with them). */
export type SealAlgorithm = "ECDSA-P256" | "SM2";
/** Audit tree-head keys. */
export type TreeHeadAlgorithm = "Ed25519" | "SM2";

export interface CryptoSuite {
  readonly name: CryptoSuiteName;
  readonly sealAlgorithm: SealAlgorithm;
  readonly treeHeadAlgorithm: TreeHeadAlgorithm;
  readonly dataCipher: DataCipher;
  /** Secrets at rest under DATA_ENCRYPTION_KEY (retired keys still open), sealed with `dataCipher`. */
  readonly box: SecretBox;
  /** Personal data at rest and its blind index, sealed with `dataCipher`. */
  readonly pii: PiiCipher;
}

const ALGORITHMS: Record<CryptoSuiteName, Pick<CryptoSuite, "sealAlgorithm" | "treeHeadAlgorithm" | "dataCipher">> = {
  international: { sealAlgorithm: "ECDSA-P256", treeHeadAlgorithm: "Ed25519", dataCipher: "aes-256-gcm" },
  national: { sealAlgorithm: "SM2", treeHeadAlgorithm: "SM2", dataCipher: "sm4-gcm" },
};

export function cryptoSuite(config: Pick<AppConfig, "cryptoSuite" | "secrets">): CryptoSuite {
  const algorithms = ALGORITHMS[config.cryptoSuite];
  const { dataEncryptionKey, previousDataEncryptionKeys, piiIndexKey } = config.secrets;
  return {
    name: config.cryptoSuite,
    ...algorithms,
    box: new SecretBox(dataEncryptionKey, previousDataEncryptionKeys, algorithms.dataCipher),
    pii: new PiiCipher({
      key: dataEncryptionKey,
      previousKeys: previousDataEncryptionKeys,
      indexKey: piiIndexKey,
      cipher: algorithms.dataCipher,
    }),
  };
}
