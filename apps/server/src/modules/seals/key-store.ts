import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, randomUUID, sign } from "node:crypto";
import type { Kysely } from "kysely";
import type { SecretBox } from "../../platform/crypto/secret-box.js";
import { generateSm2KeyPair, isSm2Spki, sm2Sign } from "../../platform/crypto/sm2.js";
import type { SealAlgorithm } from "../../platform/crypto/suite.js";
import type { DB } from "../../platform/db/schema.js";

export type SealKeyAlgorithm = SealAlgorithm;
/** Signature encodings: DER (CMS, X.509) or r‖s (JWS, WebCrypto's IEEE P1363). */
export type SignatureEncoding = "der" | "ieee-p1363";

/**
 * Where seal and CA private keys live and are used: the seam for an HSM or a cloud KMS. Callers hold only a
 * key id; the private key never leaves the store. `sign` signs `data` with the key's own algorithm, recorded
 * with the key: ECDSA P-256 with SHA-256, or SM2 with SM3 and the GM/T 0009 default ID (platform/crypto/
 * sm2.ts). An HSM implementation hashes and signs the digest (CKM_ECDSA or KMS `MessageType: DIGEST`; for
 * SM2 the digest is SM3(Z ‖ data)).
 */
export interface SealKeyStore {
  /** Creates a key pair (in the caller's transaction when given); returns its id and SPKI DER public key. */
  createKey(algorithm: SealKeyAlgorithm, trx?: Kysely<DB>): Promise<{ keyId: string; publicKey: Buffer }>;
  publicKey(keyId: string, trx?: Kysely<DB>): Promise<Buffer>;
  sign(keyId: string, data: Uint8Array, encoding: SignatureEncoding, trx?: Kysely<DB>): Promise<Buffer>;
}

interface OpenedKey {
  algorithm: SealKeyAlgorithm;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** A key's algorithm from its SPKI (what a verifier has): SM2 by its curve, else ECDSA P-256. */
export function sealAlgorithmOf(spki: Uint8Array): SealKeyAlgorithm {
  return isSm2Spki(spki) ? "SM2" : "ECDSA-P256";
}

/**
 * The software key store: keys generated in process, the PKCS#8 private key sealed (the crypto suite's
 * box: AES-256-GCM or SM4-GCM under DATA_ENCRYPTION_KEY, associated data `seal-key:<id>`) in `seal_keys`
 * with the key's algorithm; opened keys are cached per process.
 */
export class SoftwareSealKeyStore implements SealKeyStore {
  readonly #cache = new Map<string, OpenedKey>();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly box: SecretBox,
  ) {}

  async createKey(algorithm: SealKeyAlgorithm, trx: Kysely<DB> = this.db) {
    const keyId = randomUUID();
    let opened: OpenedKey;
    let spki: Buffer;
    let pkcs8: Buffer;
    if (algorithm === "SM2") {
      const pair = generateSm2KeyPair();
      opened = { algorithm, privateKey: pair.privateKey, publicKey: pair.publicKey };
      ({ spki, pkcs8 } = pair);
    } else {
      const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
      opened = { algorithm, privateKey, publicKey };
      spki = publicKey.export({ format: "der", type: "spki" });
      pkcs8 = privateKey.export({ format: "der", type: "pkcs8" });
    }
    await trx
      .insertInto("seal_keys")
      .values({ id: keyId, algorithm, public_key: spki, private_key: this.box.seal(pkcs8, `seal-key:${keyId}`) })
      .execute();
    this.#cache.set(keyId, opened);
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
      const row = await trx
        .selectFrom("seal_keys")
        .select(["algorithm", "public_key", "private_key"])
        .where("id", "=", keyId)
        .executeTakeFirst();
      if (!row) throw new Error(`no seal key ${keyId}`);
      const der = this.box.open(row.private_key, `seal-key:${keyId}`);
      // From DER an SM2 key is OpenSSL's SM2 type, which sm2Sign needs (platform/crypto/sm2.ts).
      key = {
        algorithm: row.algorithm as SealKeyAlgorithm,
        privateKey: createPrivateKey({ key: der, format: "der", type: "pkcs8" }),
        publicKey: createPublicKey({ key: Buffer.from(row.public_key), format: "der", type: "spki" }),
      };
      this.#cache.set(keyId, key);
    }
    if (key.algorithm === "SM2") return sm2Sign(key.privateKey, data, encoding, key.publicKey);
    return sign("sha256", data, { key: key.privateKey, dsaEncoding: encoding });
  }
}

/** Parses an SPKI DER public key (for verification in tests and tools). */
export function publicKeyObject(spki: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" });
}
