import { fromBase64url, jsonOf } from "./base64url.js";

export const KEY_LIST_TYPE = "onecode-keys+jwt";
const ES256 = { name: "ECDSA", namedCurve: "P-256" } as const;
const VERIFY = { name: "ECDSA", hash: "SHA-256" } as const;

export interface PublicJwk {
  kid: string;
  kty: "EC";
  crv: "P-256";
  x: string;
  y: string;
  alg?: string;
  use?: string;
}

/** WebCrypto's key type, named without the DOM library (Node's and browsers' globals agree). */
export type VerifyKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

export class KeyListError extends Error {
  constructor(readonly reason: "malformed" | "bad_signature" | "expired" | "wrong_list_key") {
    super(`key list refused: ${reason}`);
  }
}

export function importKey(jwk: PublicJwk): Promise<VerifyKey> {
  return crypto.subtle.importKey("jwk", { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, ES256, false, ["verify"]);
}

export function verifySignature(key: VerifyKey, signature: Uint8Array, data: Uint8Array): Promise<boolean> {
  return crypto.subtle.verify(VERIFY, key, signature as Uint8Array<ArrayBuffer>, data as Uint8Array<ArrayBuffer>);
}

/**
 * The code-signing keys a verifier trusts: only those in a key list signed by the pinned list key and
 * not past its `exp` (a verifier refreshes the list before then). A key removed from the list after a
 * compromise is simply absent, so its codes answer `unknown_kid`.
 */
export class KeySet {
  private constructor(
    private readonly keys: ReadonlyMap<string, VerifyKey>,
    /** Until when (seconds) this list may be used. */
    readonly expiresAt: number,
    readonly issuedAt: number,
  ) {}

  get(kid: string): VerifyKey | undefined {
    return this.keys.get(kid);
  }

  get kids(): string[] {
    return [...this.keys.keys()];
  }

  /** Checks the list's signature with `listKey` (pinned by the verifier) and that it is current at `now`. */
  static async fromList(list: string, listKey: PublicJwk, now: Date): Promise<KeySet> {
    const parts = list.split(".");
    if (parts.length !== 3) throw new KeyListError("malformed");
    const [h, p, s] = parts as [string, string, string];
    const header = jsonOf(h);
    const payload = jsonOf(p);
    const signature = fromBase64url(s);
    if (!header || !payload || !signature || header.alg !== "ES256" || header.typ !== KEY_LIST_TYPE)
      throw new KeyListError("malformed");
    if (header.kid !== listKey.kid) throw new KeyListError("wrong_list_key");
    const ok = await verifySignature(await importKey(listKey), signature, new TextEncoder().encode(`${h}.${p}`));
    if (!ok) throw new KeyListError("bad_signature");
    const { keys, exp, iat } = payload as { keys?: unknown; exp?: unknown; iat?: unknown };
    if (!Array.isArray(keys) || typeof exp !== "number" || typeof iat !== "number") throw new KeyListError("malformed");
    if (Math.floor(now.getTime() / 1000) > exp) throw new KeyListError("expired");
    const imported = new Map<string, VerifyKey>();
    for (const k of keys as PublicJwk[]) imported.set(k.kid, await importKey(k));
    return new KeySet(imported, exp, iat);
  }
}
