/**
 * Compact JWS (RFC 7515) signed through the seal key store: the private key never leaves the store, so
 * jose cannot sign here, but everything it produces verifies with jose (`compactVerify`, `jwtVerify`)
 * against the published JWKS. ES256: ECDSA P-256 / SHA-256, signature as r‖s.
 */
export type JwsSigner = (signingInput: Buffer) => Promise<Buffer>;

const b64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

export async function signCompactJws(
  header: { kid: string; typ?: string; cty?: string },
  payload: unknown,
  sign: JwsSigner,
): Promise<string> {
  const protectedHeader = b64url(JSON.stringify({ alg: "ES256", ...header }));
  const body = b64url(JSON.stringify(payload));
  const signingInput = `${protectedHeader}.${body}`;
  const signature = await sign(Buffer.from(signingInput, "ascii"));
  return `${signingInput}.${b64url(signature)}`;
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
