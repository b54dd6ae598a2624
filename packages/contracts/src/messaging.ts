/**
 * Staff messaging contracts (会商 threads on cases and 12345 requests, department channels, direct messages; issue 18).
 * Messages never carry citizen personal data: a body with an ID-card or mobile number is refused with
 * MESSAGING_PERSONAL_DATA (link the case instead). Real time: `GET /api/messaging/threads/:id/events` (SSE,
 * event id = message `seq`, reconnect with Last-Event-ID).
 */
import { z } from "zod";
import { isoInstant, uuid } from "./common.js";

/** The longest message body (characters). */
export const MESSAGE_BODY_MAX = 4000;
/** At most this many people @mentioned in one message. */
export const MESSAGE_MENTIONS_MAX = 20;

export const ThreadKind = z.enum(["case", "department", "direct", "request"]);
export type ThreadKind = z.infer<typeof ThreadKind>;

export const MessagingThread = z
  .object({
    id: uuid,
    kind: ThreadKind,
    title: z.string().describe("Case number, department name, or the other person's name"),
    caseId: uuid.nullable(),
    caseNumber: z.string().nullable(),
    requestId: uuid.nullable().describe("12345 request threads: the request"),
    requestNumber: z.string().nullable(),
    departmentIds: z.array(uuid),
    memberIds: z.array(uuid).describe("Direct conversations: the two staff members"),
    lastMessageAt: isoInstant.nullable(),
    lastSeq: z.number().int(),
    /** My own read position in this thread (0: nothing read). */
    myLastReadSeq: z.number().int(),
  })
  .meta({ id: "MessagingThread" });
export type MessagingThread = z.infer<typeof MessagingThread>;

export const MessagingThreadList = z.object({ items: z.array(MessagingThread) });
export type MessagingThreadList = z.infer<typeof MessagingThreadList>;

export const MessageAttachment = z.object({
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
});

export const Message = z
  .object({
    id: uuid,
    seq: z.number().int(),
    threadId: uuid,
    authorId: uuid,
    authorName: z.string(),
    body: z.string(),
    mentions: z.array(uuid),
    attachment: MessageAttachment.nullable(),
    createdAt: isoInstant,
  })
  .meta({ id: "Message" });
export type Message = z.infer<typeof Message>;

/** A reader's position: every message up to `lastReadSeq` has been read (已读回执). */
export const ReadReceipt = z.object({
  accountId: uuid,
  name: z.string(),
  lastReadSeq: z.number().int(),
  readAt: isoInstant,
});
export type ReadReceipt = z.infer<typeof ReadReceipt>;

export const MessageList = z.object({ items: z.array(Message), receipts: z.array(ReadReceipt) });
export type MessageList = z.infer<typeof MessageList>;

export const MessageListQuery = z.object({
  /** Messages after this sequence number (0: from the oldest kept). */
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export type MessageListQuery = z.infer<typeof MessageListQuery>;

export const PostMessageRequest = z.object({
  body: z.string().trim().min(1).max(MESSAGE_BODY_MAX),
  mentions: z.array(uuid).max(MESSAGE_MENTIONS_MAX).default([]),
});
export type PostMessageRequest = z.input<typeof PostMessageRequest>;

export const MarkReadRequest = z.object({ seq: z.number().int().min(1) });
export type MarkReadRequest = z.infer<typeof MarkReadRequest>;

export const DirectThreadRequest = z.object({ accountId: uuid });
export type DirectThreadRequest = z.infer<typeof DirectThreadRequest>;

export const MessagingColleague = z.object({
  accountId: uuid,
  name: z.string(),
  departmentId: uuid.nullable(),
});
export const MessagingColleagueList = z.object({ items: z.array(MessagingColleague) });
export type MessagingColleagueList = z.infer<typeof MessagingColleagueList>;

export const MessagingColleagueQuery = z.object({ departmentId: uuid.optional() });
