import { OrgErrorCodes } from "@yiwang/contracts";
import { defineErrors } from "../../platform/errors.js";

export const OrgErrors = defineErrors(OrgErrorCodes);
