/**
 * 快申快享's generated catalog item: one per benefit (POLICY-<benefit id>), published with the benefit, so an
 * application is a real 办件 — numbered, on the department's desk, counted like any case. One decide step
 * (a short application has nothing to accept or review) promised in the benefit's decision_days working
 * days; the form is the enterprise's identity (免填 from the account and the business registry), the facts
 * the rule reads (filled by this module from the registry, read-only), the estimated amount and the account
 * the enterprise confirmed (masked: the account itself is sealed in this module, not in the case).
 */
import { FACT_CATALOGUE, type FactValues, maskBankAccount, ServiceItemInput } from "@yiwang/contracts";
import type { BenefitRow } from "./repository.js";

export const itemCodeOf = (benefitId: string) => `POLICY-${benefitId.toUpperCase()}`;

/** The form fields a fact is shown in: `fact_<name>`, so no fact name can clash with the form's own. */
export const factField = (name: string) => `fact_${name}`;

export function quickItem(b: BenefitRow, deptKey: string, facts: readonly string[], legalBasis: string) {
  const factProps = Object.fromEntries(
    FACT_CATALOGUE.filter((f) => facts.includes(f.name)).map((f) => [
      factField(f.name),
      {
        type: f.type === "number" ? "number" : "string",
        title: `${f.label.zh}${f.unit ? `（${f.unit.zh}）` : ""}`,
        description: `来源：${f.source}`,
        readOnly: true,
      },
    ]),
  );
  return ServiceItemInput.parse({
    code: itemCodeOf(b.id),
    basicCode: null,
    name: `${b.title}（快申快享）`,
    nameEn: null,
    kind: "payment",
    dept: deptKey,
    audience: "legal_person",
    conditions: [b.target, `符合《${b.document_title}》规定的条件（以法人库数据自动核验）`],
    legalDays: b.decision_days,
    promiseDays: b.decision_days,
    caseType: "promised",
    onlineDepth: 4,
    maxVisits: 0,
    materials: [],
    legalBasis: legalBasis ? [legalBasis] : [],
    steps: [{ dept: deptKey, stage: "decide" }],
    resultName: "政策兑现决定",
    topics: ["惠企政策"],
    form: {
      schema: {
        type: "object",
        required: ["enterpriseName", "uscc", "amount", "bankAccount", "confirmed"],
        properties: {
          enterpriseName: { type: "string", title: "企业名称", "x-prefill": "enterprise.name", readOnly: true },
          uscc: { type: "string", title: "统一社会信用代码", "x-prefill": "enterprise.uscc", readOnly: true },
          legalRepName: {
            type: "string",
            title: "法定代表人",
            "x-prefill": "registry:business.legalRepName",
            readOnly: true,
          },
          ...factProps,
          amount: { type: "integer", title: "测算兑现金额（元）", minimum: 1, readOnly: true },
          // Masked: the account itself stays sealed in this module, in clear only in the payment instruction.
          bankAccount: { type: "string", title: "收款账户（掩码）", readOnly: true },
          confirmed: { type: "boolean", const: true, title: "确认以上信息属实，同意按法人库数据核验" },
        },
      },
    },
  });
}

/** The form values this module fills: the facts the rule read, the amount they give, the account masked. */
export function quickFormValues(facts: FactValues, amount: number, bankAccount: string): Record<string, unknown> {
  const values: Record<string, unknown> = { amount, bankAccount: maskBankAccount(bankAccount), confirmed: true };
  for (const [name, value] of Object.entries(facts)) if (value !== null) values[factField(name)] = value;
  return values;
}
