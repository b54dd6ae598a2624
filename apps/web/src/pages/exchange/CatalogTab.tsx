import type { ExchangeResource } from "@yiwang/contracts";
import { App, Button, DatePicker, Form, Input, Modal, Select, Table, Tag } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { departmentName } from "../../shared/departmentName";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { useDepartments } from "../../shared/queries";
import { useErrorText } from "../../shared/useErrorText";
import { useApply, useResources } from "./api";

interface ApplyForm {
  purpose: string;
  fields: string[];
  clearFields: string[];
  queryPattern: "lookup_by_key" | "list";
  validity: [Dayjs, Dayjs];
}

/** 资源目录: every department's shared resources with their fields; a department admin applies for one. */
export function CatalogTab({ canApply }: { canApply: boolean }) {
  const { t, i18n } = useTranslation();
  const resources = useResources();
  const departments = useDepartments({ limit: 500, offset: 0 });
  const [target, setTarget] = useState<ExchangeResource | null>(null);
  const deptName = (id: string) => {
    const d = departments.data?.items.find((x) => x.id === id);
    return d ? departmentName(d, i18n.resolvedLanguage) : "—";
  };
  if (resources.isError) return <ErrorAlert error={resources.error} onRetry={() => void resources.refetch()} />;
  return (
    <>
      <Table<ExchangeResource>
        rowKey="id"
        loading={resources.isFetching}
        dataSource={resources.data?.items ?? []}
        data-testid="exchange-catalog"
        pagination={false}
        columns={[
          {
            title: t("exchange.resource.name"),
            key: "name",
            render: (_: unknown, r) => (
              <div>
                <div className="yw-cell-strong">{r.name}</div>
                <div className="yw-cell-sub">{r.code}</div>
              </div>
            ),
          },
          {
            title: t("exchange.resource.provider"),
            key: "provider",
            render: (_: unknown, r) => deptName(r.providerDepartmentId),
          },
          {
            title: t("exchange.resource.fields"),
            key: "fields",
            responsive: ["md"],
            render: (_: unknown, r) =>
              r.fields.map((f) => (
                <Tag
                  key={f.name}
                  color={f.sensitivity === "sensitive" ? "red" : f.sensitivity === "internal" ? "orange" : "default"}
                >
                  {f.name}
                </Tag>
              )),
          },
          {
            title: t("exchange.resource.sharing"),
            key: "sharing",
            render: (_: unknown, r) => t(`exchange.sharing.${r.sharingType}`),
          },
          {
            title: "",
            key: "apply",
            render: (_: unknown, r) =>
              canApply && r.sharingType !== "not_shared" ? (
                <Button size="small" onClick={() => setTarget(r)}>
                  {t("exchange.apply.button")}
                </Button>
              ) : null,
          },
        ]}
      />
      {target && <ApplyModal resource={target} onClose={() => setTarget(null)} />}
    </>
  );
}

function ApplyModal({ resource, onClose }: { resource: ExchangeResource; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const apply = useApply();
  const [form] = Form.useForm<ApplyForm>();
  const fields = Form.useWatch("fields", form) ?? [];
  const sensitive = resource.fields.filter((f) => f.sensitivity === "sensitive" && fields.includes(f.name));
  const submit = async (v: ApplyForm) => {
    try {
      const a = await apply.mutateAsync({
        resourceCode: resource.code,
        purpose: v.purpose,
        fields: v.fields,
        clearFields: v.clearFields ?? [],
        queryPattern: v.queryPattern,
        validFrom: v.validity[0].startOf("day").toISOString(),
        validTo: v.validity[1].endOf("day").toISOString(),
      });
      message.success(t(a.status === "approved" ? "exchange.apply.approvedAtOnce" : "exchange.apply.submitted"));
      onClose();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Modal
      open
      title={t("exchange.apply.title", { name: resource.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("exchange.apply.submit")}
      confirmLoading={apply.isPending}
    >
      <Form<ApplyForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ queryPattern: "lookup_by_key", validity: [dayjs(), dayjs().add(1, "year")], clearFields: [] }}
      >
        <Form.Item name="purpose" label={t("exchange.apply.purpose")} rules={[{ required: true, min: 4 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="fields" label={t("exchange.resource.fields")} rules={[{ required: true }]}>
          <Select
            mode="multiple"
            options={resource.fields.map((f) => ({ value: f.name, label: `${f.name}（${f.description}）` }))}
          />
        </Form.Item>
        <Form.Item name="clearFields" label={t("exchange.apply.clearFields")} extra={t("exchange.apply.clearHint")}>
          <Select mode="multiple" options={sensitive.map((f) => ({ value: f.name, label: f.name }))} />
        </Form.Item>
        <Form.Item name="queryPattern" label={t("exchange.apply.pattern")}>
          <Select
            options={(["lookup_by_key", "list"] as const).map((p) => ({ value: p, label: t(`exchange.pattern.${p}`) }))}
          />
        </Form.Item>
        <Form.Item name="validity" label={t("exchange.apply.validity")} rules={[{ required: true }]}>
          <DatePicker.RangePicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}
