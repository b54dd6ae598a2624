import type { Generated } from "kysely";

export interface NotificationsTable {
  id: Generated<string>;
  recipient_account_id: string;
  kind: string;
  title_zh: string;
  title_en: string;
  body_zh: string;
  body_en: string;
  link: string | null;
  subject: string;
  created_at: Date;
  read_at: Date | null;
}

declare module "../../platform/db/schema.js" {
  interface DB {
    notifications: NotificationsTable;
  }
}
