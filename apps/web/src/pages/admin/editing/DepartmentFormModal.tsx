import { useQueryClient } from "@tanstack/react-query";
import { Alert, Form, Input, Modal } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import type { Department } from "../../../shared/contracts";
import { useErrorText } from "../../../shared/useErrorText";
import { USCC_PATTERN } from "../../account/rules";
import "../../account/account.css";

interface Values {
  key: string;
  name: string;
  nameEn?: string;
  code: string;
  regionCode: string;
}

/** Create (department = null) or edit a department; for platform administrators. */
export function DepartmentFormModal({
  open,
  department,
  onClose,
}: {
  open: boolean;
  department: Department | null;
  onClose: (saved: boolean) => void;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const creating = department === null;

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    if (department) {
      form.setFieldsValue({
        key: department.key,
        name: department.name,
        nameEn: department.nameEn ?? undefined,
        code: department.code,
        regionCode: department.regionCode,
      });
    }
  }, [open, department, form]);

  async function submit() {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const body = {
      name: v.name.trim(),
      nameEn: v.nameEn?.trim() || null,
      code: v.code,
      regionCode: v.regionCode,
    };
    setBusy(true);
    setError(null);
    try {
      if (creating) await unwrap(api.POST("/api/org/departments", { body: { key: v.key, ...body } }));
      else await unwrap(api.PATCH("/api/org/departments/{id}", { params: { path: { id: department.id } }, body }));
      await qc.invalidateQueries({ queryKey: ["org", "departments"] });
      onClose(true);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title={
        creating
          ? t("adminStaff.editing.newDepartment")
          : t("adminStaff.editing.editDepartment", { name: department?.name })
      }
      okText={t("adminStaff.save")}
      cancelText={t("account.common.cancel")}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon message={error} className="yw-dev-hint" role="alert" />}
      <Form<Values> form={form} name="department" layout="vertical" requiredMark={false}>
        <Form.Item
          name="key"
          label={t("admin.departments.colKey")}
          extra={creating ? t("adminStaff.editing.keyHint") : undefined}
          rules={[{ required: true, pattern: /^[a-z][a-z0-9-]{1,31}$/, message: t("adminStaff.editing.keyInvalid") }]}
        >
          <Input maxLength={32} disabled={!creating} spellCheck={false} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t("admin.departments.colName")}
          rules={[{ required: true, whitespace: true, min: 2, max: 100, message: t("adminStaff.editing.nameInvalid") }]}
        >
          <Input maxLength={100} autoComplete="off" />
        </Form.Item>
        <Form.Item name="nameEn" label={t("admin.departments.colNameEn")} rules={[{ max: 200 }]}>
          <Input maxLength={200} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="code"
          label={t("admin.departments.colCode")}
          normalize={(v: string) => v.replace(/\s/g, "").toUpperCase()}
          rules={[{ required: true, pattern: USCC_PATTERN, message: t("account.enterprises.usccInvalid") }]}
        >
          <Input maxLength={18} className="yw-mono" spellCheck={false} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="regionCode"
          label={t("admin.departments.colRegion")}
          rules={[{ required: true, pattern: /^\d{6}$/, message: t("adminStaff.editing.regionInvalid") }]}
        >
          <Input maxLength={6} inputMode="numeric" className="yw-mono" autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
