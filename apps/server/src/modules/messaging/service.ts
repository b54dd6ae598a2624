/**
 * Staff messaging (会商, 部门频道, 私信): threads, posting (one transaction: the message, the thread's
 * sequence, the audit entry with the body's SHA-256 — never the body —, in-app notices to the @mentioned,
 * and the pg_notify that fans it out to every node), read receipts and attachments.
 */
import { createHash } from "node:crypto";
import {
  findPersonalData,
  type Message,
  type MessageList,
  type MessageListQuery,
  type MessagingColleagueList,
  type MessagingThread,
  type MessagingThreadList,
  PostMessageRequest,
  type ReadReceipt,
} from "@yiwang/contracts";
import { type Insertable, type Kysely, sql } from "kysely";
import type { Principal } from "../../platform/auth/permissions.js";
import { permissionScope } from "../../platform/auth/permissions.js";
import type { DB } from "../../platform/db/schema.js";
import { PlatformErrors } from "../../platform/errors.js";
import { MATERIAL_FILE_TYPES, sniffFile } from "../../platform/files/index.js";
import { mayRead, mayUseMessaging, principalOfStaff } from "./access.js";
import { type CaseParticipation, MESSAGING_CHANNEL, type MessagingDeps, RETENTION_JOB } from "./context.js";
import type { MessagingThreadsTable } from "./db.js";
import { MessagingErrors } from "./errors.js";
import { type HubEvent, MessagingHub } from "./hub.js";
import { toMessage, toReceipt, toThread } from "./mapping.js";
import type { ThreadRow } from "./repository.js";

const DAY_MS = 86_400_000;

export interface JobScheduler {
  schedule(trx: Kysely<DB>, job: { kind: string; key: string; runAt: Date }): Promise<void>;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

const sha256 = (s: string | Buffer) => createHash("sha256").update(s).digest("hex");

export class MessagingService {
  constructor(
    private readonly deps: MessagingDeps,
    private readonly jobs: JobScheduler,
  ) {}

  #assertStaff(p: Principal) {
    if (!mayUseMessaging(p)) throw PlatformErrors.FORBIDDEN({ permission: "messaging.use" });
  }

  /** The case's 会商 thread (made on first use); 403 for staff outside the case's departments. */
  async caseThread(p: Principal, caseId: string): Promise<MessagingThread> {
    this.#assertStaff(p);
    const c = await this.deps.caseParticipation(caseId);
    if (!c) throw MessagingErrors.MESSAGING_CASE_NOT_FOUND({ id: caseId });
    return this.#subjectThread(p, "case", c, { case_id: c.id, case_number: c.number });
  }

  /** The 12345 request's thread (made on first use): the staff of its current department and supervisors. */
  async requestThread(p: Principal, requestId: string): Promise<MessagingThread> {
    this.#assertStaff(p);
    const r = await this.deps.requestParticipation(requestId);
    if (!r) throw MessagingErrors.MESSAGING_REQUEST_NOT_FOUND({ id: requestId });
    return this.#subjectThread(p, "request", r, { request_id: r.id, request_number: r.number });
  }

  async #subjectThread(
    p: Principal,
    kind: "case" | "request",
    s: CaseParticipation,
    link: Pick<Insertable<MessagingThreadsTable>, "case_id" | "case_number" | "request_id" | "request_number">,
  ): Promise<MessagingThread> {
    const key = `${kind}:${s.id}`;
    const existing = await this.deps.repo.findThreadByKey(key);
    const probe = existing ?? ({ kind, member_ids: [], department_ids: s.departmentIds } as unknown as ThreadRow);
    if (!mayRead(p, probe, s.departmentIds)) throw PlatformErrors.FORBIDDEN({ permission: "messaging.use" });
    let row =
      existing ??
      (await this.deps.repo.ensureThread({
        key,
        kind,
        ...link,
        department_ids: s.departmentIds,
        title: s.number ?? s.id,
        created_at: this.deps.clock.now(),
      }));
    // The departments are copied for listing only: a reassigned request's (or case's) thread follows it.
    if (!sameSet(row.department_ids, s.departmentIds))
      row = await this.deps.repo.setDepartments(row.id, s.departmentIds);
    return this.#view(p, row);
  }

  /** A department's channel (the caller's own by default). */
  async departmentChannel(p: Principal, departmentId?: string): Promise<MessagingThread> {
    this.#assertStaff(p);
    const dept = departmentId ?? p.departmentId;
    if (!dept) throw PlatformErrors.FORBIDDEN({ permission: "messaging.use" });
    const name = await this.deps.departmentName(dept);
    if (!name) throw MessagingErrors.MESSAGING_THREAD_NOT_FOUND({ departmentId: dept });
    const probe = { kind: "department", department_ids: [dept], member_ids: [] } as unknown as ThreadRow;
    if (!mayRead(p, probe, null)) throw PlatformErrors.FORBIDDEN({ permission: "messaging.use" });
    const row = await this.deps.repo.ensureThread({
      key: `department:${dept}`,
      kind: "department",
      department_ids: [dept],
      title: name,
      created_at: this.deps.clock.now(),
    });
    return this.#view(p, row);
  }

  /** The direct conversation with another staff member who may use messaging. */
  async directThread(p: Principal, otherId: string): Promise<MessagingThread> {
    this.#assertStaff(p);
    const other = otherId === p.id ? null : await this.deps.staffMember(otherId);
    if (!other || !mayUseMessaging(principalOfStaff(other)))
      throw MessagingErrors.MESSAGING_RECIPIENT_INVALID({ accountId: otherId });
    const members = [p.id, other.id].sort();
    const row = await this.deps.repo.ensureThread({
      key: `direct:${members.join(":")}`,
      kind: "direct",
      member_ids: members,
      title: [p.displayName, other.name].sort().join("、"),
      created_at: this.deps.clock.now(),
    });
    return this.#view(p, row);
  }

  /** My threads: my department's channel first made if missing, then case threads and channels in scope, DMs. */
  async listThreads(p: Principal): Promise<MessagingThreadList> {
    this.#assertStaff(p);
    if (p.departmentId) await this.departmentChannel(p);
    const scope = permissionScope(p, "messaging.use");
    const rows = await this.deps.repo.listThreads({
      accountId: p.id,
      departmentIds: scope?.all ? null : scope ? [scope.departmentId] : [],
    });
    const reads = await this.deps.repo.readPositions(
      p.id,
      rows.map((r) => r.id),
    );
    return { items: rows.map((r) => toThread(r, reads.get(r.id) ?? 0)) };
  }

  /** The thread if the caller may read it: 404 for an unknown one, 403 for someone outside it. */
  async openThread(p: Principal, threadId: string): Promise<ThreadRow> {
    this.#assertStaff(p);
    const row = await this.deps.repo.findThread(threadId);
    if (!row) throw MessagingErrors.MESSAGING_THREAD_NOT_FOUND({ id: threadId });
    if (!mayRead(p, row, await this.#subjectDepartments(row)))
      throw PlatformErrors.FORBIDDEN({ permission: "messaging.use" });
    return row;
  }

  /** A case's or request's current departments (null for channels and direct conversations). */
  async #subjectDepartments(row: ThreadRow): Promise<string[] | null> {
    if (row.case_id) return (await this.deps.caseParticipation(row.case_id))?.departmentIds ?? [];
    if (row.request_id) return (await this.deps.requestParticipation(row.request_id))?.departmentIds ?? [];
    return null;
  }

  async thread(p: Principal, threadId: string): Promise<MessagingThread> {
    return this.#view(p, await this.openThread(p, threadId));
  }

  async #view(p: Principal, row: ThreadRow): Promise<MessagingThread> {
    const reads = await this.deps.repo.readPositions(p.id, [row.id]);
    return toThread(row, reads.get(row.id) ?? 0);
  }

  async messages(p: Principal, threadId: string, q: MessageListQuery): Promise<MessageList> {
    const row = await this.openThread(p, threadId);
    const rows =
      q.after > 0
        ? await this.deps.repo.messagesAfter(row.id, q.after, q.limit)
        : await this.deps.repo.latestMessages(row.id, q.limit);
    const receipts = await this.deps.repo.receipts(row.id);
    return { items: rows.map(toMessage), receipts: receipts.map(toReceipt) };
  }

  /** Who may be @mentioned (and who reads along): the staff who may read the thread. */
  async participants(p: Principal, threadId: string): Promise<MessagingColleagueList> {
    const row = await this.openThread(p, threadId);
    const members = await this.#participantsOf(row);
    return {
      items: members.map((m) => ({ accountId: m.id, name: m.name, departmentId: m.departmentId })),
    };
  }

  async #participantsOf(row: ThreadRow) {
    if (row.kind === "direct") {
      const found = await Promise.all(row.member_ids.map((id) => this.deps.staffMember(id)));
      return found.filter((m) => m !== null);
    }
    const depts = (await this.#subjectDepartments(row)) ?? row.department_ids;
    const lists = await Promise.all(depts.map((d) => this.deps.staffOf(d)));
    const seen = new Map<string, (typeof lists)[number][number]>();
    for (const m of lists.flat()) seen.set(m.id, m);
    return [...seen.values()];
  }

  /** Colleagues to start a direct conversation with (a department's; my own by default). */
  async colleagues(p: Principal, departmentId?: string): Promise<MessagingColleagueList> {
    this.#assertStaff(p);
    const members = await this.deps.staffOf(departmentId ?? p.departmentId ?? null);
    return {
      items: members
        .filter((m) => m.id !== p.id)
        .map((m) => ({ accountId: m.id, name: m.name, departmentId: m.departmentId })),
    };
  }

  /** Checks what can be checked before an upload's bytes are read. */
  async assertMayPost(p: Principal, threadId: string): Promise<ThreadRow> {
    return this.openThread(p, threadId);
  }

  async post(
    p: Principal,
    threadId: string,
    input: PostMessageRequest,
    attachment?: { name: string; bytes: Buffer },
  ): Promise<Message> {
    const row = await this.openThread(p, threadId);
    const { body, mentions } = attachment
      ? { body: (input.body ?? "").trim(), mentions: input.mentions ?? [] }
      : PostMessageRequest.parse(input);
    const personal = findPersonalData(body);
    if (personal.length > 0) throw MessagingErrors.MESSAGING_PERSONAL_DATA({ found: personal });
    const mentioned = [...new Set(mentions)].filter((id) => id !== p.id);
    if (mentioned.length > 0) {
      const others = await Promise.all(mentioned.map((id) => this.deps.staffMember(id)));
      const subjectDepartments = await this.#subjectDepartments(row);
      for (const [i, m] of others.entries())
        if (!m || !mayRead(principalOfStaff(m), row, subjectDepartments))
          throw MessagingErrors.MESSAGING_MENTION_NOT_PARTICIPANT({ accountId: mentioned[i] });
    }
    // The content decides the type, before anything is stored (a wrong type stores nothing).
    const type = attachment
      ? await sniffFile(attachment.bytes, MATERIAL_FILE_TYPES, { maxBytes: this.deps.config.attachmentMaxBytes })
      : null;
    const now = this.deps.clock.now();
    const message = await this.deps.db.transaction().execute(async (trx) => {
      const locked = await this.deps.repo.lockThread(row.id, trx);
      if (!locked) throw MessagingErrors.MESSAGING_THREAD_NOT_FOUND({ id: row.id });
      const stored =
        attachment && type
          ? await this.deps.files.put(
              attachment.bytes,
              { name: attachment.name, contentType: type.mime, createdBy: `staff:${p.id}` },
              trx,
            )
          : null;
      const bodySha256 = sha256(body);
      const m = await this.deps.repo.insertMessage(
        {
          thread_id: row.id,
          author_id: p.id,
          author_name: p.displayName,
          body,
          body_sha256: bodySha256,
          mentions,
          attachment_file_id: stored?.id ?? null,
          attachment_name: stored ? attachment?.name : null,
          attachment_type: type?.mime ?? null,
          attachment_size: stored?.size ?? null,
          attachment_sha256: stored?.sha256 ?? null,
          created_at: now,
        },
        trx,
      );
      const purgeAt = locked.purge_at ? null : new Date(now.getTime() + this.deps.config.retentionDays * DAY_MS);
      await this.deps.repo.afterPost(row.id, m.seq, now, purgeAt, trx);
      if (purgeAt) await this.jobs.schedule(trx, { kind: RETENTION_JOB, key: row.id, runAt: purgeAt });
      await this.deps.audit.append(
        {
          type: "messaging.message.posted",
          actor: `staff:${p.id}`,
          subject: `messaging-thread:${row.id}`,
          // The body's hash, never the body: the log proves what was said without holding it.
          payload: {
            messageId: m.id,
            seq: m.seq,
            kind: row.kind,
            caseId: row.case_id,
            requestId: row.request_id,
            bodySha256,
            mentions: mentioned,
            attachmentSha256: stored?.sha256 ?? null,
          },
          time: now,
        },
        trx,
      );
      if (mentioned.length > 0)
        await this.deps.notify.send(trx, {
          recipients: mentioned,
          kind: "messaging.mention",
          title: {
            zh: `${p.displayName} 在「${row.title}」中提到了你`,
            en: `${p.displayName} mentioned you in ${row.title}`,
          },
          body: { zh: "打开会话查看消息。", en: "Open the conversation to read the message." },
          link: `/workbench/messages?thread=${row.id}`,
          subject: `messaging-thread:${row.id}`,
        });
      const view = toMessage(m);
      await announce(trx, { k: "message", t: row.id, s: m.seq, m: view });
      return view;
    });
    return message;
  }

  /** Marks everything up to `seq` read (已读回执); the position never moves back. */
  async markRead(p: Principal, threadId: string, seq: number): Promise<ReadReceipt> {
    const row = await this.openThread(p, threadId);
    const upTo = Math.min(seq, row.last_seq);
    return this.deps.db.transaction().execute(async (trx) => {
      const r = toReceipt(
        await this.deps.repo.upsertRead(
          {
            thread_id: row.id,
            account_id: p.id,
            account_name: p.displayName,
            last_read_seq: upTo,
            read_at: this.deps.clock.now(),
          },
          trx,
        ),
      );
      await announce(trx, { k: "read", t: row.id, r });
      return r;
    });
  }

  async attachment(p: Principal, threadId: string, messageId: string) {
    const row = await this.openThread(p, threadId);
    const m = await this.deps.repo.messageById(row.id, messageId);
    if (!m?.attachment_file_id) throw MessagingErrors.MESSAGING_THREAD_NOT_FOUND({ messageId });
    const file = await this.deps.files.get(m.attachment_file_id);
    return {
      name: m.attachment_name ?? "attachment",
      contentType: m.attachment_type ?? "application/octet-stream",
      bytes: file.bytes,
    };
  }

  /** A reader for the hub: messages by sequence number. */
  hubLoader() {
    return {
      bySeq: async (seq: number) => {
        const m = await this.deps.repo.messageBySeq(seq);
        return m ? toMessage(m) : null;
      },
      after: async (threadId: string, after: number, limit: number) =>
        (await this.deps.repo.messagesAfter(threadId, after, limit)).map(toMessage),
    };
  }
}

/** Tells every node's hub, when (and only if) `trx` commits. */
export async function announce(trx: Kysely<DB>, event: HubEvent): Promise<void> {
  await sql`select pg_notify(${MESSAGING_CHANNEL}, ${MessagingHub.payload(event)})`.execute(trx);
}
