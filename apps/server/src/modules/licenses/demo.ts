/**
 * Demo licenses for a fresh demo city (never in production): a 居民身份证 for each demo citizen with a
 * verified real name, and the 营业执照 of each demo enterprise — so the demo walk can attach them by
 * reference (免提交) to 居住证申领 or 食品经营许可. Issued for real (signed, sealed) by psb and amr.
 * Idempotent: a holder that already has a license of the type gets none.
 */
import { idNumberBirthDate, normalizeIdNumber } from "@yiwang/contracts";
import type { LicenseServices } from "./index.js";

export interface DemoHolders {
  people: { name: string; idNumber: string; address?: string }[];
  enterprises: { uscc: string; name: string; legalRep: string }[];
}

export async function issueDemoLicenses(services: LicenseServices, holders: DemoHolders): Promise<number> {
  const { deps } = services;
  const [idType, blType] = await Promise.all([deps.repo.type("ID"), deps.repo.type("BL")]);
  const [psb, amr] = await Promise.all([
    deps.departments.getByKey("psb").catch(() => null),
    deps.departments.getByKey("amr").catch(() => null),
  ]);
  let issued = 0;
  await deps.db.transaction().execute(async (trx) => {
    if (idType && psb)
      for (const p of holders.people) {
        const idNumber = normalizeIdNumber(p.idNumber);
        const held = await deps.repo.listHeld(
          [{ kind: "person", idBidx: deps.pii.blindIndex("id_number", idNumber) }],
          {
            typeCode: "ID",
            limit: 1,
            offset: 0,
          },
          trx,
        );
        if (held.total > 0) continue;
        await services.issuance.issue(trx, {
          type: idType,
          departmentId: psb.id,
          holder: { kind: "person", name: p.name, idNumber, accountId: null },
          fields: {
            sex: Number(idNumber[16]) % 2 === 1 ? "男" : "女",
            birthDate: idNumberBirthDate(idNumber),
            // A full address: 居住证申领 prefills its residence address (at least 5 characters) from it.
            address: p.address ?? "示例市示范区人民路 1 号",
          },
          validFrom: "2016-01-01",
          source: "import",
          caseId: null,
          issuedBy: "system:demo",
          onBehalfOf: null,
        });
        issued++;
      }
    if (blType && amr)
      for (const e of holders.enterprises) {
        const held = await deps.repo.listHeld(
          [{ kind: "enterprise", uscc: e.uscc }],
          { typeCode: "BL", limit: 1, offset: 0 },
          trx,
        );
        if (held.total > 0) continue;
        await services.issuance.issue(trx, {
          type: blType,
          departmentId: amr.id,
          holder: { kind: "enterprise", name: e.name, uscc: e.uscc, enterpriseId: null },
          fields: {
            legalRepresentative: e.legalRep,
            registeredCapital: "100 万元",
            address: "示例市示范区创业路 8 号",
            scope: "餐饮服务",
          },
          validFrom: "2020-01-01",
          source: "import",
          caseId: null,
          issuedBy: "system:demo",
          onBehalfOf: null,
        });
        issued++;
      }
  });
  return issued;
}
