import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import type { StageKind, Step, VetoRule } from "@yiwang/contracts";
import { STAGE_TERMS, VETO_RULE_TERMS } from "@yiwang/contracts/vocabularies";
import { Button, Form, InputNumber, Select, Space } from "antd";
import { useTranslation } from "react-i18next";
import "./catalog-admin.css";
import { termOptions } from "./item-editor/options";

export interface StepRow {
  seq: number;
  dept: string;
  stage: StageKind;
}

/** The steps as the editor holds them: one row per stage (rows sharing a number run in parallel), and the
 * veto rule of each parallel group by its number. */
export interface StepFields {
  stepRows?: StepRow[];
  vetoRules?: Record<string, VetoRule>;
}

export function stepsToFields(steps: Step[]): StepFields {
  const vetoRules: Record<string, VetoRule> = {};
  steps.forEach((s, i) => {
    if ("parallel" in s) vetoRules[String(i + 1)] = s.onVeto ?? "deny";
  });
  return {
    stepRows: steps.flatMap((s, i) => ("parallel" in s ? s.parallel : [s]).map((b) => ({ seq: i + 1, ...b }))),
    vetoRules,
  };
}

export function fieldsToSteps({ stepRows, vetoRules }: StepFields): Step[] {
  const groups: Step[] = [];
  const rows = [...(stepRows ?? [])].sort((a, b) => a.seq - b.seq);
  for (let i = 0; i < rows.length; ) {
    const seq = rows[i]!.seq;
    const same = rows.filter((r) => r.seq === seq);
    groups.push(
      same.length === 1
        ? { dept: same[0]!.dept, stage: same[0]!.stage }
        : {
            parallel: same.map(({ dept, stage }) => ({ dept, stage })),
            onVeto: vetoRules?.[String(seq)] ?? "deny",
          },
    );
    i += same.length;
  }
  return groups;
}

/** Numbers shared by two or more rows: the parallel review groups. */
function parallelSeqs(rows: (StepRow | undefined)[] | undefined): number[] {
  const count = new Map<number, number>();
  for (const r of rows ?? []) if (typeof r?.seq === "number") count.set(r.seq, (count.get(r.seq) ?? 0) + 1);
  return [...count]
    .filter(([, n]) => n > 1)
    .map(([seq]) => seq)
    .sort((a, b) => a - b);
}

/** The handling steps of the item editor: rows of number, department and stage; a veto rule per parallel group. */
export function StepsEditor({ deptOptions }: { deptOptions: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<StepFields>();
  const rows = Form.useWatch("stepRows", form);
  const groups = parallelSeqs(rows);
  const req = [{ required: true }];
  return (
    <>
      <p className="yw-muted">{t("catalog.admin.stepsHint")}</p>
      <Form.List name="stepRows">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Space key={f.key} wrap align="baseline">
                <Form.Item name={[f.name, "seq"]} rules={req}>
                  <InputNumber min={1} max={30} placeholder={t("catalog.admin.seq")} style={{ width: 90 }} />
                </Form.Item>
                <Form.Item name={[f.name, "dept"]} rules={req}>
                  <Select showSearch optionFilterProp="label" style={{ width: 240 }} options={deptOptions} />
                </Form.Item>
                <Form.Item name={[f.name, "stage"]} rules={req}>
                  <Select
                    style={{ width: 110 }}
                    options={termOptions(STAGE_TERMS, (s) => t(`catalog.guide.stage.${s}`))}
                  />
                </Form.Item>
                <MinusCircleOutlined aria-label={t("catalog.admin.remove")} onClick={() => remove(f.name)} />
              </Space>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ seq: fields.length + 1, stage: "review" })}
            >
              {t("catalog.admin.add")}
            </Button>
          </>
        )}
      </Form.List>
      {groups.length > 0 && (
        <fieldset className="yw-veto-rules" data-testid="veto-rules">
          <legend>{t("catalog.admin.vetoRules")}</legend>
          {groups.map((seq) => (
            <Form.Item
              key={seq}
              name={["vetoRules", String(seq)]}
              label={t("catalog.admin.vetoRule", { seq })}
              initialValue="deny"
            >
              <Select
                style={{ maxWidth: 240 }}
                options={termOptions(VETO_RULE_TERMS, (v) => t(`catalog.admin.veto.${v}`))}
              />
            </Form.Item>
          ))}
        </fieldset>
      )}
    </>
  );
}
