import { CatalogErrorCodes } from "@yiwang/contracts";
import { defineErrors } from "../../platform/errors.js";

export const CatalogErrors = defineErrors(CatalogErrorCodes);
