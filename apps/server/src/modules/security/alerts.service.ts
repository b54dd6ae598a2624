import type { SecurityAlert, SecurityAlertList, SecurityAlertListQuery } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { Principal } from "../../platform/auth/permissions.js";
import type { Clock } from "../../platform/clock/clock.js";
import type { DB } from "../../platform/db/schema.js";
import type { AuditLog, Notifier } from "../../platform/ports.js";
import { AccountRepository } from "../identity/index.js";
import { SecurityErrors } from "./errors.js";
import { type AlertRow, type RaiseAlert, SecurityRepository } from "./repository.js";

export interface SecurityAlertDeps {
  db: Kysely<DB>;
  audit: AuditLog;
  notify: Notifier;
  clock: Clock;
}

export function toAlert(r: AlertRow): SecurityAlert {
  return {
    id: r.id,
    kind: r.kind,
    subject: r.subject,
    occurrences: r.occurrences,
    detections: r.detections,
    details: r.details ?? {},
    firstSeenAt: r.first_seen_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
    acknowledgedBy: r.acknowledged_by,
    acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
    acknowledgeNote: r.acknowledge_note,
  };
}

const TITLES: Record<AlertRow["kind"], { zh: string; en: string }> = {
  lockouts: { zh: "安全告警：短时间内多个账号被锁定", en: "Security alert: repeated account lockouts" },
  permission_denied: { zh: "安全告警：越权访问尝试集中出现", en: "Security alert: a burst of refused requests" },
  audit_verify_failed: { zh: "安全告警：审计日志校验失败", en: "Security alert: the audit log failed verification" },
};

/**
 * Security alerts (安全告警): stored, one open alert per kind and subject (a detection while it is open adds
 * to it instead of raising another), each new one audited and sent as an in-app notice to every active
 * security administrator in the detecting transaction. Security admins acknowledge them (audited); auditors
 * read them too.
 */
export class SecurityAlerts {
  readonly repo: SecurityRepository;

  constructor(private readonly d: SecurityAlertDeps) {
    this.repo = new SecurityRepository(d.db);
  }

  /** Raises (or adds to) an alert in `trx`; returns it and whether it is new. */
  async raise(trx: Kysely<DB>, alert: RaiseAlert): Promise<{ alert: SecurityAlert; opened: boolean }> {
    const { row, opened } = await this.repo.raise(trx, alert);
    if (opened) {
      await this.d.audit.append(
        {
          type: "security.alert.raised",
          actor: "system",
          subject: `security_alert:${row.id}`,
          payload: { kind: row.kind, subject: row.subject, occurrences: row.occurrences, details: alert.details },
          time: alert.at,
        },
        trx,
      );
      const recipients = await new AccountRepository(trx).staffIdsWithRole("security_admin", undefined, trx);
      await this.d.notify.send(trx, {
        recipients,
        kind: `security.alert.${row.kind}`,
        title: TITLES[row.kind],
        body: {
          zh: `对象：${row.subject}；次数：${row.occurrences}。请在安全管理页面查看并确认。`,
          en: `Subject: ${row.subject}; count: ${row.occurrences}. Review and acknowledge it on the security page.`,
        },
        link: "/admin/security",
        subject: `security_alert:${row.id}`,
      });
    }
    return { alert: toAlert(row), opened };
  }

  /** Raises in a transaction of its own (for detectors outside any change: the 403 counter, the CLI). */
  raiseNow(alert: RaiseAlert) {
    return this.d.db.transaction().execute((trx) => this.raise(trx, alert));
  }

  async list(query: SecurityAlertListQuery): Promise<SecurityAlertList> {
    const { rows, total, open } = await this.repo.list(query);
    return { items: rows.map(toAlert), total, open };
  }

  async acknowledge(principal: Principal, id: string, note: string | undefined): Promise<SecurityAlert> {
    const existing = await this.repo.find(id);
    if (!existing) throw SecurityErrors.SECURITY_ALERT_NOT_FOUND();
    const now = this.d.clock.now();
    return this.d.db.transaction().execute(async (trx) => {
      const row = await this.repo.acknowledge(trx, id, principal.id, now, note ?? null);
      if (!row) throw SecurityErrors.SECURITY_ALERT_ACKNOWLEDGED();
      await this.d.audit.append(
        {
          type: "security.alert.acknowledged",
          actor: `${principal.kind}:${principal.id}`,
          subject: `security_alert:${id}`,
          payload: { kind: row.kind, subject: row.subject, note: row.acknowledge_note },
          time: now,
        },
        trx,
      );
      return toAlert(row);
    });
  }
}
