import { IdentityErrorCodes } from "@yiwang/contracts";
import { defineErrors } from "../../platform/errors.js";

export const IdentityErrors = defineErrors(IdentityErrorCodes);
