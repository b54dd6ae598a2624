import { fromBase64url, jsonOf } from "./base64url.js";

export const KEY_LIST_TYPE = "onecode-keys+jwt";
const P256 = { name: "ECDSA", namedCurve: "P-256" } as const;
const VERIFY = { name: "ECDSA", hash: "SHA-256" } as const;

export interface PublicJwk {
  kid: string;
  kty: "EC";
  /** P-256 (ES256) or SM2 (alg SM2). */
  crv: string;
  x: string;
  y: string;
  alg?: string;
  use?: string;
}

/** WebCrypto's key type, named without the DOM library (Node's and browsers' globals agree). */
export type VerifyKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

/**
 * A signature scheme a verifier implements: the JWS `alg` it answers for, how it reads a listed JWK and
 * how it checks an r‖s signature over a signing input. ES256 (WebCrypto) is built in; SM2 is
 * `@yiwang/onecode-verifier/sm2` (pure JavaScript, loaded only by verifiers that meet SM2 keys).
 */
export interface SignatureScheme<K = unknown> {
  alg: string;
  importKey(jwk: PublicJwk): Promise<K>;
  verify(key: K, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
}

/** ECDSA P-256 / SHA-256 through WebCrypto. */
export const es256: SignatureScheme<VerifyKey> = {
  alg: "ES256",
  importKey: (jwk) => importKey(jwk),
  verify: (key, signature, data) => verifySignature(key, signature, data),
};

/** A listed key as a verifier holds it. */
export interface ListedKey {
  alg: string;
  scheme: SignatureScheme;
  key: unknown;
}

export class KeyListError extends Error {
  constructor(readonly reason: "malformed" | "bad_signature" | "expired" | "wrong_list_key" | "unsupported_alg") {
    super(`key list refused: ${reason}`);
  }
}

export function importKey(jwk: PublicJwk): Promise<VerifyKey> {
  return crypto.subtle.importKey("jwk", { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, P256, false, ["verify"]);
}

export function verifySignature(key: VerifyKey, signature: Uint8Array, data: Uint8Array): Promise<boolean> {
  return crypto.subtle.verify(VERIFY, key, signature as Uint8Array<ArrayBuffer>, data as Uint8Array<ArrayBuffer>);
}

/** The algorithm a listed key names (keys of older lists carry none: ES256). */
const algOf = (jwk: { alg?: unknown }) => (typeof jwk.alg === "string" ? jwk.alg : "ES256");

/**
 * The code-signing keys a verifier trusts: only those in a key list signed by the pinned list key and
 * not past its `exp` (a verifier refreshes the list before then). A key removed from the list after a
 * compromise is simply absent, so its codes answer `unknown_kid`. Keys of a scheme this verifier does not
 * implement are left out (listed in `unsupported`): their codes answer `unknown_kid` here too.
 */
export class KeySet {
  private constructor(
    private readonly keys: ReadonlyMap<string, ListedKey>,
    /** Until when (seconds) this list may be used. */
    readonly expiresAt: number,
    readonly issuedAt: number,
    /** kids of listed keys whose algorithm no scheme given to `fromList` implements. */
    readonly unsupported: readonly string[],
  ) {}

  get(kid: string): ListedKey | undefined {
    return this.keys.get(kid);
  }

  get kids(): string[] {
    return [...this.keys.keys()];
  }

  /**
   * Checks the list's signature with `listKey` (pinned by the verifier) and that it is current at `now`.
   * `schemes`: the signature schemes this verifier implements (default ES256 only).
   */
  static async fromList(
    list: string,
    listKey: PublicJwk,
    now: Date,
    schemes: readonly SignatureScheme[] = [es256],
  ): Promise<KeySet> {
    const schemeOf = (alg: string) => schemes.find((s) => s.alg === alg);
    const parts = list.split(".");
    if (parts.length !== 3) throw new KeyListError("malformed");
    const [h, p, s] = parts as [string, string, string];
    const header = jsonOf(h);
    const payload = jsonOf(p);
    const signature = fromBase64url(s);
    if (!header || !payload || !signature || typeof header.alg !== "string" || header.typ !== KEY_LIST_TYPE)
      throw new KeyListError("malformed");
    if (header.kid !== listKey.kid) throw new KeyListError("wrong_list_key");
    // The pinned key decides the algorithm; a header naming another is not this list key's signature.
    if (header.alg !== algOf(listKey)) throw new KeyListError("bad_signature");
    const listScheme = schemeOf(header.alg);
    if (!listScheme) throw new KeyListError("unsupported_alg");
    const data = new TextEncoder().encode(`${h}.${p}`);
    if (!(await listScheme.verify(await listScheme.importKey(listKey), signature, data)))
      throw new KeyListError("bad_signature");
    const { keys, exp, iat } = payload as { keys?: unknown; exp?: unknown; iat?: unknown };
    if (!Array.isArray(keys) || typeof exp !== "number" || typeof iat !== "number") throw new KeyListError("malformed");
    if (Math.floor(now.getTime() / 1000) > exp) throw new KeyListError("expired");
    const imported = new Map<string, ListedKey>();
    const unsupported: string[] = [];
    for (const k of keys as PublicJwk[]) {
      const alg = algOf(k);
      const scheme = schemeOf(alg);
      if (scheme) imported.set(k.kid, { alg, scheme, key: await scheme.importKey(k) });
      else unsupported.push(k.kid);
    }
    return new KeySet(imported, exp, iat, unsupported);
  }
}
