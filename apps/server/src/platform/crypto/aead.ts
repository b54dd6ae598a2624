import { type CipherGCM, createCipheriv, createDecipheriv, type DecipherGCM, hkdfSync, randomBytes } from "node:crypto";

/**
 * The authenticated ciphers for data at rest, both with a 12-byte IV and a 16-byte tag:
 *
 * - `aes-256-gcm` uses the configured 32-byte key itself;
 * - `sm4-gcm` (GB/T 32907 block cipher in GCM, as RFC 8998 and GB/T 36624 name it) has 128-bit keys, so its
 *   key is derived from the same configured key with HKDF-SM3 (RFC 5869 over SM3) and a fixed label. One
 *   DATA_ENCRYPTION_KEY thus serves both suites, and data sealed under either opens after a switch.
 *
 * Each ciphertext's envelope names its cipher (secret-box.ts, pii.ts); this file only encrypts.
 */
export type DataCipher = "aes-256-gcm" | "sm4-gcm";

export const IV_BYTES = 12;
export const TAG_BYTES = 16;

const SM4_KEY_INFO = "yiwang.data-at-rest.sm4-gcm.v1";

/** The cipher's key from a configured 32-byte key. */
export function cipherKey(cipher: DataCipher, configuredKey: Buffer): Buffer {
  if (configuredKey.length !== 32) throw new Error("data encryption keys are 32 bytes");
  if (cipher === "aes-256-gcm") return configuredKey;
  return Buffer.from(hkdfSync("sm3", configuredKey, Buffer.alloc(0), SM4_KEY_INFO, 16));
}

/** IV ‖ tag ‖ ciphertext. */
export function seal(cipher: DataCipher, key: Buffer, plaintext: Uint8Array, aad?: Uint8Array): Buffer {
  const iv = randomBytes(IV_BYTES);
  // @types/node types only AES and ChaCha20 as AEAD names; sm4-gcm is the same kind of object.
  const c = createCipheriv(cipher, key, iv) as CipherGCM;
  if (aad) c.setAAD(aad);
  const body = Buffer.concat([c.update(plaintext), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), body]);
}

/** Opens IV ‖ tag ‖ ciphertext; throws when the key, the associated data or the bytes are wrong. */
export function open(cipher: DataCipher, key: Buffer, sealed: Uint8Array, aad?: Uint8Array): Buffer {
  const b = Buffer.from(sealed);
  if (b.length < IV_BYTES + TAG_BYTES) throw new Error("ciphertext too short");
  const d = createDecipheriv(cipher, key, b.subarray(0, IV_BYTES)) as DecipherGCM;
  if (aad) d.setAAD(aad);
  d.setAuthTag(b.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([d.update(b.subarray(IV_BYTES + TAG_BYTES)), d.final()]);
}
