import { PaymentErrorCodes } from "@yiwang/contracts";
import { defineErrors } from "../../platform/errors.js";

export const PaymentErrors = defineErrors(PaymentErrorCodes);
