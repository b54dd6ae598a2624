import { cipherKey, type DataCipher, open, seal } from "./aead.js";

/**
 * Authenticated encryption of secrets at rest (private keys, TOTP and client secrets) under
 * DATA_ENCRYPTION_KEY. Layout: version (1 byte) | IV (12) | tag (16) | ciphertext, where the version names
 * the cipher — 0x01 AES-256-GCM, 0x02 SM4-GCM (aead.ts) — so a box sealed under one crypto suite still
 * opens after CRYPTO_SUITE changes; `seal` uses the configured suite's cipher. Key rotation: `open` also
 * tries the retired keys (DATA_ENCRYPTION_PREVIOUS_KEYS) — GCM's tag tells a wrong key apart.
 */
const VERSION: Record<DataCipher, number> = { "aes-256-gcm": 0x01, "sm4-gcm": 0x02 };
const CIPHER_OF = new Map<number, DataCipher>(
  Object.entries(VERSION).map(([cipher, version]) => [version, cipher as DataCipher]),
);

export class SecretBox {
  readonly #keys: Buffer[];
  readonly #cipher: DataCipher;
  /** Derived keys per cipher, in the order of #keys (current first). */
  readonly #derived = new Map<DataCipher, Buffer[]>();

  constructor(base64Key: string, previousKeys: readonly string[] = [], cipher: DataCipher = "aes-256-gcm") {
    const key = Buffer.from(base64Key, "base64");
    if (key.length !== 32) throw new Error("SecretBox needs a 32-byte key");
    this.#keys = [key, ...previousKeys.map((k) => Buffer.from(k, "base64"))];
    this.#cipher = cipher;
  }

  /** The cipher new boxes are sealed with. */
  get cipher(): DataCipher {
    return this.#cipher;
  }

  #keysFor(cipher: DataCipher): Buffer[] {
    let keys = this.#derived.get(cipher);
    if (!keys) {
      keys = this.#keys.map((k) => cipherKey(cipher, k));
      this.#derived.set(cipher, keys);
    }
    return keys;
  }

  seal(plaintext: Uint8Array, associatedData?: string): Buffer {
    const body = seal(this.#cipher, this.#keysFor(this.#cipher)[0], plaintext, aad(associatedData));
    return Buffer.concat([Buffer.from([VERSION[this.#cipher]]), body]);
  }

  open(sealed: Uint8Array, associatedData?: string): Buffer {
    const b = Buffer.from(sealed);
    const cipher = CIPHER_OF.get(b[0]);
    if (!cipher || b.length < 29) throw new Error("unknown sealed-box format");
    let failure: unknown;
    for (const key of this.#keysFor(cipher)) {
      try {
        return open(cipher, key, b.subarray(1), aad(associatedData));
      } catch (err) {
        failure = err;
      }
    }
    throw failure;
  }
}

const aad = (associatedData?: string) => (associatedData ? Buffer.from(associatedData) : undefined);
