import { LockOutlined } from "@ant-design/icons";
import { Form, Input } from "antd";
import { useTranslation } from "react-i18next";
import { confirmRules, newPasswordRules } from "./rules";

/**
 * A new password and its confirmation (form fields `password` and `confirm`), with the strength rules the
 * server applies and the hint that explains them.
 */
export function NewPasswordFields({ icons = true }: { icons?: boolean }) {
  const { t } = useTranslation();
  const prefix = icons ? <LockOutlined /> : undefined;
  return (
    <>
      <Form.Item
        name="password"
        label={t("account.fields.newPassword")}
        rules={newPasswordRules(t)}
        extra={t("account.rules.passwordHint")}
      >
        <Input.Password prefix={prefix} autoComplete="new-password" maxLength={128} />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t("account.fields.confirmPassword")}
        dependencies={["password"]}
        rules={confirmRules(t, "password")}
      >
        <Input.Password prefix={prefix} autoComplete="new-password" maxLength={128} />
      </Form.Item>
    </>
  );
}
