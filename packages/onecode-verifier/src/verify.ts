import { judgeTime, type OnecodeClaims, type OnecodeResult, parseCode } from "./code.js";
import { type KeySet, verifySignature } from "./key-list.js";

export interface Verification {
  result: OnecodeResult;
  kid: string | null;
  /** Present when the signature checked out (valid or only expired / not yet valid). */
  claims: OnecodeClaims | null;
}

/**
 * Offline verification of a code's text against a key set: structure, key, signature, then time — a
 * gate needs nothing else (no network, no state). Replays are the window's business (the server refuses a
 * nonce it has seen on the scan path); a gate that wants it keeps its own short list of nonces.
 */
export async function verifyCode(text: string, keys: KeySet, now: Date): Promise<Verification> {
  const parsed = parseCode(text);
  if (!parsed.ok) return { result: parsed.result, kid: null, claims: null };
  const { kid, claims, signingInput, signature } = parsed.code;
  const key = keys.get(kid);
  if (!key) return { result: "unknown_kid", kid, claims: null };
  if (!(await verifySignature(key, signature, signingInput))) return { result: "bad_signature", kid, claims: null };
  return { result: judgeTime(claims, Math.floor(now.getTime() / 1000)), kid, claims };
}
