import { IndicatorErrorCodes } from "@yiwang/contracts";
import { AppError, defineErrors, type ErrorFactory } from "../../platform/errors.js";

export const IndicatorErrors = defineErrors(IndicatorErrorCodes);

/**
 * A refusal naming where the input is wrong and why, in both messages and in `details.path`
 * ("indicators[3].formula → measure cases.foo").
 */
export function atPath(factory: ErrorFactory, path: string, problem: string, problemEn = problem): AppError {
  const d = factory.definition;
  return new AppError(
    factory.code,
    { ...d, message: `${d.message}：${path} → ${problem}`, messageEn: `${d.messageEn}: ${path} → ${problemEn}` },
    { path, problem: problemEn },
  );
}
