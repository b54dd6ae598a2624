import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { ITEM_KINDS, ServiceItem, ServiceItemInputRaw } from "@yiwang/contracts";
import {
  Alert,
  message as antMessage,
  Button,
  Col,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Skeleton,
  Space,
  Switch,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { ApiError } from "../../../shared/api";
import { ErrorAlert } from "../../../shared/ErrorAlert";
import { PageHeading } from "../../../shared/PageHeading";
import { Panel } from "../../../shared/Panel";
import { useDepartments } from "../../../shared/queries";
import { useErrorText } from "../../../shared/useErrorText";
import { useLicenseTypes } from "../../catalog/queries";
import { ApplicationFormEditor, type FormFields, fieldsToForm, formToFields } from "./ApplicationFormEditor";
import { adminItem, publishItem, saveItem } from "./adminApi";
import { fieldsToSteps, type StepFields, StepsEditor, stepsToFields } from "./StepsEditor";

const KINDS: (typeof ITEM_KINDS)[number][] = [
  "license",
  "penalty",
  "enforcement",
  "collection",
  "payment",
  "inspection",
  "confirmation",
  "reward",
  "ruling",
  "other",
  "public_service",
];

/**
 * The form's shape: lists of words as arrays, sentences as text areas, steps as rows with a number (and a
 * veto rule per parallel group), the application form as JSON texts.
 */
interface FormValues
  extends Omit<ServiceItemInputRaw, "conditions" | "legalBasis" | "steps" | "hall" | "form">,
    StepFields,
    FormFields {
  conditionsText?: string;
  legalBasisText?: string;
  hall?: { address?: string; hours?: string; phone?: string | null };
}

const lines = (s?: string) =>
  (s ?? "")
    .split("\n")
    .map((x) => x.trim())
    .filter(Boolean);

function toForm(item: ServiceItem): FormValues {
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

function toInput(v: FormValues): ServiceItemInputRaw {
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

const BLANK: FormValues = {
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

/** Create or edit an item. Saving a published item makes the next version a draft; publish makes it current. */
export function ItemEditorPage() {
  const { code } = useParams();
  const existing = useQuery({
    queryKey: ["catalog", "admin", "item", code],
    queryFn: ({ signal }) => adminItem(code as string, signal),
    enabled: code !== undefined,
    retry: false,
  });
  if (code && existing.isPending)
    return (
      <div className="yw-container yw-page">
        <Skeleton active />
      </div>
    );
  if (code && existing.isError)
    return (
      <div className="yw-container yw-page">
        <ErrorAlert error={existing.error} />
      </div>
    );
  return <Editor initial={existing.data ? toForm(existing.data) : BLANK} code={code} draftOf={existing.data} />;
}

function Editor({ initial, code, draftOf }: { initial: FormValues; code?: string; draftOf?: ServiceItem }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const [message, holder] = antMessage.useMessage();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [problems, setProblems] = useState<string[]>();
  const [saved, setSaved] = useState<ServiceItem | undefined>(draftOf);
  const departments = useDepartments({ limit: 500, offset: 0 });
  const licenses = useLicenseTypes();
  const deptOptions = (departments.data?.items ?? []).map((d) => ({ value: d.key, label: `${d.name}（${d.key}）` }));
  const licenseOptions = (licenses.data?.items ?? []).map((l) => ({ value: l.code, label: `${l.name}（${l.code}）` }));
  const req = [{ required: true }];

  const onFinish = async (v: FormValues) => {
    setProblems(undefined);
    try {
      const item = await saveItem(toInput(v), code !== undefined);
      setSaved(item);
      void message.success(t("catalog.admin.saved", { version: item.version }));
      void queryClient.invalidateQueries({ queryKey: ["catalog"] });
      if (!code) navigate(`/admin/catalog/items/${item.code}`, { replace: true });
    } catch (e) {
      const issues =
        e instanceof ApiError ? (e.details as { issues?: { path: string; message: string }[] })?.issues : undefined;
      setProblems(
        issues?.length ? issues.map((i) => `${i.path.replace(/^body\./, "")}: ${i.message}`) : [errorText(e)],
      );
    }
  };
  const publish = async () => {
    if (!saved) return;
    try {
      const item = await publishItem(saved.code);
      setSaved(item);
      void message.success(t("catalog.admin.published", { version: item.version }));
      void queryClient.invalidateQueries({ queryKey: ["catalog"] });
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  return (
    <div className="yw-container yw-page">
      {holder}
      <PageHeading
        title={code ? t("catalog.admin.editorTitle") : t("catalog.admin.createTitle")}
        subtitle={t("catalog.admin.editorHint")}
        trail={[
          { title: t("admin.title"), to: "/admin" },
          { title: t("catalog.admin.title"), to: "/admin/catalog" },
        ]}
        extra={
          saved?.versionStatus === "draft" && (
            <Button type="primary" onClick={() => void publish()}>
              {t("catalog.admin.publish")} · {t("catalog.guide.version", { version: saved.version })}
            </Button>
          )
        }
      />
      {problems && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message={t("catalog.admin.fieldErrors")}
          description={
            <ul>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          }
        />
      )}
      <Form<FormValues> form={form} layout="vertical" initialValues={initial} onFinish={(v) => void onFinish(v)}>
        <Panel title={t("catalog.admin.basics")}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="code" label={t("catalog.guide.code")} rules={req}>
                <Input disabled={code !== undefined} placeholder="990100-XK-100" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="basicCode" label={t("catalog.guide.basicCode")}>
                <Input />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="kind" label={t("catalog.guide.kind")} rules={req}>
                <Select options={KINDS.map((k) => ({ value: k, label: t(`catalog.kind.${k}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="name" label={t("catalog.admin.name")} rules={req}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="nameEn" label={t("catalog.admin.nameEn")}>
                <Input maxLength={300} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="dept" label={t("catalog.guide.dept")} rules={req}>
                <Select showSearch optionFilterProp="label" options={deptOptions} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="coDepts" label={t("catalog.guide.coDepts")}>
                <Select mode="multiple" optionFilterProp="label" options={deptOptions} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="audience" label={t("catalog.guide.audience")} rules={req}>
                <Select
                  options={(["natural_person", "legal_person", "any"] as const).map((a) => ({
                    value: a,
                    label: t(`catalog.audience.${a}`),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="topics" label={t("catalog.topics")}>
                <Select mode="tags" tokenSeparators={["、", ",", "，"]} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="resultLicense" label={t("catalog.guide.result")}>
                <Select allowClear options={licenseOptions} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="conditionsText"
                label={t("catalog.guide.conditions")}
                extra={t("catalog.admin.conditionsHint")}
              >
                <Input.TextArea autoSize={{ minRows: 3 }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="legalBasisText" label={t("catalog.guide.basis")} extra={t("catalog.admin.basisHint")}>
                <Input.TextArea autoSize={{ minRows: 3 }} />
              </Form.Item>
            </Col>
          </Row>
        </Panel>
        <div style={{ height: 16 }} />
        <Panel title={t("catalog.admin.limits")}>
          <Row gutter={16}>
            {(["legalDays", "promiseDays", "onlineDepth", "maxVisits"] as const).map((f) => (
              <Col xs={12} md={6} key={f}>
                <Form.Item
                  name={f}
                  label={t(
                    f === "legalDays"
                      ? "catalog.guide.legalLimit"
                      : f === "promiseDays"
                        ? "catalog.guide.promiseLimit"
                        : f === "onlineDepth"
                          ? "catalog.guide.onlineDepth"
                          : "catalog.visits",
                  )}
                  rules={req}
                >
                  <InputNumber
                    min={f === "onlineDepth" ? 1 : 0}
                    max={f === "onlineDepth" ? 4 : 3650}
                    className="yw-full"
                  />
                </Form.Item>
              </Col>
            ))}
            <Col xs={12} md={6}>
              <Form.Item name="caseType" label={t("catalog.guide.caseType")}>
                <Select
                  options={(["immediate", "promised"] as const).map((c) => ({
                    value: c,
                    label: t(`catalog.caseType.${c}`),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="timeUnit" label={t("catalog.admin.timeUnit")}>
                <Select
                  options={(["working_day", "natural_day"] as const).map((u) => ({
                    value: u,
                    label: t(`catalog.unit.${u}`),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="realNameLevel" label={t("catalog.guide.realName")}>
                <Select
                  options={(["L1", "L2", "L3"] as const).map((l) => ({
                    value: l,
                    label: t(`catalog.guide.realNameLevel.${l}`),
                  }))}
                />
              </Form.Item>
            </Col>
          </Row>
        </Panel>
        <div style={{ height: 16 }} />
        <Panel title={t("catalog.guide.materials")}>
          <Form.List name="materials">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} wrap align="baseline" className="yw-editor-row">
                    <Form.Item name={[f.name, "name"]} rules={req}>
                      <Input placeholder={t("catalog.guide.material")} style={{ width: 260 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, "required"]} valuePropName="checked" initialValue={true}>
                      <Switch
                        checkedChildren={t("catalog.guide.required")}
                        unCheckedChildren={t("catalog.guide.optional")}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, "format"]} initialValue="electronic">
                      <Select
                        style={{ width: 130 }}
                        options={(["electronic", "paper", "both"] as const).map((x) => ({
                          value: x,
                          label: t(`catalog.guide.format.${x}`),
                        }))}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, "copies"]} initialValue={1}>
                      <InputNumber min={1} max={99} style={{ width: 70 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, "fromLicense"]}>
                      <Select
                        allowClear
                        placeholder={t("catalog.admin.materialsHint")}
                        style={{ width: 200 }}
                        options={licenseOptions}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, "blankForm"]}>
                      <Input placeholder={t("catalog.guide.blankForm")} style={{ width: 200 }} />
                    </Form.Item>
                    <MinusCircleOutlined aria-label={t("catalog.admin.remove")} onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ required: true, format: "electronic", copies: 1 })}
                >
                  {t("catalog.admin.add")}
                </Button>
              </>
            )}
          </Form.List>
        </Panel>
        <div style={{ height: 16 }} />
        <Panel title={t("catalog.guide.flow")}>
          <StepsEditor deptOptions={deptOptions} />
        </Panel>
        <div style={{ height: 16 }} />
        <Panel title={t("catalog.admin.form.title")}>
          <ApplicationFormEditor />
        </Panel>
        <div style={{ height: 16 }} />
        <Panel title={t("catalog.guide.fees")}>
          <Form.List name="fees">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} wrap align="baseline">
                    <Form.Item name={[f.name, "name"]} rules={req}>
                      <Input placeholder={t("catalog.admin.feeName")} />
                    </Form.Item>
                    <Form.Item name={[f.name, "amount"]} rules={req}>
                      <InputNumber min={0} step={0.01} placeholder={t("catalog.admin.amount")} />
                    </Form.Item>
                    <Form.Item name={[f.name, "basis"]} rules={req}>
                      <Input placeholder={t("catalog.admin.feeBasis")} style={{ width: 320 }} />
                    </Form.Item>
                    <MinusCircleOutlined aria-label={t("catalog.admin.remove")} onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>
                  {t("catalog.admin.add")}
                </Button>
              </>
            )}
          </Form.List>
        </Panel>
        <div style={{ height: 16 }} />
        <Panel title={t("catalog.guide.faq")}>
          <Form.List name="faq">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Row key={f.key} gutter={8} align="top">
                    <Col xs={24} md={9}>
                      <Form.Item name={[f.name, "question"]} rules={req}>
                        <Input placeholder={t("catalog.admin.question")} />
                      </Form.Item>
                    </Col>
                    <Col xs={22} md={14}>
                      <Form.Item name={[f.name, "answer"]} rules={req}>
                        <Input.TextArea autoSize placeholder={t("catalog.admin.answer")} />
                      </Form.Item>
                    </Col>
                    <Col xs={2} md={1}>
                      <MinusCircleOutlined aria-label={t("catalog.admin.remove")} onClick={() => remove(f.name)} />
                    </Col>
                  </Row>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>
                  {t("catalog.admin.add")}
                </Button>
              </>
            )}
          </Form.List>
        </Panel>
        <div style={{ height: 16 }} />
        <Panel title={t("catalog.guide.hall")}>
          <Row gutter={16}>
            <Col xs={24} md={10}>
              <Form.Item name={["hall", "address"]} label={t("catalog.admin.hallAddress")}>
                <Input />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name={["hall", "hours"]} label={t("catalog.admin.hallHours")}>
                <Input />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name={["hall", "phone"]} label={t("catalog.guide.phone")}>
                <Input />
              </Form.Item>
            </Col>
          </Row>
        </Panel>
        <div style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" size="large" data-testid="save-item">
            {t("catalog.admin.save")}
          </Button>
        </div>
      </Form>
    </div>
  );
}
