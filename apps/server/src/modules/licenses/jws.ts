import { type KeyObject, verify } from "node:crypto";
import { sm2Verify } from "../../platform/crypto/sm2.js";
import type { SealAlgorithm } from "../../platform/crypto/suite.js";

/**
 * Compact JWS (RFC 7515) signed through the seal key store: the private key never leaves the store, so
 * jose cannot sign here. The algorithm is the seal key's:
 *
 * - `ES256` (the international suite): ECDSA P-256 / SHA-256, signature as r‖s. jose verifies these
 *   (`compactVerify`, `jwtVerify`) against the published JWKS.
 * - `SM2` (the national suite): SM2 over SM3(Z ‖ signing input) with the GM/T 0009 default ID
 *   "1234567812345678", signature as r‖s (64 bytes, the same shape as ES256's). No JOSE algorithm for
 *   SM2 is registered with IANA (nor a JWK curve); "SM2" is the name Chinese JOSE implementations use for
 *   it, and the published key is `{ kty: "EC", crv: "SM2", x, y, alg: "SM2" }`. It says what it is, and a
 *   generic JOSE library refuses it as an unknown algorithm instead of misreading it — which is the
 *   honest outcome: only a verifier that implements SM2 (ours; sm-crypto in the tests) can check it.
 */
export type JwsAlg = "ES256" | "SM2";

export const JWS_ALG: Record<SealAlgorithm, JwsAlg> = { "ECDSA-P256": "ES256", SM2: "SM2" };

export type JwsSigner = (signingInput: Buffer) => Promise<Buffer>;

const b64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

export async function signCompactJws(
  header: { alg: JwsAlg; kid: string; typ?: string; cty?: string },
  payload: unknown,
  sign: JwsSigner,
): Promise<string> {
  const protectedHeader = b64url(JSON.stringify(header));
  const body = b64url(JSON.stringify(payload));
  const signingInput = `${protectedHeader}.${body}`;
  const signature = await sign(Buffer.from(signingInput, "ascii"));
  return `${signingInput}.${b64url(signature)}`;
}

/**
 * Whether a compact JWS's signature verifies under `key` with `alg` (node:crypto; the caller has checked
 * that the header's alg is `alg`, the key's). A signature of the wrong length or shape is false.
 */
export function verifyCompactJws(token: string, key: KeyObject, alg: JwsAlg): boolean {
  const [h, p, s] = token.split(".");
  const input = Buffer.from(`${h}.${p}`, "ascii");
  const signature = Buffer.from(s ?? "", "base64url");
  if (alg === "SM2") return signature.length === 64 && sm2Verify(key, input, signature, "ieee-p1363");
  try {
    return verify("sha256", input, { key, dsaEncoding: "ieee-p1363" }, signature);
  } catch {
    return false;
  }
}

/** The protected header and payload of a compact JWS, unverified (to find the key); null if malformed. */
export function peekJws(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } | null {
  const parts = token.split(".");
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return null;
  try {
    const header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
    const payload = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    if (typeof header !== "object" || !header || typeof payload !== "object" || !payload) return null;
    return { header, payload };
  } catch {
    return null;
  }
}
