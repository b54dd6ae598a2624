import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

import type { AuditEvent } from "../../platform/ports.js";

export type { AuditEvent };

/** The leaf bytes of an audit event (see `AuditEvent` in platform/ports.ts for what an entry names). */
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
