import { EVALUATION_PHOTO_MAX_BYTES, EVALUATION_PHOTO_UPLOADS_MAX } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exeBytes, JPEG_HEAD, PNG_1X1 } from "../../platform/files/testing.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { type Headers, registerCitizen } from "../../test-support/identity.js";
import { enterpriseApplicant, seedCity, staffOf } from "../cases/testing.js";
import { deliveredCase, evaluate, invitationFor, uploadPhoto } from "./testing.js";

/**
 * Issue 20, "optional photo": the invitee uploads a JPEG or PNG for an open invitation and names it in the
 * evaluation; the invitee and the department's staff see it (a staff read is a logged personal-data read),
 * nobody else does. Bad uploads are refused with nothing stored; parallel uploads cannot pass the limit.
 */
describe("evaluation: the optional photo", () => {
  let t: TestApp;
  let applicant: Headers;
  let stranger: Headers;
  let staff: { clerk: Headers; approver: Headers; landClerk: Headers };

  beforeAll(async () => {
    t = await createTestApp();
    await seedCity(t);
    applicant = await enterpriseApplicant(t);
    stranger = (await registerCitizen(t)).headers;
    staff = {
      clerk: await staffOf(t, "window_clerk", "amr"),
      approver: await staffOf(t, "approver", "amr"),
      landClerk: await staffOf(t, "window_clerk", "land"),
    };
  });
  afterAll(() => t.close());

  const openInvitation = async () => {
    const c = await deliveredCase(t, applicant, staff);
    return invitationFor(t, applicant, c.id);
  };
  const photoRows = async (invitationId: string) =>
    t.database.db.selectFrom("evaluation_photos").selectAll().where("invitation_id", "=", invitationId).execute();
  const storedFiles = async () =>
    Number(
      (
        await t.database.db
          .selectFrom("stored_files")
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const getPhoto = (evaluationId: string, headers?: Headers) =>
    t.app.inject({ method: "GET", url: `/api/evaluation/evaluations/${evaluationId}/photo`, headers });

  it("goes with the evaluation; the invitee and the department's staff see it, a staff read is logged", async () => {
    const inv = await openInvitation();
    const up = await uploadPhoto(t, applicant, inv.id, PNG_1X1, { fileName: "窗口.png" });
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json()).toMatchObject({ contentType: "image/png", size: PNG_1X1.length });

    const given = await evaluate(t, applicant, inv.id, {
      level: 2,
      tags: ["slow"],
      text: "排队太久",
      photoId: up.json().id,
    });
    expect(given.statusCode, given.body).toBe(201);
    expect(given.json().hasPhoto).toBe(true);
    const evaluationId = given.json().id as string;
    const again = await t.app.inject({
      method: "GET",
      url: `/api/evaluation/invitations/${inv.id}`,
      headers: applicant,
    });
    expect(again.json().evaluation).toMatchObject({ id: evaluationId, hasPhoto: true });

    const mine = await getPhoto(evaluationId, applicant);
    expect(mine.statusCode).toBe(200);
    expect(mine.headers["content-type"]).toBe("image/png");
    expect(mine.rawPayload.equals(PNG_1X1)).toBe(true);

    const logged = async () =>
      (
        await t.database.db
          .selectFrom("pii_access_log")
          .selectAll()
          .where("subject", "=", `evaluation:${evaluationId}`)
          .execute()
      ).map((r) => r.field);
    expect(await logged()).toEqual([]);
    const clerk = await getPhoto(evaluationId, staff.clerk);
    expect(clerk.statusCode).toBe(200);
    expect(clerk.rawPayload.equals(PNG_1X1)).toBe(true);
    expect(await logged()).toEqual(["evaluation_photo"]);

    // The ticket the 差评 opened tells the department a photo came with it.
    const tickets = await t.app.inject({
      method: "GET",
      url: "/api/evaluation/rectifications?limit=100",
      headers: staff.clerk,
    });
    const ticket = tickets.json().items.find((r: { evaluation: { id: string } }) => r.evaluation.id === evaluationId);
    expect(ticket.evaluation.hasPhoto).toBe(true);

    for (const [who, headers] of [
      ["another citizen", stranger],
      ["another department's staff", staff.landClerk],
    ] as const) {
      const res = await getPhoto(evaluationId, headers);
      expect([res.statusCode, res.json().code], who).toEqual([404, "EVALUATION_PHOTO_NOT_FOUND"]);
    }
    expect((await getPhoto(evaluationId)).statusCode).toBe(401);

    // Evaluated: no more uploads; an evaluation without a photo has none to show.
    const late = await uploadPhoto(t, applicant, inv.id, PNG_1X1);
    expect([late.statusCode, late.json().code]).toEqual([409, "EVALUATION_ALREADY_GIVEN"]);
    const plain = await openInvitation();
    const noPhoto = await evaluate(t, applicant, plain.id, { level: 5 });
    expect(noPhoto.json().hasPhoto).toBe(false);
    expect((await getPhoto(noPhoto.json().id, applicant)).statusCode).toBe(404);
  });

  it("refuses bad uploads and foreign photos with a 4xx, storing nothing", async () => {
    const inv = await openInvitation();
    const files = await storedFiles();
    const cases: [string, Headers, Buffer, { field?: string }, number, string][] = [
      ["an executable named .png", applicant, exeBytes(), {}, 415, "FILE_TYPE_NOT_ALLOWED"],
      ["an empty file", applicant, Buffer.alloc(0), {}, 400, "FILE_EMPTY"],
      [
        "a photo over 5 MB",
        applicant,
        Buffer.concat([PNG_1X1, Buffer.alloc(EVALUATION_PHOTO_MAX_BYTES)]),
        {},
        413,
        "FILE_TOO_LARGE",
      ],
      ["the file in the wrong field", applicant, PNG_1X1, { field: "photo" }, 400, "EVALUATION_PHOTO_MISSING"],
      ["someone else's invitation", stranger, PNG_1X1, {}, 404, "EVALUATION_INVITATION_NOT_FOUND"],
    ];
    for (const [what, headers, bytes, options, status, code] of cases) {
      const res = await uploadPhoto(t, headers, inv.id, bytes, options);
      expect([res.statusCode, res.json().code], what).toEqual([status, code]);
    }
    const json = await t.app.inject({
      method: "POST",
      url: `/api/evaluation/invitations/${inv.id}/photo`,
      headers: applicant,
      payload: { file: "x" },
    });
    expect([json.statusCode, json.json().code]).toEqual([400, "EVALUATION_PHOTO_MISSING"]);
    expect(await photoRows(inv.id)).toEqual([]);
    expect(await storedFiles()).toBe(files);

    // A photo uploaded for another invitation (or a made-up id) cannot be named: nothing is evaluated.
    const other = await openInvitation();
    const foreign = await uploadPhoto(t, applicant, other.id, JPEG_HEAD, { fileName: "a.jpg" });
    expect(foreign.statusCode, foreign.body).toBe(201);
    for (const photoId of [foreign.json().id, "00000000-0000-4000-8000-000000000000"]) {
      const res = await evaluate(t, applicant, inv.id, { level: 5, photoId });
      expect([res.statusCode, res.json().code]).toEqual([400, "EVALUATION_PHOTO_UNKNOWN"]);
    }
    const bad = await evaluate(t, applicant, inv.id, { level: 5, photoId: "not-a-uuid" });
    expect(bad.statusCode).toBe(400);
    const stored = await t.database.db
      .selectFrom("evaluations")
      .select("id")
      .where("invitation_id", "=", inv.id)
      .execute();
    expect(stored).toEqual([]);
    expect((await photoRows(other.id)).map((r) => r.evaluation_id)).toEqual([null]);
  });

  it("parallel uploads stop at the limit per invitation", async () => {
    const inv = await openInvitation();
    const results = await Promise.all(
      Array.from({ length: EVALUATION_PHOTO_UPLOADS_MAX + 3 }, () => uploadPhoto(t, applicant, inv.id, PNG_1X1)),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(EVALUATION_PHOTO_UPLOADS_MAX);
    expect(codes.filter((c) => c === 409)).toHaveLength(3);
    expect(await photoRows(inv.id)).toHaveLength(EVALUATION_PHOTO_UPLOADS_MAX);
  });
});
