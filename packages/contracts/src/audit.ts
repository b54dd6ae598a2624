import { z } from "zod";

/** Transparency-log API shaped after RFC 6962 §4 (JSON field names as in the RFC). Hashes are base64. */
const b64 = z.string().describe("base64");
const count = z.coerce.number().int().min(0);

export const SignedTreeHeadResponse = z
  .object({
    tree_size: z.number().int(),
    timestamp: z.number().int().describe("ms since the epoch"),
    sha256_root_hash: b64,
    tree_head_signature: b64.describe("Ed25519 signature over RFC 6962 §3.5 TreeHeadSignature (50 bytes)"),
    key_id: z.string().describe("kid of the signing key (RFC 7638 thumbprint)"),
  })
  .meta({ id: "SignedTreeHead" });

export const ConsistencyQuery = z.object({ first: count, second: count });
export const ConsistencyResponse = z.object({ consistency: z.array(b64) });

export const ProofByHashQuery = z.object({ hash: z.base64().describe("leaf hash, base64"), tree_size: count });
export const ProofByIndexQuery = z.object({ leaf_index: count, tree_size: count });
export const InclusionProofResponse = z.object({
  leaf_index: z.number().int(),
  audit_path: z.array(b64),
  leaf_hash: b64.optional(),
});

export const EntriesQuery = z.object({ start: count, end: count });
export const AuditEntryView = z.object({
  v: z.literal(1),
  type: z.string(),
  actor: z.string(),
  actingFor: z.string().nullable(),
  subject: z.string().nullable(),
  time: z.string(),
  payloadHash: z.string().nullable(),
});
export const EntriesResponse = z.object({
  entries: z.array(z.object({ leaf_index: z.number().int(), leaf_input: b64, entry: AuditEntryView })),
});

export const AuditSearchQuery = z.object({
  type: z.string().max(100).optional(),
  actor: z.string().max(200).optional(),
  subject: z.string().max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const AuditKeysResponse = z.object({
  keys: z.array(
    z.object({
      kid: z.string(),
      jwk: z.record(z.string(), z.string()),
      created_at: z.string(),
      retired_at: z.string().nullable(),
    }),
  ),
});
