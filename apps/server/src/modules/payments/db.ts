import type { Generated } from "kysely";

export interface PaymentOrdersTable {
  id: Generated<string>;
  case_id: string;
  case_number: string | null;
  code: string;
  item_code: string;
  item_name: string;
  department_id: string;
  department_name: string;
  payer_account_id: string;
  payer_name: string;
  lines: unknown;
  amount_fen: number;
  due_date: string;
  status: Generated<string>;
  created_at: Date;
  paid_at: Date | null;
  transaction_id: string | null;
  channel: string | null;
  receipt_number: string | null;
  receipt_file_id: string | null;
  receipt_sha256: string | null;
  overdue_flagged_at: Date | null;
}

export interface PaymentCodeCountersTable {
  prefix: string;
  last: number;
}

export interface PaymentDemoLedgerTable {
  code: string;
  transaction_id: string;
  amount_fen: number;
  paid_at: Date;
}

declare module "../../platform/db/schema.js" {
  interface DB {
    payment_orders: PaymentOrdersTable;
    payment_code_counters: PaymentCodeCountersTable;
    payment_demo_ledger: PaymentDemoLedgerTable;
  }
}
