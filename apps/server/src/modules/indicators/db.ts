import type { ColumnType, Generated } from "kysely";

export interface IndicatorDefinitionsTable {
  code: string;
  version: number;
  name: string;
  name_en: string;
  definition: string;
  unit: string;
  formula: string;
  dimensions: ColumnType<string[], string[], string[]>;
  direction: string;
  target: number | null;
  warning: number | null;
  critical: number | null;
  source_module: string;
  owner_department_id: string | null;
  created_by: string;
  created_at: Date;
}

/** The per-case contribution columns shared by facts and rollups. */
export interface CaseMeasureColumns {
  volume: number;
  online: number;
  decided: number;
  immediate: number;
  overdue: number;
  open: number;
  elapsed_minutes: number;
  promised_days: number;
}

export interface IndicatorCaseFactsTable extends CaseMeasureColumns {
  case_id: string;
  number: string | null;
  item_code: string;
  item_name: string;
  department_id: string;
  region_code: string;
  channel: string;
  /** YYYY-MM-DD: the local day the case was filed. */
  day: string;
  status: string;
  submitted_at: Date;
  decided_at: Date | null;
  deadline_date: string | null;
  updated_at: Date;
}

export interface IndicatorCaseRollupsTable {
  day: string;
  department_id: string;
  region_code: string;
  item_code: string;
  channel: string;
  volume: Generated<number>;
  online: Generated<number>;
  decided: Generated<number>;
  immediate: Generated<number>;
  overdue: Generated<number>;
  open: Generated<number>;
  elapsed_minutes: Generated<number>;
  promised_days: Generated<number>;
  updated_at: Date;
}

export interface IndicatorAlertRulesTable {
  id: string;
  indicator_code: string;
  department_id: string | null;
  comparison: string;
  threshold: number;
  window_days: number;
  interval_seconds: number;
  pending_seconds: number;
  state: Generated<string>;
  state_since: Date;
  last_value: number | null;
  last_evaluated_at: Date | null;
  silenced_until: Date | null;
  created_by: string;
  created_at: Date;
  version: Generated<number>;
  updated_by: string | null;
  updated_at: Date | null;
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
  ack_note: string | null;
}

export interface IndicatorAlertRuleVersionsTable {
  rule_id: string;
  version: number;
  department_id: string | null;
  comparison: string;
  threshold: number;
  window_days: number;
  interval_seconds: number;
  pending_seconds: number;
  saved_by: string;
  saved_at: Date;
}

export interface IndicatorAlertHistoryTable {
  id: Generated<number>;
  rule_id: string;
  at: Date;
  from_state: string;
  to_state: string;
  value: number | null;
  notified: boolean;
  actor: string | null;
  note: string | null;
}

export interface IndicatorRecomputeRunsTable {
  id: Generated<number>;
  at: Date;
  rollup_rows: number;
  raw_rows: number;
  drift: ColumnType<unknown, string, string>;
}

declare module "../../platform/db/schema.js" {
  interface DB {
    indicator_definitions: IndicatorDefinitionsTable;
    indicator_case_facts: IndicatorCaseFactsTable;
    indicator_case_rollups: IndicatorCaseRollupsTable;
    indicator_alert_rules: IndicatorAlertRulesTable;
    indicator_alert_history: IndicatorAlertHistoryTable;
    indicator_alert_rule_versions: IndicatorAlertRuleVersionsTable;
    indicator_recompute_runs: IndicatorRecomputeRunsTable;
  }
}
