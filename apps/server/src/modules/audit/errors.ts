import { AuditErrorCodes } from "@yiwang/contracts";
import { defineErrors } from "../../platform/errors.js";

export const AuditErrors = defineErrors(AuditErrorCodes);
