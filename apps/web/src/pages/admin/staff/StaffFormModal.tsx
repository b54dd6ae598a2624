import type { RoleName, StaffAccount } from "@yiwang/contracts";
import { Alert, Checkbox, Form, Input, Modal, Radio, Select } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import type { Department } from "../../../shared/contracts";
import { useErrorText } from "../../../shared/useErrorText";
import { newPasswordRules } from "../../account/rules";

interface Values {
  username: string;
  displayName: string;
  departmentId: string;
  roles: RoleName[];
  password: string;
  status: "active" | "disabled";
}

interface Props {
  open: boolean;
  /** null: create a new account. */
  staff: StaffAccount | null;
  departments: Department[];
  /** A department administrator creates staff in their own department only. */
  fixedDepartmentId?: string;
  grantable: RoleName[];
  onClose: () => void;
  onSaved: () => void;
}

/** Create a staff account (user name, name, department, roles, initial password) or edit one. */
export function StaffFormModal({ open, staff, departments, fixedDepartmentId, grantable, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const creating = staff === null;

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(
      staff
        ? { displayName: staff.displayName, roles: staff.roles, status: staff.status }
        : { departmentId: fixedDepartmentId, roles: ["window_clerk"], status: "active" },
    );
  }, [open, staff, fixedDepartmentId, form]);

  async function submit() {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setError(null);
    setBusy(true);
    try {
      if (creating) {
        await unwrap(
          api.POST("/api/identity/staff/", {
            body: {
              username: v.username.trim().toLowerCase(),
              displayName: v.displayName.trim(),
              departmentId: v.departmentId,
              roles: v.roles,
              password: v.password,
            },
          }),
        );
      } else {
        await unwrap(
          api.PATCH("/api/identity/staff/{id}", {
            params: { path: { id: staff.id } },
            body: { displayName: v.displayName.trim(), roles: v.roles, status: v.status },
          }),
        );
      }
      onSaved();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title={creating ? t("adminStaff.create") : t("adminStaff.editTitle", { username: staff?.username })}
      okText={t("adminStaff.save")}
      cancelText={t("account.common.cancel")}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon message={error} className="yw-dev-hint" role="alert" />}
      <Form<Values> form={form} layout="vertical" requiredMark={false} preserve={false}>
        {creating && (
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
        )}
        <Form.Item
          name="displayName"
          label={t("adminStaff.displayName")}
          rules={[{ required: true, whitespace: true, max: 40, message: t("adminStaff.displayNameRequired") }]}
        >
          <Input maxLength={40} autoComplete="off" />
        </Form.Item>
        {creating && (
          <Form.Item
            name="departmentId"
            label={t("adminStaff.department")}
            rules={[{ required: true, message: t("adminStaff.departmentRequired") }]}
          >
            <Select
              showSearch
              optionFilterProp="label"
              disabled={fixedDepartmentId !== undefined}
              options={departments.map((d) => ({ value: d.id, label: d.name }))}
            />
          </Form.Item>
        )}
        <Form.Item
          name="roles"
          label={t("adminStaff.roles")}
          extra={t("adminStaff.rolesHint")}
          rules={[{ required: true, type: "array", min: 1, message: t("adminStaff.rolesRequired") }]}
        >
          <Checkbox.Group
            options={grantable.map((r) => ({ value: r, label: t(`account.roles.${r}`) }))}
            className="yw-role-checks"
          />
        </Form.Item>
        {creating ? (
          <Form.Item
            name="password"
            label={t("adminStaff.initialPassword")}
            rules={newPasswordRules(t)}
            extra={t("adminStaff.initialPasswordHint")}
          >
            <Input.Password autoComplete="new-password" maxLength={128} />
          </Form.Item>
        ) : (
          <Form.Item name="status" label={t("adminStaff.status")}>
            <Radio.Group
              options={[
                { value: "active", label: t("adminStaff.statusActive") },
                { value: "disabled", label: t("adminStaff.statusDisabled") },
              ]}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
