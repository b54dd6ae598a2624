/**
 * Alert rules on indicators (Grafana's model): a rule is evaluated every `interval` by its own job; while
 * the condition holds it is pending, and once it has held for the pending period it fires; when it stops
 * holding a firing rule resolves (back to ok) and a pending one simply returns to ok. Firing and resolving
 * notify the owner department's head(s) (部门负责人) and the supervisors (效能督查) through notify, in the
 * transaction that records the transition — unless the rule is silenced, when the history still records it.
 */
import { randomUUID } from "node:crypto";
import type { AlertRule, AlertState } from "@yiwang/contracts";
import { AcknowledgeAlertRequest, CreateAlertRuleRequest, UpdateAlertRuleRequest } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { Principal } from "../../platform/auth/permissions.js";
import type { DB } from "../../platform/db/schema.js";
import type { Job } from "../../platform/jobs/index.js";
import { ALERT_JOB, type IndicatorDeps } from "./context.js";
import { IndicatorErrors } from "./errors.js";
import type { IndicatorRegistry } from "./registry.service.js";
import type { AlertRuleRow } from "./repository.js";
import type { IndicatorValuesService, Viewer } from "./values.service.js";

export function toAlertRule(r: AlertRuleRow): AlertRule {
  return {
    id: r.id,
    indicatorCode: r.indicator_code,
    departmentId: r.department_id,
    comparison: r.comparison as "above" | "below",
    threshold: r.threshold,
    windowDays: r.window_days,
    intervalSeconds: r.interval_seconds,
    pendingSeconds: r.pending_seconds,
    state: r.state as AlertState,
    stateSince: r.state_since.toISOString(),
    lastValue: r.last_value,
    lastEvaluatedAt: r.last_evaluated_at?.toISOString() ?? null,
    silencedUntil: r.silenced_until?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
    version: r.version,
    updatedAt: r.updated_at?.toISOString() ?? null,
    acknowledgement:
      r.acknowledged_at && r.acknowledged_by
        ? { by: r.acknowledged_by, at: r.acknowledged_at.toISOString(), note: r.ack_note ?? "" }
        : null,
  };
}

/** The definition fields of a rule that an edit may change (and a version keeps). */
const EDITABLE = [
  ["departmentId", "department_id"],
  ["comparison", "comparison"],
  ["threshold", "threshold"],
  ["windowDays", "window_days"],
  ["intervalSeconds", "interval_seconds"],
  ["pendingSeconds", "pending_seconds"],
] as const;

export class IndicatorAlerts {
  constructor(
    private readonly deps: IndicatorDeps,
    private readonly registry: IndicatorRegistry,
    private readonly values: IndicatorValuesService,
  ) {}

  async create(p: Principal, body: unknown): Promise<AlertRule> {
    const input = CreateAlertRuleRequest.parse(body);
    const indicator = (await this.registry.current()).get(input.indicatorCode);
    if (!indicator) throw IndicatorErrors.INDICATOR_NOT_FOUND({ code: input.indicatorCode });
    if (input.departmentId && !indicator.dimensions.includes("department"))
      throw IndicatorErrors.INDICATOR_DIMENSION_UNSUPPORTED({ code: indicator.code, dimension: "department" });
    const now = this.deps.clock.now();
    const row: AlertRuleRow = {
      id: randomUUID(),
      indicator_code: input.indicatorCode,
      department_id: input.departmentId,
      comparison: input.comparison,
      threshold: input.threshold,
      window_days: input.windowDays,
      interval_seconds: input.intervalSeconds,
      pending_seconds: input.pendingSeconds,
      state: "ok",
      state_since: now,
      last_value: null,
      last_evaluated_at: null,
      silenced_until: null,
      created_by: p.id,
      created_at: now,
      version: 1,
      updated_by: null,
      updated_at: null,
      acknowledged_by: null,
      acknowledged_at: null,
      ack_note: null,
    };
    await this.deps.db.transaction().execute(async (trx) => {
      await this.deps.repo.insertRule(row, trx);
      await this.deps.repo.insertRuleVersion(versionOf(row, p.id, now), trx);
      await this.deps.jobs.schedule(trx, { kind: ALERT_JOB, key: row.id, runAt: now, payload: {} });
      await this.deps.audit.append(
        {
          type: "indicators.alert.created",
          actor: `staff:${p.id}`,
          actingFor: null,
          subject: `indicator-alert:${row.id}`,
          payload: { indicator: row.indicator_code, comparison: row.comparison, threshold: row.threshold },
          time: now,
        },
        trx,
      );
    });
    return toAlertRule(row);
  }

  async list(viewer: Viewer): Promise<{ items: AlertRule[] }> {
    return { items: (await this.deps.repo.rules(viewer.departmentId)).map(toAlertRule) };
  }

  /**
   * An edit: the changed fields make version n + 1 (every version kept), the state stays (a firing rule
   * resolves, with its notice, at the next evaluation if the new condition no longer holds), and the rule is
   * evaluated at once under the new condition (and interval).
   */
  async update(p: Principal, id: string, body: unknown): Promise<AlertRule> {
    const input = UpdateAlertRuleRequest.parse(body);
    const now = this.deps.clock.now();
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await this.deps.repo.lockRule(id, trx);
      if (!row) throw IndicatorErrors.INDICATOR_ALERT_NOT_FOUND({ id });
      if (input.departmentId) {
        const indicator = (await this.registry.current(trx)).get(row.indicator_code);
        if (indicator && !indicator.dimensions.includes("department"))
          throw IndicatorErrors.INDICATOR_DIMENSION_UNSUPPORTED({ code: indicator.code, dimension: "department" });
      }
      const set: Partial<AlertRuleRow> = {};
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const [field, column] of EDITABLE) {
        const to = input[field];
        if (to === undefined || to === row[column]) continue;
        (set as Record<string, unknown>)[column] = to;
        changes[field] = { from: row[column], to };
      }
      // The same values again: nothing to version, nothing to audit.
      if (Object.keys(changes).length === 0) return toAlertRule(row);
      const next: AlertRuleRow = { ...row, ...set, version: row.version + 1, updated_by: p.id, updated_at: now };
      await this.deps.repo.updateRule(id, { ...set, version: next.version, updated_by: p.id, updated_at: now }, trx);
      await this.deps.repo.insertRuleVersion(versionOf(next, p.id, now), trx);
      await this.deps.jobs.schedule(trx, { kind: ALERT_JOB, key: id, runAt: now, payload: {} });
      await this.deps.audit.append(
        {
          type: "indicators.alert.updated",
          actor: `staff:${p.id}`,
          actingFor: null,
          subject: `indicator-alert:${id}`,
          payload: { version: next.version, changes },
          time: now,
        },
        trx,
      );
      return toAlertRule(next);
    });
  }

  async versions(id: string) {
    const rows = await this.deps.repo.ruleVersions(id);
    if (rows.length === 0) throw IndicatorErrors.INDICATOR_ALERT_NOT_FOUND({ id });
    return {
      items: rows.map((r) => ({
        version: r.version,
        departmentId: r.department_id,
        comparison: r.comparison as "above" | "below",
        threshold: r.threshold,
        windowDays: r.window_days,
        intervalSeconds: r.interval_seconds,
        pendingSeconds: r.pending_seconds,
        savedBy: r.saved_by,
        savedAt: r.saved_at.toISOString(),
      })),
    };
  }

  /** 认领: someone is on a firing alert, and says what is being done (history and audit keep the note). */
  async acknowledge(p: Principal, id: string, body: unknown): Promise<AlertRule> {
    const { note } = AcknowledgeAlertRequest.parse(body);
    const now = this.deps.clock.now();
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await this.deps.repo.lockRule(id, trx);
      if (!row) throw IndicatorErrors.INDICATOR_ALERT_NOT_FOUND({ id });
      if (row.state !== "firing") throw IndicatorErrors.INDICATOR_ALERT_NOT_FIRING({ id, state: row.state });
      const set = { acknowledged_by: p.id, acknowledged_at: now, ack_note: note };
      await this.deps.repo.updateRule(id, set, trx);
      await this.deps.repo.appendHistory(
        {
          rule_id: id,
          at: now,
          from_state: "firing",
          to_state: "firing",
          value: row.last_value,
          notified: false,
          actor: `staff:${p.id}`,
          note,
        },
        trx,
      );
      await this.deps.audit.append(
        {
          type: "indicators.alert.acknowledged",
          actor: `staff:${p.id}`,
          actingFor: null,
          subject: `indicator-alert:${id}`,
          payload: { note, value: row.last_value },
          time: now,
        },
        trx,
      );
      return toAlertRule({ ...row, ...set });
    });
  }

  async silence(p: Principal, id: string, until: string): Promise<AlertRule> {
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await this.deps.repo.lockRule(id, trx);
      if (!row) throw IndicatorErrors.INDICATOR_ALERT_NOT_FOUND({ id });
      const silencedUntil = new Date(until);
      await this.deps.repo.updateRule(id, { silenced_until: silencedUntil }, trx);
      await this.deps.audit.append(
        {
          type: "indicators.alert.silenced",
          actor: `staff:${p.id}`,
          actingFor: null,
          subject: `indicator-alert:${id}`,
          payload: { until },
          time: this.deps.clock.now(),
        },
        trx,
      );
      return toAlertRule({ ...row, silenced_until: silencedUntil });
    });
  }

  async history(id: string) {
    const rows = await this.deps.repo.history(id);
    return {
      items: rows.map((r) => ({
        at: r.at.toISOString(),
        from: r.from_state as AlertState,
        to: r.to_state as AlertState,
        value: r.value,
        actor: r.actor,
        note: r.note,
      })),
    };
  }

  /** One evaluation (the rule's job); reschedules itself one interval later. */
  async fire(job: Job, trx: Kysely<DB>): Promise<{ reschedule: Date } | undefined> {
    const rule = await this.deps.repo.lockRule(job.key, trx);
    if (!rule) return undefined;
    const now = this.deps.clock.now();
    const { from, to } = this.values.lastDays(rule.window_days);
    const figures = await this.values.values(
      rule.department_id ? { departmentId: rule.department_id } : {},
      {
        from,
        to,
        codes: [rule.indicator_code],
      },
      trx,
    );
    const value = figures.totals[rule.indicator_code] ?? null;
    const holds = value !== null && (rule.comparison === "above" ? value > rule.threshold : value < rule.threshold);
    const state = rule.state as AlertState;
    let next: AlertState = state;
    if (!holds) next = "ok";
    else if (state === "ok") next = rule.pending_seconds === 0 ? "firing" : "pending";
    else if (state === "pending" && now.getTime() - rule.state_since.getTime() >= rule.pending_seconds * 1000)
      next = "firing";
    const set: Partial<AlertRuleRow> = { last_value: value, last_evaluated_at: now };
    if (next !== state) {
      set.state = next;
      set.state_since = now;
      // An acknowledgement is of one firing: the next one (or the resolution) starts without it.
      set.acknowledged_by = null;
      set.acknowledged_at = null;
      set.ack_note = null;
      // A pending rule that clears never fired: nobody is told. Firing and resolving are told.
      const tell = next === "firing" || state === "firing";
      const silenced = rule.silenced_until !== null && rule.silenced_until > now;
      const notified = tell && !silenced;
      if (notified) await this.notify(trx, rule, next === "firing", value);
      await this.deps.repo.appendHistory(
        { rule_id: rule.id, at: now, from_state: state, to_state: next, value, notified, actor: null, note: null },
        trx,
      );
      await this.deps.audit.append(
        {
          type: `indicators.alert.${next === "firing" ? "fired" : next === "ok" ? "resolved" : "pending"}`,
          actor: "system",
          actingFor: null,
          subject: `indicator-alert:${rule.id}`,
          payload: { from: state, to: next, value, threshold: rule.threshold, notified },
          time: now,
        },
        trx,
      );
    }
    await this.deps.repo.updateRule(rule.id, set, trx);
    return { reschedule: new Date(now.getTime() + rule.interval_seconds * 1000) };
  }

  private async notify(trx: Kysely<DB>, rule: AlertRuleRow, firing: boolean, value: number | null) {
    const indicator = (await this.registry.current(trx)).get(rule.indicator_code);
    const owner = rule.department_id ?? indicator?.ownerDepartmentId ?? null;
    const recipients = new Set<string>();
    if (owner) for (const id of await this.deps.staffWithRole("dept_admin", owner, trx)) recipients.add(id);
    for (const id of await this.deps.staffWithRole("supervisor", undefined, trx)) recipients.add(id);
    if (recipients.size === 0) return;
    const name = indicator?.name ?? rule.indicator_code;
    const nameEn = indicator?.nameEn ?? rule.indicator_code;
    const shown = value === null ? "—" : String(Math.round(value * 100) / 100);
    const op = rule.comparison === "above" ? ">" : "<";
    await this.deps.notify.send(trx, {
      recipients: [...recipients].slice(0, 1000),
      kind: firing ? "indicators.alert.firing" : "indicators.alert.resolved",
      title: firing
        ? { zh: `指标告警：${name}`, en: `Indicator alert: ${nameEn}` }
        : { zh: `指标告警已恢复：${name}`, en: `Indicator alert resolved: ${nameEn}` },
      body: {
        zh: `${name} 当前为 ${shown}（规则：${op} ${rule.threshold}）`,
        en: `${nameEn} is ${shown} (rule: ${op} ${rule.threshold})`,
      },
      link: "/workbench/indicators",
      subject: `indicator-alert:${rule.id}`,
    });
  }
}

function versionOf(r: AlertRuleRow, by: string, at: Date) {
  return {
    rule_id: r.id,
    version: r.version,
    department_id: r.department_id,
    comparison: r.comparison,
    threshold: r.threshold,
    window_days: r.window_days,
    interval_seconds: r.interval_seconds,
    pending_seconds: r.pending_seconds,
    saved_by: by,
    saved_at: at,
  };
}
