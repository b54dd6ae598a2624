/** Test helpers of the policies module: a document and benefit through the API, the match run, registry edits. */
import type { Benefit, CreateBenefitRequest, MatchRunResult } from "@yiwang/contracts";
import type { TestApp } from "../../test-support/app.js";
import type { Headers } from "../../test-support/identity.js";
import { type BusinessFactValues, type BusinessLoad, RegistryService } from "../registry/index.js";

/** 稳岗扩岗: three conditions — capital, insured employees, credit grade. */
export const THREE_CONDITIONS = {
  conditions: {
    all: [
      { fact: "registeredCapital", operator: "gte", value: 100, label: "注册资本不低于100万元" },
      { fact: "employeesInsured", operator: "gte", value: 30, label: "参保职工不少于30人" },
      { fact: "creditGrade", operator: "in", value: ["A", "B"], label: "信用等级A或B" },
    ],
  },
};

export async function createDocument(t: TestApp, headers: Headers): Promise<string> {
  const res = await t.app.inject({
    method: "POST",
    url: "/api/policies/documents",
    headers,
    payload: {
      title: "示例市稳岗扩岗若干措施",
      issuer: "示例市人民政府",
      issuedOn: "2026-01-10",
      fullText: "为稳定就业岗位，对符合条件的企业给予补贴……",
      legalBasis: "《中华人民共和国就业促进法》",
    },
  });
  if (res.statusCode !== 201) throw new Error(`document: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

export function benefitBody(documentId: string, over: Partial<CreateBenefitRequest> = {}): CreateBenefitRequest {
  return {
    documentId,
    title: "稳岗扩岗补贴",
    target: "本市参保企业",
    channel: "no_application",
    budget: 1_000_000,
    periodStart: "2026-01-01",
    periodEnd: "2027-12-31",
    rules: THREE_CONDITIONS,
    amountFormula: "min(employeesInsured * 1000, 200000)",
    ...over,
  };
}

export async function createBenefit(t: TestApp, headers: Headers, body: CreateBenefitRequest): Promise<Benefit> {
  const res = await t.app.inject({ method: "POST", url: "/api/policies/benefits", headers, payload: body });
  if (res.statusCode !== 201) throw new Error(`benefit: ${res.statusCode} ${res.body}`);
  const published = await t.app.inject({
    method: "POST",
    url: `/api/policies/benefits/${res.json().id}/publish`,
    headers,
  });
  if (published.statusCode !== 200) throw new Error(`publish: ${published.statusCode} ${published.body}`);
  return published.json();
}

export async function runMatch(t: TestApp, headers: Headers): Promise<MatchRunResult> {
  const res = await t.app.inject({ method: "POST", url: "/api/policies/match", headers });
  if (res.statusCode !== 200) throw new Error(`match: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** A change in the (demo) business registry, as the registering department's system would make it. */
export function setFacts(t: TestApp, uscc: string, facts: BusinessFactValues): Promise<boolean> {
  return new RegistryService(t.database.db, t.app.platform.pii).updateBusinessFacts(uscc, facts);
}

/** `n` synthetic active enterprises in district 990199 (the representative is a demo person). */
export async function loadSyntheticEnterprises(t: TestApp, n: number, facts: BusinessFactValues): Promise<string[]> {
  const list: BusinessLoad[] = Array.from({ length: n }, (_, i) => ({
    uscc: `91990199MA${String(i).padStart(7, "0")}X`,
    name: `示例市测试企业${i}有限公司`,
    legalRepName: "李娜",
    legalRepIdNumber: "990103198211051140",
    status: "active",
    registeredOn: "2020-01-01",
    facts,
  }));
  await new RegistryService(t.database.db, t.app.platform.pii).loadBusinesses(list);
  return list.map((b) => b.uscc);
}
