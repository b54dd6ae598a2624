import type { ProtectedRole, StaffAccount } from "@yiwang/contracts";
import { Alert, Form, Input, Modal, Radio, Select } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Department } from "../../../shared/contracts";
import { useErrorText } from "../../../shared/useErrorText";
import { propose } from "./securityApi";

interface Values {
  action: "create" | "disable";
  role: ProtectedRole;
  username: string;
  displayName: string;
  departmentId: string;
  accountId: string;
  reason: string;
}

interface Props {
  open: boolean;
  departments: Department[];
  staff: StaffAccount[];
  onClose: () => void;
  onDone: () => void;
}

/** A security administrator's proposal: create an auditor or security-admin account, or disable one. */
export function ProposeModal({ open, departments, staff, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const action = Form.useWatch("action", form);
  const role = Form.useWatch("role", form);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue({ action: "create", role: "auditor" });
  }, [open, form]);

  async function submit() {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await propose(
        v.action === "create"
          ? {
              action: "create",
              role: v.role,
              username: v.username.trim().toLowerCase(),
              displayName: v.displayName.trim(),
              departmentId: v.departmentId,
              reason: v.reason.trim(),
            }
          : { action: "disable", role: v.role, accountId: v.accountId, reason: v.reason.trim() },
      );
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const holders = staff.filter((s) => s.status === "active" && s.roles.includes(role));
  return (
    <Modal
      open={open}
      title={t("adminSecurity.proposeTitle")}
      okText={t("adminSecurity.submit")}
      cancelText={t("account.common.cancel")}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon message={error} className="yw-dev-hint" role="alert" />}
      <Form<Values> form={form} layout="vertical" requiredMark={false} preserve={false}>
        <Form.Item name="action" label={t("adminSecurity.action")}>
          <Radio.Group
            options={[
              { value: "create", label: t("adminSecurity.actionCreate") },
              { value: "disable", label: t("adminSecurity.actionDisable") },
            ]}
          />
        </Form.Item>
        <Form.Item name="role" label={t("adminSecurity.role")}>
          <Radio.Group
            options={[
              { value: "auditor", label: t("account.roles.auditor") },
              { value: "security_admin", label: t("account.roles.security_admin") },
            ]}
          />
        </Form.Item>
        {action === "disable" ? (
          <Form.Item
            name="accountId"
            label={t("adminSecurity.account")}
            rules={[{ required: true, message: t("adminSecurity.accountRequired") }]}
          >
            <Select
              showSearch
              optionFilterProp="label"
              options={holders.map((s) => ({ value: s.id, label: `${s.displayName} (${s.username})` }))}
            />
          </Form.Item>
        ) : (
          <>
            <Form.Item
              name="username"
              label={t("staffAuth.username")}
              normalize={(v: string) => v.toLowerCase()}
              extra={t("adminStaff.usernameHint")}
              rules={[
                { required: true, message: t("staffAuth.usernameRequired") },
                { pattern: /^[a-z][a-z0-9._-]{2,31}$/, message: t("adminStaff.usernameInvalid") },
              ]}
            >
              <Input maxLength={32} autoComplete="off" spellCheck={false} autoCapitalize="off" />
            </Form.Item>
            <Form.Item
              name="displayName"
              label={t("adminStaff.displayName")}
              rules={[{ required: true, whitespace: true, max: 40, message: t("adminStaff.displayNameRequired") }]}
            >
              <Input maxLength={40} autoComplete="off" />
            </Form.Item>
            <Form.Item
              name="departmentId"
              label={t("adminStaff.department")}
              rules={[{ required: true, message: t("adminStaff.departmentRequired") }]}
            >
              <Select
                showSearch
                optionFilterProp="label"
                options={departments.map((d) => ({ value: d.id, label: d.name }))}
              />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="reason"
          label={t("adminSecurity.reason")}
          rules={[{ required: true, whitespace: true, min: 2, max: 500, message: t("adminSecurity.reasonRequired") }]}
        >
          <Input.TextArea maxLength={500} rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
