import type { ServiceItem, ServiceItemInputRaw } from "@yiwang/contracts";
import { type FormFields, fieldsToForm, formToFields } from "../ApplicationFormEditor";
import { fieldsToSteps, type StepFields, stepsToFields } from "../StepsEditor";

/**
 * The editor form's shape: lists of words as arrays, sentences as text areas, steps as rows with a number (and a
 * veto rule per parallel group), the application form as JSON texts — and the mapping to and from the contract.
 */
export interface FormValues
  extends Omit<ServiceItemInputRaw, "conditions" | "legalBasis" | "steps" | "hall" | "form">,
    StepFields,
    FormFields {
  conditionsText?: string;
  legalBasisText?: string;
  hall?: { address?: string; hours?: string; phone?: string | null };
}

/** The antd rule every mandatory field of the editor uses. */
export const REQUIRED = [{ required: true }];

const lines = (s?: string) =>
  (s ?? "")
    .split("\n")
    .map((x) => x.trim())
    .filter(Boolean);

export function toForm(item: ServiceItem): FormValues {
  const { conditions, legalBasis, steps, hall, form, ...rest } = item;
  return {
    ...rest,
    conditionsText: conditions.join("\n"),
    legalBasisText: legalBasis.join("\n"),
    ...stepsToFields(steps),
    ...formToFields(form),
    hall: hall ?? undefined,
  };
}

export function toInput(v: FormValues): ServiceItemInputRaw {
  const {
    conditionsText,
    legalBasisText,
    stepRows,
    vetoRules,
    formUseDefault,
    formSchemaText,
    formUiText,
    hall,
    ...rest
  } = v;
  return {
    ...rest,
    conditions: lines(conditionsText),
    legalBasis: lines(legalBasisText),
    steps: fieldsToSteps({ stepRows, vetoRules }),
    form: fieldsToForm({ formUseDefault, formSchemaText, formUiText }),
    hall: hall?.address && hall.hours ? { address: hall.address, hours: hall.hours, phone: hall.phone || null } : null,
  } as ServiceItemInputRaw;
}

/** A new item starts from these values. */
export const BLANK: FormValues = {
  code: "",
  name: "",
  kind: "license",
  dept: "",
  audience: "natural_person",
  legalDays: 20,
  promiseDays: 10,
  timeUnit: "working_day",
  caseType: "promised",
  onlineDepth: 3,
  maxVisits: 1,
  realNameLevel: "L2",
  coDepts: [],
  topics: [],
  materials: [],
  fees: [],
  faq: [],
  stepRows: [],
  formUseDefault: true,
};
