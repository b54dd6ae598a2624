import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  LicenseStatus,
  LicenseStatusChange,
  LicenseTypeUpdate,
  LicenseUseList as LicenseUseListSchema,
  LicenseUseView,
  VerifyResult,
} from "@yiwang/contracts";
import type { z } from "zod";
import { api, type RequestJson, rawBody, unwrap } from "../../api/client";
import { ApiError } from "../../shared/api";
import { caseKey } from "../cases/api";
import { caseWrite } from "../cases/case-writes";

/**
 * E-licenses (电子证照) and seals (电子签章) for the web app: the holder's wallet, a license's detail, public
 * verification, authorised use in a case, and the issuing departments' management screens.
 */

// The contract exports only the schema of the list; a type-only import keeps zod out of the bundle.
export type LicenseUseList = z.infer<typeof LicenseUseListSchema>;
export type { LicenseUseView };
/** POST /api/seals: the server defaults the validity (1095 days) when it is left out. */
export type SealCreateBody = RequestJson<"/api/seals/", "post">;

export const LICENSES_KEY = ["licenses"] as const;
export const SEALS_KEY = ["seals"] as const;
const licenseUrl = (id: string, rest = "") => `/api/licenses/${encodeURIComponent(id)}${rest}`;

/** Where the browser finds a license's renditions (authorised on every request by the session cookie). */
export const licenseQrSrc = (id: string) => licenseUrl(id, "/qr?format=svg");
export const licensePdfHref = (id: string) => licenseUrl(id, "/pdf");
export const SEAL_CA_HREF = "/api/seals/ca.pem";

export interface LicenseFilter {
  typeCode?: string;
  status?: LicenseStatus;
  /** The person's own licenses even while acting for an enterprise, or the enterprise's. */
  holder?: "person" | "enterprise";
  limit: number;
  offset: number;
}

/** GET /api/licenses/mine: the signed-in citizen's licenses, or those of the enterprise they act for. */
export function useWallet(filter: LicenseFilter, enabled = true) {
  return useQuery({
    queryKey: ["licenses", "mine", filter],
    queryFn: ({ signal }) => unwrap(api.GET("/api/licenses/mine", { params: { query: { ...filter } }, signal })),
    placeholderData: keepPreviousData,
    staleTime: 0,
    enabled,
  });
}

export function useLicense(id: string) {
  return useQuery({
    queryKey: ["licenses", "detail", id],
    queryFn: ({ signal }) => unwrap(api.GET("/api/licenses/{id}", { params: { path: { id } }, signal })),
    retry: false,
  });
}

/** License types with their validity and fields (public). */
export function useLicenseTypes() {
  return useQuery({
    queryKey: ["licenses", "types"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/licenses/types", { signal })),
    staleTime: 60_000,
  });
}

export type VerifyInput = { token: string } | { credential: string } | { pdf: Blob };

/** POST /api/licenses/verify (a QR token or a credential) or /verify/pdf (the PDF as the raw body). */
export function verifyLicense(input: VerifyInput): Promise<VerifyResult> {
  if ("pdf" in input) {
    return unwrap(api.POST("/api/licenses/verify/pdf", rawBody(input.pdf, "application/pdf")));
  }
  return unwrap(api.POST("/api/licenses/verify", { body: input }));
}

/** A pasted text is a credential when it is a JWT whose header says `vc+jwt`, else a QR token (or a verify URL). */
export function classifyPasted(text: string): { token: string } | { credential: string } {
  const value = text.trim();
  const fragment = /#t=([^&\s]+)/.exec(value);
  if (fragment) return { token: decodeURIComponent(fragment[1] ?? "") };
  const header = value.split(".")[0] ?? "";
  try {
    const json = JSON.parse(atob(header.replace(/-/g, "+").replace(/_/g, "/")));
    if (typeof json?.typ === "string" && json.typ.toLowerCase().includes("vc+jwt")) return { credential: value };
  } catch {
    // not a JWT header: treat it as a token; the server decides whether it verifies
  }
  return { token: value };
}

// ── authorised use in a case (授权用证) ──────────────────────────────────────────────────────────────────

export const caseLicensesKey = (caseId: string) => ["cases", "licenses", caseId] as const;

/** GET /api/cases/:id/licenses: the licenses a case uses by reference, each verified now. */
export function useCaseLicenseUses(caseId: string, enabled = true) {
  return useQuery({
    queryKey: caseLicensesKey(caseId),
    queryFn: ({ signal }) => unwrap(api.GET("/api/cases/{id}/licenses", { params: { path: { id: caseId } }, signal })),
    staleTime: 0,
    retry: false,
    enabled,
  });
}

/** POST /api/cases/:id/materials/license with the holder's consent; then the case and its uses reload. */
export function useAttachLicense(caseId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { material: string; licenseId: string }) =>
      caseWrite(
        caseId,
        () =>
          unwrap(
            api.POST("/api/cases/{id}/materials/license", {
              params: { path: { id: caseId } },
              body: { ...body, consent: true },
            }),
          ),
        { other: true },
      ),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: caseKey(caseId) }),
        qc.invalidateQueries({ queryKey: caseLicensesKey(caseId) }),
      ]),
  });
}

// ── issuing departments ───────────────────────────────────────────────────────────────────────────────

export function useIssuedLicenses(filter: LicenseFilter & { departmentId?: string }, enabled = true) {
  return useQuery({
    queryKey: ["licenses", "issued", filter],
    queryFn: ({ signal }) => unwrap(api.GET("/api/licenses/issued", { params: { query: { ...filter } }, signal })),
    placeholderData: keepPreviousData,
    staleTime: 0,
    enabled,
  });
}

export function useLicenseStatusChange() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: LicenseStatusChange & { id: string }) =>
      unwrap(api.POST("/api/licenses/{id}/status", { params: { path: { id } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: LICENSES_KEY }),
  });
}

export interface ImportRowError {
  row: number;
  column: string | null;
  code: string;
  message: string;
}

/** The per-row errors of a 422 LICENSE_IMPORT_INVALID, or [] for any other error. */
export function importErrors(e: unknown): ImportRowError[] {
  if (!(e instanceof ApiError) || e.code !== "LICENSE_IMPORT_INVALID") return [];
  const errors = (e.details as { errors?: unknown } | undefined)?.errors;
  return Array.isArray(errors) ? errors.filter((x): x is ImportRowError => typeof x?.row === "number") : [];
}

export function useLicenseImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ type, csv }: { type: string; csv: string }) =>
      unwrap(api.POST("/api/licenses/import", { params: { query: { type } }, ...rawBody(csv, "text/csv") })),
    onSuccess: () => qc.invalidateQueries({ queryKey: LICENSES_KEY }),
  });
}

export function useUpdateLicenseType() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ code, ...body }: LicenseTypeUpdate & { code: string }) =>
      unwrap(api.PUT("/api/licenses/types/{code}", { params: { path: { code } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["licenses", "types"] }),
  });
}

// ── seals ─────────────────────────────────────────────────────────────────────────────────────────────

export function useSeals(filter: { departmentId?: string; status?: "active" | "revoked" }, enabled = true) {
  return useQuery({
    queryKey: ["seals", "list", filter],
    queryFn: ({ signal }) => unwrap(api.GET("/api/seals/", { params: { query: { ...filter, limit: 200 } }, signal })),
    placeholderData: keepPreviousData,
    staleTime: 0,
    enabled,
  });
}

export function useCreateSeal() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SealCreateBody) => unwrap(api.POST("/api/seals/", { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: SEALS_KEY }),
  });
}

export function useRevokeSeal() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      unwrap(api.POST("/api/seals/{id}/revoke", { params: { path: { id } }, body: { reason } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: SEALS_KEY }),
  });
}

/** Uploads a PNG scan of the physical seal, stamped instead of the drawn one (`PUT /api/seals/:id/image`). */
export function useSealImage() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, file }: { id: string; file: Blob }) =>
      unwrap(api.PUT("/api/seals/{id}/image", { params: { path: { id } }, ...rawBody(file, "image/png") })),
    onSuccess: () => qc.invalidateQueries({ queryKey: SEALS_KEY }),
  });
}

export const sealImageHref = (id: string, bust: string) => `/api/seals/${encodeURIComponent(id)}/image?v=${bust}`;
