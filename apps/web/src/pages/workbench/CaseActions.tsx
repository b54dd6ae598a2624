import {
  CheckOutlined,
  CloseOutlined,
  MinusCircleOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
  PlusOutlined,
  SendOutlined,
  StopOutlined,
  UserAddOutlined,
  UserDeleteOutlined,
  WarningOutlined,
} from "@ant-design/icons";
import type { CaseDetail } from "@yiwang/contracts";
import { AutoComplete, Button, Form, Input, Modal, message, Select, Space } from "antd";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { type CaseCommandPath, useCaseCommand } from "../cases/api";
import { CommandError } from "../cases/CaseParts";
import { DELIVER_METHODS, PROCEDURE_KINDS, STAFF_COMMANDS } from "../cases/vocab";
import { useGuide } from "../catalog/queries";

type StaffCommand = (typeof STAFF_COMMANDS)[number];

const PATH: Record<StaffCommand, CaseCommandPath> = {
  claim: "/claim",
  release: "/release",
  accept: "/accept",
  refuse: "/refuse",
  request_supplement: "/supplement",
  pass: "/pass",
  veto: "/veto",
  suspend: "/suspend",
  resume: "/resume",
  approve: "/approve",
  deny: "/deny",
  deliver: "/deliver",
};

const ICON: Record<StaffCommand, ReactNode> = {
  claim: <UserAddOutlined />,
  release: <UserDeleteOutlined />,
  accept: <CheckOutlined />,
  refuse: <StopOutlined />,
  request_supplement: <WarningOutlined />,
  pass: <CheckOutlined />,
  veto: <CloseOutlined />,
  suspend: <PauseCircleOutlined />,
  resume: <PlayCircleOutlined />,
  approve: <CheckOutlined />,
  deny: <CloseOutlined />,
  deliver: <SendOutlined />,
};

const PRIMARY: StaffCommand[] = ["claim", "accept", "pass", "approve", "deliver"];
const DANGER: StaffCommand[] = ["refuse", "veto", "deny"];
/** Commands that need a reason (required) rather than an optional comment. */
const REASON: StaffCommand[] = ["refuse", "veto", "deny"];
const COMMENT: StaffCommand[] = ["accept", "pass", "approve"];

interface Values {
  comment?: string;
  reason?: string;
  result?: string;
  kind?: string;
  method?: string;
  items?: { material?: string; note?: string }[];
  /** 容缺受理 at acceptance: the materials deferred and the applicant's commitment. */
  deferred?: string[];
  commitment?: string;
}

function body(cmd: StaffCommand, version: number, v: Values): Record<string, unknown> {
  const comment = v.comment?.trim() ? { comment: v.comment.trim() } : {};
  switch (cmd) {
    case "accept":
      return v.deferred?.length
        ? { version, ...comment, deferral: { materials: v.deferred, commitment: v.commitment?.trim() } }
        : { version, ...comment };
    case "pass":
    case "approve":
      return { version, ...comment };
    case "refuse":
    case "veto":
    case "deny":
      return { version, reason: v.reason?.trim() };
    case "resume":
      return { version, result: v.result?.trim() };
    case "suspend":
      return { version, kind: v.kind, reason: v.reason?.trim() };
    case "deliver":
      return { version, method: v.method ?? "online", ...comment };
    case "request_supplement":
      return {
        version,
        items: (v.items ?? []).map((i) => ({
          ...(i.material?.trim() ? { material: i.material.trim() } : {}),
          note: i.note?.trim() ?? "",
        })),
        ...comment,
      };
    default:
      return { version };
  }
}

function CommandFields({ cmd, detail }: { cmd: StaffCommand; detail: CaseDetail }) {
  const { t } = useTranslation();
  const item = useGuide(detail.itemCode, detail.itemVersion);
  const required = { required: true, whitespace: true, message: t("cases.common.reasonRequired") };
  if (REASON.includes(cmd))
    return (
      <Form.Item name="reason" label={t(`cases.modal.reason.${cmd as "refuse"}`)} rules={[required]}>
        <Input.TextArea rows={4} maxLength={2000} showCount autoFocus />
      </Form.Item>
    );
  if (cmd === "accept") {
    // 容缺受理: only materials not handed in; the server checks the item's rule and the applicant's credit.
    const attached = new Set(detail.materials.map((m) => m.material));
    const open = (item.data?.materials ?? []).filter((m) => !attached.has(m.name)).map((m) => ({ value: m.name }));
    return (
      <>
        <Form.Item name="comment" label={t("cases.modal.comment")}>
          <Input.TextArea rows={3} maxLength={2000} showCount autoFocus />
        </Form.Item>
        {open.length > 0 && (
          <>
            <Form.Item
              name="deferred"
              label={t("supervision.deferral.materials")}
              extra={t("supervision.deferral.hint")}
            >
              <Select mode="multiple" options={open} data-testid="accept-deferred" />
            </Form.Item>
            <Form.Item noStyle dependencies={["deferred"]}>
              {({ getFieldValue }) =>
                (getFieldValue("deferred") as string[] | undefined)?.length ? (
                  <Form.Item name="commitment" label={t("supervision.deferral.commitmentLabel")} rules={[required]}>
                    <Input.TextArea rows={2} maxLength={1000} showCount />
                  </Form.Item>
                ) : null
              }
            </Form.Item>
          </>
        )}
      </>
    );
  }
  if (COMMENT.includes(cmd))
    return (
      <Form.Item name="comment" label={t("cases.modal.comment")}>
        <Input.TextArea rows={3} maxLength={2000} showCount autoFocus />
      </Form.Item>
    );
  if (cmd === "resume")
    return (
      <Form.Item name="result" label={t("cases.modal.result")} rules={[required]}>
        <Input.TextArea rows={4} maxLength={2000} showCount autoFocus />
      </Form.Item>
    );
  if (cmd === "suspend")
    return (
      <>
        <Form.Item
          name="kind"
          label={t("cases.modal.kind")}
          rules={[{ required: true, message: t("cases.modal.kindRequired") }]}
        >
          <Select options={PROCEDURE_KINDS.map((k) => ({ value: k, label: t(`cases.procedure.${k}`) }))} />
        </Form.Item>
        <Form.Item name="reason" label={t("cases.modal.suspendReason")} rules={[required]}>
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
      </>
    );
  if (cmd === "deliver")
    return (
      <>
        <Form.Item name="method" label={t("cases.modal.method")} initialValue="online">
          <Select options={DELIVER_METHODS.map((m) => ({ value: m, label: t(`cases.deliverMethod.${m}`) }))} />
        </Form.Item>
        <Form.Item name="comment" label={t("cases.modal.comment")}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      </>
    );
  if (cmd === "request_supplement") {
    const options = (item.data?.materials ?? []).map((m) => ({ value: m.name }));
    return (
      <>
        <p className="yw-muted">{t("cases.modal.supplementHint")}</p>
        <Form.List
          name="items"
          initialValue={[{}]}
          rules={[
            {
              validator: async (_, items?: unknown[]) => {
                if (!items?.length) throw new Error(t("cases.modal.itemsRequired"));
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((f, i) => (
                <div key={f.key} className="yw-supplement-item" data-testid={`supplement-item-${i}`}>
                  <Form.Item name={[f.name, "material"]} label={t("cases.modal.material")}>
                    <AutoComplete
                      options={options}
                      allowClear
                      filterOption={(input, o) => (o?.value ?? "").includes(input)}
                      placeholder={t("cases.modal.materialPlaceholder")}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, "note"]} label={t("cases.modal.note")} rules={[required]}>
                    <Input.TextArea rows={2} maxLength={500} />
                  </Form.Item>
                  {fields.length > 1 && (
                    <Button
                      type="text"
                      danger
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(f.name)}
                      aria-label={t("cases.modal.removeItem")}
                    >
                      {t("cases.modal.removeItem")}
                    </Button>
                  )}
                </div>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({})}
                block
                disabled={fields.length >= 50}
              >
                {t("cases.modal.addItem")}
              </Button>
              <Form.ErrorList errors={errors} />
            </>
          )}
        </Form.List>
        <Form.Item name="comment" label={t("cases.modal.comment")} className="yw-note">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </>
    );
  }
  return null;
}

/**
 * The buttons for exactly the commands the server lists in `allowedActions`; claim and release act at once,
 * the others ask for their comment or reason in a dialog. Every command sends the version on screen.
 */
export function CaseActions({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const command = useCaseCommand(detail.id);
  const [open, setOpen] = useState<StaffCommand | null>(null);
  const [form] = Form.useForm<Values>();
  const commands = STAFF_COMMANDS.filter((c) => detail.allowedActions.includes(c));

  const run = (cmd: StaffCommand, payload: Record<string, unknown>) =>
    command.mutate(
      { path: PATH[cmd], body: payload },
      {
        onSuccess: () => {
          setOpen(null);
          void message.success(t("cases.detail.done", { action: t(`cases.command.${cmd}`) }));
        },
        onError: () => setOpen(null),
      },
    );

  if (commands.length === 0)
    return (
      <div className="yw-case-actions" data-testid="case-actions">
        <CommandError error={command.error} />
        <p className="yw-muted">{t("cases.detail.noActions")}</p>
      </div>
    );
  return (
    <div className="yw-case-actions" data-testid="case-actions">
      <Space wrap>
        {commands.map((c) => (
          <Button
            key={c}
            type={PRIMARY.includes(c) ? "primary" : "default"}
            danger={DANGER.includes(c)}
            icon={ICON[c]}
            loading={command.isPending && command.variables?.path === PATH[c]}
            disabled={command.isPending || ((c === "claim" || c === "release") && !detail.myTaskId)}
            data-testid={`cmd-${c}`}
            onClick={() => {
              command.reset();
              if (c === "claim" || c === "release") run(c, { taskId: detail.myTaskId });
              else setOpen(c);
            }}
          >
            {t(`cases.command.${c}`)}
          </Button>
        ))}
      </Space>
      <CommandError error={command.error} />
      <Modal
        open={open !== null}
        title={open ? t(`cases.command.${open}`) : ""}
        okText={open ? t(`cases.command.${open}`) : ""}
        cancelText={t("cases.common.cancel")}
        okButtonProps={{
          danger: open !== null && DANGER.includes(open),
          loading: command.isPending,
          htmlType: "submit",
          form: "yw-command-form",
        }}
        onCancel={() => setOpen(null)}
        destroyOnHidden
        afterClose={() => form.resetFields()}
        width={open === "request_supplement" ? 640 : undefined}
      >
        {open && (
          <Form<Values>
            id="yw-command-form"
            form={form}
            layout="vertical"
            onFinish={(v) => run(open, body(open, detail.version, v))}
          >
            <p className="yw-cell-sub">
              {detail.number} · {detail.itemName}
            </p>
            <CommandFields cmd={open} detail={detail} />
          </Form>
        )}
      </Modal>
    </div>
  );
}
