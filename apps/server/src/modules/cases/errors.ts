import { CaseErrorCodes } from "@yiwang/contracts";
import { defineErrors } from "../../platform/errors.js";

export const CaseErrors = defineErrors(CaseErrorCodes);
