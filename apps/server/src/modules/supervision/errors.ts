import { SupervisionErrorCodes } from "@yiwang/contracts";
import { defineErrors } from "../../platform/errors.js";

export const SupervisionErrors = defineErrors(SupervisionErrorCodes);
