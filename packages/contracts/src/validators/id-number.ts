/**
 * Citizen ID number (公民身份号码), GB 11643-1999.
 *
 * 18 characters: 6-digit address code, 8-digit birth date (YYYYMMDD), 3-digit sequence, and a check
 * character computed with ISO 7064 MOD 11-2 (weights 2^(17-i) mod 11; check value 10 is written "X").
 * MOD 11-2 catches every single-character substitution and every transposition of adjacent characters,
 * which is why we can promise that a one-character typo is always rejected.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = "10X98765432";
const FORMAT = /^\d{17}[\dX]$/;

export type IdNumberProblem = "format" | "region" | "birthDate" | "checksum";

/** The check character for the first 17 digits of an ID number. */
export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/**
 * Explains why a value is not a valid ID number, or returns null when it is.
 * `today` is injectable so tests about "birth date in the future" do not depend on the clock.
 */
export function idNumberProblem(value: string, today: Date = new Date()): IdNumberProblem | null {
  if (!FORMAT.test(value)) return "format";
  if (value[0] === "0") return "region";
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  const realDate = birth.getUTCFullYear() === year && birth.getUTCMonth() === month - 1 && birth.getUTCDate() === day;
  if (!realDate || year < 1850 || birth.getTime() > today.getTime()) return "birthDate";
  if (idNumberCheckChar(value.slice(0, 17)) !== value[17]) return "checksum";
  return null;
}

export function isIdNumber(value: string, today?: Date): boolean {
  return idNumberProblem(value, today) === null;
}

/** Normalises user input: trims, upper-cases the check character "x". Does not validate. */
export function normalizeIdNumber(value: string): string {
  return value.trim().toUpperCase();
}

/** Birth date encoded in a (valid) ID number, as YYYY-MM-DD. */
export function idNumberBirthDate(value: string): string {
  return `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
}

/** Masked display form used wherever a role does not need the full number, e.g. 1101**********002X. */
export function maskIdNumber(value: string): string {
  if (value.length < 8) return "*".repeat(value.length);
  return `${value.slice(0, 4)}${"*".repeat(value.length - 8)}${value.slice(-4)}`;
}
