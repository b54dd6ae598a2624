import Form, { Templates } from "@rjsf/antd";
import type CoreForm from "@rjsf/core";
import type { ErrorSchema, FieldTemplateProps, RJSFSchema, UiSchema } from "@rjsf/utils";
import type { CaseDetail } from "@yiwang/contracts";
import { Tag } from "antd";
import { type Ref, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { forDisplay } from "../../forms/data-rules";
import { useFormErrorMessages } from "../../forms/messages";
import { sameFormData } from "../../forms/same-data";
import { formValidator } from "../../forms/validator";
import type { FormIssue } from "./api";

export type FormData = Record<string, unknown>;

/** Server issues (JSON Pointers, e.g. /contact/phone) as rjsf's error schema, so they show under the fields. */
export function issuesToErrorSchema(issues: FormIssue[]): ErrorSchema {
  const root: Record<string, unknown> = {};
  for (const issue of issues) {
    const segments = issue.path
      .split("/")
      .slice(1)
      .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
    let node = root;
    for (const s of segments) {
      node[s] ??= {};
      node = node[s] as Record<string, unknown>;
    }
    const errors = (node.__errors as string[] | undefined) ?? [];
    errors.push(issue.message);
    node.__errors = errors;
  }
  return root as ErrorSchema;
}

const AntdFieldTemplate = Templates.FieldTemplate!;

/**
 * rjsf-antd's field shows its `ui:help` in place of its errors (Form.Item has one help line), so a field with
 * a help text (申请提取金额: "不超过购房总价…") showed no error at all: here the errors come first, then the help.
 */
function FieldTemplate(props: FieldTemplateProps) {
  // 免填: where a prefilled field's value came from, under the field (antd's `extra`, the description's place).
  const source = (props.registry.formContext as PrefillContext | undefined)?.prefilled?.[props.id];
  const described = source
    ? {
        rawDescription: props.rawDescription || source,
        description: (
          <>
            {props.rawDescription ? props.description : null}
            <Tag className="yw-prefill-tag" data-testid="prefill-tag">
              {source}
            </Tag>
          </>
        ),
      }
    : {};
  const help =
    props.rawErrors?.length && props.rawHelp ? (
      <>
        {props.errors}
        {props.help}
      </>
    ) : (
      props.help
    );
  return <AntdFieldTemplate {...props} {...described} help={help} />;
}
const templates = { FieldTemplate };

/** What the field template reads from rjsf's form context: the source tag's text by field id. */
interface PrefillContext {
  prefilled?: Record<string, string>;
}

interface Props {
  form: CaseDetail["form"];
  formData: FormData;
  onChange?: (data: FormData) => void;
  readOnly?: boolean;
  /** Problems the server found (CASE_FORM_INVALID), shown under their fields. */
  issues?: FormIssue[];
  formRef?: Ref<CoreForm>;
  id?: string;
  /**
   * 免填: the case's `prefilledFrom` and the form data it was computed for (the case as loaded); a field keeps
   * its tag while its value is still that one, so editing it takes the tag away at once.
   */
  prefilled?: { from: CaseDetail["prefilledFrom"]; values: FormData };
}

/**
 * The item's application form (申请表): JSON Schema rendered by @rjsf/antd and checked in the browser by the
 * same draft-07 rules the server applies with ajv (interpreted: forms/validator.ts), with messages in the page's
 * language (forms/messages.ts). No submit button of its own: the page saves and submits.
 */
export function CaseForm({ form, formData, onChange, readOnly, issues, formRef, id, prefilled }: Props) {
  const { t, i18n } = useTranslation();
  const transformErrors = useFormErrorMessages();
  const displaySchema = useMemo(() => forDisplay(form.schema as RJSFSchema), [form.schema]);
  const root = id ? `${id}_root` : "root";
  const formContext: PrefillContext = {
    prefilled: Object.fromEntries(
      Object.entries(prefilled?.from ?? {})
        .filter(([field]) => sameFormData(formData[field], prefilled?.values[field]))
        .map(([field, s]) => [
          `${root}_${field}`,
          t("cases.apply.prefilledFrom", { source: i18n.language.startsWith("en") ? s.labelEn : s.label }),
        ]),
    ),
  };
  const extraErrors = useMemo(() => (issues?.length ? issuesToErrorSchema(issues) : undefined), [issues]);
  const uiSchema: UiSchema = {
    ...(form.uiSchema as UiSchema),
    "ui:submitButtonOptions": { norender: true },
  };
  return (
    <div className={readOnly ? "yw-case-form yw-case-form-readonly" : "yw-case-form"} data-testid="case-form">
      <Form
        ref={formRef}
        id={id}
        idPrefix={id ? `${id}_root` : undefined}
        schema={displaySchema}
        uiSchema={uiSchema}
        formData={formData}
        validator={formValidator}
        templates={templates}
        formContext={formContext}
        readonly={readOnly}
        noHtml5Validate
        showErrorList={false}
        transformErrors={transformErrors}
        extraErrors={extraErrors}
        focusOnFirstError
        // Errors show under their fields and in the page's own notice; rjsf would also log them to the console.
        onError={() => {}}
        onChange={(e) => onChange?.((e.formData ?? {}) as FormData)}
      />
    </div>
  );
}
