import type { FormRule } from "antd";
import type { TFunction } from "i18next";

/**
 * Form rules mirroring the server's (packages/contracts identity.ts): the server stays the judge, these
 * only spare people a round trip for an obvious typo.
 */

export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;
export const CODE_PATTERN = /^\d{6}$/;
export const ID_NUMBER_PATTERN = /^\d{17}[\dXx]$/;
export const USCC_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** Without spaces, hyphens or a +86 / 0086 prefix, as people tend to paste them (as the server does). */
export function normalizePhone(value: string | undefined): string {
  return (value ?? "").replace(/[\s-]/g, "").replace(/^(\+86|0086)/, "");
}

export function phoneRules(t: TFunction): FormRule[] {
  return [
    { required: true, message: t("account.rules.phoneRequired") },
    {
      validator: (_, v: string | undefined) =>
        !v || MOBILE_PATTERN.test(normalizePhone(v))
          ? Promise.resolve()
          : Promise.reject(new Error(t("account.rules.phoneInvalid"))),
    },
  ];
}

export function codeRules(t: TFunction): FormRule[] {
  return [
    { required: true, message: t("account.rules.codeRequired") },
    { pattern: CODE_PATTERN, message: t("account.rules.codeInvalid") },
  ];
}

/** Which of the server's strength rules a new password breaks, or null: length, then three character classes. */
export function passwordWeakness(password: string): "length" | "classes" | null {
  if (password.length < 8) return "length";
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  return classes < 3 ? "classes" : null;
}

export function newPasswordRules(t: TFunction): FormRule[] {
  return [
    { required: true, message: t("account.rules.passwordRequired") },
    { max: 128, message: t("account.rules.passwordTooLong") },
    {
      validator: (_, v: string | undefined) => {
        const problem = v ? passwordWeakness(v) : null;
        return problem ? Promise.reject(new Error(t("account.rules.passwordWeak"))) : Promise.resolve();
      },
    },
  ];
}

/** "Confirm password": must equal the field `name`. */
export function confirmRules(t: TFunction, name: string): FormRule[] {
  return [
    { required: true, message: t("account.rules.confirmRequired") },
    ({ getFieldValue }) => ({
      validator: (_, v: string | undefined) =>
        !v || v === getFieldValue(name)
          ? Promise.resolve()
          : Promise.reject(new Error(t("account.rules.confirmMismatch"))),
    }),
  ];
}
