import { createPublicKey, verify as nodeVerify } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testDatabaseUrl } from "../../test-support/database.js";
import { gate } from "../../test-support/gate.js";
import { createStaff, type Headers, loginAs, type TestStaff } from "../../test-support/identity.js";
import { entryBytes, toEntry } from "./entry.js";
import { leafHash, rootFromLeafHashes, verifyConsistency, verifyInclusion } from "./merkle.js";
import { AuditLog } from "./service.js";
import { verifyLog } from "./verify.js";

const b64 = (s: string) => Buffer.from(s, "base64");

describe("audit log", () => {
  let t: TestApp;
  let log: AuditLog;
  let admin: TestStaff;
  let ADMIN: Headers;
  let AUDITOR: Headers;
  beforeAll(async () => {
    t = await createTestApp();
    log = t.app.auditLog;
    admin = await createStaff(t, { roles: ["platform_admin"] });
    ADMIN = admin.headers;
    AUDITOR = await loginAs(t, "auditor");
  });
  afterAll(() => t.close());

  it("an append is part of the caller's transaction: rolled back with it, committed with it", async () => {
    await expect(
      t.database.db.transaction().execute(async (trx) => {
        await log.append({ type: "test.rolled-back", actor: "system" }, trx);
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    await t.database.db.transaction().execute((trx) => log.append({ type: "test.committed", actor: "system" }, trx));
    await log.flush();
    const types = (await log.repo.search({ limit: 10, offset: 0 })).map((e) => JSON.parse(e.entry.toString()).type);
    expect(types).toContain("test.committed");
    expect(types).not.toContain("test.rolled-back");
  });

  it("entries are canonical JSON with a payload hash, never the payload", () => {
    const bytes = entryBytes(
      toEntry({
        type: "x.y",
        actor: "staff:1",
        subject: "s",
        payload: { idNumber: "11010519491231002X" },
        time: new Date(0),
      }),
    ).toString();
    expect(bytes).toBe(
      '{"actingFor":null,"actor":"staff:1","payloadHash":"' +
        toEntry({ type: "x", actor: "a", payload: { idNumber: "11010519491231002X" } }).payloadHash +
        '","subject":"s","time":"1970-01-01T00:00:00.000Z","type":"x.y","v":1}',
    );
    expect(bytes).not.toContain("11010519491231002X");
  });

  it("org and calendar changes are recorded with the acting principal, in their transaction", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/org/departments",
      headers: ADMIN,
      payload: { key: "audited", code: "91350100M000100Y43", name: "审计测试部门", regionCode: "350100" },
    });
    expect(res.statusCode).toBe(201);
    const refused = await t.app.inject({
      method: "POST",
      url: "/api/org/departments",
      headers: ADMIN,
      payload: { key: "audited", code: "91350100M000100Y43", name: "重复", regionCode: "350100" },
    });
    expect(refused.statusCode).toBe(409);
    await t.app.inject({
      method: "PUT",
      url: "/api/calendar/days/2026-03-02",
      headers: ADMIN,
      payload: { kind: "holiday" },
    });
    await log.flush();
    const found = await t.app.inject({
      method: "GET",
      url: `/api/audit/v1/search?actor=staff:${admin.id}`,
      headers: AUDITOR,
    });
    const entries = found
      .json()
      .entries.map((e: { entry: { type: string; subject: string } }) => e.entry)
      .filter((e: { type: string }) => !e.type.startsWith("identity.")); // the admin's own login is there too
    expect(entries.map((e: { type: string }) => e.type).sort()).toEqual(["calendar.day.set", "org.department.created"]);
    expect(entries.find((e: { type: string }) => e.type === "org.department.created").subject).toBe(
      `department:${res.json().id}`,
    );
  });

  it("batches: thousands of appends sequence into exactly the RFC 9162 tree of their entries", async () => {
    const small = new AuditLog(t.database.db, t.app.platform.crypto, 700);
    await small.append(
      Array.from({ length: 2500 }, (_, i) => ({ type: "test.bulk", actor: "system", subject: String(i) })),
    );
    expect(await small.flush()).toBe(2500);
    const { size, root } = await small.tree();
    const all = await small.repo.entries(0, size);
    expect(all.map((e) => e.leafIndex)).toEqual(Array.from({ length: size }, (_, i) => i));
    expect(root.equals(rootFromLeafHashes(all.map((e) => leafHash(e.entry))))).toBe(true);
  });

  it("several sequencers (server processes) at once never assign an index twice", async () => {
    const others = [1, 2, 3].map(() => new AuditLog(t.database.db, t.app.platform.crypto, 50));
    const before = (await log.tree()).size;
    await Promise.all(
      others.map((o, i) => o.append(Array.from({ length: 120 }, () => ({ type: `test.proc${i}`, actor: "system" })))),
    );
    await Promise.all([...others.map((o) => o.flush()), log.flush()]);
    await log.flush(); // whatever a busy lock made one of them skip
    const { size, root } = await log.tree();
    expect(size).toBe(before + 360);
    const all = await log.repo.entries(0, size);
    expect(all.map((e) => e.leafIndex)).toEqual(Array.from({ length: size }, (_, i) => i));
    expect(root.equals(rootFromLeafHashes(all.map((e) => leafHash(e.entry))))).toBe(true);
    expect(await log.repo.queueLength()).toBe(0);
  });

  // Needs two connections; PGlite has one, where the situation cannot arise.
  it.skipIf(!testDatabaseUrl())("a writer that commits while a batch is being sequenced is not lost", async () => {
    await log.flush();
    const slowEnqueued = gate();
    const slowMayCommit = gate();
    // A slow writer takes the lower queue id and commits late ...
    const slow = t.database.db.transaction().execute(async (trx) => {
      await log.append({ type: "test.slow-writer", actor: "system" }, trx);
      slowEnqueued.open();
      await slowMayCommit.p;
    });
    await slowEnqueued.p;
    await log.append({ type: "test.fast-writer", actor: "system" }); // higher id, committed
    // ... exactly between the sequencer reading its batch and removing it from the queue.
    await t.database.db.transaction().execute(async (trx) => {
      const batch = await log.repo.queued(100, trx);
      expect(batch.map((b) => JSON.parse(b.entry.toString()).type)).toEqual(["test.fast-writer"]);
      slowMayCommit.open();
      await slow;
      await log.repo.dequeue(
        batch.map((b) => b.id),
        trx,
      );
    });
    const left = await log.repo.queued(100, t.database.db);
    expect(left.map((b) => JSON.parse(b.entry.toString()).type)).toEqual(["test.slow-writer"]);
    await sql`delete from audit_queue`.execute(t.database.db);
  });

  it("a signed tree head verifies with only the published public key (Node crypto, bytes built here)", async () => {
    const sth = (await t.app.inject({ method: "POST", url: "/api/audit/v1/sign-tree-head", headers: AUDITOR })).json();
    const keys = (await t.app.inject({ method: "GET", url: "/api/audit/v1/keys" })).json().keys;
    const jwk = keys.find((k: { kid: string }) => k.kid === sth.key_id).jwk;
    expect(jwk).toMatchObject({ kty: "OKP", crv: "Ed25519" });
    // RFC 6962 §3.5 TreeHeadSignature, assembled independently of the log's code.
    const input = Buffer.alloc(50);
    input.writeUInt8(0, 0);
    input.writeUInt8(1, 1);
    input.writeBigUInt64BE(BigInt(sth.timestamp), 2);
    input.writeBigUInt64BE(BigInt(sth.tree_size), 10);
    b64(sth.sha256_root_hash).copy(input, 18);
    const key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: "jwk" });
    expect(nodeVerify(null, input, key, b64(sth.tree_head_signature))).toBe(true);
    input[20] ^= 1; // another timestamp
    expect(nodeVerify(null, input, key, b64(sth.tree_head_signature))).toBe(false);
    expect((await t.app.inject({ method: "GET", url: "/api/audit/v1/get-sth" })).json()).toEqual(sth);
  });

  it("inclusion proofs by hash and consistency proofs between heads verify against signed roots", async () => {
    const first = (await t.app.inject({ method: "GET", url: "/api/audit/v1/get-sth" })).json();
    await log.append({ type: "test.later", actor: "system" });
    const second = (await t.app.inject({ method: "POST", url: "/api/audit/v1/sign-tree-head", headers: ADMIN })).json();
    expect(second.tree_size).toBe(first.tree_size + 1);

    const [entry] = await log.repo.entries(5, 6);
    const hash = leafHash(entry.entry);
    const proof = (
      await t.app.inject({
        method: "GET",
        url: `/api/audit/v1/get-proof-by-hash?hash=${encodeURIComponent(hash.toString("base64"))}&tree_size=${second.tree_size}`,
      })
    ).json();
    expect(proof.leaf_index).toBe(5);
    expect(verifyInclusion(hash, 5, second.tree_size, proof.audit_path.map(b64), b64(second.sha256_root_hash))).toBe(
      true,
    );

    const c = (
      await t.app.inject({
        method: "GET",
        url: `/api/audit/v1/get-sth-consistency?first=${first.tree_size}&second=${second.tree_size}`,
      })
    ).json();
    expect(
      verifyConsistency(
        first.tree_size,
        second.tree_size,
        c.consistency.map(b64),
        b64(first.sha256_root_hash),
        b64(second.sha256_root_hash),
      ),
    ).toBe(true);
  });

  it("bad proof requests answer 4xx with codes", async () => {
    const size = (await log.tree()).size;
    const cases: [string, number, string][] = [
      [`/api/audit/v1/get-sth-consistency?first=2&second=${size + 5}`, 400, "AUDIT_TREE_SIZE_INVALID"],
      ["/api/audit/v1/get-sth-consistency?first=5&second=2", 400, "AUDIT_TREE_SIZE_INVALID"],
      [
        `/api/audit/v1/get-proof-by-hash?hash=${Buffer.alloc(32).toString("base64")}&tree_size=${size}`,
        404,
        "AUDIT_LEAF_NOT_FOUND",
      ],
      ["/api/audit/v1/get-proof-by-hash?hash=!!&tree_size=1", 400, "VALIDATION_FAILED"],
      [`/api/audit/v1/get-proof-by-index?leaf_index=${size}&tree_size=${size}`, 400, "AUDIT_TREE_SIZE_INVALID"],
    ];
    for (const [url, status, code] of cases) {
      const res = await t.app.inject({ method: "GET", url });
      expect([res.statusCode, res.json().code], url).toEqual([status, code]);
    }
  });

  it("entries are for auditors only (三员分立): anonymous 401, platform admin 403, auditor 200", async () => {
    const url = "/api/audit/v1/get-entries?start=0&end=2";
    expect((await t.app.inject({ method: "GET", url })).statusCode).toBe(401);
    expect((await t.app.inject({ method: "GET", url, headers: ADMIN })).statusCode).toBe(403);
    expect((await t.app.inject({ method: "GET", url: "/api/audit/v1/search", headers: ADMIN })).statusCode).toBe(403);
    const ok = await t.app.inject({ method: "GET", url, headers: AUDITOR });
    expect(ok.statusCode).toBe(200);
    const entries = ok.json().entries;
    expect(entries.map((e: { leaf_index: number }) => e.leaf_index)).toEqual([0, 1, 2]);
    expect(JSON.parse(b64(entries[0].leaf_input).toString())).toEqual(entries[0].entry);
    // The auditor reads, but cannot change data.
    const write = await t.app.inject({
      method: "PUT",
      url: "/api/calendar/days/2026-03-03",
      headers: AUDITOR,
      payload: { kind: "holiday" },
    });
    expect(write.statusCode).toBe(403);
  });

  it("key rotation keeps old heads verifiable", async () => {
    const before = (await t.app.inject({ method: "GET", url: "/api/audit/v1/get-sth" })).json();
    const kid = await log.rotateKey();
    expect(kid).not.toBe(before.key_id);
    const after = await log.signTreeHead();
    expect(after.keyId).toBe(kid);
    const keys = (await t.app.inject({ method: "GET", url: "/api/audit/v1/keys" })).json().keys;
    expect(keys.find((k: { kid: string }) => k.kid === before.key_id).retired_at).not.toBeNull();
    expect(await verifyLog(log)).toMatchObject({ ok: true, problems: [] });
  });
});

describe("the log is append-only in the database", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.app.auditLog.append([{ type: "test.event", actor: "staff:1" }]);
    await t.app.auditLog.flush();
    await t.app.auditLog.signTreeHead();
  });
  afterAll(() => t.close());

  it("refuses UPDATE, DELETE and TRUNCATE of entries, hashes and signed heads, for the application's own role", async () => {
    const db = t.database.db;
    const attempts = [
      sql`update audit_entries set actor = 'staff:2'`,
      sql`delete from audit_entries`,
      sql`truncate audit_entries`,
      sql`update audit_nodes set hash = hash`,
      sql`delete from audit_nodes`,
      sql`truncate audit_nodes`,
      sql`update audit_tree_heads set tree_size = tree_size`,
      sql`delete from audit_tree_heads`,
      sql`truncate audit_tree_heads`,
    ];
    for (const statement of attempts) {
      await expect(statement.execute(db)).rejects.toThrow(/append-only/);
    }
    expect((await verifyLog(t.app.auditLog)).ok).toBe(true);
  });
});

describe("audit verification detects tampering", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    // Tampering below the application takes someone who can change the schema: they switch the
    // append-only triggers off first. What they then change, verification must still find.
    for (const table of ["audit_entries", "audit_nodes", "audit_tree_heads"])
      await sql`alter table ${sql.table(table)} disable trigger user`.execute(t.database.db);
  });
  afterAll(() => t.close());

  async function freshLog() {
    const db = t.database.db;
    await sql`truncate audit_entries, audit_nodes, audit_tree_heads, audit_queue`.execute(db);
    await sql`update audit_tree set size = 0, root = decode('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'hex')`.execute(
      db,
    );
    const log = t.app.auditLog;
    await log.append(Array.from({ length: 10 }, (_, i) => ({ type: "test.event", actor: `staff:${i}` })));
    await log.signTreeHead();
    expect((await verifyLog(log)).ok).toBe(true);
    return { log, db };
  }

  it("an edited entry is named", async () => {
    const { log, db } = await freshLog();
    await sql`update audit_entries set entry = convert_to(replace(convert_from(entry, 'UTF8'), 'staff:3', 'staff:9'), 'UTF8') where leaf_index = 3`.execute(
      db,
    );
    const r = await verifyLog(log);
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatchObject({ kind: "entry-altered", leafIndex: 3 });
  });

  it("an edited entry with its leaf hash recomputed still fails the signed head", async () => {
    const { log, db } = await freshLog();
    const [row] = await log.repo.entries(4, 5);
    const forged = Buffer.from(row.entry.toString().replace("staff:4", "staff:0"));
    await sql`update audit_entries set entry = ${forged} where leaf_index = 4`.execute(db);
    await sql`update audit_nodes set hash = ${leafHash(forged)} where level = 0 and idx = 4`.execute(db);
    const r = await verifyLog(log);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.kind)).toContain("head-root");
  });

  it("a search column changed without its entry is named (actor, subject, type, time)", async () => {
    for (const [column, value] of [
      ["actor", sql`'staff:0'`],
      ["subject", sql`'case:forged'`],
      ["event_type", sql`'test.other'`],
      ["occurred_at", sql`occurred_at + interval '1 hour'`],
    ] as const) {
      const { log, db } = await freshLog();
      await sql`update audit_entries set ${sql.ref(column)} = ${value} where leaf_index = 5`.execute(db);
      const r = await verifyLog(log);
      expect(r.ok, column).toBe(false);
      expect(r.problems, column).toEqual([
        expect.objectContaining({ kind: "entry-columns", leafIndex: 5, message: expect.stringContaining(column) }),
      ]);
    }
  });

  it("a deleted entry is named", async () => {
    const { log, db } = await freshLog();
    await sql`delete from audit_entries where leaf_index = 6`.execute(db);
    const r = await verifyLog(log);
    expect(r.problems[0]).toMatchObject({ kind: "entry-missing", leafIndex: 6 });
  });

  it("reordered entries are named", async () => {
    const { log, db } = await freshLog();
    // Swap entries 1 and 2 (through a free index: the primary key is checked row by row).
    await sql`update audit_entries set leaf_index = 1000000 where leaf_index = 1`.execute(db);
    await sql`update audit_entries set leaf_index = 1 where leaf_index = 2`.execute(db);
    await sql`update audit_entries set leaf_index = 2 where leaf_index = 1000000`.execute(db);
    const r = await verifyLog(log);
    expect(r.problems.filter((p) => p.kind === "entry-altered").map((p) => p.leafIndex)).toEqual([1, 2]);
  });

  it("a forged tree head signature is caught", async () => {
    const { log, db } = await freshLog();
    await sql`update audit_tree_heads set signature = set_byte(signature, 0, (get_byte(signature, 0) + 1) % 256)`.execute(
      db,
    );
    const r = await verifyLog(log);
    expect(r.problems.map((p) => p.kind)).toContain("head-signature");
  });

  it("a head whose published key was altered into a non-Ed25519 key is named", async () => {
    const { log, db } = await freshLog();
    const setCrv = (crv: string) =>
      sql`update audit_keys set public_jwk = jsonb_set(public_jwk, '{crv}', ${JSON.stringify(crv)}::jsonb)`.execute(db);
    await setCrv("X25519");
    try {
      const r = await verifyLog(log);
      expect(r.problems.map((p) => p.kind)).toContain("head-key");
    } finally {
      await setCrv("Ed25519"); // later tests sign with this key
    }
  });
});
