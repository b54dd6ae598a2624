import { LockOutlined } from "@ant-design/icons";
import type { PasswordChangeReason } from "@yiwang/contracts";
import { Alert, Button, Form, Input } from "antd";
import { useTranslation } from "react-i18next";
import { NewPasswordFields } from "../account/NewPasswordFields";

export interface NewPasswordValues {
  currentPassword: string;
  password: string;
  confirm: string;
}

/**
 * The last step of a staff login whose password expired or was issued by an administrator: both factors
 * have passed, and nothing else works until a new password is set (the server holds the session in a
 * `password_change` stage). The current password is asked again, as on the account page.
 */
export function NewPasswordStep(props: {
  reason: PasswordChangeReason;
  busy: boolean;
  onFinish: (values: NewPasswordValues) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Alert
        type="warning"
        showIcon
        className="yw-dev-hint"
        data-testid="new-password-reason"
        message={t(props.reason === "expired" ? "staffAuth.newPasswordExpired" : "staffAuth.newPasswordOneTime")}
      />
      <Form<NewPasswordValues> layout="vertical" requiredMark={false} onFinish={props.onFinish}>
        <Form.Item
          name="currentPassword"
          label={t("account.fields.currentPassword")}
          rules={[{ required: true, message: t("account.rules.passwordRequired") }]}
        >
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" maxLength={128} autoFocus />
        </Form.Item>
        <NewPasswordFields />
        <Button type="primary" htmlType="submit" block size="large" loading={props.busy}>
          {t("staffAuth.newPasswordSubmit")}
        </Button>
      </Form>
    </>
  );
}
