import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Authenticated encryption of secrets at rest (private keys, personal data) with AES-256-GCM.
 * Layout: version (1 byte, 0x01) | IV (12) | tag (16) | ciphertext. The version byte leaves room for key
 * rotation (a later version names the key that sealed it).
 */
const VERSION = 0x01;

export class SecretBox {
  readonly #key: Buffer;
  constructor(base64Key: string) {
    this.#key = Buffer.from(base64Key, "base64");
    if (this.#key.length !== 32) throw new Error("SecretBox needs a 32-byte key");
  }

  seal(plaintext: Uint8Array, associatedData?: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.#key, iv);
    if (associatedData) cipher.setAAD(Buffer.from(associatedData));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
  }

  open(sealed: Uint8Array, associatedData?: string): Buffer {
    const b = Buffer.from(sealed);
    if (b[0] !== VERSION || b.length < 29) throw new Error("unknown sealed-box format");
    const decipher = createDecipheriv("aes-256-gcm", this.#key, b.subarray(1, 13));
    if (associatedData) decipher.setAAD(Buffer.from(associatedData));
    decipher.setAuthTag(b.subarray(13, 29));
    return Buffer.concat([decipher.update(b.subarray(29)), decipher.final()]);
  }
}
