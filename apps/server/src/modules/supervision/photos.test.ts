/**
 * Visit photos over the API: an inspector of an open visit uploads JPEG, PNG and WebP photos (multipart), each
 * kept in the file store with its SHA-256 and an audit entry; the inspectors and the lead department list and
 * download them, another department, another inspector and a citizen cannot. Refused without writing
 * anything: a PDF renamed .jpg (415), a photo over 10 MB (413), a 21st photo (409), a non-inspector (403),
 * a finished visit (409).
 */
import { createHash } from "node:crypto";
import type { SupervisionVisit, SupervisionVisitPhoto } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../../platform/clock/clock.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { createStaff, type Headers, registerCitizen, type TestStaff } from "../../test-support/identity.js";
import { multipartBody } from "../../test-support/multipart.js";
import { ENTERPRISE_USCC, seedCity } from "../cases/testing.js";
import { PHOTO_MAX_PER_VISIT } from "./context.js";
import { SIGNATURE } from "./testing.js";

const PNG = Buffer.from(SIGNATURE.split(",")[1] as string, "base64");
/** A JPEG as far as any reader can tell from its first bytes (SOI, APP0 JFIF), with a unique tail. */
const jpeg = (tag: string) =>
  Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]),
    Buffer.from(tag),
    Buffer.from([0xff, 0xd9]),
  ]);
const WEBP = Buffer.concat([
  Buffer.from("RIFF"),
  Buffer.from([0x1a, 0, 0, 0]),
  Buffer.from("WEBPVP8 "),
  Buffer.alloc(18, 1),
]);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

describe("supervision: visit photos", () => {
  let t: TestApp;
  const clock = new TestClock("2026-11-02T09:00:00+08:00");
  let amrAdmin: Headers;
  let ecoAdmin: Headers;
  let citizen: Headers;
  let outsider: TestStaff;
  const inspectors: TestStaff[] = [];
  let visits: SupervisionVisit[] = [];

  const api = async (method: "GET" | "POST" | "PUT", url: string, headers?: Headers, payload?: unknown) =>
    t.app.inject({ method, url, headers, payload: payload as never });
  const upload = (visitId: string, headers: Headers, file: { name: string; bytes: Buffer; type?: string }) => {
    const body = multipartBody(file);
    return t.app.inject({
      method: "POST",
      url: `/api/supervision/visits/${visitId}/photos`,
      headers: { ...headers, "content-type": body.contentType },
      payload: body.payload,
    });
  };
  const by = (id: string) => inspectors.find((i) => i.id === id) as TestStaff;
  /** Everything an upload writes: stored files, photo rows, photo audit entries. */
  const written = async () => {
    await t.app.auditLog.flush();
    const audit = await t.database.db.selectFrom("audit_entries").select("entry").execute();
    return {
      files: (await t.database.db.selectFrom("stored_files").select("id").execute()).length,
      photos: (await t.database.db.selectFrom("supervision_visit_photos").select("id").execute()).length,
      audit: audit.filter((a) => Buffer.from(a.entry).toString().includes('"supervision.visit.photo"')).length,
    };
  };
  const blobExists = async (bytes: Buffer) =>
    t.app.platform.files.blobs.get(createHash("sha256").update(bytes).digest("hex")).then(
      () => true,
      () => false,
    );

  beforeAll(async () => {
    t = await createTestApp({ clock });
    await seedCity(t);
    amrAdmin = (await createStaff(t, { roles: ["dept_admin"], departmentKey: "amr" })).headers;
    ecoAdmin = (await createStaff(t, { roles: ["dept_admin"], departmentKey: "eco" })).headers;
    citizen = (await registerCitizen(t)).headers;
    outsider = await createStaff(t, { roles: ["window_clerk"], departmentKey: "amr" });
    for (let i = 1; i <= 2; i++) {
      const s = await createStaff(t, { roles: ["window_clerk"], departmentKey: "amr" });
      inspectors.push(s);
      const res = await api("POST", "/api/supervision/inspectors", amrAdmin, {
        accountId: s.id,
        certificateNo: `AMR-PHOTO-${i}`,
        district: "高新区",
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    for (const target of [
      { uscc: ENTERPRISE_USCC, industry: "餐饮", district: "东城区", riskGrade: "B" },
      { uscc: "91990102MA0002029N", industry: "建筑", district: "西城区", riskGrade: "B" },
    ])
      expect((await api("POST", "/api/supervision/targets", amrAdmin, target)).statusCode).toBe(201);
    const item = await api("POST", "/api/supervision/items", amrAdmin, {
      code: "AMR-PHOTO-01",
      name: "食品经营者日常监督检查",
      legalBasis: "《中华人民共和国食品安全法》第一百一十条",
      method: "现场检查",
      checklist: [{ key: "hygiene", text: "从业人员健康证明齐全" }],
    });
    const plan = await api("POST", "/api/supervision/plans", amrAdmin, {
      name: "2026 年 11 月食品抽查（照片）",
      itemIds: [item.json().id],
      quota: { B: { ratio: 1 } },
    });
    const planId = plan.json().id;
    expect((await api("POST", `/api/supervision/plans/${planId}/commit`, amrAdmin)).statusCode).toBe(201);
    await t.app.platform.audit.append({ type: "test.later.event", actor: "system" });
    expect((await api("POST", `/api/supervision/plans/${planId}/draw`, amrAdmin)).statusCode).toBe(200);
    visits = (await api("GET", "/api/supervision/visits/mine", inspectors[0]?.headers)).json().items;
    expect(visits).toHaveLength(2);
  }, 180_000);
  afterAll(() => t.close());

  let first: SupervisionVisitPhoto;

  it("an inspector uploads JPEG, PNG and WebP photos; stored with their SHA-256 and audited", async () => {
    const v = visits[0] as SupervisionVisit;
    const a = by(v.inspectorIds[0] as string);
    const res = await upload(v.id, a.headers, { name: "IMG_0001.JPG", bytes: jpeg("one"), type: "image/jpeg" });
    expect(res.statusCode, res.body).toBe(201);
    first = res.json();
    expect(first).toMatchObject({
      visitId: v.id,
      name: "IMG_0001.jpg",
      contentType: "image/jpeg",
      size: jpeg("one").length,
      sha256: createHash("sha256").update(jpeg("one")).digest("hex"),
      uploadedBy: a.id,
    });
    // The declared type does not matter, the bytes do.
    const png = await upload(v.id, a.headers, { name: "sketch", bytes: PNG, type: "application/octet-stream" });
    expect(png.statusCode, png.body).toBe(201);
    expect(png.json()).toMatchObject({ contentType: "image/png", name: "sketch.png" });
    const b = by(v.inspectorIds[1] as string);
    const webp = await upload(v.id, b.headers, { name: "camera.webp", bytes: WEBP });
    expect(webp.statusCode, webp.body).toBe(201);
    expect(webp.json().contentType).toBe("image/webp");
    expect(await written()).toMatchObject({ photos: 3, audit: 3 });
  });

  it("inspectors and the lead department list and download; others cannot", async () => {
    const v = visits[0] as SupervisionVisit;
    const a = by(v.inspectorIds[0] as string);
    for (const h of [a.headers, amrAdmin]) {
      const list = await api("GET", `/api/supervision/visits/${v.id}/photos`, h);
      expect(list.statusCode, list.body).toBe(200);
      // Taken at the same (test) instant: the order among them is not defined.
      expect(
        list
          .json()
          .items.map((p: SupervisionVisitPhoto) => p.contentType)
          .sort(),
      ).toEqual(["image/jpeg", "image/png", "image/webp"]);
      const file = await api("GET", `/api/supervision/visits/${v.id}/photos/${first.id}`, h);
      expect(file.statusCode).toBe(200);
      expect(file.headers["content-type"]).toBe("image/jpeg");
      expect(file.headers["cache-control"]).toBe("private, no-store");
      expect(file.rawPayload.equals(jpeg("one"))).toBe(true);
    }
    for (const h of [ecoAdmin, outsider.headers]) {
      expect((await api("GET", `/api/supervision/visits/${v.id}/photos`, h)).statusCode).toBe(404);
      expect((await api("GET", `/api/supervision/visits/${v.id}/photos/${first.id}`, h)).statusCode).toBe(404);
    }
    expect((await api("GET", `/api/supervision/visits/${v.id}/photos`, citizen)).statusCode).toBe(403);
    expect((await api("GET", `/api/supervision/visits/${v.id}/photos`)).statusCode).toBe(401);
    // A photo of another visit is not found under this one.
    const other = visits[1] as SupervisionVisit;
    const wrong = await api("GET", `/api/supervision/visits/${other.id}/photos/${first.id}`, amrAdmin);
    expect(wrong.statusCode).toBe(404);
  });

  it("refusals write nothing: wrong type, too large, not an inspector, over the limit", async () => {
    const v = visits[0] as SupervisionVisit;
    const a = by(v.inspectorIds[0] as string);
    const before = await written();

    const pdf = await upload(v.id, a.headers, { name: "photo.jpg", bytes: PDF, type: "image/jpeg" });
    expect([pdf.statusCode, pdf.json().code]).toEqual([415, "FILE_TYPE_NOT_ALLOWED"]);
    expect(await blobExists(PDF)).toBe(false);

    const big = Buffer.concat([jpeg("big"), Buffer.alloc(10 * 1024 * 1024 + 1, 7)]);
    const tooLarge = await upload(v.id, a.headers, { name: "big.jpg", bytes: big });
    expect([tooLarge.statusCode, tooLarge.json().code]).toEqual([413, "FILE_TOO_LARGE"]);

    const stranger = await upload(v.id, outsider.headers, { name: "x.jpg", bytes: jpeg("stranger") });
    expect([stranger.statusCode, stranger.json().code]).toEqual([403, "SUPERVISION_NOT_YOUR_VISIT"]);
    expect(await blobExists(jpeg("stranger"))).toBe(false);
    const lead = await upload(v.id, amrAdmin, { name: "x.jpg", bytes: jpeg("lead") });
    expect(lead.statusCode).toBe(403);
    const asCitizen = await upload(v.id, citizen, { name: "x.jpg", bytes: jpeg("citizen") });
    expect(asCitizen.statusCode).toBe(403);

    const notMultipart = await api("POST", `/api/supervision/visits/${v.id}/photos`, a.headers, { file: "x" });
    expect([notMultipart.statusCode, notMultipart.json().code]).toEqual([400, "SUPERVISION_PHOTO_MISSING"]);
    expect(await written()).toEqual(before);

    for (let i = before.photos; i < PHOTO_MAX_PER_VISIT; i++)
      expect((await upload(v.id, a.headers, { name: `p${i}.jpg`, bytes: jpeg(`n${i}`) })).statusCode).toBe(201);
    const full = await written();
    const over = await upload(v.id, a.headers, { name: "over.jpg", bytes: jpeg("over") });
    expect([over.statusCode, over.json().code]).toEqual([409, "SUPERVISION_PHOTO_LIMIT"]);
    expect(await written()).toEqual(full);
    expect(await blobExists(jpeg("over"))).toBe(false);
  });

  it("a finished visit takes no more photos (409), its photos stay readable", async () => {
    const v = visits[1] as SupervisionVisit;
    const [a, b] = v.inspectorIds.map(by) as [TestStaff, TestStaff];
    expect((await upload(v.id, a.headers, { name: "before.jpg", bytes: jpeg("before-start") })).statusCode).toBe(201);
    const started = await api("POST", `/api/supervision/visits/${v.id}/start`, a.headers, {
      position: { lat: 30, lng: 120 },
    });
    expect(started.statusCode, started.body).toBe(200);
    const checks = v.checklist.map((_, index) => ({ index, outcome: "pass" }));
    expect((await api("PUT", `/api/supervision/visits/${v.id}/checks`, a.headers, { checks })).statusCode).toBe(200);
    for (const who of [a, b]) {
      const res = await api("POST", `/api/supervision/visits/${v.id}/confirm`, who.headers, {
        result: "qualified",
        signature: SIGNATURE,
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const before = await written();
    const late = await upload(v.id, b.headers, { name: "late.jpg", bytes: jpeg("late") });
    expect([late.statusCode, late.json().code]).toEqual([409, "SUPERVISION_PHOTO_VISIT_CLOSED"]);
    expect(await written()).toEqual(before);
    expect(await blobExists(jpeg("late"))).toBe(false);
    const list = await api("GET", `/api/supervision/visits/${v.id}/photos`, b.headers);
    expect(list.json().items).toHaveLength(1);
  });
});
