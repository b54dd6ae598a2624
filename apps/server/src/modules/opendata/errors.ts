import { OpendataErrorCodes } from "@yiwang/contracts";
import { AppError, defineErrors, type ErrorFactory } from "../../platform/errors.js";

export const OpendataErrors = defineErrors(OpendataErrorCodes);

/**
 * The error with its subject named in both messages ("…：身份证号 / …: id_number") and in `details`, for
 * refusals whose point is which column or parameter is wrong.
 */
export function naming(factory: ErrorFactory, name: string, details: Record<string, unknown> = {}): AppError {
  const d = factory.definition;
  return new AppError(
    factory.code,
    { ...d, message: `${d.message}：${name}`, messageEn: `${d.messageEn}: ${name}` },
    { ...details, name },
  );
}
