import {
  AuditKeysResponse,
  AuditSearchQuery,
  ConsistencyQuery,
  ConsistencyResponse,
  EntriesQuery,
  EntriesResponse,
  errorResponses,
  InclusionProofResponse,
  ProofByHashQuery,
  ProofByIndexQuery,
  SignedTreeHeadResponse,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { parseEntry } from "./entry.js";
import type { AuditLog, SignedTreeHead } from "./service.js";

const errors = errorResponses(400, 401, 403, 404);
const tags = ["audit 可信审计"];
const b64 = (b: Buffer) => b.toString("base64");

function entriesBody(rows: { leafIndex: number; entry: Buffer }[]) {
  return {
    entries: rows.map((r) => ({ leaf_index: r.leafIndex, leaf_input: b64(r.entry), entry: parseEntry(r.entry) })),
  };
}

function sthBody(h: SignedTreeHead) {
  return {
    tree_size: h.treeSize,
    timestamp: h.timestampMs,
    sha256_root_hash: b64(h.rootHash),
    tree_head_signature: b64(h.signature),
    key_id: h.keyId,
  };
}

/**
 * RFC 6962 §4-style API. Tree heads, proofs and keys are public: anyone may check that the log is
 * append-only and that an entry is in it. Entries name staff, so reading them needs audit.read.
 */
export const auditRoutes: FastifyPluginAsyncZod<{ log: AuditLog }> = async (app, { log }) => {
  app.get(
    "/get-sth",
    { schema: { tags, summary: "最新签名树头 / Latest signed tree head", response: { 200: SignedTreeHeadResponse } } },
    async () => sthBody(await log.latestTreeHead()),
  );

  app.get(
    "/get-sth-consistency",
    {
      schema: {
        tags,
        summary: "一致性证明 / Consistency proof",
        querystring: ConsistencyQuery,
        response: { 200: ConsistencyResponse, ...errors },
      },
    },
    async (req) => ({ consistency: (await log.consistencyProof(req.query.first, req.query.second)).map(b64) }),
  );

  app.get(
    "/get-proof-by-hash",
    {
      schema: {
        tags,
        summary: "按叶子哈希取包含证明 / Inclusion proof by leaf hash",
        querystring: ProofByHashQuery,
        response: { 200: InclusionProofResponse, ...errors },
      },
    },
    async (req) => {
      const p = await log.proofByHash(Buffer.from(req.query.hash, "base64"), req.query.tree_size);
      return { leaf_index: p.leafIndex, audit_path: p.auditPath.map(b64) };
    },
  );

  app.get(
    "/get-proof-by-index",
    {
      schema: {
        tags,
        summary: "按序号取包含证明 / Inclusion proof by leaf index",
        querystring: ProofByIndexQuery,
        response: { 200: InclusionProofResponse, ...errors },
      },
    },
    async (req) => {
      const p = await log.proofByIndex(req.query.leaf_index, req.query.tree_size);
      return { leaf_index: req.query.leaf_index, audit_path: p.auditPath.map(b64), leaf_hash: b64(p.leafHash) };
    },
  );

  app.get(
    "/get-entries",
    {
      preHandler: app.authorize("audit.read"),
      schema: {
        tags,
        summary: "读取日志条目（审计员）/ Entries (auditors)",
        querystring: EntriesQuery,
        response: { 200: EntriesResponse, ...errors },
      },
    },
    async (req) => {
      return entriesBody(await log.entries(req.query.start, req.query.end));
    },
  );

  app.get(
    "/search",
    {
      preHandler: app.authorize("audit.read"),
      schema: {
        tags,
        summary: "检索日志（审计员）/ Search entries (auditors)",
        querystring: AuditSearchQuery,
        response: { 200: EntriesResponse, ...errors },
      },
    },
    async (req) => {
      const q = req.query;
      const rows = await log.search({
        ...q,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
      });
      return entriesBody(rows);
    },
  );

  app.get(
    "/keys",
    { schema: { tags, summary: "日志公钥 / Log public keys (JWK)", response: { 200: AuditKeysResponse } } },
    async () => ({
      keys: (await log.publicKeys()).map((k) => ({
        kid: k.kid,
        jwk: k.jwk,
        created_at: k.createdAt,
        retired_at: k.retiredAt,
      })),
    }),
  );

  app.post(
    "/sign-tree-head",
    {
      preHandler: app.authorize("audit.sign"),
      schema: {
        tags,
        summary: "立即签名树头 / Sign a tree head now",
        response: { 200: SignedTreeHeadResponse, ...errors },
      },
    },
    async () => sthBody(await log.signTreeHead()),
  );
};
