import type { Kysely } from "kysely";
import type { Clock } from "../../platform/clock/clock.js";
import type { DB } from "../../platform/db/schema.js";
import type { DomainEvent } from "../../platform/events/events.js";
import type { SecurityAlerts } from "./alerts.service.js";

/**
 * The detector's three sources (GB/T 22239 level 3, 安全审计 / 集中管控: security events reach the security
 * administrator):
 *  - repeated account lockouts: identity publishes `identity.account.locked`; each delivery records a signal
 *    and counts the window in the delivery's transaction (lockouts are rare: one row each is nothing);
 *  - bursts of refused requests (403): counted in process memory (`DeniedBursts`), no database write per
 *    refusal; a burst writes once;
 *  - a failed audit-log verification: `yiwang audit verify` raises it (`auditVerifyFailed`).
 */

/** Subscriber of `identity.account.locked`: N lockouts across the platform within the window → an alert. */
export function lockoutDetector(alerts: SecurityAlerts, limits: { count: number; minutes: number }) {
  const windowMs = limits.minutes * 60_000;
  return async (event: DomainEvent, trx: Kysely<DB>) => {
    const accountId = String(event.payload.accountId ?? event.subject);
    const at = event.occurredAt;
    const inWindow = await alerts.repo.signal(trx, { kind: "lockout", subject: accountId, at, windowMs });
    if (inWindow.length < limits.count) return;
    await alerts.raise(trx, {
      kind: "lockouts",
      subject: "*",
      occurrences: inWindow.length,
      increment: 1,
      details: {
        windowMinutes: limits.minutes,
        threshold: limits.count,
        lockoutsInWindow: inWindow.length,
        // Which accounts, at most 20 (the audit log has every lockout).
        accounts: [...new Set(inWindow)].slice(-20),
      },
      at,
    });
  };
}

/**
 * Counts refusals per key (an actor, an IP) in a sliding window, in this process's memory. `hit` answers
 * true exactly when the key reaches `count` refusals within `windowMs`; its count then starts again, so a
 * burst of 3 × count refusals fires three times, not 2 × count + 1 times.
 *
 * Why memory and not PostgreSQL: a refused request is the cheapest answer the platform gives, and an
 * attacker controls how many arrive; an upsert per 403 would turn every probe into a database write.
 * Measured (`npx tsx bench/denied-counter.ts 3000`, Node 24.22, PGlite, a shared two-core machine, two
 * rounds): the in-memory hit 1.3–6 µs; the platform's shared PostgreSQL counter (`platform/rate-limit.ts`,
 * one upsert) 1.5–2.1 ms — more than a whole refused request through the app (0.56–0.84 ms for a 401 by
 * `inject`), and on PGlite it holds the one connection every request shares. The price: with N processes
 * behind a load balancer, a burst spread
 * evenly over them is seen at up to N × count refusals (each process counts its own share) — still found,
 * later. Memory is bounded: at most `maxKeys` keys (the least recently refused are forgotten first), each
 * holding at most `count` timestamps.
 */
export class DeniedBursts {
  readonly #hits = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly count: number,
    private readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  hit(key: string): boolean {
    const now = this.clock.now().getTime();
    const times = this.#hits.get(key) ?? [];
    this.#hits.delete(key); // re-inserted below: Map order is then least recently refused first
    let first = 0;
    while (first < times.length && times[first] <= now - this.windowMs) first++;
    const kept = first > 0 ? times.slice(first) : times;
    kept.push(now);
    if (kept.length >= this.count) return true; // the key starts again (not re-inserted)
    this.#hits.set(key, kept);
    if (this.#hits.size > this.maxKeys) this.#hits.delete(this.#hits.keys().next().value as string);
    return false;
  }

  /** Keys being counted (for tests of the bound). */
  get size(): number {
    return this.#hits.size;
  }
}

/** The alert for a key that reached the threshold. */
export function deniedAlert(key: string, limits: { count: number; seconds: number }, at: Date) {
  return {
    kind: "permission_denied" as const,
    subject: key,
    occurrences: limits.count,
    increment: limits.count,
    details: { windowSeconds: limits.seconds, threshold: limits.count },
    at,
  };
}

/** What `yiwang audit verify` reports when the log does not verify. */
export interface VerifyFailure {
  treeSize: number;
  problems: { kind: string; message: string }[];
}

/** A failed verification of the audit log → an alert (subject `audit-log`), in its own transaction. */
export function auditVerifyFailed(alerts: SecurityAlerts, report: VerifyFailure, at: Date) {
  return alerts.raiseNow({
    kind: "audit_verify_failed",
    subject: "audit-log",
    occurrences: 1,
    increment: 1,
    details: {
      treeSize: report.treeSize,
      problems: report.problems.length,
      // The first few, as the CLI printed them: enough to start looking.
      first: report.problems.slice(0, 5).map((p) => `${p.kind}: ${p.message}`),
    },
    at,
  });
}
