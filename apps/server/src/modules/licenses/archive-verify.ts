/**
 * For the archives module's 四性检测 (AU-04): whether an archived license's VC-JWT and sealed PDF still
 * verify. Unlike public verification (verify.service.ts) this asks only about the signatures, not about
 * the register's current status: an archived license may since have been revoked or have expired, and
 * its seal replaced — what the archive must prove is that the files are the ones the department signed.
 * So the credential verifies with the seal key its `kid` names whether or not that seal is still active,
 * provided the seal was valid (not yet revoked, within its validity) when the credential was issued; and
 * the PDF's PAdES signature (messageDigest = SHA-256 of the ByteRange bytes, signature by the certificate
 * in the CMS, certificate issued by the seal CA, judged at signing time) through the seals module.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { LicenseDeps } from "./context.js";
import { JWS_ALG, peekJws, verifyCompactJws } from "./jws.js";

const CLOCK_SKEW_MS = 5 * 60_000;

export interface ArchivedLicenseFiles {
  credential?: string;
  pdf?: Buffer;
}

/** null = verifies; otherwise what failed, in plain words. */
export interface ArchivedLicenseCheck {
  credential?: string | null;
  pdf?: string | null;
}

export function archivedLicenseVerifier(deps: Pick<LicenseDeps, "seals" | "departments">) {
  const departmentCode = async (departmentId: string, trx?: Kysely<DB>) =>
    (await deps.departments.get(departmentId, trx)).code;

  async function credential(jwt: string, trx?: Kysely<DB>): Promise<{ problem: string | null; departmentId?: string }> {
    const peek = peekJws(jwt.trim());
    if (!peek) return { problem: "not a compact JWS" };
    const { kid, alg } = peek.header;
    const found = typeof kid === "string" ? await deps.seals.verificationKey(kid, trx) : null;
    if (!found) return { problem: "signed with an unknown seal key" };
    if (JWS_ALG[found.seal.algorithm] !== alg) return { problem: `alg ${String(alg)} is not the seal key's` };
    if (!verifyCompactJws(jwt.trim(), found.key, JWS_ALG[found.seal.algorithm]))
      return { problem: "signature does not verify with the issuing seal's public key" };
    const iat = typeof peek.payload.iat === "number" ? peek.payload.iat * 1000 : Number.NaN;
    const { seal } = found;
    // The issuance time is taken before the department's seal is made on first use (same transaction,
    // possibly seconds later under load), and iat has whole seconds: tolerate the clock skew the PDF
    // verifier tolerates.
    if (!(iat + CLOCK_SKEW_MS >= seal.valid_from.getTime() && iat <= seal.valid_to.getTime()))
      return { problem: "issued outside the seal's validity" };
    if (seal.revoked_at && seal.revoked_at.getTime() < iat) return { problem: "issued after the seal was revoked" };
    const code = await departmentCode(seal.department_id, trx);
    const iss = peek.payload.iss;
    if (typeof iss !== "string" || !iss.endsWith(`/issuers/${code}`))
      return { problem: `issuer ${String(iss)} is not the seal's department ${code}` };
    return { problem: null, departmentId: seal.department_id };
  }

  /** In the caller's transaction when given (the archiving job checks inside its own). */
  return async (files: ArchivedLicenseFiles, trx?: Kysely<DB>): Promise<ArchivedLicenseCheck> => {
    const out: ArchivedLicenseCheck = {};
    let credentialDepartment: string | undefined;
    if (files.credential !== undefined) {
      const c = await credential(files.credential, trx);
      out.credential = c.problem;
      credentialDepartment = c.departmentId;
    }
    if (files.pdf !== undefined) {
      const { check, seal } = await deps.seals.verifyPdf(files.pdf, trx);
      if (check.status !== "valid") out.pdf = `PDF signature ${check.status}: ${check.reason}`;
      else if (!seal) out.pdf = "PDF signed by a certificate that is no seal of the platform";
      else if (credentialDepartment && seal.department_id !== credentialDepartment)
        out.pdf = "PDF sealed by another department than the credential's issuer";
      else out.pdf = null;
    }
    return out;
  };
}
