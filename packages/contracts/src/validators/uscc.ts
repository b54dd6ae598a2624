/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015.
 *
 * 18 characters over a 31-symbol alphabet (digits and upper-case letters without I, O, Z, S, V):
 *   1     registration authority (登记管理部门)
 *   2     organisation type (机构类别)
 *   3-8   region code of the registering authority (GB/T 2260)
 *   9-17  organisation code (GB 11714, itself ending in a MOD 11 check character)
 *   18    check character: weights 3^i mod 31, check = (31 - sum mod 31) mod 31
 */

export const USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;
const FORMAT = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export type UsccProblem = "format" | "orgCode" | "checksum";

export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17[i]) * WEIGHTS[i];
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/** GB 11714 check character of the 8-character organisation code body. */
export function orgCodeCheckChar(first8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number.parseInt(first8[i], 36) * ORG_CODE_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? "X" : c === 11 ? "0" : String(c);
}

export function usccProblem(value: string): UsccProblem | null {
  if (!FORMAT.test(value)) return "format";
  if (orgCodeCheckChar(value.slice(8, 16)) !== value[16]) return "orgCode";
  if (usccCheckChar(value.slice(0, 17)) !== value[17]) return "checksum";
  return null;
}

export function isUscc(value: string): boolean {
  return usccProblem(value) === null;
}

export function normalizeUscc(value: string): string {
  return value.trim().toUpperCase();
}
