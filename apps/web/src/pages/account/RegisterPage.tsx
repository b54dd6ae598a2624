import { MobileOutlined, UserOutlined } from "@ant-design/icons";
import { Alert, Button, Form, Input } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api, unwrap } from "../../api/client";
import { useAfterLogin } from "../../shared/session";
import { useErrorText } from "../../shared/useErrorText";
import { AuthCard } from "./AuthCard";
import { NewPasswordFields } from "./NewPasswordFields";
import { normalizePhone, phoneRules } from "./rules";
import { SmsCodeField } from "./SmsCodeField";

interface Values {
  phone: string;
  code: string;
  password: string;
  confirm: string;
  displayName?: string;
}

/** Citizen registration with a mobile number and SMS code; the new account is logged in at once. */
export function RegisterPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const afterLogin = useAfterLogin();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(v: Values) {
    setError(null);
    setBusy(true);
    try {
      await unwrap(
        api.POST("/api/identity/register", {
          body: {
            phone: normalizePhone(v.phone),
            code: v.code,
            password: v.password,
            displayName: v.displayName?.trim() || undefined,
          },
        }),
      );
      await afterLogin();
      navigate("/account?welcome=1", { replace: true });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthCard title={t("account.register.title")} subtitle={t("account.register.subtitle")}>
      {error && <Alert type="error" showIcon message={error} className="yw-dev-hint" role="alert" />}
      <Form<Values> form={form} name="register" layout="vertical" requiredMark={false} onFinish={(v) => void submit(v)}>
        <Form.Item name="phone" label={t("account.fields.phone")} rules={phoneRules(t)}>
          <Input
            prefix={<MobileOutlined />}
            inputMode="tel"
            autoComplete="tel"
            maxLength={20}
            placeholder={t("account.fields.phonePlaceholder")}
          />
        </Form.Item>
        <SmsCodeField form={form} purpose="register" id="register-sms-code" />
        <NewPasswordFields />
        <Form.Item
          name="displayName"
          label={t("account.fields.displayName")}
          extra={t("account.register.displayNameHint")}
          rules={[{ max: 40, message: t("account.rules.displayNameTooLong") }]}
        >
          <Input prefix={<UserOutlined />} maxLength={40} autoComplete="nickname" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy}>
          {t("account.register.submit")}
        </Button>
      </Form>
      <div className="yw-auth-links">
        <span>
          {t("account.register.haveAccount")} <Link to="/login">{t("account.register.toLogin")}</Link>
        </span>
      </div>
    </AuthCard>
  );
}
