import { OidcErrorCodes } from "@yiwang/contracts";
import { defineErrors } from "../../../platform/errors.js";

export const OidcErrors = defineErrors(OidcErrorCodes);
