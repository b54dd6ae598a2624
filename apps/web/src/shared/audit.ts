import { useQuery } from "@tanstack/react-query";
import { checkInclusion, type InclusionCheck, type TreeHeadCheck, verifyTreeHead } from "@yiwang/merkle";
import { apiFetch } from "./api";
import type { AuditEntries, AuditKeys, AuditLogEntry, AuditSearch, InclusionProof, SignedTreeHead } from "./contracts";

const BASE = "/api/audit/v1";
export function useTreeHead() {
  return useQuery({
    queryKey: ["audit", "sth"],
    queryFn: ({ signal }) => apiFetch<SignedTreeHead>(`${BASE}/get-sth`, { signal }),
    // A verification is only as fresh as the head it checks against.
    staleTime: 0,
  });
}

/**
 * Checks the head's signature locally against the log's published keys. Keyed on every signed field, so
 * the head card and the verify panel share one check and a refreshed head is checked again.
 */
export function useTreeHeadSignature(sth: SignedTreeHead | undefined) {
  return useQuery({
    queryKey: [
      "audit",
      "sth-signature",
      sth?.key_id,
      sth?.tree_size,
      sth?.timestamp,
      sth?.sha256_root_hash,
      sth?.tree_head_signature,
    ],
    queryFn: async ({ signal }): Promise<TreeHeadCheck> => {
      if (!sth) throw new Error("unreachable: query is disabled");
      const { keys } = await apiFetch<AuditKeys>(`${BASE}/keys`, { signal });
      return verifyTreeHead(sth, keys);
    },
    enabled: sth !== undefined,
  });
}

/** A submitted search. The auditor's staff session (an httpOnly cookie) authorises it; nothing else is sent. */
export interface AuditSearchRequest {
  filter: AuditSearch;
}

export function useAuditSearch(request: AuditSearchRequest | null) {
  return useQuery({
    queryKey: ["audit", "search", request],
    queryFn: ({ signal }) =>
      apiFetch<AuditEntries>(`${BASE}/search`, {
        query: { ...request?.filter },
        signal,
      }),
    enabled: request !== null,
    staleTime: 0,
  });
}

export interface InclusionResult {
  proof: InclusionProof;
  check: InclusionCheck;
}

/** Fetches the proof for an entry against the given head and checks it locally; never trusts the server's hashes. */
export function useInclusionCheck(entry: AuditLogEntry | null, sth: SignedTreeHead | undefined) {
  const covered = entry !== null && sth !== undefined && entry.leaf_index < sth.tree_size;
  return useQuery({
    queryKey: ["audit", "inclusion", entry?.leaf_index, sth?.tree_size, sth?.sha256_root_hash],
    queryFn: async ({ signal }): Promise<InclusionResult> => {
      if (!entry || !sth) throw new Error("unreachable: query is disabled");
      const proof = await apiFetch<InclusionProof>(`${BASE}/get-proof-by-index`, {
        query: { leaf_index: entry.leaf_index, tree_size: sth.tree_size },
        signal,
      });
      const check = await checkInclusion({
        leafInput: entry.leaf_input,
        leafIndex: entry.leaf_index,
        treeSize: sth.tree_size,
        rootHash: sth.sha256_root_hash,
        auditPath: proof.audit_path,
        expectedLeafHash: proof.leaf_hash,
      });
      return { proof, check };
    },
    enabled: covered,
  });
}
