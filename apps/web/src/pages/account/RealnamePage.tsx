import { IdcardOutlined, SafetyCertificateOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Form, Input, Result } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { api, unwrap } from "../../api/client";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { ME_KEY, RequireLogin, useMe } from "../../shared/session";
import { useErrorText } from "../../shared/useErrorText";
import { ID_NUMBER_PATTERN } from "./rules";
import "./account.css";
import { LinkButton } from "../../shared/LinkButton";

interface Values {
  name: string;
  idNumber: string;
}

/**
 * Real-name verification, level 2: name and citizen ID number checked against the population registry.
 * The full number is sent once and never shown again; the profile shows it masked.
 */
export function RealnamePage() {
  const { t } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const trail = [{ title: t("account.profile.title"), to: "/account" }];

  async function submit(v: Values) {
    setError(null);
    setBusy(true);
    try {
      const updated = await unwrap(
        api.POST("/api/identity/me/realname", {
          body: { name: v.name.trim(), idNumber: v.idNumber.trim().toUpperCase() },
        }),
      );
      qc.setQueryData(ME_KEY, updated);
      navigate("/account?verified=1", { replace: true });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const body =
    me.data?.kind === "staff" ? (
      <Alert type="info" showIcon message={t("account.realname.staffNotNeeded")} />
    ) : me.data && me.data.realnameLevel >= 2 ? (
      <Result
        status="success"
        title={t("account.realname.already")}
        subTitle={`${me.data.realName ?? ""} ${me.data.idNumberMasked ?? ""}`}
        extra={
          <LinkButton to="/account" type="primary">
            {t("account.realname.toProfile")}
          </LinkButton>
        }
      />
    ) : (
      <>
        <Alert type="info" showIcon message={t("account.realname.why")} className="yw-dev-hint" />
        {error && <Alert type="error" showIcon message={error} className="yw-dev-hint" role="alert" />}
        <Form<Values> layout="vertical" requiredMark={false} onFinish={(v) => void submit(v)}>
          <Form.Item
            name="name"
            label={t("account.fields.realName")}
            rules={[
              { required: true, whitespace: true, message: t("account.rules.nameRequired") },
              { min: 2, max: 40, message: t("account.rules.nameLength") },
            ]}
          >
            <Input autoComplete="name" maxLength={40} />
          </Form.Item>
          <Form.Item
            name="idNumber"
            label={t("account.fields.idNumber")}
            normalize={(v: string) => v.replace(/\s/g, "").toUpperCase()}
            rules={[
              { required: true, message: t("account.rules.idRequired") },
              { pattern: ID_NUMBER_PATTERN, message: t("account.rules.idInvalid") },
            ]}
            extra={t("account.realname.idHint")}
          >
            <Input prefix={<IdcardOutlined />} maxLength={18} autoComplete="off" spellCheck={false} />
          </Form.Item>
          <p className="yw-muted">{t("account.realname.consent")}</p>
          <Button type="primary" htmlType="submit" size="large" loading={busy} icon={<SafetyCertificateOutlined />}>
            {t("account.realname.submit")}
          </Button>
        </Form>
      </>
    );

  return (
    <div className="yw-container yw-page">
      <PageHeading title={t("account.realname.title")} subtitle={t("account.realname.subtitle")} trail={trail} />
      <RequireLogin>
        <Panel className="yw-narrow-panel">{body}</Panel>
      </RequireLogin>
    </div>
  );
}
