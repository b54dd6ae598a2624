/** Mainland China mobile numbers: 11 digits starting 13–19 (the only numbers SMS codes go to). */
const MOBILE = /^1[3-9]\d{9}$/;

/** Strips spaces, hyphens and a +86 / 0086 prefix. */
export function normalizeMobile(value: string): string {
  return value.replace(/[\s-]/g, "").replace(/^(\+86|0086)/, "");
}

export function isMobile(value: string): boolean {
  return MOBILE.test(value);
}
