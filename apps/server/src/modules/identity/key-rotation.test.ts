import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.js";
import { PiiCipher } from "../../platform/crypto/pii.js";
import { seedDemo } from "../../seed/index.js";
import { createTestApp, type TestApp, testConfig } from "../../test-support/app.js";
import { createStaff, loginStaff, registerCitizen, type TestStaff } from "../../test-support/identity.js";
import { reencryptRegistries } from "../registry/index.js";
import { reencryptAccounts } from "./reencrypt.js";

const K1 = Buffer.alloc(32, 11).toString("base64");
const K2 = Buffer.alloc(32, 22).toString("base64");
const INDEX = Buffer.alloc(32, 33).toString("base64");

/** Rotating DATA_ENCRYPTION_KEY: old data stays readable with the old key retired, then is re-sealed. */
describe("personal-data key rotation", () => {
  let t: TestApp;
  let staff: TestStaff;
  let citizenId: string;
  beforeAll(async () => {
    t = await createTestApp({ env: { DATA_ENCRYPTION_KEY: K1, PII_INDEX_KEY: INDEX } });
    await seedDemo(t.database.db, t.config);
    citizenId = (await registerCitizen(t, { realname: { name: "陈静", idNumber: "990101199506181286" } })).id;
    staff = await createStaff(t, { roles: ["window_clerk"] });
  });
  afterAll(() => t.close());

  it("reads everything after a rotation, re-seals it, and then no longer needs the old key", async () => {
    // The OIDC signing key is created (and sealed under K1) by the first app.
    const jwksBefore = (await t.app.inject({ method: "GET", url: "/oidc/jwks" })).json();
    const rotated = await buildApp(
      testConfig({ DATA_ENCRYPTION_KEY: K2, DATA_ENCRYPTION_PREVIOUS_KEYS: K1, PII_INDEX_KEY: INDEX }),
      { database: t.database },
    );
    try {
      // Staff TOTP secrets (sealed under K1) still open, and look-ups by blind index still match.
      const clerk = await loginStaff({ ...t, app: rotated }, staff);
      const found = await rotated.inject({
        method: "GET",
        url: "/api/identity/citizens?idNumber=990101199506181286",
        headers: clerk,
      });
      expect(found.json()).toMatchObject({ id: citizenId, idNumberMasked: "9901**********1286" });

      // …and still signs after the rotation (the sealed private key opens with the retired key).
      const jwksAfter = await rotated.inject({ method: "GET", url: "/oidc/jwks" });
      expect(jwksAfter.statusCode).toBe(200);
      expect(jwksAfter.json().keys.map((k: { kid: string }) => k.kid)).toEqual(
        jwksBefore.keys.map((k: { kid: string }) => k.kid),
      );

      const pii = new PiiCipher({ key: K2, previousKeys: [K1], indexKey: INDEX });
      const accounts = await reencryptAccounts(t.database.db, pii);
      const registries = await reencryptRegistries(t.database.db, pii);
      expect(accounts).toBeGreaterThanOrEqual(6); // the demo citizens and ours
      expect(registries).toBe(24); // 20 people + 4 representatives
      expect(await reencryptAccounts(t.database.db, pii)).toBe(0); // idempotent

      const onlyNew = new PiiCipher({ key: K2, indexKey: INDEX });
      const row = await t.database.db
        .selectFrom("accounts")
        .select(["phone_enc", "id_number_enc"])
        .where("id", "=", citizenId)
        .executeTakeFirstOrThrow();
      expect(onlyNew.decrypt("id_number", row.id_number_enc as Buffer)).toBe("990101199506181286");
      expect(() => new PiiCipher({ key: K1, indexKey: INDEX }).decrypt("phone", row.phone_enc as Buffer)).toThrow();
      // A value sealed for one field does not open as another (associated data).
      expect(() => onlyNew.decrypt("phone", row.id_number_enc as Buffer)).toThrow();
    } finally {
      await rotated.close();
    }
  });
});
