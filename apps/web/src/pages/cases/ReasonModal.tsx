import { Form, Input, Modal } from "antd";
import { useTranslation } from "react-i18next";

interface Props {
  open: boolean;
  title: string;
  label: string;
  okText: string;
  /** A reason is required (refusals, withdrawals); a comment is not. */
  required?: boolean;
  danger?: boolean;
  busy?: boolean;
  max?: number;
  onSubmit: (text: string) => void;
  onCancel: () => void;
}

/** Asks for a reason or comment before a command; the text is trimmed, and required ones cannot be blank. */
export function ReasonModal({
  open,
  title,
  label,
  okText,
  required,
  danger,
  busy,
  max = 500,
  onSubmit,
  onCancel,
}: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ text?: string }>();
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={t("cases.common.cancel")}
      okButtonProps={{ danger, loading: busy, htmlType: "submit", form: "yw-reason-form" }}
      onCancel={onCancel}
      destroyOnHidden
      afterClose={() => form.resetFields()}
    >
      <Form id="yw-reason-form" form={form} layout="vertical" onFinish={(v) => onSubmit((v.text ?? "").trim())}>
        <Form.Item
          name="text"
          label={label}
          rules={required ? [{ required: true, whitespace: true, message: t("cases.common.reasonRequired") }] : []}
        >
          <Input.TextArea rows={4} maxLength={max} showCount autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
