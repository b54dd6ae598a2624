import { JobErrorCodes } from "@yiwang/contracts";
import { defineErrors } from "../errors.js";

export const JobErrors = defineErrors(JobErrorCodes);
