import { EvaluationErrorCodes } from "@yiwang/contracts";
import { defineErrors } from "../../platform/errors.js";

export const EvaluationErrors = defineErrors(EvaluationErrorCodes);
