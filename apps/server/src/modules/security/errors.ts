import { SecurityErrorCodes } from "@yiwang/contracts";
import { defineErrors } from "../../platform/errors.js";

export const SecurityErrors = defineErrors(SecurityErrorCodes);
