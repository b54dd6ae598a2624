import { NotifyErrorCodes } from "@yiwang/contracts";
import { defineErrors } from "../../platform/errors.js";

export const NotifyErrors = defineErrors(NotifyErrorCodes);
