import type { StaffAccount } from "@yiwang/contracts";
import { Alert, Form, Input, Modal } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { useErrorText } from "../../../shared/useErrorText";
import { newPasswordRules } from "../../account/rules";

/** Set a new password for a staff member (who is logged out everywhere and tells it in person). */
export function PasswordResetModal({
  staff,
  onClose,
  onDone,
}: {
  staff: StaffAccount | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ password: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit() {
    if (!staff) return;
    let v: { password: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await unwrap(
        api.POST("/api/identity/staff/{id}/password", {
          params: { path: { id: staff.id } },
          body: { password: v.password },
        }),
      );
      form.resetFields();
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={staff !== null}
      title={t("adminStaff.resetPasswordTitle", { username: staff?.username })}
      okText={t("adminStaff.save")}
      cancelText={t("account.common.cancel")}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={() => {
        setError(null);
        form.resetFields();
        onClose();
      }}
    >
      {error && <Alert type="error" showIcon message={error} className="yw-dev-hint" role="alert" />}
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item
          name="password"
          label={t("account.fields.newPassword")}
          rules={newPasswordRules(t)}
          extra={t("account.rules.passwordHint")}
        >
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
