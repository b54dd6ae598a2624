import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Authenticated encryption of secrets at rest (private keys, personal data) with AES-256-GCM.
 * Layout: version (1 byte, 0x01) | IV (12) | tag (16) | ciphertext. Key rotation: `open` also tries the
 * retired keys (DATA_ENCRYPTION_PREVIOUS_KEYS) — GCM's tag tells a wrong key apart — and `seal` always uses
 * the current one.
 */
const VERSION = 0x01;

export class SecretBox {
  readonly #key: Buffer;
  readonly #previous: Buffer[];
  constructor(base64Key: string, previousKeys: readonly string[] = []) {
    this.#key = Buffer.from(base64Key, "base64");
    if (this.#key.length !== 32) throw new Error("SecretBox needs a 32-byte key");
    this.#previous = previousKeys.map((k) => Buffer.from(k, "base64"));
  }

  seal(plaintext: Uint8Array, associatedData?: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.#key, iv);
    if (associatedData) cipher.setAAD(Buffer.from(associatedData));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
  }

  open(sealed: Uint8Array, associatedData?: string): Buffer {
    let failure: unknown;
    for (const key of [this.#key, ...this.#previous]) {
      try {
        return this.#open(key, sealed, associatedData);
      } catch (err) {
        failure = err;
      }
    }
    throw failure;
  }

  #open(key: Buffer, sealed: Uint8Array, associatedData?: string): Buffer {
    const b = Buffer.from(sealed);
    if (b[0] !== VERSION || b.length < 29) throw new Error("unknown sealed-box format");
    const decipher = createDecipheriv("aes-256-gcm", key, b.subarray(1, 13));
    if (associatedData) decipher.setAAD(Buffer.from(associatedData));
    decipher.setAuthTag(b.subarray(13, 29));
    return Buffer.concat([decipher.update(b.subarray(29)), decipher.final()]);
  }
}
