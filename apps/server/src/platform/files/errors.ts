import { FileErrorCodes } from "@yiwang/contracts";
import { defineErrors } from "../errors.js";

export const FileErrors = defineErrors(FileErrorCodes);
