import { judgeTime, type OnecodeClaims, type OnecodeResult, parseCode } from "./code.js";
import type { CodeExtension } from "./extensions.js";
import type { KeySet } from "./key-list.js";

export interface Verification {
  result: OnecodeResult;
  kid: string | null;
  /** Present when the signature checked out (valid or only expired / not yet valid). */
  claims: OnecodeClaims | null;
  /** The extension fields, once the signature checked out (else empty): what a gate shows beside the verdict. */
  extensions: CodeExtension[];
}

/**
 * Offline verification of a code's text against a key set: structure, key, signature, then time — a
 * gate needs nothing else (no network, no state). Replays are the window's business (the server refuses a
 * nonce it has seen on the scan path); a gate that wants it keeps its own short list of nonces.
 */
export async function verifyCode(text: string, keys: KeySet, now: Date): Promise<Verification> {
  const parsed = parseCode(text);
  if (!parsed.ok) return { result: parsed.result, kid: null, claims: null, extensions: [] };
  const { alg, kid, claims, signingInput, signature, extensions } = parsed.code;
  const key = keys.get(kid);
  if (!key) return { result: "unknown_kid", kid, claims: null, extensions: [] };
  // The listed key fixes the algorithm: a code naming another (alg confusion) is not its signature.
  if (alg !== key.alg || !(await key.scheme.verify(key.key, signature, signingInput)))
    return { result: "bad_signature", kid, claims: null, extensions: [] };
  return { result: judgeTime(claims, Math.floor(now.getTime() / 1000)), kid, claims, extensions };
}
