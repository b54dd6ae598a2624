import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

/**
 * An audit event and its leaf bytes. The entry names who did what to what, when, and carries only a
 * hash of the payload: the log is public in parts (proofs, heads) and read by auditors, so personal data
 * stays in the module that owns it and the log proves what it was.
 */
export interface AuditEvent {
  /** Dotted event type, e.g. "org.department.created", "identity.login.succeeded". */
  type: string;
  /** Who acted: "staff:<id>", "citizen:<id>", "client:<OAuth client id>", "system". */
  actor: string;
  /** The identity acted for, e.g. "enterprise:<uscc>" when an agent acts for an enterprise. */
  actingFor?: string | null;
  /** What was acted on, e.g. "department:<uuid>". */
  subject?: string | null;
  /** Details; only their SHA-256 (over canonical JSON) enters the log. */
  payload?: unknown;
  /** When it happened; defaults to now. */
  time?: Date;
}

export interface AuditEntry {
  v: 1;
  type: string;
  actor: string;
  actingFor: string | null;
  subject: string | null;
  time: string;
  payloadHash: string | null;
}

/** Canonical JSON per RFC 8785 (sorted keys, UTF-8, no insignificant whitespace). */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError("value cannot be represented as JSON");
  return text;
}

export function toEntry(event: AuditEvent): AuditEntry {
  if (!event.type || !event.actor) throw new TypeError("an audit event needs a type and an actor");
  return {
    v: 1,
    type: event.type,
    actor: event.actor,
    actingFor: event.actingFor ?? null,
    subject: event.subject ?? null,
    time: (event.time ?? new Date()).toISOString(),
    payloadHash:
      event.payload === undefined ? null : createHash("sha256").update(canonicalJson(event.payload)).digest("hex"),
  };
}

export function entryBytes(entry: AuditEntry): Buffer {
  return Buffer.from(canonicalJson(entry), "utf8");
}

export function parseEntry(bytes: Uint8Array): AuditEntry {
  return JSON.parse(Buffer.from(bytes).toString("utf8")) as AuditEntry;
}
