import { MobileOutlined } from "@ant-design/icons";
import { Alert, Button, Form, Input, Result } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client";
import { LinkButton } from "../../shared/LinkButton";
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
}

/** Forgotten password: prove the phone with an SMS code and set a new password (other sessions end). */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  async function submit(v: Values) {
    setError(null);
    setBusy(true);
    try {
      await unwrap(
        api.POST("/api/identity/password/reset", {
          body: { phone: normalizePhone(v.phone), code: v.code, password: v.password },
        }),
      );
      setDone(true);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthCard title={t("account.reset.title")} subtitle={done ? undefined : t("account.reset.subtitle")}>
      {done ? (
        <Result
          status="success"
          title={t("account.reset.done")}
          extra={
            <LinkButton to="/login" type="primary">
              {t("account.register.toLogin")}
            </LinkButton>
          }
        />
      ) : (
        <>
          {error && <Alert type="error" showIcon message={error} className="yw-dev-hint" role="alert" />}
          <Form<Values>
            form={form}
            name="reset-password"
            layout="vertical"
            requiredMark={false}
            onFinish={(v) => void submit(v)}
          >
            <Form.Item name="phone" label={t("account.fields.phone")} rules={phoneRules(t)}>
              <Input prefix={<MobileOutlined />} inputMode="tel" autoComplete="tel" maxLength={20} />
            </Form.Item>
            <SmsCodeField form={form} purpose="reset_password" id="reset-sms-code" />
            <NewPasswordFields />
            <Button type="primary" htmlType="submit" block size="large" loading={busy}>
              {t("account.reset.submit")}
            </Button>
          </Form>
          <div className="yw-auth-links">
            <Link to="/login">{t("account.reset.back")}</Link>
          </div>
        </>
      )}
    </AuthCard>
  );
}
