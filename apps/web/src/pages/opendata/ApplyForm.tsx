import { Alert, Button, Input } from "antd";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { loginPath, useMe } from "../../shared/session";
import { useApply } from "./api";

/**
 * 有条件开放: the application (purpose and scenario) on a conditional dataset's page. Signed-out visitors are
 * sent to sign in and come back; the server checks real-name level 2 and answers in its own words if it is
 * missing.
 */
export function ApplyForm({ datasetId }: { datasetId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const apply = useApply(datasetId);
  const [purpose, setPurpose] = useState("");
  const [scenario, setScenario] = useState("");
  const hint = <Alert type="info" showIcon message={t("opendata.applyTitle")} description={t("opendata.applyHint")} />;
  if (!me.data)
    return (
      <div data-testid="opendata-apply">
        {hint}
        <p>
          <Link to={loginPath("citizen", location.pathname)}>{t("opendata.signInToApply")}</Link>
        </p>
      </div>
    );
  if (apply.isSuccess)
    return (
      <div data-testid="opendata-apply">
        <Alert type="success" showIcon message={t("opendata.applied")} />
        <p>
          <Link to="/opendata/my">{t("opendata.myApplications")}</Link>
        </p>
      </div>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply.mutate({ purpose: purpose.trim(), scenario: scenario.trim() });
  };
  return (
    <form className="yw-od-apply" data-testid="opendata-apply" onSubmit={submit}>
      {hint}
      <label htmlFor="od-purpose">{t("opendata.purpose")}</label>
      <Input.TextArea
        id="od-purpose"
        value={purpose}
        onChange={(e) => setPurpose(e.target.value)}
        maxLength={1000}
        autoSize={{ minRows: 2 }}
        placeholder={t("opendata.purposeHint")}
      />
      <label htmlFor="od-scenario">{t("opendata.scenario")}</label>
      <Input.TextArea
        id="od-scenario"
        value={scenario}
        onChange={(e) => setScenario(e.target.value)}
        maxLength={1000}
        autoSize={{ minRows: 2 }}
        placeholder={t("opendata.scenarioHint")}
      />
      {apply.isError && <ErrorAlert error={apply.error} />}
      <Button
        type="primary"
        htmlType="submit"
        size="large"
        loading={apply.isPending}
        disabled={!purpose.trim() || !scenario.trim()}
      >
        {t("opendata.applySubmit")}
      </Button>
    </form>
  );
}
