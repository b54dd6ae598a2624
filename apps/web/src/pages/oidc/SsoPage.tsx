import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Checkbox, Descriptions, List, Result, Space, Spin, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { loginPath } from "../../shared/session";
import { useErrorText } from "../../shared/useErrorText";
import { AuthCard } from "../account/AuthCard";

/** Scopes shown as the data an application receives, in the order people read them. */
const SCOPE_ORDER = ["openid", "profile", "enterprise", "id_number", "offline_access"];

/**
 * 统一身份认证 single sign-on page (/sso/:uid): a department system sent the browser here through the
 * OpenID Connect provider. Without a platform session the person logs in first (and comes back); then
 * they sign in to the application as themselves, and consent to the data it asked for. The citizen ID
 * number is released only when its box is ticked, and it is unticked by default.
 */
export function SsoPage() {
  const { t } = useTranslation();
  const { uid = "" } = useParams();
  const errorText = useErrorText();
  const [idNumber, setIdNumber] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const interaction = useQuery({
    queryKey: ["oidc", "interaction", uid],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/identity/oidc/interactions/{uid}", { params: { path: { uid } }, signal })),
    retry: false,
    staleTime: 0,
  });

  /** Login (as the signed-in person), consent (with or without the ID number) or abort; each answers a redirect. */
  async function step(action: "login" | "abort" | { consent: { idNumber: boolean } }) {
    setError(null);
    setBusy(true);
    const params = { path: { uid } };
    try {
      const r = await unwrap(
        action === "login"
          ? api.POST("/api/identity/oidc/interactions/{uid}/login", { params })
          : action === "abort"
            ? api.POST("/api/identity/oidc/interactions/{uid}/abort", { params })
            : api.POST("/api/identity/oidc/interactions/{uid}/consent", { params, body: action.consent }),
      );
      window.location.assign(r.redirectTo);
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  }

  /** Another person signs in: end this platform session, log in, come back here. */
  async function switchAccount(kind: "citizen" | "staff") {
    setBusy(true);
    try {
      await api.POST("/api/identity/logout");
    } catch {
      // already logged out
    }
    window.location.assign(loginPath(kind, `/sso/${uid}`));
  }

  if (interaction.isPending) {
    return (
      <div className="yw-page-loading">
        <Spin size="large" />
      </div>
    );
  }
  if (interaction.isError) {
    return (
      <div className="yw-container yw-page">
        <Result status="warning" title={t("oidc.expiredTitle")} subTitle={errorText(interaction.error)} />
      </div>
    );
  }

  const it = interaction.data;
  const here = `/sso/${uid}`;
  const app = (
    <Descriptions column={1} size="small" className="yw-sso-app">
      <Descriptions.Item label={t("oidc.application")}>
        <strong>{it.client.name}</strong>
      </Descriptions.Item>
      {it.client.department && (
        <Descriptions.Item label={t("oidc.department")}>{it.client.department}</Descriptions.Item>
      )}
    </Descriptions>
  );
  const errorAlert = error && <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 16 }} />;
  const cancel = (
    <Button block disabled={busy} onClick={() => void step("abort")}>
      {t("oidc.cancel")}
    </Button>
  );

  if (!it.account) {
    return (
      <AuthCard title={t("oidc.title")} subtitle={t("oidc.loginFirst")}>
        {app}
        <Space direction="vertical" style={{ width: "100%" }}>
          <Link to={loginPath("citizen", here)}>
            <Button type="primary" block size="large">
              {t("oidc.citizenLogin")}
            </Button>
          </Link>
          <Link to={loginPath("staff", here)}>
            <Button block>{t("oidc.staffLogin")}</Button>
          </Link>
          {cancel}
        </Space>
      </AuthCard>
    );
  }

  const who = (
    <p className="yw-muted">
      {t("oidc.signedInAs", { name: it.account.displayName })}
      <Tag style={{ marginLeft: 8 }}>{t("oidc.level", { level: it.account.realnameLevel })}</Tag>
      {it.account.enterprise && <Tag color="blue">{it.account.enterprise.name}</Tag>}
    </p>
  );

  if (it.step === "login") {
    return (
      <AuthCard title={t("oidc.title")} subtitle={t("oidc.loginSubtitle", { app: it.client.name })}>
        {app}
        {who}
        {errorAlert}
        <Space direction="vertical" style={{ width: "100%" }}>
          <Button type="primary" block size="large" loading={busy} onClick={() => void step("login")}>
            {t("oidc.continueAs", { name: it.account.displayName })}
          </Button>
          <Button block disabled={busy} onClick={() => void switchAccount(it.account?.kind ?? "citizen")}>
            {t("oidc.switchAccount")}
          </Button>
          {cancel}
        </Space>
      </AuthCard>
    );
  }

  function scopeLabel(s: string): string {
    switch (s) {
      case "openid":
        return t("oidc.scope.openid");
      case "profile":
        return t("oidc.scope.profile");
      case "enterprise":
        return t("oidc.scope.enterprise");
      default:
        return s;
    }
  }

  const scopes = [...it.scopes].sort((a, b) => SCOPE_ORDER.indexOf(a) - SCOPE_ORDER.indexOf(b));
  const shown = scopes.filter((s) => s !== "id_number" && s !== "offline_access");
  return (
    <AuthCard title={t("oidc.consentTitle")} subtitle={t("oidc.consentSubtitle", { app: it.client.name })}>
      {app}
      {who}
      {errorAlert}
      <List
        size="small"
        bordered
        header={<strong>{t("oidc.willReceive")}</strong>}
        dataSource={shown}
        renderItem={(s) => <List.Item>{scopeLabel(s)}</List.Item>}
        style={{ marginBottom: 16 }}
      />
      {scopes.includes("id_number") && (
        <div style={{ marginBottom: 16 }}>
          <Checkbox id="sso-id-number" checked={idNumber} onChange={(e) => setIdNumber(e.target.checked)}>
            {t("oidc.scope.id_number")}
          </Checkbox>
          <div className="yw-muted" style={{ fontSize: 12, marginTop: 4 }}>
            {t("oidc.idNumberHint")}
          </div>
        </div>
      )}
      {scopes.includes("offline_access") && <p className="yw-muted">{t("oidc.scope.offline_access")}</p>}
      <Space direction="vertical" style={{ width: "100%" }}>
        <Button type="primary" block size="large" loading={busy} onClick={() => void step({ consent: { idNumber } })}>
          {t("oidc.agree")}
        </Button>
        {cancel}
      </Space>
    </AuthCard>
  );
}
