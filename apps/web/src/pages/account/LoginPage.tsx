import { LockOutlined, MobileOutlined } from "@ant-design/icons";
import { Alert, Button, Form, Input, Tabs } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { api, type RequestJson, unwrap } from "../../api/client";
import { ApiError } from "../../shared/api";
import { safeNext, useAfterLogin, useMe } from "../../shared/session";
import { useErrorText } from "../../shared/useErrorText";
import { AuthCard } from "./AuthCard";
import { normalizePhone, phoneRules } from "./rules";
import { SmsCodeField } from "./SmsCodeField";

interface PasswordValues {
  phone: string;
  password: string;
}
interface SmsValues {
  phone: string;
  code: string;
}

/** Citizen login: password or SMS code, each in its own tab. `?next=` brings the person back where they were. */
export function LoginPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"), "/account");
  const navigate = useNavigate();
  const me = useMe();
  const afterLogin = useAfterLogin();
  const errorText = useErrorText();
  const [tab, setTab] = useState<"password" | "sms">("password");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [passwordForm] = Form.useForm<PasswordValues>();
  const [smsForm] = Form.useForm<SmsValues>();

  if (me.data && !busy) return <Navigate to={next} replace />;

  async function submit(
    login:
      | { password: RequestJson<"/api/identity/login/password", "post"> }
      | { sms: RequestJson<"/api/identity/login/sms", "post"> },
  ) {
    setError(null);
    setBusy(true);
    try {
      await unwrap(
        "password" in login
          ? api.POST("/api/identity/login/password", { body: login.password })
          : api.POST("/api/identity/login/sms", { body: login.sms }),
      );
      await afterLogin();
      navigate(next, { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.code === "ACCOUNT_LOCKED") {
        const wait = (e.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
        setError(
          wait ? `${errorText(e)}${t("account.login.lockedFor", { minutes: Math.ceil(wait / 60) })}` : errorText(e),
        );
      } else {
        setError(errorText(e));
      }
    } finally {
      setBusy(false);
    }
  }

  const passwordTab = (
    <Form<PasswordValues>
      form={passwordForm}
      name="password-login"
      layout="vertical"
      requiredMark={false}
      onFinish={(v) => void submit({ password: { phone: normalizePhone(v.phone), password: v.password } })}
    >
      <Form.Item name="phone" label={t("account.fields.phone")} rules={phoneRules(t)}>
        <Input
          prefix={<MobileOutlined />}
          inputMode="tel"
          autoComplete="username"
          maxLength={20}
          placeholder={t("account.fields.phonePlaceholder")}
        />
      </Form.Item>
      <Form.Item
        name="password"
        label={t("account.fields.password")}
        rules={[{ required: true, message: t("account.rules.passwordRequired") }]}
      >
        <Input.Password prefix={<LockOutlined />} autoComplete="current-password" maxLength={128} />
      </Form.Item>
      <Button type="primary" htmlType="submit" block size="large" loading={busy}>
        {t("account.login.submit")}
      </Button>
    </Form>
  );

  const smsTab = (
    <Form<SmsValues>
      form={smsForm}
      name="sms-login"
      layout="vertical"
      requiredMark={false}
      onFinish={(v) => void submit({ sms: { phone: normalizePhone(v.phone), code: v.code } })}
    >
      <Form.Item name="phone" label={t("account.fields.phone")} rules={phoneRules(t)}>
        <Input
          prefix={<MobileOutlined />}
          inputMode="tel"
          autoComplete="tel"
          maxLength={20}
          placeholder={t("account.fields.phonePlaceholder")}
        />
      </Form.Item>
      <SmsCodeField form={smsForm} purpose="login" id="login-sms-code" />
      <Button type="primary" htmlType="submit" block size="large" loading={busy}>
        {t("account.login.submit")}
      </Button>
    </Form>
  );

  return (
    <AuthCard title={t("account.login.title")} subtitle={t("account.login.subtitle")}>
      {error && <Alert type="error" showIcon message={error} className="yw-dev-hint" role="alert" />}
      <Tabs
        id="login-tabs"
        activeKey={tab}
        onChange={(k) => {
          setTab(k as "password" | "sms");
          setError(null);
        }}
        items={[
          { key: "password", label: t("account.login.passwordTab"), children: passwordTab },
          { key: "sms", label: t("account.login.smsTab"), children: smsTab },
        ]}
      />
      <div className="yw-auth-links">
        <Link to={`/register${params.get("next") ? `?next=${encodeURIComponent(next)}` : ""}`}>
          {t("account.login.toRegister")}
        </Link>
        <Link to="/password/reset">{t("account.login.forgot")}</Link>
        <Link to="/staff/login">{t("account.login.toStaff")}</Link>
      </div>
    </AuthCard>
  );
}
