import { LicenseErrorCodes } from "@yiwang/contracts";
import { defineErrors } from "../../platform/errors.js";

export const LicenseErrors = defineErrors(LicenseErrorCodes);
