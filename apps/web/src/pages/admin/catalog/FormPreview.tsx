import RjsfForm from "@rjsf/antd";
import type CoreForm from "@rjsf/core";
import type { RJSFSchema, UiSchema } from "@rjsf/utils";
import type { PrefillSource } from "@yiwang/contracts";
import { Alert, Button } from "antd";
import { Component, type ReactNode, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormErrorMessages } from "../../../forms/messages";
import { formSchemaProblem, formValidator } from "../../../forms/validator";

type Json = Record<string, unknown>;

const SOURCE_LABEL = {
  "applicant.name": "applicantName",
  "applicant.phone": "applicantPhone",
  "enterprise.name": "enterpriseName",
  "enterprise.uscc": "enterpriseUscc",
} as const satisfies Record<PrefillSource, string>;

/** The uiSchema plus a help line under each prefilled field that has none, so the preview shows them. */
function withPrefillHelp(schema: Json, uiSchema: Json, label: (source: PrefillSource) => string): UiSchema {
  const out: Json = { ...uiSchema };
  for (const [name, prop] of Object.entries((schema.properties ?? {}) as Record<string, Json | undefined>)) {
    const source = prop?.["x-prefill"];
    if (typeof source !== "string" || !(source in SOURCE_LABEL)) continue;
    const ui = (out[name] ?? {}) as Json;
    if (!ui["ui:help"]) out[name] = { ...ui, "ui:help": label(source as PrefillSource) };
  }
  return out as UiSchema;
}

/** Whatever rjsf throws on a schema it cannot render is shown, not a blank page. */
class PreviewBoundary extends Component<{ children: ReactNode; fallback: (e: Error) => ReactNode }, { error?: Error }> {
  override state: { error?: Error } = {};
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    return this.state.error ? this.props.fallback(this.state.error) : this.props.children;
  }
}

/**
 * An application form as applicants will see it: rendered by @rjsf/antd with the portal's validator and
 * messages (forms/: the server's rules, interpreted). It can be filled in and checked, nothing is sent. Rendered as a
 * <div>, since it sits inside the item editor's own <form>.
 */
export function FormPreview({ schema, uiSchema }: { schema: Json; uiSchema: Json }) {
  const { t } = useTranslation();
  const invalid = useMemo(
    () => (schema.type === "object" ? formSchemaProblem(schema as RJSFSchema) : undefined),
    [schema],
  );
  const ui = useMemo(
    () =>
      withPrefillHelp(schema, uiSchema, (s) =>
        t("catalog.admin.form.prefilled", { source: t(`catalog.admin.form.sources.${SOURCE_LABEL[s]}`) }),
      ),
    [schema, uiSchema, t],
  );
  if (schema.type !== "object") return <Alert type="warning" showIcon message={t("catalog.admin.form.topNotObject")} />;
  if (invalid) return <Alert type="error" showIcon message={t("catalog.admin.form.invalid", { error: invalid })} />;
  return (
    <PreviewBoundary
      key={JSON.stringify([schema, uiSchema])}
      fallback={(e) => (
        <Alert type="error" showIcon message={t("catalog.admin.form.previewFailed", { error: e.message })} />
      )}
    >
      <Filled schema={schema as RJSFSchema} uiSchema={ui} />
    </PreviewBoundary>
  );
}

function Filled({ schema, uiSchema }: { schema: RJSFSchema; uiSchema: UiSchema }) {
  const { t } = useTranslation();
  const ref = useRef<CoreForm>(null);
  const transformErrors = useFormErrorMessages();
  const [data, setData] = useState<unknown>({});
  return (
    <RjsfForm
      ref={ref}
      tagName="div"
      schema={schema}
      uiSchema={uiSchema}
      validator={formValidator}
      transformErrors={transformErrors}
      formData={data}
      onChange={(e) => setData(e.formData)}
      showErrorList={false}
      noHtml5Validate
      // errors show under their fields; without a handler rjsf would also log them as console errors
      onError={() => {}}
    >
      <Button onClick={() => ref.current?.validateForm()}>{t("catalog.admin.form.check")}</Button>
    </RjsfForm>
  );
}
