import { useMutation } from "@tanstack/react-query";
import type { OidcClient, OidcClientWithSecret, OidcScope } from "@yiwang/contracts";
import { Alert, Form, Input, Modal, Radio, Select } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { useDepartments } from "../../../shared/queries";
import { useErrorText } from "../../../shared/useErrorText";
import { lines, MACHINE_SCOPES, WEB_SCOPES } from "./oidcApi";

const ALL_SCOPES: readonly OidcScope[] = [...WEB_SCOPES, ...MACHINE_SCOPES];

interface Values {
  name: string;
  kind: "web" | "machine";
  departmentId: string;
  redirectUris?: string;
  postLogoutRedirectUris?: string;
  scopes: OidcScope[];
}

/**
 * Register a client (`editing === null`) or edit one (name, redirect URIs, scopes). A registration
 * answers with the secret, which the page shows once.
 */
export function ClientFormModal({
  editing,
  onClose,
  onSaved,
}: {
  editing: OidcClient | null | undefined;
  onClose: () => void;
  onSaved: (created: OidcClientWithSecret | null) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const departments = useDepartments({ limit: 500, offset: 0 });
  const kind = Form.useWatch("kind", form) ?? editing?.kind ?? "web";
  const open = editing !== undefined;

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    if (editing) {
      form.setFieldsValue({
        name: editing.name,
        kind: editing.kind,
        departmentId: editing.departmentId,
        redirectUris: editing.redirectUris.join("\n"),
        postLogoutRedirectUris: editing.postLogoutRedirectUris.join("\n"),
        // The form offers the scopes the server accepts; anything else stored is dropped on save.
        scopes: editing.scopes.filter((s): s is OidcScope => ALL_SCOPES.includes(s as OidcScope)),
      });
    } else {
      form.setFieldsValue({ kind: "web", scopes: ["openid", "profile"] });
    }
  }, [open, editing, form]);

  const save = useMutation({
    mutationFn: async (v: Values) => {
      const uris =
        v.kind === "web"
          ? { redirectUris: lines(v.redirectUris), postLogoutRedirectUris: lines(v.postLogoutRedirectUris) }
          : {};
      if (editing) {
        await unwrap(
          api.PATCH("/api/identity/oidc/clients/{clientId}", {
            params: { path: { clientId: editing.clientId } },
            body: { name: v.name, scopes: v.scopes, ...uris },
          }),
        );
        return null;
      }
      return unwrap(
        api.POST("/api/identity/oidc/clients/", {
          body: { name: v.name, kind: v.kind, departmentId: v.departmentId, scopes: v.scopes, ...uris },
        }),
      );
    },
    onSuccess: (created) => onSaved(created),
    onError: (e) => setError(errorText(e)),
  });

  const scopeOptions = (kind === "web" ? WEB_SCOPES : MACHINE_SCOPES).map((s) => ({ value: s, label: s }));
  return (
    <Modal
      open={open}
      title={editing ? t("oidc.admin.editTitle") : t("oidc.admin.register")}
      okText={t("oidc.admin.save")}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={600}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} role="alert" />}
      <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="name" label={t("oidc.admin.name")} rules={[{ required: true, min: 2, max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="kind" label={t("oidc.admin.kind")}>
          <Radio.Group
            disabled={!!editing}
            onChange={(e) =>
              form.setFieldValue(
                "scopes",
                e.target.value === "web" ? ["openid", "profile"] : ["identity.realname.check"],
              )
            }
            options={[
              { value: "web", label: t("oidc.admin.kindWeb") },
              { value: "machine", label: t("oidc.admin.kindMachine") },
            ]}
          />
        </Form.Item>
        <Form.Item name="departmentId" label={t("oidc.admin.department")} rules={[{ required: true }]}>
          <Select
            showSearch
            disabled={!!editing}
            optionFilterProp="label"
            options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
          />
        </Form.Item>
        {kind === "web" && (
          <>
            <Form.Item
              name="redirectUris"
              label={t("oidc.admin.redirectUris")}
              extra={t("oidc.admin.redirectHint")}
              rules={[{ required: true }]}
            >
              <Input.TextArea rows={3} placeholder="https://app.example.gov.cn/oidc/callback" />
            </Form.Item>
            <Form.Item name="postLogoutRedirectUris" label={t("oidc.admin.postLogoutUris")}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </>
        )}
        <Form.Item name="scopes" label={t("oidc.admin.scopes")} rules={[{ required: true }]}>
          <Select mode="multiple" options={scopeOptions} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
