import type { ErrorTransformer, RJSFValidationError } from "@rjsf/utils";
import type { TFunction } from "i18next";
import { useCallback } from "react";
import { useTranslation } from "react-i18next";

/** The words for one error of forms/validator.ts (ajv's keywords and params) in the page's language. */
function messageOf(e: RJSFValidationError, t: TFunction): string {
  const p = (e.params ?? {}) as Record<string, unknown>;
  const limit = String(p.limit);
  const count = Number(p.limit);
  // A cross-field rule (forms/data-rules.ts) names both fields: "申请提取金额不能大于购房总价（500000）".
  const crossField = { field: String(p.fieldTitle), other: String(p.targetTitle), limit };
  if (p.badLimit === true) return t("formErrors.field.badLimit", crossField);
  if (typeof p.targetTitle === "string")
    switch (e.name) {
      case "maximum":
        return t("formErrors.field.maximum", crossField);
      case "minimum":
        return t("formErrors.field.minimum", crossField);
      case "exclusiveMaximum":
        return t("formErrors.field.exclusiveMaximum", crossField);
      case "exclusiveMinimum":
        return t("formErrors.field.exclusiveMinimum", crossField);
    }
  switch (e.name) {
    case "required":
      return t("formErrors.required");
    case "pattern":
    case "format":
      return t("formErrors.pattern");
    case "minLength":
      return count === 1 ? t("formErrors.required") : t("formErrors.minLength", { count });
    case "maxLength":
      return t("formErrors.maxLength", { count });
    case "minimum":
      return t("formErrors.minimum", { limit });
    case "maximum":
      return t("formErrors.maximum", { limit });
    case "exclusiveMinimum":
      return t("formErrors.exclusiveMinimum", { limit });
    case "exclusiveMaximum":
      return t("formErrors.exclusiveMaximum", { limit });
    case "minItems":
      return t("formErrors.minItems", { count });
    case "maxItems":
      return t("formErrors.maxItems", { count });
    case "uniqueItems":
      return t("formErrors.uniqueItems");
    case "enum":
    case "const":
      return t("formErrors.enum");
    case "type":
      return t("formErrors.type");
    default:
      // anyOf, oneOf, not, additionalProperties, …: rare in application forms, and never in English on a Chinese page
      return t("formErrors.invalid");
  }
}

/** rjsf's errors with the page's words in place of the validator's English. */
export function localizeFormErrors(errors: RJSFValidationError[], t: TFunction): RJSFValidationError[] {
  return errors.map((e) => {
    const message = messageOf(e, t);
    return { ...e, message, stack: `${e.property ?? ""} ${message}`.trim() };
  });
}

/** The `transformErrors` of every rjsf form: messages in the current language. */
export function useFormErrorMessages(): ErrorTransformer {
  const { t } = useTranslation();
  return useCallback((errors: RJSFValidationError[]) => localizeFormErrors(errors, t), [t]);
}
