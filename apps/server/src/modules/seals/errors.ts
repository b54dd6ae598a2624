import { SealErrorCodes } from "@yiwang/contracts";
import { defineErrors } from "../../platform/errors.js";

export const SealErrors = defineErrors(SealErrorCodes);
