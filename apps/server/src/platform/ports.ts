/**
 * The ports: what modules (and the platform itself) need from services that some module implements.
 * They live here, in the platform, so that `platform/` imports no module and a module depends on a small
 * interface instead of another module's class (ARCHITECTURE.md, "Rules of the house"). The audit module
 * implements `AuditLog`, the notify module `Notifier`, the platform's `EventBus` `EventPublisher`, and
 * app.ts wires them into `app.platform`.
 */
import type { NotificationSend } from "@yiwang/contracts";
import type { InsertQueryBuilder, InsertResult, Kysely, QueryCreator, RawBuilder } from "kysely";
import type { DB } from "./db/schema.js";
import type { PublishEvent } from "./events/events.js";

export type { Clock } from "./clock/clock.js";

/**
 * An audit event. The entry names who did what to what, when, and carries only a hash of the payload:
 * the log is public in parts (proofs, heads) and read by auditors, so personal data stays in the module
 * that owns it and the log proves what it was.
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

/**
 * A data-modifying common table expression (one insert), for `db.with(name, cte)`: how a hot path writes
 * its own row and another module's (an audit entry, an outbox event and its deliveries) in ONE statement.
 * The shape is Kysely's: a function of the query creator giving an insert without RETURNING. Its table is
 * `any` on purpose (as in Kysely's own CTE type): naming it would put the other module's table in the port.
 */
// biome-ignore lint/suspicious/noExplicitAny: the table stays the writer's (see above)
export type WriteCte = (db: QueryCreator<DB>) => InsertQueryBuilder<DB, any, InsertResult>;
/**
 * The audit log's entry as such a CTE. SQL text rather than a query builder: every audited write carries
 * one, and compiling the builder's version was ~2 % of an exchange gateway call's CPU.
 */
export type AuditEntryCte = (db: QueryCreator<DB>) => RawBuilder<Record<string, never>>;

/** The tamper-evident audit log (implemented by modules/audit). */
export interface AuditLog {
  /** Records events as part of `trx` (commits or rolls back with the change they describe). */
  append(event: AuditEvent | AuditEvent[], trx?: Kysely<DB>): Promise<void>;
  /**
   * The event's entry as a CTE, so a hot path can write its own row and the entry in ONE SQL statement
   * (a data-modifying CTE is atomic; one round trip instead of BEGIN, two inserts, COMMIT):
   * `db.with("call", (q) => q.insertInto(…)).with("audit", audit.entryCte(event)).selectFrom("call")…`.
   * The caller never names the audit tables, and the entry's encoding stays the audit module's.
   * With `onlyWith`, the entry is queued only if that earlier CTE of the statement returned a row (a
   * conditional write such as the gateway's "log the call only if the grant still holds"): a write that
   * did not happen gets no entry.
   */
  entryCte(event: AuditEvent, options?: { onlyWith?: string }): AuditEntryCte;
}

/** In-app notifications (implemented by modules/notify), sent in the sender's transaction. */
export interface Notifier {
  /** One notification per distinct recipient; returns their ids. */
  send(trx: Kysely<DB>, notification: NotificationSend): Promise<string[]>;
}

/** Domain events through the transactional outbox (implemented by platform/events' `EventBus`). */
export interface EventPublisher {
  /** Inserts the event in `trx`; subscribers are called after it commits. Returns the event id. */
  publish(trx: Kysely<DB>, event: PublishEvent): Promise<string>;
  /**
   * The same writes as CTEs (the outbox row, one delivery job per subscriber), for the caller's own
   * statement: `publish` in no round trip of its own. They take effect only if that statement runs in `trx`.
   */
  publishCtes(event: PublishEvent): { id: string; writes: WriteCte[] };
}

/** An account's phone number, for SMS notices (implemented by modules/identity; decrypts on read). */
export interface PhoneDirectory {
  phoneOf(accountId: string, trx: Kysely<DB>): Promise<string | null>;
}

/**
 * SMS notices through the notify module's SMS channel (template, daily cap, retries), queued in the caller's
 * transaction. For modules whose notice must reach a phone whatever the person's in-app choices (好差评
 * invitations). Returns false when the notice was already queued (same event type, subject and recipient).
 */
export interface SmsNotifier {
  sms(
    trx: Kysely<DB>,
    notice: { recipient: string; eventType: string; subject: string; variables: Record<string, string> },
  ): Promise<boolean>;
}
