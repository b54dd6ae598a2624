import { hash, verify } from "@node-rs/argon2";
import { IdentityErrors } from "./errors.js";

/**
 * Passwords: argon2id with OWASP's recommended minimum (19 MiB, 2 iterations, 1 lane), and the
 * strength rules of GB/T 22239 level 3 practice: length, character classes, no personal data, no common
 * password.
 */
// algorithm 2 = Algorithm.Argon2id (a const enum, which isolated modules cannot import).
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    // Same work as a real check, so timing does not tell whether the account exists.
    await verify(DUMMY_HASH, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

// argon2id("yiwang-dummy-password") with OPTIONS: only ever compared against, never matched.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$/1y4MZl9raankTvScygCag$rm//dYqI8a+Ht59iOXjE8hKqwNHB/oQn+TlCiv7dUK0";

const COMMON = new Set([
  "password",
  "password1",
  "passw0rd",
  "p@ssw0rd",
  "p@ssword",
  "qwerty123",
  "qwertyuiop",
  "1qaz2wsx",
  "1qaz@wsx",
  "abc12345",
  "abcd1234",
  "admin123",
  "admin@123",
  "iloveyou1",
  "woaini1314",
  "a1234567",
  "aa123456",
  "zxcvbnm123",
  "123456789a",
  "12345678a",
]);

/** Length and character classes a new password needs (PASSWORD_MIN_LENGTH, PASSWORD_MIN_CLASSES). */
export interface PasswordPolicy {
  minLength: number;
  minClasses: number;
}

/** Level 3's floor, and the defaults: 8 characters from three of the four classes. */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = Object.freeze({ minLength: 8, minClasses: 3 });

/** How many of lower case, upper case, digits and other characters a password uses. */
export function characterClasses(password: string): number {
  return [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
}

/**
 * Why a password is too weak, or null. `personal` are values it must not contain (e.g. the phone). Length
 * counts code points, so a character outside the BMP is one character, as a person counts it.
 */
export function passwordProblem(
  password: string,
  personal: readonly string[] = [],
  policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY,
): "length" | "classes" | "common" | "personal" | "repeated" | null {
  if ([...password].length < policy.minLength) return "length";
  if (characterClasses(password) < policy.minClasses) return "classes";
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return "common";
  if (personal.some((p) => p.length >= 4 && lower.includes(p.toLowerCase()))) return "personal";
  if (/^(.)\1+$/.test(password)) return "repeated";
  return null;
}

/** Throws PASSWORD_TOO_WEAK naming the rule broken and the policy's numbers, so a client can say what to do. */
export function assertStrongPassword(password: string, personal: readonly string[], policy: PasswordPolicy): void {
  const rule = passwordProblem(password, personal, policy);
  if (rule)
    throw IdentityErrors.PASSWORD_TOO_WEAK({ rule, minLength: policy.minLength, minClasses: policy.minClasses });
}
