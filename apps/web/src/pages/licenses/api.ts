import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  CaseMaterial,
  LicenseDetail,
  LicenseImportResult,
  LicenseList,
  LicenseStatus,
  LicenseStatusChange,
  LicenseTypeDetail,
  LicenseTypeUpdate,
  LicenseUseList as LicenseUseListSchema,
  LicenseUseView,
  Seal,
  SealList,
  VerifyResult,
} from "@yiwang/contracts";
import type { z } from "zod";
import { ApiError, apiFetch } from "../../shared/api";
import { apiSend } from "../../shared/session";
import { caseKey } from "../cases/api";

/**
 * E-licenses (电子证照) and seals (电子签章) for the web app: the holder's wallet, a license's detail, public
 * verification, authorised use in a case, and the issuing departments' management screens.
 */

// The contract exports only the schema of the list; a type-only import keeps zod out of the bundle.
export type LicenseUseList = z.infer<typeof LicenseUseListSchema>;
export type { LicenseUseView };
/** POST /api/seals: the server defaults the validity (1095 days) when it is left out. */
export interface SealCreateBody {
  departmentId: string;
  name: string;
  validDays?: number;
}

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
  limit: number;
  offset: number;
}

/** GET /api/licenses/mine: the signed-in citizen's licenses, or those of the enterprise they act for. */
export function useWallet(filter: LicenseFilter, enabled = true) {
  return useQuery({
    queryKey: ["licenses", "mine", filter],
    queryFn: ({ signal }) => apiFetch<LicenseList>("/api/licenses/mine", { query: { ...filter }, signal }),
    placeholderData: keepPreviousData,
    staleTime: 0,
    enabled,
  });
}

export function useLicense(id: string) {
  return useQuery({
    queryKey: ["licenses", "detail", id],
    queryFn: ({ signal }) => apiFetch<LicenseDetail>(licenseUrl(id), { signal }),
    retry: false,
  });
}

/** License types with their validity and fields (public). */
export function useLicenseTypes() {
  return useQuery({
    queryKey: ["licenses", "types"],
    queryFn: ({ signal }) => apiFetch<{ items: LicenseTypeDetail[] }>("/api/licenses/types", { signal }),
    staleTime: 60_000,
  });
}

export type VerifyInput = { token: string } | { credential: string } | { pdf: Blob };

/** POST /api/licenses/verify (a QR token or a credential) or /verify/pdf (the PDF as the raw body). */
export function verifyLicense(input: VerifyInput): Promise<VerifyResult> {
  if ("pdf" in input) {
    return apiFetch<VerifyResult>("/api/licenses/verify/pdf", {
      init: { method: "POST", body: input.pdf, headers: { "content-type": "application/pdf" } },
    });
  }
  return apiFetch<VerifyResult>("/api/licenses/verify", {
    init: { method: "POST", body: JSON.stringify(input), headers: { "content-type": "application/json" } },
  });
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
    queryFn: ({ signal }) => apiFetch<LicenseUseList>(`/api/cases/${encodeURIComponent(caseId)}/licenses`, { signal }),
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
      apiSend<CaseMaterial>("POST", `/api/cases/${encodeURIComponent(caseId)}/materials/license`, {
        ...body,
        consent: true,
      }),
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
    queryFn: ({ signal }) => apiFetch<LicenseList>("/api/licenses/issued", { query: { ...filter }, signal }),
    placeholderData: keepPreviousData,
    staleTime: 0,
    enabled,
  });
}

export function useLicenseStatusChange() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: LicenseStatusChange & { id: string }) =>
      apiSend<LicenseDetail>("POST", licenseUrl(id, "/status"), body),
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
      apiFetch<LicenseImportResult>("/api/licenses/import", {
        query: { type },
        init: { method: "POST", body: csv, headers: { "content-type": "text/csv" } },
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: LICENSES_KEY }),
  });
}

export function useUpdateLicenseType() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ code, ...body }: LicenseTypeUpdate & { code: string }) =>
      apiSend<LicenseTypeDetail>("PUT", `/api/licenses/types/${encodeURIComponent(code)}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["licenses", "types"] }),
  });
}

// ── seals ─────────────────────────────────────────────────────────────────────────────────────────────

export function useSeals(filter: { departmentId?: string; status?: "active" | "revoked" }, enabled = true) {
  return useQuery({
    queryKey: ["seals", "list", filter],
    queryFn: ({ signal }) => apiFetch<SealList>("/api/seals", { query: { ...filter, limit: 200 }, signal }),
    placeholderData: keepPreviousData,
    staleTime: 0,
    enabled,
  });
}

export function useCreateSeal() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SealCreateBody) => apiSend<Seal>("POST", "/api/seals", body),
    onSuccess: () => qc.invalidateQueries({ queryKey: SEALS_KEY }),
  });
}

export function useRevokeSeal() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      apiSend<Seal>("POST", `/api/seals/${encodeURIComponent(id)}/revoke`, { reason }),
    onSuccess: () => qc.invalidateQueries({ queryKey: SEALS_KEY }),
  });
}

/** Uploads a PNG scan of the physical seal, stamped instead of the drawn one (`PUT /api/seals/:id/image`). */
export function useSealImage() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, file }: { id: string; file: Blob }) =>
      apiFetch<Seal>(`/api/seals/${encodeURIComponent(id)}/image`, {
        init: { method: "PUT", body: file, headers: { "content-type": "image/png" } },
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: SEALS_KEY }),
  });
}

export const sealImageHref = (id: string, bust: string) => `/api/seals/${encodeURIComponent(id)}/image?v=${bust}`;
