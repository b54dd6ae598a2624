import { Button, Form, type FormInstance, Input, Space } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { ApiError } from "../../shared/api";
import { useErrorText } from "../../shared/useErrorText";
import { codeRules, normalizePhone } from "./rules";

interface Props {
  // biome-ignore lint/suspicious/noExplicitAny: used by several forms of different value types
  form: FormInstance<any>;
  purpose: "register" | "login" | "reset_password";
  /** Name of the phone field in the same form. */
  phoneField?: string;
  id?: string;
}

/**
 * The 6-digit SMS code with its "send code" button. The button validates the phone field first, then
 * counts down the server's resend interval (or the wait it asks for after SMS_TOO_FREQUENT).
 */
export function SmsCodeField({ form, purpose, phoneField = "phone", id }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [wait, setWait] = useState(0);
  const [sending, setSending] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  async function send() {
    setError(null);
    try {
      await form.validateFields([phoneField]);
    } catch {
      return;
    }
    const phone = normalizePhone(form.getFieldValue(phoneField));
    setSending(true);
    try {
      const sent = await unwrap(api.POST("/api/identity/sms/send", { body: { phone, purpose } }));
      setWait(sent.resendAfterSeconds);
      setSentTo(phone);
    } catch (e) {
      const retry = e instanceof ApiError ? (e.details as { retryAfterSeconds?: number } | undefined) : undefined;
      if (retry?.retryAfterSeconds) setWait(retry.retryAfterSeconds);
      setError(errorText(e));
    } finally {
      setSending(false);
    }
  }

  return (
    <Form.Item
      label={t("account.fields.code")}
      htmlFor={id}
      required
      extra={sentTo ? t("account.sms.sent", { phone: `${sentTo.slice(0, 3)}****${sentTo.slice(7)}` }) : undefined}
      help={error ?? undefined}
      validateStatus={error ? "error" : undefined}
    >
      <Space.Compact className="yw-full">
        <Form.Item name="code" noStyle rules={codeRules(t)}>
          <Input
            id={id}
            aria-label={t("account.fields.code")}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            placeholder={t("account.fields.codePlaceholder")}
          />
        </Form.Item>
        <Button onClick={() => void send()} loading={sending} disabled={wait > 0} data-testid="sms-send">
          {wait > 0 ? t("account.sms.resendIn", { seconds: wait }) : t("account.sms.send")}
        </Button>
      </Space.Compact>
    </Form.Item>
  );
}
