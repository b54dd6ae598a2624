import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, randomUUID, sign } from "node:crypto";
import type { Kysely } from "kysely";
import type { SecretBox } from "../../platform/crypto/secret-box.js";
import type { DB } from "../../platform/db/schema.js";

export type SealKeyAlgorithm = "ECDSA-P256";
/** ECDSA signature encodings: DER (CMS, X.509) or r‖s (WebCrypto's IEEE P1363). */
export type SignatureEncoding = "der" | "ieee-p1363";

/**
 * Where seal and CA private keys live and are used: the seam for an HSM or a cloud KMS. Callers hold only a
 * key id; the private key never leaves the store. `sign` is ECDSA P-256 with SHA-256 over `data` (an HSM
 * implementation hashes and signs the digest, e.g. CKM_ECDSA or KMS `MessageType: DIGEST`).
 */
export interface SealKeyStore {
  /** Creates a key pair (in the caller's transaction when given); returns its id and SPKI DER public key. */
  createKey(algorithm: SealKeyAlgorithm, trx?: Kysely<DB>): Promise<{ keyId: string; publicKey: Buffer }>;
  publicKey(keyId: string, trx?: Kysely<DB>): Promise<Buffer>;
  sign(keyId: string, data: Uint8Array, encoding: SignatureEncoding, trx?: Kysely<DB>): Promise<Buffer>;
}

/**
 * The software key store: keys generated in process, the PKCS#8 private key sealed (AES-256-GCM under
 * DATA_ENCRYPTION_KEY, associated data `seal-key:<id>`) in `seal_keys`; opened keys are cached per process.
 */
export class SoftwareSealKeyStore implements SealKeyStore {
  readonly #cache = new Map<string, KeyObject>();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly box: SecretBox,
  ) {}

  async createKey(algorithm: SealKeyAlgorithm, trx: Kysely<DB> = this.db) {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const keyId = randomUUID();
    const spki = publicKey.export({ format: "der", type: "spki" });
    const pkcs8 = privateKey.export({ format: "der", type: "pkcs8" });
    await trx
      .insertInto("seal_keys")
      .values({ id: keyId, algorithm, public_key: spki, private_key: this.box.seal(pkcs8, `seal-key:${keyId}`) })
      .execute();
    this.#cache.set(keyId, privateKey);
    return { keyId, publicKey: spki };
  }

  async publicKey(keyId: string, trx: Kysely<DB> = this.db): Promise<Buffer> {
    const row = await trx.selectFrom("seal_keys").select("public_key").where("id", "=", keyId).executeTakeFirst();
    if (!row) throw new Error(`no seal key ${keyId}`);
    return Buffer.from(row.public_key);
  }

  async sign(keyId: string, data: Uint8Array, encoding: SignatureEncoding, trx: Kysely<DB> = this.db) {
    let key = this.#cache.get(keyId);
    if (!key) {
      const row = await trx.selectFrom("seal_keys").select("private_key").where("id", "=", keyId).executeTakeFirst();
      if (!row) throw new Error(`no seal key ${keyId}`);
      const der = this.box.open(row.private_key, `seal-key:${keyId}`);
      key = createPrivateKey({ key: der, format: "der", type: "pkcs8" });
      this.#cache.set(keyId, key);
    }
    return sign("sha256", data, { key, dsaEncoding: encoding });
  }
}

/** Parses an SPKI DER public key (for verification in tests and tools). */
export function publicKeyObject(spki: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" });
}
