/**
 * 缴款码 (payment code) as China's non-tax payment system prints it on a 缴款通知书: 20 digits — the
 * collecting department's region code (6), the year (2), a serial (11) and a Luhn check digit (1), so a
 * mistyped code is caught before it reaches the payment system. Pure.
 */

export function luhnDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    // Doubling starts at the rightmost digit, which the check digit will follow.
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function paymentCode(regionCode: string, year: number, serial: number): string {
  if (!/^\d{6}$/.test(regionCode)) throw new Error(`region code ${regionCode} is not 6 digits`);
  const body = `${regionCode}${String(year % 100).padStart(2, "0")}${String(serial).padStart(11, "0")}`;
  if (body.length !== 19) throw new Error(`payment serial ${serial} does not fit 11 digits`);
  return `${body}${luhnDigit(body)}`;
}

export function isPaymentCode(code: string): boolean {
  return /^\d{20}$/.test(code) && luhnDigit(code.slice(0, 19)) === Number(code[19]);
}

/** Yuan with at most two decimals (the catalog's fee amounts) to integer fen. */
export function toFen(yuan: number): number {
  return Math.round(yuan * 100);
}
