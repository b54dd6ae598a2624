import { AppointmentErrorCodes } from "@yiwang/contracts";
import { defineErrors } from "../../platform/errors.js";

export const AppointmentErrors = defineErrors(AppointmentErrorCodes);
