import { keepPreviousData, type QueryClient, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  BundleApplication,
  CaseDetail,
  CaseMaterial,
  CaseStatus,
  DeadlineLight,
  InboxQuery,
  TaskStage,
} from "@yiwang/contracts";
import { api, rawBody, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import { ApiError } from "../../shared/api";
import { caseWrite } from "./case-writes";

/**
 * Cases (办件) API for the portal and the workbench. Every command carries the case version the person
 * saw; the server refuses a stale one with 409 CASE_VERSION_CONFLICT, and the pages then reload the case.
 */

export const CASES_KEY = ["cases"] as const;
export const caseKey = (id: string) => ["cases", "detail", id] as const;

export const VERSION_CONFLICT = "CASE_VERSION_CONFLICT";
export const FORM_INVALID = "CASE_FORM_INVALID";
export const MATERIALS_MISSING = "CASE_MATERIALS_MISSING";

export function isVersionConflict(e: unknown): boolean {
  return e instanceof ApiError && e.code === VERSION_CONFLICT;
}

export interface FormIssue {
  path: string;
  message: string;
}

/** The issues of a 422 CASE_FORM_INVALID, or [] for any other error. */
export function formIssues(e: unknown): FormIssue[] {
  if (!(e instanceof ApiError) || e.code !== FORM_INVALID) return [];
  const issues = (e.details as { issues?: unknown } | undefined)?.issues;
  return Array.isArray(issues)
    ? issues.filter((i): i is FormIssue => typeof i?.path === "string" && typeof i?.message === "string")
    : [];
}

/** The material names of a 422 CASE_MATERIALS_MISSING, or [] for any other error. */
export function missingMaterials(e: unknown): string[] {
  if (!(e instanceof ApiError) || e.code !== MATERIALS_MISSING) return [];
  const missing = (e.details as { missing?: unknown } | undefined)?.missing;
  return Array.isArray(missing) ? missing.filter((m): m is string => typeof m === "string") : [];
}

export function caseQuery(id: string) {
  return {
    queryKey: caseKey(id),
    queryFn: ({ signal }: { signal: AbortSignal }) =>
      unwrap(api.GET("/api/cases/{id}", { params: { path: { id } }, signal })),
    staleTime: 0,
    retry: false,
  };
}

export function useCase(id: string) {
  return useQuery(caseQuery(id));
}

export interface MyCasesFilter {
  status?: CaseStatus;
  limit: number;
  offset: number;
}

export function useMyCases(filter: MyCasesFilter, enabled = true) {
  return useQuery({
    queryKey: ["cases", "mine", filter],
    queryFn: ({ signal }) => unwrap(api.GET("/api/cases/mine", { params: { query: { ...filter } }, signal })),
    placeholderData: keepPreviousData,
    staleTime: 0,
    enabled,
  });
}

export interface InboxFilter {
  scope: InboxQuery["scope"];
  stage?: TaskStage;
  light?: DeadlineLight;
  q?: string;
  limit: number;
  offset: number;
}

export function useInbox(filter: InboxFilter, enabled = true) {
  return useQuery({
    queryKey: ["cases", "inbox", filter],
    queryFn: ({ signal }) => unwrap(api.GET("/api/cases/inbox", { params: { query: { ...filter } }, signal })),
    placeholderData: keepPreviousData,
    staleTime: 0,
    refetchOnWindowFocus: true,
    enabled,
  });
}

export interface SupervisionFilter {
  light?: DeadlineLight;
  dept?: string;
  limit: number;
  offset: number;
}

export function useSupervision(filter: SupervisionFilter, enabled = true) {
  return useQuery({
    queryKey: ["cases", "supervision", filter],
    queryFn: ({ signal }) => unwrap(api.GET("/api/cases/supervision", { params: { query: { ...filter } }, signal })),
    placeholderData: keepPreviousData,
    staleTime: 0,
    enabled,
  });
}

/** POST /api/cases: a draft for the item's current published version (for the enterprise acted for, if any). */
export function createCase(itemCode: string) {
  return unwrap(api.POST("/api/cases/", { body: { itemCode } }));
}

/** `/claim`, `/submit`, …: the case commands the server documents (POST, and PUT `/form`) answering a CaseDetail. */
export type CaseCommandPath = {
  [P in keyof paths]: P extends `/api/cases/{id}${infer Rest}`
    ? paths[P] extends
        | { post: { responses: { 200: { content: { "application/json": CaseDetail } } } } }
        | { put: { responses: { 200: { content: { "application/json": CaseDetail } } } } }
      ? Rest
      : never
    : never;
}[keyof paths];

/**
 * A command on a case (`/api/cases/:id/<path>`) answering the new CaseDetail. On success the cached case
 * is replaced and the lists are refreshed; on a version conflict the case is refetched. The path is checked
 * against the document; the body is each dialog's own form values (the server validates it).
 */
export function useCaseCommand(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({
      path,
      body,
      method = "POST",
    }: {
      path: CaseCommandPath;
      body: unknown;
      method?: "POST" | "PUT";
    }) => {
      // One call for every command: the path is a documented command (CaseCommandPath), the body is not checked.
      const url = `/api/cases/{id}${path}` as const;
      const init = { params: { path: { id } }, body: body as never };
      return unwrap<CaseDetail>(
        method === "PUT"
          ? api.PUT(url as "/api/cases/{id}/form", init)
          : api.POST(url as "/api/cases/{id}/submit", init),
      );
    },
    onSuccess: (detail) => {
      if (detail && typeof detail === "object" && "id" in detail) qc.setQueryData(caseKey(id), detail);
      else void qc.invalidateQueries({ queryKey: caseKey(id) });
      void qc.invalidateQueries({ queryKey: CASES_KEY, predicate: (q) => q.queryKey[1] !== "detail" });
    },
    onError: (e) => {
      // A stale version, or any other clash with the case's current state: show the case as it is now.
      if (e instanceof ApiError && e.status === 409) void qc.invalidateQueries({ queryKey: caseKey(id) });
    },
  });
}

/**
 * Uploads one file for a material: multipart with the text field `material` first, then the `file` part
 * (the server reads the fields in order and streams the file).
 */
export async function uploadMaterial(
  caseId: string,
  material: string,
  file: File | Blob,
  options: { signal?: AbortSignal } = {},
): Promise<CaseMaterial> {
  const body = new FormData();
  body.append("material", material);
  body.append("file", file, file instanceof File ? file.name : "upload");
  return caseWrite(
    caseId,
    () =>
      unwrap(
        api.POST("/api/cases/{id}/materials", {
          params: { path: { id: caseId } },
          ...rawBody(body),
          signal: options.signal,
        }),
      ),
    { other: true },
  );
}

export function deleteMaterial(caseId: string, materialId: string) {
  return caseWrite(
    caseId,
    () =>
      unwrap(api.DELETE("/api/cases/{id}/materials/{materialId}", { params: { path: { id: caseId, materialId } } })),
    { other: true },
  );
}

/** The case as the server has it now (outside the query cache: the autosave's check of the version). */
export function readCase(id: string): Promise<CaseDetail> {
  return unwrap(api.GET("/api/cases/{id}", { params: { path: { id } } }));
}

/** Refetches the case (after a version conflict) and answers the fresh copy. */
export async function reloadCase(qc: QueryClient, id: string): Promise<CaseDetail | undefined> {
  await qc.invalidateQueries({ queryKey: caseKey(id) });
  return qc.getQueryData<CaseDetail>(caseKey(id));
}

// ── bundle applications (一件事一次办) ──────────────────────────────────────────────────────────────────

export const bundleAppKey = (id: string) => ["cases", "bundle", id] as const;

/** GET /api/cases/bundles/:id: the application and its cases in the bundle's order (`step` per case). */
export function useBundleApplication(id: string) {
  return useQuery({
    queryKey: bundleAppKey(id),
    queryFn: ({ signal }) => unwrap(api.GET("/api/cases/bundles/{id}", { params: { path: { id } }, signal })),
    staleTime: 0,
    retry: false,
    refetchOnWindowFocus: true,
  });
}

/** POST /api/cases/bundles: one draft case per item of the bundle (for the enterprise acted for, if any). */
export function createBundleApplication(bundleCode: string) {
  return unwrap(api.POST("/api/cases/bundles/", { body: { bundleCode } }));
}

/**
 * Submits every case of the application. Each case's version is read fresh first (the person may have
 * edited the drafts in other tabs), so only a change made in the meantime is a conflict.
 */
export async function submitBundleApplication(qc: QueryClient, app: BundleApplication): Promise<BundleApplication> {
  const fresh = await Promise.all(app.cases.map((c) => qc.fetchQuery(caseQuery(c.id))));
  const versions = Object.fromEntries(fresh.map((c) => [c.id, c.version]));
  return unwrap(api.POST("/api/cases/bundles/{id}/submit", { params: { path: { id: app.id } }, body: { versions } }));
}

export const bundleFormKey = (id: string) => ["cases", "bundle", id, "form"] as const;

/** GET /api/cases/bundles/:id/form: the bundle's one form (一表申请), the drafts' data under its fields. */
export function useBundleForm(id: string) {
  return useQuery({
    queryKey: bundleFormKey(id),
    queryFn: ({ signal }) => unwrap(api.GET("/api/cases/bundles/{id}/form", { params: { path: { id } }, signal })),
    staleTime: 0,
    retry: false,
    refetchOnWindowFocus: false,
  });
}

/** PUT /api/cases/bundles/:id/form: every draft's form from the one form, in one transaction. */
export function saveBundleForm(id: string, formData: Record<string, unknown>, versions: Record<string, number>) {
  return unwrap(api.PUT("/api/cases/bundles/{id}/form", { params: { path: { id } }, body: { formData, versions } }));
}
