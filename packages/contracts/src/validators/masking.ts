/**
 * Display masks (maskIdNumber lives beside the ID-number validator) for personal data. Shown wherever the full value is not needed (the default); the server
 * masks before it answers, so the full value never reaches a page that does not need it.
 */

/** 13800138000 → 138****8000. */
export function maskPhone(value: string): string {
  if (value.length < 7) return "*".repeat(value.length);
  return `${value.slice(0, 3)}${"*".repeat(value.length - 7)}${value.slice(-4)}`;
}

/** 张三 → *三, 欧阳娜娜 → ***娜: only the last character stays. */
export function maskName(value: string): string {
  const chars = Array.from(value);
  if (chars.length <= 1) return "*";
  return `${"*".repeat(chars.length - 1)}${chars[chars.length - 1]}`;
}

/** 6222021234567893445 → 6222 **** **** 3445: the bank and the last four stay, as on a receipt. */
export function maskBankAccount(value: string): string {
  if (value.length < 12) return "*".repeat(value.length);
  return `${value.slice(0, 4)} **** **** ${value.slice(-4)}`;
}
