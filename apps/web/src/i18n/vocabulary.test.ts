import {
  AUDIENCE_TERMS,
  CASE_STATUS_TERMS,
  CASE_TYPE_TERMS,
  CATALOG_STATUS_TERMS,
  DEADLINE_LIGHT_TERMS,
  DELIVERY_METHOD_TERMS,
  ITEM_KIND_TERMS,
  labelsOf,
  MATERIAL_FORMAT_TERMS,
  ONLINE_DEPTH_TERMS,
  REAL_NAME_LEVEL_TERMS,
  SPECIAL_PROCEDURE_TERMS,
  STAGE_TERMS,
  TASK_STAGE_TERMS,
  TIME_UNIT_TERMS,
  VETO_RULE_TERMS,
  type Vocabulary,
} from "@yiwang/contracts/vocabularies";
import { describe, expect, it } from "vitest";
import { en } from "./en";
import { zhCN } from "./zh-CN";

/**
 * The dictionaries' official vocabularies are the contract tables, not copies: each entry has exactly the
 * table's codes and labels, in both languages (a literal copy that drifts, as 个人 for 自然人 once did, fails).
 */
const TABLES: Record<string, Vocabulary> = {
  ITEM_KIND_TERMS,
  AUDIENCE_TERMS,
  TIME_UNIT_TERMS,
  CASE_TYPE_TERMS,
  REAL_NAME_LEVEL_TERMS,
  MATERIAL_FORMAT_TERMS,
  STAGE_TERMS,
  CATALOG_STATUS_TERMS,
  VETO_RULE_TERMS,
  ONLINE_DEPTH_TERMS,
  CASE_STATUS_TERMS,
  DEADLINE_LIGHT_TERMS,
  SPECIAL_PROCEDURE_TERMS,
  DELIVERY_METHOD_TERMS,
  TASK_STAGE_TERMS,
};

const entries = (d: typeof zhCN, lang: "zh" | "en") => [
  [d.catalog.kind, labelsOf(ITEM_KIND_TERMS, lang)],
  [d.catalog.audience, labelsOf(AUDIENCE_TERMS, lang)],
  [d.catalog.unit, labelsOf(TIME_UNIT_TERMS, lang)],
  [d.catalog.caseType, labelsOf(CASE_TYPE_TERMS, lang)],
  [d.catalog.depth, labelsOf(ONLINE_DEPTH_TERMS, lang)],
  [d.catalog.depthShort, labelsOf(ONLINE_DEPTH_TERMS, lang === "zh" ? "zhShort" : "enShort")],
  [d.catalog.guide.format, labelsOf(MATERIAL_FORMAT_TERMS, lang)],
  [d.catalog.guide.stage, labelsOf(STAGE_TERMS, lang)],
  [d.catalog.guide.realNameLevel, labelsOf(REAL_NAME_LEVEL_TERMS, lang)],
  [d.catalog.guide.veto, labelsOf(VETO_RULE_TERMS, lang === "zh" ? "zhGuide" : "enGuide")],
  [d.catalog.admin.status, labelsOf(CATALOG_STATUS_TERMS, lang)],
  [d.catalog.admin.veto, labelsOf(VETO_RULE_TERMS, lang)],
  [d.cases.status, labelsOf(CASE_STATUS_TERMS, lang)],
  [d.cases.light, labelsOf(DEADLINE_LIGHT_TERMS, lang)],
  [d.cases.procedure, labelsOf(SPECIAL_PROCEDURE_TERMS, lang)],
  [d.cases.deliverMethod, labelsOf(DELIVERY_METHOD_TERMS, lang)],
  // a case's task runs a stage of its item's workflow (or delivers the decision): one vocabulary
  [d.cases.stage, labelsOf(TASK_STAGE_TERMS, lang)],
];

describe("official vocabularies", () => {
  it("every code has a zh-CN and an en label, and codes are unique", () => {
    for (const [name, table] of Object.entries(TABLES)) {
      const codes = table.map((t) => t.code);
      expect(new Set(codes).size, name).toBe(codes.length);
      for (const t of table) {
        expect(t.zh.trim(), `${name}.${t.code} zh`).not.toBe("");
        expect(t.en.trim(), `${name}.${t.code} en`).not.toBe("");
        expect(t.en, `${name}.${t.code} en is not Chinese`).not.toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  it("the zh-CN and en dictionaries carry exactly the contract tables' labels", () => {
    for (const [dict, lang] of [
      [zhCN, "zh"],
      [en, "en"],
    ] as const)
      for (const [entry, table] of entries(dict, lang)) expect(entry).toEqual(table);
  });

  it("服务对象 reads 自然人 / 法人 (the official terms), never 个人", () => {
    expect(zhCN.catalog.audience).toEqual({ natural_person: "自然人", legal_person: "法人", any: "自然人和法人" });
    expect(JSON.stringify(AUDIENCE_TERMS)).not.toContain("个人");
  });
});
