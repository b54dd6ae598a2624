import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { ServiceItem } from "@yiwang/contracts";
import { Alert, message as antMessage, Button, Form, Skeleton } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { ApiError } from "../../../shared/api";
import { ErrorAlert } from "../../../shared/ErrorAlert";
import { PageHeading } from "../../../shared/PageHeading";
import { Panel } from "../../../shared/Panel";
import { useErrorText } from "../../../shared/useErrorText";
import { ApplicationFormEditor } from "./ApplicationFormEditor";
import { adminItem, publishItem, saveItem } from "./adminApi";
import { BasicsSection } from "./item-editor/BasicsSection";
import { FaqSection } from "./item-editor/FaqSection";
import { FeesSection } from "./item-editor/FeesSection";
import { HallSection } from "./item-editor/HallSection";
import { BLANK, type FormValues, toForm, toInput } from "./item-editor/itemForm";
import { LimitsSection } from "./item-editor/LimitsSection";
import { MaterialsSection } from "./item-editor/MaterialsSection";
import { useReferenceOptions } from "./item-editor/options";
import { StepsEditor } from "./StepsEditor";

const Gap = () => <div style={{ height: 16 }} />;

/**
 * Create or edit an item. Saving a published item makes the next version a draft; publish makes it current.
 * The page holds the form, saving and publishing; each section (item-editor/, steps, application form) its
 * fields.
 */
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
  const { deptOptions, licenseOptions } = useReferenceOptions();

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
        <BasicsSection editing={code !== undefined} deptOptions={deptOptions} licenseOptions={licenseOptions} />
        <Gap />
        <LimitsSection />
        <Gap />
        <MaterialsSection licenseOptions={licenseOptions} />
        <Gap />
        <Panel title={t("catalog.guide.flow")}>
          <StepsEditor deptOptions={deptOptions} />
        </Panel>
        <Gap />
        <Panel title={t("catalog.admin.form.title")}>
          <ApplicationFormEditor />
        </Panel>
        <Gap />
        <FeesSection />
        <Gap />
        <FaqSection />
        <Gap />
        <HallSection />
        <div style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" size="large" data-testid="save-item">
            {t("catalog.admin.save")}
          </Button>
        </div>
      </Form>
    </div>
  );
}
