import { useQuery } from "@tanstack/react-query";
import type { ApplicationForm, Audience } from "@yiwang/contracts";
import { Alert, Button, Checkbox, Col, Form, Input, Row, Skeleton } from "antd";
import type { Rule } from "antd/es/form";
import type { TFunction } from "i18next";
import { useDeferredValue, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { defaultForm } from "./adminApi";
import { FormPreview } from "./FormPreview";
import "./catalog-admin.css";

type Json = Record<string, unknown>;

/** The application form as the item editor holds it: the default one, or JSON texts being edited. */
export interface FormFields {
  formUseDefault?: boolean;
  formSchemaText?: string;
  formUiText?: string;
}

const pretty = (v: unknown) => JSON.stringify(v, null, 2);

export function formToFields(form: ApplicationForm | null): FormFields {
  return form
    ? { formUseDefault: false, formSchemaText: pretty(form.schema), formUiText: pretty(form.uiSchema) }
    : { formUseDefault: true, formSchemaText: "", formUiText: "" };
}

/** The form to save (the texts are valid: the field rules checked them). */
export function fieldsToForm(v: FormFields): ApplicationForm | null {
  if (v.formUseDefault !== false) return null;
  return {
    schema: JSON.parse(v.formSchemaText || "{}") as Json,
    uiSchema: v.formUiText?.trim() ? (JSON.parse(v.formUiText) as Json) : {},
  };
}

type Parsed = { kind: "empty" } | { kind: "ok"; value: Json } | { kind: "error"; message: string };

function parseObject(text: string | undefined, t: TFunction): Parsed {
  if (!text?.trim()) return { kind: "empty" };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { kind: "error", message: t("catalog.admin.form.jsonError", { error: (e as Error).message }) };
  }
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? { kind: "ok", value: value as Json }
    : { kind: "error", message: t("catalog.admin.form.notObject") };
}

/**
 * The 申请表 section of the item editor: use the platform's default form, or edit a JSON Schema and uiSchema
 * as text; beside them a live preview rendered the way the portal will (@rjsf/antd).
 */
export function ApplicationFormEditor() {
  const { t } = useTranslation();
  const form = Form.useFormInstance<FormFields & { audience?: Audience }>();
  const useDefault = Form.useWatch("formUseDefault", form) !== false;
  const audience = Form.useWatch("audience", form);
  const schemaText = useDeferredValue(Form.useWatch("formSchemaText", form));
  const uiText = useDeferredValue(Form.useWatch("formUiText", form));
  const fallback = useQuery({
    queryKey: ["catalog", "admin", "default-form", audience],
    queryFn: ({ signal }) => defaultForm(audience as Audience, signal),
    enabled: audience !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
  });

  const startFromDefault = () => {
    if (fallback.data)
      form.setFieldsValue({ formSchemaText: pretty(fallback.data.schema), formUiText: pretty(fallback.data.uiSchema) });
  };
  const objectRule = (required: boolean): Rule => ({
    validator: async (_rule, value?: string) => {
      const parsed = parseObject(value, t);
      if (parsed.kind === "error") throw new Error(parsed.message);
      if (parsed.kind === "empty" && required) throw new Error(t("catalog.admin.form.required"));
    },
  });

  const preview = useMemo((): { schema: Json; uiSchema: Json } | { errors: string[] } | undefined => {
    if (useDefault) return fallback.data;
    const schema = parseObject(schemaText, t);
    const ui = parseObject(uiText, t);
    const errors = [schema, ui].flatMap((p, i) =>
      p.kind === "error"
        ? [`${t(i === 0 ? "catalog.admin.form.schema" : "catalog.admin.form.uiSchema")}: ${p.message}`]
        : [],
    );
    if (errors.length) return { errors };
    if (schema.kind !== "ok") return undefined;
    return { schema: schema.value, uiSchema: ui.kind === "ok" ? ui.value : {} };
  }, [useDefault, fallback.data, schemaText, uiText, t]);

  return (
    <Row gutter={24}>
      <Col xs={24} lg={12}>
        <p className="yw-muted">{t("catalog.admin.form.hint")}</p>
        <Form.Item name="formUseDefault" valuePropName="checked">
          <Checkbox
            data-testid="form-use-default"
            onChange={(e) => {
              if (!e.target.checked && !form.getFieldValue("formSchemaText")) startFromDefault();
            }}
          >
            {t("catalog.admin.form.useDefault")}
          </Checkbox>
        </Form.Item>
        {useDefault ? (
          <Alert type="info" showIcon message={t("catalog.admin.form.defaultHint")} />
        ) : (
          <>
            <Form.Item name="formSchemaText" label={t("catalog.admin.form.schema")} rules={[objectRule(true)]}>
              <Input.TextArea
                className="yw-json-editor"
                autoSize={{ minRows: 10, maxRows: 28 }}
                spellCheck={false}
                data-testid="form-schema"
              />
            </Form.Item>
            <Form.Item name="formUiText" label={t("catalog.admin.form.uiSchema")} rules={[objectRule(false)]}>
              <Input.TextArea
                className="yw-json-editor"
                autoSize={{ minRows: 4, maxRows: 16 }}
                spellCheck={false}
                data-testid="form-ui-schema"
              />
            </Form.Item>
            <Button onClick={startFromDefault} disabled={!fallback.data}>
              {t("catalog.admin.form.fromDefault")}
            </Button>
          </>
        )}
      </Col>
      <Col xs={24} lg={12}>
        <section className="yw-form-preview" data-testid="form-preview" aria-label={t("catalog.admin.form.preview")}>
          <div className="yw-form-preview-title">{t("catalog.admin.form.preview")}</div>
          {preview === undefined ? (
            useDefault && fallback.isPending && audience ? (
              <Skeleton active />
            ) : null
          ) : "errors" in preview ? (
            <Alert type="error" showIcon message={preview.errors.map((e) => <div key={e}>{e}</div>)} />
          ) : (
            <FormPreview schema={preview.schema} uiSchema={preview.uiSchema} />
          )}
        </section>
      </Col>
    </Row>
  );
}
