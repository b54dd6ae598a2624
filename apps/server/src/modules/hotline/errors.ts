import { HotlineErrorCodes } from "@yiwang/contracts";
import { defineErrors } from "../../platform/errors.js";

export const HotlineErrors = defineErrors(HotlineErrorCodes);
