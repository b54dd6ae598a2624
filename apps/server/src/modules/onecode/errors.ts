import { OnecodeErrorCodes } from "@yiwang/contracts";
import { defineErrors } from "../../platform/errors.js";

export const OnecodeErrors = defineErrors(OnecodeErrorCodes);
