import { AppError } from "../../platform/errors.js";
import { IdentityErrors } from "./errors.js";

/**
 * How identity asks the population registry whether a name belongs to an ID number. The platform wires
 * the exchange gateway in (identity calls it as an approved consumer, so every check is authorised,
 * rate limited, in the call log and audited like any department system's call).
 */
export interface PopulationCheck {
  personMatches(name: string, idNumber: string, requestId: string): Promise<boolean>;
}

/** Asks the check; a refusal or failure of the source is 503 REALNAME_SOURCE_UNAVAILABLE, never "no match". */
export async function matchesRegistry(
  check: PopulationCheck,
  name: string,
  idNumber: string,
  requestId: string,
): Promise<boolean> {
  try {
    return await check.personMatches(name, idNumber, requestId);
  } catch (error) {
    if (error instanceof AppError) throw IdentityErrors.REALNAME_SOURCE_UNAVAILABLE({ cause: error.code });
    throw error;
  }
}
