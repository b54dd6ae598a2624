import { DownloadOutlined, PictureOutlined, PlusOutlined } from "@ant-design/icons";
import type { Seal } from "@yiwang/contracts";
import {
  Alert,
  Button,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  type TableProps,
  Tag,
  Upload,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatPlatformDateTime } from "../../shared/dates";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { useDepartments } from "../../shared/queries";
import { RequireLogin, useMe } from "../../shared/session";
import { useErrorText } from "../../shared/useErrorText";
import { ReasonModal } from "../cases/ReasonModal";
import {
  SEAL_CA_HREF,
  type SealCreateBody,
  sealImageHref,
  useCreateSeal,
  useRevokeSeal,
  useSealImage,
  useSeals,
} from "./api";
import { licenseAbilities } from "./util";
import "./licenses.css";

const day = (instant: string) => formatPlatformDateTime(instant).slice(0, 10);

function CreateSealModal({ open, onClose }: { open: boolean; onClose: (created: boolean) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const can = licenseAbilities(me.data);
  const departments = useDepartments({ limit: 500, offset: 0 });
  const create = useCreateSeal();
  const [form] = Form.useForm<SealCreateBody>();
  return (
    <Modal
      open={open}
      title={t("licenses.seals.create")}
      okText={t("licenses.seals.create")}
      cancelText={t("cases.common.cancel")}
      okButtonProps={{ htmlType: "submit", form: "yw-seal-form", loading: create.isPending }}
      onCancel={() => {
        create.reset();
        onClose(false);
      }}
      destroyOnHidden
    >
      <Form<SealCreateBody>
        id="yw-seal-form"
        form={form}
        layout="vertical"
        initialValues={{ departmentId: can.platformAdmin ? undefined : me.data?.department?.id, validDays: 1095 }}
        onFinish={(v) =>
          create.mutate(
            { departmentId: v.departmentId, name: v.name.trim(), validDays: v.validDays },
            { onSuccess: () => onClose(true) },
          )
        }
      >
        <Form.Item
          name="departmentId"
          label={t("licenses.seals.department")}
          rules={[{ required: true, message: t("licenses.seals.departmentRequired") }]}
        >
          <Select
            showSearch
            optionFilterProp="label"
            disabled={!can.platformAdmin}
            options={
              can.platformAdmin
                ? (departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))
                : me.data?.department
                  ? [{ value: me.data.department.id, label: me.data.department.name }]
                  : []
            }
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t("licenses.seals.name")}
          rules={[{ required: true, whitespace: true, min: 2, max: 60, message: t("licenses.seals.nameRequired") }]}
        >
          <Input maxLength={60} placeholder={t("licenses.seals.namePlaceholder")} />
        </Form.Item>
        <Form.Item name="validDays" label={t("licenses.seals.validDays")}>
          <InputNumber min={1} max={3650} precision={0} />
        </Form.Item>
      </Form>
      {create.isError && <ErrorAlert error={create.error} />}
    </Modal>
  );
}

function Seals() {
  const { t } = useTranslation();
  const me = useMe();
  const can = licenseAbilities(me.data);
  const errorText = useErrorText();
  const departments = useDepartments({ limit: 500, offset: 0 });
  const deptName = new Map((departments.data?.items ?? []).map((d) => [d.id, d.name]));
  const [status, setStatus] = useState<"active" | "revoked" | undefined>(undefined);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<Seal | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const list = useSeals({ status }, can.seals);
  const revoke = useRevokeSeal();
  const image = useSealImage();
  if (!me.data) return null;
  if (!can.seals) return <Alert type="warning" showIcon message={t("licenses.seals.notAllowed")} />;

  const columns: TableProps<Seal>["columns"] = [
    {
      title: t("licenses.seals.name"),
      key: "name",
      render: (_: unknown, s) => (
        <Space align="center">
          {s.hasImage && (
            <img
              src={sealImageHref(s.id, s.id + String(image.submittedAt))}
              alt={t("licenses.seals.imageAlt", { name: s.name })}
              className="yw-seal-thumb"
              data-testid="seal-image"
            />
          )}
          <div>
            <div className="yw-cell-strong">{s.name}</div>
            <div className="yw-cell-sub">{deptName.get(s.departmentId) ?? ""}</div>
          </div>
        </Space>
      ),
    },
    {
      title: t("licenses.seals.serial"),
      key: "serial",
      responsive: ["md"],
      render: (_: unknown, s) => (
        <div>
          <div className="yw-mono yw-cell-sub yw-license-wrap">{s.serial}</div>
          <div className="yw-cell-sub">{s.algorithm}</div>
        </div>
      ),
    },
    {
      title: t("licenses.seals.validity"),
      key: "validity",
      responsive: ["sm"],
      render: (_: unknown, s) => (
        <span className="yw-nowrap">
          {day(s.validFrom)} – {day(s.validTo)}
        </span>
      ),
    },
    {
      title: t("licenses.fields.status"),
      key: "status",
      render: (_: unknown, s) => (
        <div>
          <Tag color={s.status === "active" ? "success" : "error"} data-testid="seal-status">
            {t(`licenses.seals.status.${s.status}`)}
          </Tag>
          {s.revokedAt && (
            <div className="yw-cell-sub">
              {t("licenses.seals.revokedAt", {
                at: formatPlatformDateTime(s.revokedAt),
                reason: s.revokedReason ?? "",
              })}
            </div>
          )}
        </div>
      ),
    },
    {
      title: t("licenses.manage.actions"),
      key: "actions",
      render: (_: unknown, s) =>
        s.status === "active" && (
          <Space wrap>
            <Upload
              accept="image/png"
              showUploadList={false}
              beforeUpload={(file) => {
                image.mutate(
                  { id: s.id, file },
                  {
                    onSuccess: () => setNotice({ ok: true, text: t("licenses.seals.imageDone", { name: s.name }) }),
                    onError: (e) => setNotice({ ok: false, text: errorText(e) }),
                  },
                );
                return false;
              }}
            >
              <Button size="small" icon={<PictureOutlined />} loading={image.isPending} data-testid="seal-image-upload">
                {t("licenses.seals.image")}
              </Button>
            </Upload>
            <Button size="small" danger onClick={() => setRevoking(s)} data-testid="seal-revoke">
              {t("licenses.seals.revoke")}
            </Button>
          </Space>
        ),
    },
  ];

  return (
    <Panel>
      {notice && (
        <Alert
          type={notice.ok ? "success" : "error"}
          showIcon
          closable
          message={notice.text}
          onClose={() => setNotice(null)}
          className="yw-case-banner"
        />
      )}
      <div className="yw-toolbar yw-license-toolbar">
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="seal-create">
          {t("licenses.seals.create")}
        </Button>
        <Select
          allowClear
          placeholder={t("licenses.wallet.allStatuses")}
          aria-label={t("licenses.fields.status")}
          value={status}
          onChange={setStatus}
          options={(["active", "revoked"] as const).map((s) => ({ value: s, label: t(`licenses.seals.status.${s}`) }))}
          className="yw-license-filter"
        />
        <Button icon={<DownloadOutlined />} href={SEAL_CA_HREF} download="yiwang-seal-ca.pem">
          {t("licenses.seals.ca")}
        </Button>
      </div>
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Seal>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          columns={columns}
          dataSource={list.data?.items ?? []}
          data-testid="seals"
          locale={{ emptyText: t("licenses.seals.empty") }}
          pagination={{
            pageSize: 20,
            hideOnSinglePage: true,
            showTotal: (total) => t("licenses.seals.total", { total }),
          }}
        />
      )}
      <CreateSealModal
        open={creating}
        onClose={(created) => {
          setCreating(false);
          if (created) setNotice({ ok: true, text: t("licenses.seals.created") });
        }}
      />
      <ReasonModal
        open={revoking !== null}
        title={revoking ? t("licenses.seals.revokeTitle", { name: revoking.name }) : ""}
        label={`${t("licenses.manage.reason")}（${t("licenses.seals.revokeWarn")}）`}
        okText={t("licenses.seals.revoke")}
        required
        danger
        busy={revoke.isPending}
        onCancel={() => setRevoking(null)}
        onSubmit={(reason) => {
          if (!revoking) return;
          if (reason.length < 2) {
            setNotice({ ok: false, text: t("licenses.manage.reasonMin") });
            setRevoking(null);
            return;
          }
          revoke.mutate(
            { id: revoking.id, reason },
            {
              onError: (e) => setNotice({ ok: false, text: errorText(e) }),
              onSettled: () => setRevoking(null),
            },
          );
        }}
      />
    </Panel>
  );
}

/** /workbench/seals — 电子印章: a department's seals (platform administrators: every department's). */
export function SealsPage() {
  const { t } = useTranslation();
  return (
    <div className="yw-container yw-page">
      <PageHeading
        title={t("licenses.seals.title")}
        subtitle={t("licenses.seals.desc")}
        trail={[{ title: t("workbench.title"), to: "/workbench" }]}
      />
      <RequireLogin kind="staff">
        <Seals />
      </RequireLogin>
    </div>
  );
}
