import { ExchangeErrorCodes } from "@yiwang/contracts";
import { defineErrors } from "../../platform/errors.js";

export const ExchangeErrors = defineErrors(ExchangeErrorCodes);
