import {
  Audience,
  CaseType,
  CatalogStatus,
  ItemKind,
  MaterialFormat,
  MaterialLicenseHolder,
  RealNameLevel,
  StageKind,
  TimeUnit,
  VetoRule,
} from "@yiwang/contracts";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { CellErrors } from "./cell-errors.js";
import { labelReader } from "./cell-values.js";
import { readSheets } from "./sheet-reader.js";
import {
  AUDIENCE_ZH,
  CASE_TYPE_ZH,
  FORMAT_ZH,
  KIND_ZH,
  LEVEL_ZH,
  LICENSE_HOLDER_ZH,
  README_LINES,
  STAGE_ZH,
  STATUS_ZH,
  TIME_UNIT_ZH,
  VETO_ZH,
} from "./template.js";

/** The workbook writes and reads the contract's vocabularies: every code has a word, and every word reads back. */
const VOCABULARIES = [
  ["事项类型", KIND_ZH, ItemKind.options],
  ["服务对象", AUDIENCE_ZH, Audience.options],
  ["时限单位", TIME_UNIT_ZH, TimeUnit.options],
  ["办件类型", CASE_TYPE_ZH, CaseType.options],
  ["实名等级", LEVEL_ZH, RealNameLevel.options],
  ["材料形式", FORMAT_ZH, MaterialFormat.options],
  ["证照持有人", LICENSE_HOLDER_ZH, MaterialLicenseHolder.options],
  ["环节", STAGE_ZH, StageKind.options],
  ["状态", STATUS_ZH, CatalogStatus.options],
  ["否决规则", VETO_ZH, VetoRule.options],
] as const;

const freshErrors = () => new CellErrors(readSheets(new ExcelJS.Workbook()));
const at = { sheet: "items", row: 2, col: "kind" } as const;

describe("workbook vocabularies", () => {
  it.each(VOCABULARIES)(
    "%s: a word for every contract code, and the reader takes the word and the code back",
    (_, labels, codes) => {
      expect(Object.keys(labels)).toEqual([...codes]);
      const errors = freshErrors();
      const read = labelReader(errors, labels as Record<string, string>);
      for (const code of codes) {
        expect(read(at, (labels as Record<string, string>)[code]!)).toBe(code);
        expect(read(at, code)).toBe(code);
      }
      expect(errors.count).toBe(0);
    },
  );

  it("服务对象 is written 自然人 / 法人 (the official terms), and 个人 is refused", () => {
    expect(AUDIENCE_ZH).toEqual({ natural_person: "自然人", legal_person: "法人", any: "自然人和法人" });
    const errors = freshErrors();
    expect(labelReader(errors, AUDIENCE_ZH)(at, "个人")).toBeUndefined();
    expect(errors.list()[0]?.message).toContain("自然人、法人、自然人和法人");
  });

  it("the README lists every word the reader accepts", () => {
    const readme = README_LINES.join("\n");
    for (const [, labels] of VOCABULARIES) for (const word of Object.values(labels)) expect(readme).toContain(word);
  });
});
