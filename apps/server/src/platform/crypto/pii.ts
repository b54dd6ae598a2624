import { createHash, createHmac } from "node:crypto";
import { cipherKey, type DataCipher, open, seal } from "./aead.js";

/**
 * Personal data at rest (PIPL; MLPS level 3): AES-256-GCM or SM4-GCM under a key ring, plus a keyed blind
 * index.
 *
 * Ciphertext layout: format (1 byte) | key id (4 bytes) | IV (12) | tag (16) | ciphertext. The format names
 * the cipher — 0x02 AES-256-GCM, 0x03 SM4-GCM (the national suite; key derived by HKDF-SM3, aead.ts) — so
 * values written under either crypto suite read after CRYPTO_SUITE changes. The key id is the first four
 * bytes of SHA-256 of the configured key, so a value sealed under a retired key still names the key that
 * opens it: rotating means setting a new DATA_ENCRYPTION_KEY, moving the old one to
 * DATA_ENCRYPTION_PREVIOUS_KEYS, and (optionally) re-sealing with `yiwang pii reencrypt` — which also moves
 * values to the configured suite's cipher.
 *
 * The field name is bound as associated data, so a phone ciphertext copied into the ID-number column does
 * not open. The blind index is HMAC-SHA256 under a separate key (PII_INDEX_KEY) with the field name as a
 * domain separator: equality lookups and uniqueness work without decrypting, and the index key does not
 * change when encryption keys rotate. It stays HMAC-SHA256 in the national suite too: an index is compared,
 * never opened, and changing its function would orphan every stored index until all rows were re-indexed
 * (docs/security.md).
 */

const FORMAT: Record<DataCipher, number> = { "aes-256-gcm": 0x02, "sm4-gcm": 0x03 };
const CIPHER_OF = new Map<number, DataCipher>(
  Object.entries(FORMAT).map(([cipher, format]) => [format, cipher as DataCipher]),
);
const HEADER = 1 + 4 + 12 + 16;

/** The field a value is sealed as (its associated data): a ciphertext opens only as the field it was sealed as. */
export type PiiField = "phone" | "id_number" | "case_form" | "bank_account" | "caller_name";

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
  readonly #derived = new Map<string, Buffer>();
  readonly #indexKey: Buffer;
  readonly #cipher: DataCipher;

  constructor(options: { key: string; previousKeys?: readonly string[]; indexKey: string; cipher?: DataCipher }) {
    this.#current = decodeKey(options.key);
    this.#currentId = keyId(this.#current);
    for (const k of [options.key, ...(options.previousKeys ?? [])]) {
      const key = decodeKey(k);
      this.#byId.set(keyId(key).toString("hex"), key);
    }
    this.#indexKey = decodeKey(options.indexKey);
    this.#cipher = options.cipher ?? "aes-256-gcm";
  }

  /** The cipher's key for a configured key (SM4's is derived once per key). */
  #key(cipher: DataCipher, configured: Buffer, id: string): Buffer {
    const name = `${cipher}/${id}`;
    let key = this.#derived.get(name);
    if (!key) {
      key = cipherKey(cipher, configured);
      this.#derived.set(name, key);
    }
    return key;
  }

  encrypt(field: PiiField, plaintext: string): Buffer {
    const key = this.#key(this.#cipher, this.#current, this.#currentId.toString("hex"));
    const body = seal(this.#cipher, key, Buffer.from(plaintext, "utf8"), Buffer.from(`yiwang.pii.${field}`));
    return Buffer.concat([Buffer.from([FORMAT[this.#cipher]]), this.#currentId, body]);
  }

  decrypt(field: PiiField, sealed: Uint8Array): string {
    const b = Buffer.from(sealed);
    const cipher = CIPHER_OF.get(b[0]);
    if (!cipher || b.length < HEADER) throw new Error("unknown personal-data ciphertext format");
    const id = b.subarray(1, 5).toString("hex");
    const configured = this.#byId.get(id);
    if (!configured) throw new Error("personal data sealed under a key that is not configured");
    return open(cipher, this.#key(cipher, configured, id), b.subarray(5), Buffer.from(`yiwang.pii.${field}`)).toString(
      "utf8",
    );
  }

  /** Whether a ciphertext was sealed under the current key and cipher (re-encryption skips those). */
  isCurrent(sealed: Uint8Array): boolean {
    const b = Buffer.from(sealed);
    return b[0] === FORMAT[this.#cipher] && b.subarray(1, 5).equals(this.#currentId);
  }

  blindIndex(field: PiiField, normalizedValue: string): Buffer {
    return createHmac("sha256", this.#indexKey).update(`${field}\u0000${normalizedValue}`).digest();
  }
}
