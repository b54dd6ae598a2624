import type { AccountRow } from "./accounts.repository.js";

/** STAFF_PASSWORD_MAX_AGE_DAYS (0: never) and STAFF_PASSWORD_WARN_DAYS. */
export interface StaffPasswordPolicy {
  maxAgeDays: number;
  warnDays: number;
}

/** Why a staff member must set a new password before the login completes. */
export type PasswordChangeReason = "expired" | "one_time";

const DAY_MS = 86_400_000;

type PasswordState = Pick<AccountRow, "kind" | "password_set_at" | "password_must_change">;

/** When a staff member's current password expires, or null (citizens; expiry turned off). */
export function passwordExpiresAt(account: PasswordState, policy: StaffPasswordPolicy): Date | null {
  if (account.kind !== "staff" || policy.maxAgeDays === 0) return null;
  return new Date(account.password_set_at.getTime() + policy.maxAgeDays * DAY_MS);
}

/**
 * Whether the login must stop for a new password, and why: a password someone else issued (an
 * administrator's create or reset, `yiwang staff create`) is replaced at its first use; any other expires
 * at `password_set_at + maxAgeDays` — at that instant, not a moment later.
 */
export function passwordChangeReason(
  account: PasswordState,
  policy: StaffPasswordPolicy,
  now: Date,
): PasswordChangeReason | null {
  if (account.kind !== "staff") return null;
  if (account.password_must_change) return "one_time";
  const expires = passwordExpiresAt(account, policy);
  return expires && expires.getTime() <= now.getTime() ? "expired" : null;
}

/**
 * Whole days left before the password expires, counted up (one hour left is "1 day"), when that is within
 * the warning window; null outside it or when passwords do not expire.
 */
export function passwordDaysLeft(account: PasswordState, policy: StaffPasswordPolicy, now: Date): number | null {
  const expires = passwordExpiresAt(account, policy);
  if (!expires) return null;
  const left = expires.getTime() - now.getTime();
  if (left > policy.warnDays * DAY_MS) return null;
  return Math.max(0, Math.ceil(left / DAY_MS));
}
