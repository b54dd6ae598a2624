import { LockOutlined } from "@ant-design/icons";
import { Alert, Button, Form, Input } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { Panel } from "../../shared/Panel";
import { useErrorText } from "../../shared/useErrorText";
import { NewPasswordFields } from "./NewPasswordFields";

interface Values {
  currentPassword: string;
  password: string;
  confirm: string;
}

/** Change the password; the server ends the person's other sessions. */
export function PasswordPanel() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(v: Values) {
    setError(null);
    setDone(false);
    setBusy(true);
    try {
      await unwrap(
        api.POST("/api/identity/me/password", { body: { currentPassword: v.currentPassword, password: v.password } }),
      );
      form.resetFields();
      setDone(true);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Panel title={t("account.password.title")} icon={<LockOutlined />}>
      {done && <Alert type="success" showIcon message={t("account.password.done")} className="yw-dev-hint" />}
      {error && <Alert type="error" showIcon message={error} className="yw-dev-hint" role="alert" />}
      <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={(v) => void submit(v)}>
        <Form.Item
          name="currentPassword"
          label={t("account.fields.currentPassword")}
          rules={[{ required: true, message: t("account.rules.passwordRequired") }]}
        >
          <Input.Password autoComplete="current-password" maxLength={128} />
        </Form.Item>
        <NewPasswordFields icons={false} />
        <Button type="primary" htmlType="submit" loading={busy}>
          {t("account.password.submit")}
        </Button>
      </Form>
    </Panel>
  );
}
