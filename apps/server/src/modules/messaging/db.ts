import type { Generated } from "kysely";

export interface MessagingThreadsTable {
  id: Generated<string>;
  kind: string;
  case_id: string | null;
  case_number: string | null;
  request_id: string | null;
  request_number: string | null;
  department_ids: Generated<string[]>;
  member_ids: Generated<string[]>;
  key: string;
  title: string;
  created_at: Date;
  last_message_at: Date | null;
  last_seq: Generated<number>;
  purge_at: Date | null;
}

export interface MessagingMessagesTable {
  seq: Generated<number>;
  id: Generated<string>;
  thread_id: string;
  author_id: string;
  author_name: string;
  body: string;
  body_sha256: string;
  mentions: Generated<string[]>;
  attachment_file_id: string | null;
  attachment_name: string | null;
  attachment_type: string | null;
  attachment_size: number | null;
  attachment_sha256: string | null;
  created_at: Date;
}

export interface MessagingReadsTable {
  thread_id: string;
  account_id: string;
  account_name: string;
  last_read_seq: number;
  read_at: Date;
}

declare module "../../platform/db/schema.js" {
  interface DB {
    messaging_threads: MessagingThreadsTable;
    messaging_messages: MessagingMessagesTable;
    messaging_reads: MessagingReadsTable;
  }
}
