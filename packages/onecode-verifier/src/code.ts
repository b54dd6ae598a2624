import { fromBase64url, jsonOf } from "./base64url.js";
import { type CodeExtension, readExtensions } from "./extensions.js";

/**
 * The code's text form: `YW1:` + a compact JWS (RFC 7515) with ES256 or SM2, header `{alg, kid, typ}` and the
 * claims below. Not compressed: at about 330 characters a DEFLATE + Base45 form (the EU DCC's) is no
 * shorter for so few bytes, and a QR code of this size (byte mode, version 10–12) scans from a phone screen.
 */
export const CODE_PREFIX = "YW1:";
export const CODE_TYPE = "onecode+jwt";
/** Codes we make are ~330 characters; anything beyond this is not ours and is not parsed at all. */
export const MAX_CODE_LENGTH = 1024;
/** Clock skew tolerated between the issuer and a verifier for `iat`. */
export const MAX_SKEW_SECONDS = 5;
/** The JWS algorithms a code may name (each key in the list says which one it is; they must agree). */
export const CODE_ALGS: readonly string[] = ["ES256", "SM2"];

export type OnecodeResult =
  | "valid"
  | "malformed"
  | "oversize"
  | "unknown_kid"
  | "bad_signature"
  | "expired"
  | "not_yet_valid";

export interface OnecodeClaims {
  v: 1;
  /** Person type of the holder (`p`); third-party extensions would add their own claims. */
  t: "p";
  /** Pseudonymous subject: opaque to everyone but the issuer (sealed, different in every code). */
  sub: string;
  iat: number;
  exp: number;
  /** Random nonce: a window refuses a code it has seen. */
  n: string;
  /** Extension fields by registered type (extensions.ts), when the holder attached any. */
  x?: Record<string, Record<string, string>>;
}

export interface ParsedCode {
  alg: string;
  kid: string;
  claims: OnecodeClaims;
  extensions: CodeExtension[];
  /** The JWS signing input (ASCII) and the raw r‖s signature. */
  signingInput: Uint8Array;
  signature: Uint8Array;
}

export type Parsed = { ok: true; code: ParsedCode } | { ok: false; result: "malformed" | "oversize" };

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v);

/** Reads a code's structure (no signature check): what a decoder gave us, or why it is not a code. */
export function parseCode(text: string): Parsed {
  if (text.length > MAX_CODE_LENGTH) return { ok: false, result: "oversize" };
  if (!text.startsWith(CODE_PREFIX)) return { ok: false, result: "malformed" };
  const jws = text.slice(CODE_PREFIX.length);
  const parts = jws.split(".");
  if (parts.length !== 3) return { ok: false, result: "malformed" };
  const [h, p, s] = parts as [string, string, string];
  const header = jsonOf(h);
  const claims = jsonOf(p);
  const signature = fromBase64url(s);
  if (!header || !claims || !signature || signature.length !== 64) return { ok: false, result: "malformed" };
  if (
    typeof header.alg !== "string" ||
    !CODE_ALGS.includes(header.alg) ||
    header.typ !== CODE_TYPE ||
    typeof header.kid !== "string"
  )
    return { ok: false, result: "malformed" };
  if (
    claims.v !== 1 ||
    claims.t !== "p" ||
    typeof claims.sub !== "string" ||
    typeof claims.n !== "string" ||
    !isInt(claims.iat) ||
    !isInt(claims.exp)
  )
    return { ok: false, result: "malformed" };
  const extensions = readExtensions(claims.x);
  if (!extensions) return { ok: false, result: "malformed" };
  return {
    ok: true,
    code: {
      alg: header.alg,
      kid: header.kid,
      claims: claims as unknown as OnecodeClaims,
      extensions,
      signingInput: new TextEncoder().encode(`${h}.${p}`),
      signature,
    },
  };
}

/** The time verdict at `nowSeconds`: valid through `exp` inclusive, refused one second later. */
export function judgeTime(claims: OnecodeClaims, nowSeconds: number): "valid" | "expired" | "not_yet_valid" {
  if (nowSeconds > claims.exp) return "expired";
  if (claims.iat > nowSeconds + MAX_SKEW_SECONDS) return "not_yet_valid";
  return "valid";
}
