import { MessagingErrorCodes } from "@yiwang/contracts";
import { defineErrors } from "../../platform/errors.js";

export const MessagingErrors = defineErrors(MessagingErrorCodes);
