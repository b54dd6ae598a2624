import { readExtensions } from "@yiwang/onecode-verifier";
import type { Principal } from "../../platform/auth/permissions.js";
import type { LicenseServices } from "../licenses/index.js";
import { OnecodeErrors } from "./errors.js";

/**
 * Where the platform finds the extension fields it may attach (the extension types are registered in
 * packages/onecode-verifier/src/extensions.ts, which every verifier shares): an e-license (电子证照) type
 * and which of its fields fill which extension field. Only a holder's own valid license, only when they ask
 * for it on this code — a code carries no personal data otherwise.
 */
const SOURCES: Readonly<Record<string, { type: string; fields: Record<string, string> }>> = {
  SSC: { type: "ssc", fields: { no: "cardNumber" } },
};

/** The `x` claim for a code that carries the holder's license `licenseId` (400 if it cannot). */
export async function extensionOf(
  licenses: Pick<LicenseServices, "licenses">,
  holder: Principal,
  licenseId: string,
): Promise<Record<string, Record<string, string>>> {
  const row = await licenses.licenses
    .readable(holder, licenseId)
    .catch(() => Promise.reject(OnecodeErrors.ONECODE_LICENSE_NOT_HELD({ licenseId })));
  // readable() lets staff of the issuing department in too; a code attaches only the holder's own.
  if (holder.kind !== "citizen" || row.holder_kind !== "person" || !(await licenses.licenses.isHolder(holder, row)))
    throw OnecodeErrors.ONECODE_LICENSE_NOT_HELD({ licenseId });
  const source = Object.hasOwn(SOURCES, row.type_code) ? SOURCES[row.type_code] : undefined;
  if (!source || row.status !== "valid") throw OnecodeErrors.ONECODE_EXTENSION_UNSUPPORTED({ licenseId });
  const values = (row.fields ?? {}) as Record<string, unknown>;
  const fields: Record<string, string> = {};
  for (const [name, from] of Object.entries(source.fields)) fields[name] = String(values[from] ?? "");
  const x = { [source.type]: fields };
  // The verifiers' own limits and patterns: a value they would refuse is never signed.
  if (!readExtensions(x)) throw OnecodeErrors.ONECODE_EXTENSION_UNSUPPORTED({ licenseId });
  return x;
}
