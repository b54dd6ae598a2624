import type { Message, MessagingThread, ReadReceipt, ThreadKind } from "@yiwang/contracts";
import type { MessageRow, ReadRow, ThreadRow } from "./repository.js";

export function toThread(r: ThreadRow, myLastReadSeq: number): MessagingThread {
  return {
    id: r.id,
    kind: r.kind as ThreadKind,
    title: r.title,
    caseId: r.case_id,
    caseNumber: r.case_number,
    requestId: r.request_id,
    requestNumber: r.request_number,
    departmentIds: r.department_ids,
    memberIds: r.member_ids,
    lastMessageAt: r.last_message_at ? r.last_message_at.toISOString() : null,
    lastSeq: r.last_seq,
    myLastReadSeq,
  };
}

export function toMessage(r: MessageRow): Message {
  return {
    id: r.id,
    seq: r.seq,
    threadId: r.thread_id,
    authorId: r.author_id,
    authorName: r.author_name,
    body: r.body,
    mentions: r.mentions,
    attachment:
      r.attachment_file_id && r.attachment_name && r.attachment_type && r.attachment_sha256
        ? {
            fileName: r.attachment_name,
            contentType: r.attachment_type,
            size: r.attachment_size ?? 0,
            sha256: r.attachment_sha256,
          }
        : null,
    createdAt: r.created_at.toISOString(),
  };
}

export function toReceipt(r: ReadRow): ReadReceipt {
  return {
    accountId: r.account_id,
    name: r.account_name,
    lastReadSeq: r.last_read_seq,
    readAt: r.read_at.toISOString(),
  };
}
