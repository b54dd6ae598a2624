/**
 * 双随机 end to end over the API: a joint plan (two departments) committed in the audit log, drawn once the
 * beacon exists, recomputed by the independent verifier (test-support/verify-draw.mjs) from the public record;
 * a roster changed after the commitment is detected; one visit per target with every department's check
 * items; the inspector's visit (busy elsewhere refused, both confirmations); bad input refused with nothing changed.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { DrawRecord, DrawRecusal, SupervisionVisit } from "@yiwang/contracts";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { createStaff, type Headers, type TestStaff } from "../../test-support/identity.js";
// @ts-expect-error plain .mjs without types: the independent verifier
import { redraw, verifyDraw } from "../../test-support/verify-draw.mjs";
import { seedCity } from "../cases/testing.js";
import { SIGNATURE } from "./testing.js";

const VERIFIER = path.resolve(import.meta.dirname, "../../test-support/verify-draw.mjs");
const TARGETS = [
  { uscc: "91990100MA0001018E", industry: "餐饮", district: "东城区", riskGrade: "B" },
  { uscc: "91990102MA0002029N", industry: "建筑", district: "西城区", riskGrade: "B" },
  { uscc: "91990103MA000303XB", industry: "科技", district: "南城区", riskGrade: "C" },
] as const;

describe("supervision draws", () => {
  let t: TestApp;
  let amrAdmin: Headers;
  let ecoAdmin: Headers;
  let auditor: Headers;
  const inspectors = new Map<string, TestStaff>();
  let itemIds: string[] = [];

  const api = async (method: "GET" | "POST" | "PUT", url: string, headers?: Headers, payload?: unknown) =>
    t.app.inject({ method, url, headers, payload: payload as never });

  /** The draw's commitment as the audit log holds it (leaf index and entry text), for verify-draw. */
  async function committedEntry(drawId: string) {
    const [entry] = await t.app.auditLog.search({
      type: "supervision.draw.committed",
      subject: `supervision-draw:${drawId}`,
      limit: 1,
      offset: 0,
    });
    return { leafIndex: entry.leafIndex, entry: entry.entry.toString("utf8") };
  }

  async function counts() {
    const n = async (
      table: "supervision_plans" | "supervision_draws" | "supervision_visits" | "supervision_inspectors",
    ) =>
      Number(
        (
          await t.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      plans: await n("supervision_plans"),
      draws: await n("supervision_draws"),
      visits: await n("supervision_visits"),
      inspectors: await n("supervision_inspectors"),
      started: await t.database.db
        .selectFrom("supervision_visits")
        .select("id")
        .where("status", "<>", "assigned")
        .execute(),
    };
  }

  beforeAll(async () => {
    t = await createTestApp();
    await seedCity(t);
    amrAdmin = (await createStaff(t, { roles: ["dept_admin"], departmentKey: "amr" })).headers;
    ecoAdmin = (await createStaff(t, { roles: ["dept_admin"], departmentKey: "eco" })).headers;
    auditor = (await createStaff(t, { roles: ["auditor"] })).headers;
    // Three inspectors per department; amr-1 lives in 东城区 (recused from the first target), eco-1 is related to the second.
    for (const [dept, admin] of [
      ["amr", amrAdmin],
      ["eco", ecoAdmin],
    ] as const) {
      for (let i = 1; i <= 3; i++) {
        const s = await createStaff(t, { roles: ["window_clerk"], departmentKey: dept });
        inspectors.set(`${dept}-${i}`, s);
        const res = await api("POST", "/api/supervision/inspectors", admin, {
          accountId: s.id,
          certificateNo: `${dept.toUpperCase()}-CERT-${i}`,
          district: dept === "amr" && i === 1 ? "东城区" : "高新区",
          relations: dept === "eco" && i === 1 ? [TARGETS[1].uscc] : [],
        });
        expect(res.statusCode, res.body).toBe(201);
      }
    }
    for (const target of TARGETS)
      expect((await api("POST", "/api/supervision/targets", amrAdmin, target)).statusCode).toBe(201);
    const amrItem = await api("POST", "/api/supervision/items", amrAdmin, {
      code: "AMR-FOOD-01",
      name: "食品经营者日常监督检查",
      legalBasis: "《中华人民共和国食品安全法》第一百一十条",
      method: "现场检查",
      checklist: [
        { key: "licence", text: "许可证件在有效期内并悬挂" },
        { key: "hygiene", text: "从业人员健康证明齐全" },
      ],
      catalogItemCodes: ["990100-XK-001"],
    });
    const ecoItem = await api("POST", "/api/supervision/items", ecoAdmin, {
      code: "ECO-EMIT-01",
      name: "排污单位监督检查",
      legalBasis: "《中华人民共和国环境保护法》第二十四条",
      method: "现场检查",
      checklist: [{ key: "permit", text: "按排污许可证要求排放" }],
    });
    expect([amrItem.statusCode, ecoItem.statusCode]).toEqual([201, 201]);
    itemIds = [amrItem.json().id, ecoItem.json().id];
    // Generous: on a loaded machine the app's migrations alone can take most of a minute.
  }, 180_000);
  afterAll(() => t.close());

  let record: DrawRecord;

  it("a joint plan is committed, drawn from a future audit root, and recomputed by the independent verifier", async () => {
    const plan = await api("POST", "/api/supervision/plans", amrAdmin, {
      name: "2026 年第四季度食品与环保联合抽查",
      itemIds,
      quota: { B: { ratio: 1 }, C: { count: 1 } },
      inspectorsPerDept: 2,
    });
    expect(plan.statusCode, plan.body).toBe(201);
    expect(plan.json().departmentIds).toHaveLength(2);
    const committed = await api("POST", `/api/supervision/plans/${plan.json().id}/commit`, amrAdmin);
    expect(committed.statusCode, committed.body).toBe(201);
    expect(committed.json().seed).toBeNull();
    // The seed is the root at commitment index + 2: it does not exist until someone else writes to the log.
    const early = await api("POST", `/api/supervision/plans/${plan.json().id}/draw`, amrAdmin);
    expect([early.statusCode, early.json().code]).toEqual([409, "SUPERVISION_BEACON_PENDING"]);
    await t.app.platform.audit.append({ type: "test.later.event", actor: "system" });
    const drawn = await api("POST", `/api/supervision/plans/${plan.json().id}/draw`, amrAdmin);
    expect(drawn.statusCode, drawn.body).toBe(200);
    const published = await api("GET", `/api/supervision/draws/${drawn.json().id}`);
    expect(published.statusCode).toBe(200);
    record = published.json();
    expect(record.seed).toBe((await t.app.auditLog.rootAt(record.beaconTreeSize as number)).toString("hex"));
    expect(record.result?.targets.map((x) => x.uscc).sort()).toEqual(TARGETS.map((x) => x.uscc).sort());

    const commitment = await committedEntry(record.id);
    expect(verifyDraw(record, commitment)).toEqual({ ok: true });
    // From the public record alone: the commitment's leaf and its inclusion proof under the seed.
    expect(verifyDraw(record)).toEqual({ ok: true });
    const wrongSeed = {
      ...record,
      seed: (await t.app.auditLog.rootAt((record.beaconTreeSize as number) - 1)).toString("hex"),
    };
    expect(verifyDraw(wrongSeed).failures).toContain("the seed is not the audit root over the commitment");

    // The same check as a command anyone runs on downloaded files.
    const dir = mkdtempSync(path.join(os.tmpdir(), "draw-"));
    writeFileSync(path.join(dir, "record.json"), JSON.stringify(record));
    writeFileSync(path.join(dir, "entry.json"), JSON.stringify(commitment));
    const out = await promisify(execFile)(process.execPath, [
      VERIFIER,
      path.join(dir, "record.json"),
      path.join(dir, "entry.json"),
    ]);
    expect(JSON.parse(out.stdout)).toEqual({ ok: true });
    const alone = await promisify(execFile)(process.execPath, [VERIFIER, path.join(dir, "record.json")]);
    expect(JSON.parse(alone.stdout)).toEqual({ ok: true });

    // A roster changed after the commitment: caught by the roster hash, and — if the hash is recomputed to
    // match — by the commitment in the audit log.
    const tampered = structuredClone(record);
    tampered.targets[0].riskGrade = tampered.targets[0].riskGrade === "A" ? "B" : "A";
    expect(verifyDraw(tampered, commitment).failures).toContain("roster hash does not match the published rosters");
    const rehashed = { ...structuredClone(record), inspectors: record.inspectors.slice(1) };
    const { createHash } = await import("node:crypto");
    const { default: canonicalize } = await import("canonicalize");
    rehashed.rosterHash = createHash("sha256")
      .update(
        canonicalize({
          algorithm: record.algorithm,
          params: record.params,
          targets: record.targets,
          inspectors: rehashed.inspectors,
        }) as string,
      )
      .digest("hex");
    expect(verifyDraw(rehashed, commitment).failures).toContain("rosters differ from those committed in the audit log");

    // Recusal and team size: two inspectors of each department, none from the target's district or related
    // (checked against the attributes an auditor is given: the public record holds none).
    const recusal = (await api("GET", `/api/supervision/draws/${record.id}/recusal`, auditor)).json() as DrawRecusal;
    const attrs = new Map(recusal.inspectors.map((i) => [i.id, i]));
    const byId = new Map(record.inspectors.map((i) => [i.id, i]));
    for (const drawnTarget of record.result?.targets ?? []) {
      const target = record.targets.find((x) => x.uscc === drawnTarget.uscc);
      for (const d of record.params.departments) {
        const team = drawnTarget.inspectors[d];
        expect(new Set(team).size).toBe(2);
        for (const id of team) {
          expect(byId.get(id)?.departmentId).toBe(d);
          expect(attrs.get(id)?.district).not.toBe(target?.district);
          expect(attrs.get(id)?.relations).not.toContain(drawnTarget.uscc);
        }
      }
    }
    // The record is final, even for SQL.
    await expect(
      sql`update supervision_draws set targets_roster = '[]'::jsonb where id = ${record.id}`.execute(t.database.db),
    ).rejects.toThrow();
  });

  it("the public record names no inspector's district or relationship; an auditor opens the commitments", async () => {
    // Published: id, certificate number, department and a salted commitment — no personal attributes.
    for (const i of record.inspectors)
      expect(Object.keys(i).sort()).toEqual(["certificateNo", "departmentId", "id", "recusal"]);
    const text = JSON.stringify(record);
    for (const district of ["高新区", "东城区"]) expect(JSON.stringify(record.inspectors)).not.toContain(district);
    expect(text).not.toContain('"relations"');
    expect(text).not.toContain('"lastYear"');

    // Only auditors (and supervisors) get the salt and attributes; reading them is itself audited.
    const url = `/api/supervision/draws/${record.id}/recusal`;
    expect((await api("GET", url)).statusCode).toBe(401);
    expect((await api("GET", url, amrAdmin)).statusCode).toBe(403);
    const res = await api("GET", url, auditor);
    expect(res.statusCode, res.body).toBe(200);
    const recusal = res.json() as DrawRecusal;
    expect(recusal.inspectors.find((i) => i.district === "东城区")).toBeTruthy();
    const commitment = await committedEntry(record.id);
    expect(verifyDraw(record, commitment, recusal)).toEqual({ ok: true });

    // The CLI: --recusal=recusal.json.
    const dir = mkdtempSync(path.join(os.tmpdir(), "draw-"));
    writeFileSync(path.join(dir, "record.json"), JSON.stringify(record));
    writeFileSync(path.join(dir, "recusal.json"), JSON.stringify(recusal));
    const out = await promisify(execFile)(process.execPath, [
      VERIFIER,
      path.join(dir, "record.json"),
      `--recusal=${path.join(dir, "recusal.json")}`,
    ]);
    expect(JSON.parse(out.stdout)).toEqual({ ok: true });

    // Attributes that differ from those committed do not open the commitment.
    const forgedAttrs = structuredClone(recusal);
    forgedAttrs.inspectors[0].district = "西城区";
    expect(verifyDraw(record, commitment, forgedAttrs).failures).toContain(
      `the recusal attributes of ${forgedAttrs.inspectors[0].id} do not open its commitment`,
    );

    // A draw steered by a false recusal (a member of the first drawn target's team claimed related to it):
    // the public replay cannot tell, the auditor's check can. Some department of that target keeps enough.
    const first = record.result?.targets[0] as { uscc: string; inspectors: Record<string, string[]> };
    const attrs = new Map(recusal.inspectors.map((i) => [i.id, i]));
    const full = record.inspectors.map((i) => ({ ...i, ...attrs.get(i.id) }));
    let steered: DrawRecord["result"] | undefined;
    for (const d of record.params.departments) {
      const victim = first.inspectors[d][0];
      const lying = full.map((i) =>
        i.id === victim ? { ...i, relations: [...(i.relations ?? []), first.uscc].sort() } : i,
      );
      try {
        steered ??= redraw(record.seed, record.params, record.targets, lying);
      } catch {
        // too few inspectors of this department left for the target
      }
    }
    if (!steered) throw new Error("no department could be steered");
    const forged = { ...record, result: steered };
    expect(verifyDraw(forged, commitment)).toEqual({ ok: true });
    expect(verifyDraw(forged, commitment, recusal).failures).toContain(
      "the draw with recusal does not reproduce from the seed",
    );
    // Swapping a team's order is caught by the public replay alone.
    const swapped = structuredClone(record);
    const team = swapped.result?.targets[0].inspectors[swapped.params.departments[0]] as string[];
    team.reverse();
    expect(verifyDraw(swapped, commitment).ok).toBe(false);
  });

  it("a joint plan produces one visit per target with every department's check items", async () => {
    const visits = await t.database.db
      .selectFrom("supervision_visits")
      .selectAll()
      .where("plan_id", "=", record.planId)
      .execute();
    expect(visits.map((v) => v.target_uscc).sort()).toEqual(TARGETS.map((x) => x.uscc).sort());
    for (const v of visits) {
      expect(v.checklist.map((c) => c.key)).toEqual(["licence", "hygiene", "permit"]);
      expect(new Set(v.checklist.map((c) => c.departmentId)).size).toBe(2);
      expect(v.inspector_ids).toHaveLength(4);
    }
  });

  it("inspectors: not in two places at once; both confirm; the result is published and becomes a credit record", async () => {
    const visits = await t.database.db
      .selectFrom("supervision_visits")
      .selectAll()
      .where("plan_id", "=", record.planId)
      .execute();
    // Two visits sharing an inspector (three per department, two drawn per target: some always share).
    let pair: [(typeof visits)[number], (typeof visits)[number], string] | undefined;
    for (const a of visits)
      for (const b of visits)
        if (a.id !== b.id) {
          const shared = a.inspector_ids.find((i) => b.inspector_ids.includes(i));
          if (shared && !pair) pair = [a, b, shared];
        }
    if (!pair) throw new Error("no shared inspector");
    const [first, second, shared] = pair;
    const who = [...inspectors.values()].find((s) => s.id === shared) as TestStaff;
    const position = { lat: 30.27, lng: 120.15 };
    const mine = await api("GET", "/api/supervision/visits/mine", who.headers);
    expect(mine.json().items.map((v: SupervisionVisit) => v.id)).toEqual(expect.arrayContaining([first.id, second.id]));
    expect((await api("POST", `/api/supervision/visits/${first.id}/start`, who.headers, { position })).statusCode).toBe(
      200,
    );
    const before = await counts();
    const busy = await api("POST", `/api/supervision/visits/${second.id}/start`, who.headers, {
      position: { lat: 31, lng: 121 },
    });
    expect([busy.statusCode, busy.json().code]).toEqual([409, "SUPERVISION_INSPECTOR_BUSY"]);
    expect(await counts()).toEqual(before);

    const partner = [...inspectors.values()].find(
      (s) => s.id !== shared && first.inspector_ids.includes(s.id),
    ) as TestStaff;
    const early = await api("POST", `/api/supervision/visits/${first.id}/confirm`, who.headers, {
      result: "rectify",
      signature: SIGNATURE,
    });
    expect([early.statusCode, early.json().code]).toEqual([422, "SUPERVISION_CHECKLIST_INCOMPLETE"]);
    const checks = await api("PUT", `/api/supervision/visits/${first.id}/checks`, who.headers, {
      checks: [
        { index: 0, outcome: "pass" },
        { index: 1, outcome: "fail", note: "两名从业人员健康证明过期" },
        { index: 2, outcome: "na" },
      ],
    });
    expect(checks.statusCode, checks.body).toBe(200);
    const one = await api("POST", `/api/supervision/visits/${first.id}/confirm`, who.headers, {
      result: "rectify",
      signature: SIGNATURE,
    });
    expect([one.statusCode, one.json().status]).toEqual([200, "in_progress"]);
    const outsider = [...inspectors.values()].find((s) => !first.inspector_ids.includes(s.id)) as TestStaff;
    expect(
      (
        await api("POST", `/api/supervision/visits/${first.id}/confirm`, outsider.headers, {
          result: "rectify",
          signature: SIGNATURE,
        })
      ).statusCode,
    ).toBe(403);
    const unsigned = await api("POST", `/api/supervision/visits/${first.id}/confirm`, partner.headers, {
      result: "rectify",
    });
    expect(unsigned.statusCode).toBe(400);
    const notPng = await api("POST", `/api/supervision/visits/${first.id}/confirm`, partner.headers, {
      result: "rectify",
      signature: `data:image/png;base64,${Buffer.from("<svg>not a png, only labelled as one</svg>").toString("base64")}`,
    });
    expect([notPng.statusCode, notPng.json().code]).toEqual([422, "SUPERVISION_SIGNATURE_INVALID"]);
    const two = await api("POST", `/api/supervision/visits/${first.id}/confirm`, partner.headers, {
      result: "rectify",
      signature: SIGNATURE,
    });
    expect(two.statusCode, two.body).toBe(200);
    expect(two.json()).toMatchObject({ status: "finished", result: "rectify" });
    // Both inspectors signed (the images stay with the visit; the API names who signed and when).
    expect(
      two
        .json()
        .signatures.map((x: { accountId: string }) => x.accountId)
        .sort(),
    ).toEqual([who.id, partner.id].sort());
    expect(two.json().publishBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // 一公开: published by the lead department (or by the timer at the deadline: rectification.test.ts).
    expect((await api("GET", "/api/supervision/results")).json().total).toBe(0);
    expect((await api("POST", `/api/supervision/visits/${first.id}/publish`, amrAdmin)).statusCode).toBe(200);
    const results = await api("GET", "/api/supervision/results");
    expect(results.json().items[0]).toMatchObject({ id: first.id, result: "rectify" });
    const credit = await api("GET", `/api/credit/enterprises/${first.target_uscc}`);
    expect(credit.json().records.map((r: { kind: string }) => r.kind)).toContain("inspection");
    // Now free, the inspector may start the other visit.
    expect(
      (await api("POST", `/api/supervision/visits/${second.id}/start`, who.headers, { position })).statusCode,
    ).toBe(200);
  });

  it("bad input is refused with a stable code and nothing changed", async () => {
    const before = await counts();
    const ratio = await api("POST", "/api/supervision/plans", amrAdmin, {
      name: "x",
      itemIds,
      quota: { B: { ratio: 1.5 } },
    });
    expect(ratio.statusCode).toBe(400);
    const one = await api("POST", "/api/supervision/plans", amrAdmin, {
      name: "x",
      itemIds,
      quota: { B: { ratio: 1 } },
      inspectorsPerDept: 1,
    });
    expect(one.statusCode).toBe(400);
    expect(await counts()).toEqual(before);

    const empty = await api("POST", "/api/supervision/plans", amrAdmin, {
      name: "无对象的计划",
      itemIds: [itemIds[0]],
      filter: { industry: "不存在的行业" },
      quota: { A: { count: 1 } },
    });
    expect(empty.statusCode).toBe(201);
    const afterPlan = await counts();
    const commit = await api("POST", `/api/supervision/plans/${empty.json().id}/commit`, amrAdmin);
    expect([commit.statusCode, commit.json().code]).toEqual([422, "SUPERVISION_ROSTER_EMPTY"]);
    expect(await counts()).toEqual(afterPlan);
    const plan = await t.database.db
      .selectFrom("supervision_plans")
      .select("status")
      .where("id", "=", empty.json().id)
      .executeTakeFirstOrThrow();
    expect(plan.status).toBe("draft");

    // A department without inspectors: its plan cannot be committed either.
    const healthAdmin = (await createStaff(t, { roles: ["dept_admin"], departmentKey: "health" })).headers;
    const healthItem = await api("POST", "/api/supervision/items", healthAdmin, {
      code: "HEALTH-01",
      name: "公共场所卫生监督检查",
      legalBasis: "《公共场所卫生管理条例》第十条",
      method: "现场检查",
      checklist: [{ key: "air", text: "空气质量符合卫生标准" }],
    });
    const noInspectors = await api("POST", "/api/supervision/plans", healthAdmin, {
      name: "无检查人员的计划",
      itemIds: [healthItem.json().id],
      quota: { B: { ratio: 0.5 } },
    });
    const afterHealth = await counts();
    const refused = await api("POST", `/api/supervision/plans/${noInspectors.json().id}/commit`, healthAdmin);
    expect([refused.statusCode, refused.json().code, refused.json().details.roster]).toEqual([
      422,
      "SUPERVISION_ROSTER_EMPTY",
      "inspectors",
    ]);
    expect(await counts()).toEqual(afterHealth);

    // One person, one roster: an amr inspector registered again (by eco: not their staff; by amr: already there).
    const twice = await api("POST", "/api/supervision/inspectors", amrAdmin, {
      accountId: inspectors.get("amr-2")?.id,
      certificateNo: "AMR-CERT-99",
      district: "北城区",
    });
    expect([twice.statusCode, twice.json().code]).toEqual([409, "SUPERVISION_INSPECTOR_ELSEWHERE"]);
    const other = await api("POST", "/api/supervision/inspectors", ecoAdmin, {
      accountId: inspectors.get("amr-2")?.id,
      certificateNo: "ECO-CERT-99",
      district: "北城区",
    });
    expect([other.statusCode, other.json().code]).toEqual([422, "SUPERVISION_NOT_STAFF"]);
    expect(await counts()).toEqual(afterHealth);
  });
});
