/**
 * Onecode test helpers (tests only): the demo city with 张伟 holding two licenses — a 居民身份证 and a
 * 社会保障卡 — so a test can consent to one and prove the window sees that one only.
 */
import { normalizeIdNumber } from "@yiwang/contracts";
import jsQRModule from "jsqr";
import { PNG } from "pngjs";
import type { TestApp } from "../../test-support/app.js";
import type { Headers } from "../../test-support/identity.js";
import { loginCitizen, seedCity } from "../cases/testing.js";
import "../licenses/index.js";

export const ZHANG_WEI = { phone: "13800000002", name: "张伟", idNumber: "99010219850312101X" };

// jsqr is CommonJS with a default export in its types: Node's interop hands over the function itself.
type JsQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
export const jsQR = ((jsQRModule as unknown as { default?: JsQr }).default ?? jsQRModule) as unknown as JsQr;

/** What an independent decoder (jsQR over pngjs) reads from a `data:image/png;base64,…` URL. */
export function decodePngDataUrl(dataUrl: string): string | null {
  const image = PNG.sync.read(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ""), "base64"));
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}

/** Seeds the city and issues 张伟 an ID card (公安局) and a social security card; returns his session. */
export async function holderWithLicenses(t: TestApp): Promise<{ headers: Headers; idCard: string; ssc: string }> {
  await seedCity(t);
  const { licenses } = t.app;
  const psb = await licenses.departments.getByKey("psb");
  const idNumber = normalizeIdNumber(ZHANG_WEI.idNumber);
  const holder = { kind: "person" as const, name: ZHANG_WEI.name, idNumber, accountId: null };
  const common = { departmentId: psb.id, validFrom: "2020-01-01", source: "import" as const, caseId: null };
  // Read before the transaction: the type cache reads outside it.
  const idType = await licenses.deps.types.get("ID");
  const sscType = await licenses.deps.types.get("SSC");
  if (!idType || !sscType) throw new Error("license types ID/SSC not seeded");
  const ids = await t.database.db.transaction().execute(async (trx) => {
    const actor = { issuedBy: "system:test", onBehalfOf: null };
    const a = await licenses.issuance.issue(trx, {
      ...common,
      ...actor,
      type: idType,
      holder,
      fields: { sex: "男", birthDate: "1985-03-12", address: "示例市城东区和平路 1 号" },
    });
    const b = await licenses.issuance.issue(trx, {
      ...common,
      ...actor,
      type: sscType,
      holder,
      fields: { cardNumber: "SSC0001" },
    });
    return [a, b];
  });
  const [idCard, ssc] = ids.map((x) => x.id) as [string, string];
  return { headers: await loginCitizen(t, ZHANG_WEI.phone), idCard, ssc };
}
