import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from "node:crypto";

/**
 * Personal data at rest (PIPL; MLPS level 3): AES-256-GCM under a key ring, plus a keyed blind index.
 *
 * Ciphertext layout: 0x02 | key id (4 bytes) | IV (12) | tag (16) | ciphertext. The key id is the first
 * four bytes of SHA-256 of the key, so a value sealed under a retired key still names the key that opens
 * it: rotating means setting a new DATA_ENCRYPTION_KEY, moving the old one to
 * DATA_ENCRYPTION_PREVIOUS_KEYS, and (optionally) re-sealing with `yiwang pii reencrypt`.
 *
 * The field name is bound as associated data, so a phone ciphertext copied into the ID-number column does
 * not open. The blind index is HMAC-SHA256 under a separate key (PII_INDEX_KEY) with the field name as a
 * domain separator: equality lookups and uniqueness work without decrypting, and the index key does not
 * change when encryption keys rotate.
 */

const FORMAT = 0x02;
const HEADER = 1 + 4 + 12 + 16;

export type PiiField = "phone" | "id_number" | "case_form";

function keyId(key: Buffer): Buffer {
  return createHash("sha256").update(key).digest().subarray(0, 4);
}

function decodeKey(base64: string): Buffer {
  const key = Buffer.from(base64, "base64");
  if (key.length !== 32) throw new Error("personal data keys must be 32 bytes (base64)");
  return key;
}

export class PiiCipher {
  readonly #current: Buffer;
  readonly #currentId: Buffer;
  readonly #byId = new Map<string, Buffer>();
  readonly #indexKey: Buffer;

  constructor(options: { key: string; previousKeys?: readonly string[]; indexKey: string }) {
    this.#current = decodeKey(options.key);
    this.#currentId = keyId(this.#current);
    for (const k of [options.key, ...(options.previousKeys ?? [])]) {
      const key = decodeKey(k);
      this.#byId.set(keyId(key).toString("hex"), key);
    }
    this.#indexKey = decodeKey(options.indexKey);
  }

  encrypt(field: PiiField, plaintext: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.#current, iv);
    cipher.setAAD(Buffer.from(`yiwang.pii.${field}`));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return Buffer.concat([Buffer.from([FORMAT]), this.#currentId, iv, cipher.getAuthTag(), body]);
  }

  decrypt(field: PiiField, sealed: Uint8Array): string {
    const b = Buffer.from(sealed);
    if (b[0] !== FORMAT || b.length < HEADER) throw new Error("unknown personal-data ciphertext format");
    const key = this.#byId.get(b.subarray(1, 5).toString("hex"));
    if (!key) throw new Error("personal data sealed under a key that is not configured");
    const decipher = createDecipheriv("aes-256-gcm", key, b.subarray(5, 17));
    decipher.setAAD(Buffer.from(`yiwang.pii.${field}`));
    decipher.setAuthTag(b.subarray(17, 33));
    return Buffer.concat([decipher.update(b.subarray(33)), decipher.final()]).toString("utf8");
  }

  /** Whether a ciphertext was sealed under the current key (re-encryption skips those). */
  isCurrent(sealed: Uint8Array): boolean {
    return Buffer.from(sealed).subarray(1, 5).equals(this.#currentId);
  }

  blindIndex(field: PiiField, normalizedValue: string): Buffer {
    return createHmac("sha256", this.#indexKey).update(`${field}\u0000${normalizedValue}`).digest();
  }
}
