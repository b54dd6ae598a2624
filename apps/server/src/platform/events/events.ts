import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Clock } from "../clock/clock.js";
import type { DB } from "../db/schema.js";
import { executeWrites } from "../db/write-ctes.js";
import type { JobQueue, RegisterOptions } from "../jobs/jobs.js";
import type { EventPublisher, WriteCte } from "../ports.js";
import "./db.js";

/**
 * Domain events through a transactional outbox.
 *
 * `publish(trx, event)` inserts the event into `outbox_events` and, in the same transaction, schedules one
 * delivery job per matching subscriber (kind `event:<subscriber>`, key = event id). The job queue then runs
 * each delivery in the transaction that completes it: a subscriber's database writes and its delivery commit
 * together (effectively once for database effects; at least once for anything outside the database), a
 * failing subscriber is retried with backoff without holding up the others, and a rolled-back publish
 * delivers nothing.
 *
 * Subscribers must be registered (at start-up, in every process) before events they want are published:
 * the deliveries are decided at publish time. A delivery whose subscriber is unknown to a process waits for
 * a process that knows it.
 */

export interface DomainEvent {
  id: string;
  type: string;
  subject: string;
  payload: Record<string, unknown>;
  occurredAt: Date;
}

export interface PublishEvent {
  type: string;
  subject: string;
  payload: Record<string, unknown>;
}

export type EventHandler = (event: DomainEvent, trx: Kysely<DB>) => Promise<void>;

const JOB_PREFIX = "event:";

/** The job kind that delivers events to a subscriber. */
export const deliveryJobKind = (subscriber: string) => `${JOB_PREFIX}${subscriber}`;

export class EventBus implements EventPublisher {
  readonly #subscribers = new Map<string, { types: ReadonlySet<string> | "*"; handler: EventHandler }>();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
  ) {}

  /**
   * Records the event in the caller's transaction and schedules its deliveries; returns the event id. One
   * statement: the outbox row and the delivery jobs as CTEs of it.
   */
  async publish(trx: Kysely<DB>, event: PublishEvent): Promise<string> {
    const { id, writes } = this.publishCtes(event);
    await executeWrites(trx, writes);
    return id;
  }

  /** The outbox row and one delivery job per matching subscriber, as CTEs for the caller's statement. */
  publishCtes(event: PublishEvent): { id: string; writes: WriteCte[] } {
    const id = randomUUID();
    const now = this.clock.now();
    const writes: WriteCte[] = [
      (db) =>
        db.insertInto("outbox_events").values({
          id,
          type: event.type,
          subject: event.subject,
          payload: JSON.stringify(event.payload),
          occurred_at: now,
        }),
    ];
    for (const [name, s] of this.#subscribers) {
      if (s.types !== "*" && !s.types.has(event.type)) continue;
      writes.push(
        this.jobs.scheduleCte({ kind: deliveryJobKind(name), key: id, runAt: now, payload: { eventId: id } }),
      );
    }
    return { id, writes };
  }

  /**
   * Registers a subscriber under a stable `name` (it names its pending deliveries: renaming it orphans
   * them). The handler runs inside the delivery's transaction and must use that `trx` only. A delivery that
   * fails `options.maxAttempts` times (default: the job queue's) is dead until a platform admin re-runs it.
   */
  subscribe(name: string, types: readonly string[] | "*", handler: EventHandler, options: RegisterOptions = {}): void {
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(name)) throw new Error(`invalid subscriber name: ${name}`);
    if (this.#subscribers.has(name)) throw new Error(`subscriber already registered: ${name}`);
    this.#subscribers.set(name, { types: types === "*" ? "*" : new Set(types), handler });
    this.jobs.register(
      deliveryJobKind(name),
      async (job, trx) => {
        const eventId = String(job.payload.eventId ?? job.key);
        const row = await trx.selectFrom("outbox_events").selectAll().where("id", "=", eventId).executeTakeFirst();
        if (!row) return; // the event is gone (never committed rows cannot reach here); nothing to deliver
        await handler(toEvent(row), trx);
      },
      options,
    );
  }

  /** Events in publication order, after the event `after` (exclusive). */
  async list(options: { after?: string; limit: number; types?: readonly string[] }): Promise<DomainEvent[]> {
    let q = this.db.selectFrom("outbox_events").selectAll().orderBy("seq").limit(options.limit);
    if (options.after) {
      const after = options.after;
      q = q.where("seq", ">", (eb) => eb.selectFrom("outbox_events").select("seq").where("id", "=", after));
    }
    if (options.types && options.types.length > 0) q = q.where("type", "in", options.types);
    return (await q.execute()).map(toEvent);
  }

  /** One event by id, or null. */
  async get(id: string, trx: Kysely<DB> = this.db): Promise<DomainEvent | null> {
    const row = await trx.selectFrom("outbox_events").selectAll().where("id", "=", id).executeTakeFirst();
    return row ? toEvent(row) : null;
  }
}

function toEvent(row: {
  id: string;
  type: string;
  subject: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
}): DomainEvent {
  return { id: row.id, type: row.type, subject: row.subject, payload: row.payload ?? {}, occurredAt: row.occurred_at };
}
