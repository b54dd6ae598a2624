import { PolicyErrorCodes } from "@yiwang/contracts";
import { AppError, defineErrors, type ErrorFactory } from "../../platform/errors.js";

export const PolicyErrors = defineErrors(PolicyErrorCodes);

/** The error with where it is named in both messages ("…：rules.big all[1].fact") and in `details`. */
export function naming(factory: ErrorFactory, where: { rule: string; path: string; problem: string }): AppError {
  const d = factory.definition;
  const at = `${where.rule} ${where.path}`;
  return new AppError(
    factory.code,
    { ...d, message: `${d.message}：${at}（${where.problem}）`, messageEn: `${d.messageEn}: ${at} (${where.problem})` },
    where,
  );
}
