import { ArchiveErrorCodes } from "@yiwang/contracts";
import { defineErrors } from "../../platform/errors.js";

export const ArchiveErrors = defineErrors(ArchiveErrorCodes);
