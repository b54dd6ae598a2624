import { Secret, TOTP } from "otpauth";

/**
 * TOTP (RFC 6238): SHA-1, 6 digits, 30-second steps — what every authenticator app understands. A code is
 * accepted within one step of drift, and at most once: the caller stores the returned step and passes it
 * back as `lastStep`, so a code seen over someone's shoulder cannot be replayed (RFC 6238 §5.2).
 */
const PERIOD = 30;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function otpauthUri(secret: string, label: string): string {
  return new TOTP({ issuer: "一网 Yiwang", label, secret: Secret.fromBase32(secret), period: PERIOD }).toString();
}

/** The accepted time step, or null when the code is wrong or was already used. */
export function checkTotp(secret: string, code: string, lastStep: number | null, now = Date.now()): number | null {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), period: PERIOD });
  const delta = totp.validate({ token: code, timestamp: now, window: 1 });
  if (delta === null) return null;
  const step = Math.floor(now / 1000 / PERIOD) + delta;
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}

/** The current code (tests and the demo-account documentation use it). */
export function totpNow(secret: string, now = Date.now()): string {
  return new TOTP({ secret: Secret.fromBase32(secret), period: PERIOD }).generate({ timestamp: now });
}
