import type { Message, MessageList, MessagingThread, Notification } from "@yiwang/contracts";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../../platform/clock/clock.js";
import { pdfBytes } from "../../platform/files/testing.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { departmentId, intake, operatorOf, request, staffOf, step } from "../hotline/testing.js";
import { caseThreadId, multipart, type Person, parallelCase, person, post } from "./testing.js";

/**
 * Acceptance 3 (the API half) and 4: staff of the departments of a parallel approval discuss the case in its
 * thread; a third department's staff cannot read it; bad input is refused with a 4xx and stores nothing.
 */
describe("messaging: case threads, channels, direct messages", () => {
  const clock = new TestClock("2026-12-03T08:00:00Z");
  let t: TestApp;
  let caseId: string;
  let land: Person;
  let housing: Person;
  let eco: Person;
  let outsider: Person;
  let threadId: string;

  beforeAll(async () => {
    t = await createTestApp({ clock, env: { MESSAGING_RETENTION_DAYS: "30" } });
    const s = await parallelCase(t);
    ({ land, housing, eco, outsider } = s);
    caseId = s.case.id;
    threadId = await caseThreadId(t, caseId, land.headers);
  });
  afterAll(() => t.close());

  const counts = async () => {
    const r = await sql<{ messages: number; files: number }>`
      select (select count(*) from messaging_messages)::int as messages, (select count(*) from stored_files)::int as files
    `.execute(t.database.db);
    return r.rows[0]!;
  };
  /** Every audit entry, queued or already sequenced, as text. */
  const auditTexts = async () => {
    const r = await sql<{ entry: Buffer }>`
      select entry from audit_queue union all select entry from audit_entries
    `.execute(t.database.db);
    return r.rows.map((x) => Buffer.from(x.entry).toString("utf8"));
  };
  const get = (url: string, who: Person) => t.app.inject({ method: "GET", url, headers: who.headers });

  it("gives the case's departments one shared thread", async () => {
    for (const who of [housing, eco]) expect(await caseThreadId(t, caseId, who.headers)).toBe(threadId);
    const th = (await get(`/api/messaging/threads/${threadId}`, housing)).json() as MessagingThread;
    expect(th).toMatchObject({ kind: "case", caseId, lastSeq: 0 });
    expect(th.departmentIds).toHaveLength(3);
  });

  it("lets staff of two departments talk in it, with @mentions as in-app notices and read receipts", async () => {
    const res = await post(t, land.headers, threadId, { body: "住建意见请在周五前给出 @住建", mentions: [housing.id] });
    expect(res.statusCode, res.body).toBe(201);
    const m = res.json() as Message;
    expect(m).toMatchObject({ authorId: land.id, mentions: [housing.id], attachment: null });

    const listed = (await get(`/api/messaging/threads/${threadId}/messages`, housing)).json() as MessageList;
    expect(listed.items.map((x) => x.body)).toEqual(["住建意见请在周五前给出 @住建"]);

    const notices = await get("/api/notifications", housing);
    const n = (notices.json().items as Notification[]).find((x) => x.kind === "messaging.mention");
    expect(n?.link).toBe(`/workbench/messages?thread=${threadId}`);
    // The notice says who and where, never the message itself.
    expect(JSON.stringify(n)).not.toContain("周五");

    const reply = await post(t, housing.headers, threadId, { body: "已阅，周四回复" });
    expect(reply.statusCode).toBe(201);
    const read = await t.app.inject({
      method: "POST",
      url: `/api/messaging/threads/${threadId}/read`,
      headers: land.headers,
      payload: { seq: (reply.json() as Message).seq + 1000 },
    });
    expect(read.statusCode, read.body).toBe(200);
    // Clamped to the thread's last message.
    expect(read.json().lastReadSeq).toBe((reply.json() as Message).seq);
    const after = (await get(`/api/messaging/threads/${threadId}/messages`, eco)).json() as MessageList;
    expect(after.receipts).toEqual([expect.objectContaining({ accountId: land.id, lastReadSeq: reply.json().seq })]);
    expect(after.items.map((x) => x.authorId)).toEqual([land.id, housing.id]);
  });

  it("refuses a third department's staff everything about the case thread (403)", async () => {
    expect((await get(`/api/messaging/cases/${caseId}/thread`, outsider)).statusCode).toBe(403);
    for (const url of ["", "/messages", "/participants", "/events"])
      expect((await get(`/api/messaging/threads/${threadId}${url}`, outsider)).statusCode, url).toBe(403);
    expect((await post(t, outsider.headers, threadId, { body: "能看到吗" })).statusCode).toBe(403);
    const threads = (await get("/api/messaging/threads", outsider)).json().items as MessagingThread[];
    expect(threads.map((x) => x.id)).not.toContain(threadId);
    // Nor can the thread's people mention them.
    const res = await post(t, land.headers, threadId, { body: "请市场监管看看", mentions: [outsider.id] });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("MESSAGING_MENTION_NOT_PARTICIPANT");
  });

  it("is closed to citizens and to staff roles without messaging", async () => {
    const admin = await person(t, "platform_admin", "land");
    expect((await get(`/api/messaging/threads/${threadId}/messages`, admin)).statusCode).toBe(403);
    expect((await t.app.inject({ method: "GET", url: "/api/messaging/threads" })).statusCode).toBe(401);
  });

  it("refuses bad input with a 4xx and stores nothing", async () => {
    const before = await counts();
    const tenMb = "信".repeat((10 * 1024 * 1024) / 3);
    const cases: [string, () => Promise<{ statusCode: number; body: string }>, number, string][] = [
      ["10 MB message", () => post(t, land.headers, threadId, { body: tenMb }), 413, "BODY_TOO_LARGE"],
      [
        "over 4000 characters",
        () => post(t, land.headers, threadId, { body: "长".repeat(4001) }),
        400,
        "VALIDATION_FAILED",
      ],
      ["empty message", () => post(t, land.headers, threadId, { body: "" }), 400, "VALIDATION_FAILED"],
      ["blank message", () => post(t, land.headers, threadId, { body: "   \n " }), 400, "VALIDATION_FAILED"],
      [
        "unknown thread",
        () => post(t, land.headers, "00000000-0000-4000-8000-000000000000", { body: "hi" }),
        404,
        "MESSAGING_THREAD_NOT_FOUND",
      ],
      ["not a uuid", () => post(t, land.headers, "nope", { body: "hi" }), 400, "VALIDATION_FAILED"],
      [
        "an ID-card number",
        () => post(t, land.headers, threadId, { body: "申请人 11010519491231002X 的材料" }),
        422,
        "MESSAGING_PERSONAL_DATA",
      ],
      [
        "a mobile number",
        () => post(t, land.headers, threadId, { body: "联系申请人 138-0000-0003" }),
        422,
        "MESSAGING_PERSONAL_DATA",
      ],
      [
        "an attachment of the wrong type",
        () => {
          const mp = multipart({ name: "run.exe", bytes: Buffer.from("MZ\u0090\u0000 not allowed here") });
          return t.app.inject({
            method: "POST",
            url: `/api/messaging/threads/${threadId}/attachments`,
            headers: { ...land.headers, "content-type": mp.contentType },
            payload: mp.payload,
          });
        },
        415,
        "",
      ],
      [
        "an empty attachment",
        () => {
          const mp = multipart({ name: "empty.pdf", bytes: Buffer.alloc(0) });
          return t.app.inject({
            method: "POST",
            url: `/api/messaging/threads/${threadId}/attachments`,
            headers: { ...land.headers, "content-type": mp.contentType },
            payload: mp.payload,
          });
        },
        400,
        "FILE_EMPTY",
      ],
    ];
    for (const [what, send, status, code] of cases) {
      const res = await send();
      expect(res.statusCode, `${what}: ${res.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, what).toBeLessThan(500);
      if (status !== 415) expect(res.statusCode, what).toBe(status);
      if (code) expect(JSON.parse(res.body).code, what).toBe(code);
    }
    const personal = await post(t, land.headers, threadId, { body: "身份证 11010519491231002X" });
    expect(personal.json().message).toContain("关联办件");
    expect(personal.json().messageEn).toContain("link the case");
    expect(await counts()).toEqual(before);
  });

  it("stores an allowed attachment in the file store and serves it to the thread only", async () => {
    const pdf = pdfBytes("会商附件");
    const mp = multipart({ name: "意见.pdf", bytes: pdf }, "住建意见见附件");
    const res = await t.app.inject({
      method: "POST",
      url: `/api/messaging/threads/${threadId}/attachments`,
      headers: { ...housing.headers, "content-type": mp.contentType },
      payload: mp.payload,
    });
    expect(res.statusCode, res.body).toBe(201);
    const m = res.json() as Message;
    expect(m.attachment).toMatchObject({ fileName: "意见.pdf", contentType: "application/pdf", size: pdf.length });
    const url = `/api/messaging/threads/${threadId}/messages/${m.id}/attachment`;
    const file = await get(url, eco);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(pdf)).toBe(true);
    expect((await get(url, outsider)).statusCode).toBe(403);
  });

  it("audits every message by the hash of its body, never the body", async () => {
    const body = "审计只存摘要：这句话不应出现在审计日志里";
    const res = await post(t, eco.headers, threadId, { body });
    expect(res.statusCode).toBe(201);
    const texts = await auditTexts();
    const posted = texts.filter((x) => x.includes("messaging.message.posted"));
    expect(posted.length).toBeGreaterThanOrEqual(3);
    expect(texts.some((x) => x.includes("不应出现"))).toBe(false);
    const stored = await sql<{
      body_sha256: string;
    }>`select body_sha256 from messaging_messages where id = ${res.json().id}`.execute(t.database.db);
    const { createHash } = await import("node:crypto");
    expect(stored.rows[0]?.body_sha256).toBe(createHash("sha256").update(body).digest("hex"));
  });

  it("keeps department channels to their department and direct messages to their two members", async () => {
    const landChannel = (await get("/api/messaging/threads", land))
      .json()
      .items.find((x: MessagingThread) => x.kind === "department") as MessagingThread;
    expect(landChannel.departmentIds).toHaveLength(1);
    const colleague = await person(t, "window_clerk", "land");
    expect((await post(t, colleague.headers, landChannel.id, { body: "窗口今天人多" })).statusCode).toBe(201);
    expect((await get(`/api/messaging/threads/${landChannel.id}/messages`, housing)).statusCode).toBe(403);

    const dm = await t.app.inject({
      method: "POST",
      url: "/api/messaging/direct",
      headers: land.headers,
      payload: { accountId: housing.id },
    });
    expect(dm.statusCode, dm.body).toBe(200);
    const again = await t.app.inject({
      method: "POST",
      url: "/api/messaging/direct",
      headers: housing.headers,
      payload: { accountId: land.id },
    });
    expect(again.json().id).toBe(dm.json().id);
    expect((await post(t, housing.headers, dm.json().id, { body: "私下说一句" })).statusCode).toBe(201);
    expect((await get(`/api/messaging/threads/${dm.json().id}/messages`, eco)).statusCode).toBe(403);
    const toAdmin = await person(t, "platform_admin", "land");
    const refused = await t.app.inject({
      method: "POST",
      url: "/api/messaging/direct",
      headers: land.headers,
      payload: { accountId: toAdmin.id },
    });
    expect(refused.json().code).toBe("MESSAGING_RECIPIENT_INVALID");
  });

  it("gives a 12345 request a thread for its current department, which follows the request when it is re-dispatched", async () => {
    const operator = await operatorOf(t);
    const r = await intake(t, operator, request());
    const housingClerk = await person(t, "window_clerk", "housing");
    const ecoClerk = await person(t, "window_clerk", "eco");
    const supervisor = await person(t, "supervisor", "land");
    const thread = await get(`/api/messaging/requests/${r.id}/thread`, housingClerk);
    expect(thread.statusCode, thread.body).toBe(200);
    const th = thread.json() as MessagingThread;
    expect(th).toMatchObject({ kind: "request", requestId: r.id, requestNumber: r.number, caseId: null });
    expect(th.departmentIds).toEqual([r.department?.id]);
    expect((await post(t, housingClerk.headers, th.id, { body: "现场核实后回复" })).statusCode).toBe(201);
    // Another department, and the call desk (no messaging), see nothing of it; a supervisor reads along.
    expect((await get(`/api/messaging/requests/${r.id}/thread`, ecoClerk)).statusCode).toBe(403);
    expect((await get(`/api/messaging/threads/${th.id}/messages`, ecoClerk)).statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: "GET", url: `/api/messaging/requests/${r.id}/thread`, headers: operator }))
        .statusCode,
    ).toBe(403);
    expect((await get(`/api/messaging/threads/${th.id}/messages`, supervisor)).statusCode).toBe(200);
    const unknown = await get("/api/messaging/requests/00000000-0000-4000-8000-000000000000/thread", housingClerk);
    expect(unknown.json().code).toBe("MESSAGING_REQUEST_NOT_FOUND");

    // 退单 and 派单 to ecology: the thread (and its history) goes with the request.
    const housingHeaders = await staffOf(t, "window_clerk", "housing");
    await step(t, housingHeaders, r.id, "return", { reason: "属于生态环境部门职责" });
    await step(t, operator, r.id, "dispatch", { departmentId: await departmentId(t, "eco") });
    expect((await get(`/api/messaging/threads/${th.id}/messages`, housingClerk)).statusCode).toBe(403);
    const moved = (await get(`/api/messaging/requests/${r.id}/thread`, ecoClerk)).json() as MessagingThread;
    expect(moved.id).toBe(th.id);
    expect(moved.departmentIds).toEqual([await departmentId(t, "eco")]);
    const history = (await get(`/api/messaging/threads/${th.id}/messages`, ecoClerk)).json() as MessageList;
    expect(history.items.map((x) => x.body)).toEqual(["现场核实后回复"]);
    const listed = (await get("/api/messaging/threads", ecoClerk)).json().items as MessagingThread[];
    expect(listed.map((x) => x.id)).toContain(th.id);
  });

  it("deletes messages past the retention period with an audit entry, and re-arms for the rest", async () => {
    const { messaging } = t.app.platform.config;
    expect(messaging.retentionDays).toBe(30);
    const before = ((await get(`/api/messaging/threads/${threadId}/messages`, land)).json() as MessageList).items;
    expect(before.length).toBeGreaterThan(0);
    clock.advance(10 * 86_400_000);
    const late = await post(t, land.headers, threadId, { body: "十天后的一条" });
    expect(late.statusCode).toBe(201);
    clock.advance(21 * 86_400_000); // the first messages are 31 days old, the late one 21
    await t.app.platform.jobs.runDue();
    const after = ((await get(`/api/messaging/threads/${threadId}/messages`, land)).json() as MessageList).items;
    expect(after.map((x) => x.body)).toEqual(["十天后的一条"]);
    expect(
      (await auditTexts()).filter((x) => x.includes("messaging.messages.expired") && x.includes(threadId)),
    ).toHaveLength(1);
    // Its turn comes 30 days after it was posted.
    clock.advance(10 * 86_400_000);
    await t.app.platform.jobs.runDue();
    const gone = ((await get(`/api/messaging/threads/${threadId}/messages`, land)).json() as MessageList).items;
    expect(gone).toEqual([]);
  });
});
