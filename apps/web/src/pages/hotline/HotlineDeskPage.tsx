import type { HotlineRequestView } from "@yiwang/contracts";
import { Button, Drawer, Input, InputNumber, List, message, Select, Space, Tabs } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { useDepartments } from "../../shared/queries";
import { hasRole, RequireLogin, useMe } from "../../shared/session";
import { useErrorText } from "../../shared/useErrorText";
import { useMediaQuery } from "../../shared/useMediaQuery";
import { RequestThreadPanel } from "../messaging/CaseThreadPanel";
import { useDeskRequests, useDuplicates, useHotlineRequest, useIntake, useRequestAction } from "./api";
import { RequestDetail, StatusTags } from "./RequestDetail";
import { RequestForm, toRequest } from "./RequestForm";

const STATUSES = ["dispatching", "assigned", "answered", "closed", "merged"] as const;

/** The actions a reader may take on a request; the server checks each again. */
function Actions({ r, operator, onDone }: { r: HotlineRequestView; operator: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const act = useRequestAction();
  const errorText = useErrorText();
  const departments = useDepartments({ limit: 100, offset: 0 });
  const duplicates = useDuplicates(operator && (r.status === "dispatching" || r.status === "assigned") ? r.id : null);
  const [text, setText] = useState("");
  const [dept, setDept] = useState<string>();
  const [extension, setExtension] = useState(1);
  const run = async (action: Parameters<typeof act.mutateAsync>[0]["action"], body: Record<string, unknown>) => {
    try {
      await act.mutateAsync({ id: r.id, action, body });
      message.success(t("hotline.desk.done"));
      setText("");
      onDone();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const open = r.status === "dispatching" || r.status === "assigned";
  return (
    <Space direction="vertical" style={{ width: "100%", marginTop: 16 }}>
      <Input.TextArea
        rows={3}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={t("hotline.desk.text")}
      />
      {operator && open && (
        <Space wrap>
          <Select
            style={{ minWidth: 220 }}
            value={dept}
            onChange={setDept}
            placeholder={t("hotline.form.department")}
            options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
          />
          <Button disabled={!dept} onClick={() => run("dispatch", { departmentId: dept, comment: text })}>
            {r.status === "assigned" ? t("hotline.desk.reassign") : t("hotline.desk.dispatch")}
          </Button>
        </Space>
      )}
      {operator &&
        (duplicates.data?.items ?? []).map((d) => (
          <Button key={d.id} onClick={() => run("merge", { intoId: d.id })}>
            {t("hotline.desk.merge", { number: d.number, meters: d.distanceMeters })}
          </Button>
        ))}
      {operator && r.status === "assigned" && r.extension?.status === "requested" && (
        <Space wrap data-testid="hotline-extension-decide">
          <span>
            {t("hotline.desk.extensionAsked", {
              value: r.extension.value,
              unit: t(`hotline.unit.${r.deadline.unit}`),
              reason: r.extension.reason,
            })}
          </span>
          <Button type="primary" onClick={() => run("extension/decide", { approve: true, comment: text })}>
            {t("hotline.desk.extensionApprove")}
          </Button>
          <Button onClick={() => run("extension/decide", { approve: false, comment: text })}>
            {t("hotline.desk.extensionRefuse")}
          </Button>
        </Space>
      )}
      {operator && r.status === "answered" && (
        <Space wrap>
          <Button type="primary" onClick={() => run("callback", { resolved: true, satisfied: true, comment: text })}>
            {t("hotline.desk.callbackSatisfied")}
          </Button>
          <Button onClick={() => run("callback", { resolved: true, satisfied: false, comment: text })}>
            {t("hotline.desk.callbackUnsatisfied")}
          </Button>
          <Button danger onClick={() => run("callback", { resolved: false, satisfied: false, comment: text })}>
            {t("hotline.desk.reopen")}
          </Button>
        </Space>
      )}
      {!operator && r.status === "assigned" && (
        <Space wrap>
          <Button disabled={!text} onClick={() => run("actions", { comment: text })}>
            {t("hotline.desk.record")}
          </Button>
          <Button
            type="primary"
            disabled={!text}
            onClick={() => run("answer", { answer: text })}
            data-testid="hotline-answer"
          >
            {t("hotline.desk.answer")}
          </Button>
          <Button danger disabled={!text} onClick={() => run("return", { reason: text })}>
            {t("hotline.desk.return")}
          </Button>
          {!r.extension && (
            <>
              <InputNumber
                min={1}
                max={r.deadline.value}
                value={extension}
                onChange={(v) => setExtension(v ?? 1)}
                addonAfter={t(`hotline.unit.${r.deadline.unit}`)}
                aria-label={t("hotline.desk.extensionValue")}
              />
              <Button disabled={!text} onClick={() => run("extension", { value: extension, reason: text })}>
                {t("hotline.desk.extension")}
              </Button>
            </>
          )}
        </Space>
      )}
    </Space>
  );
}

function Desk() {
  const { t } = useTranslation();
  const me = useMe();
  const operator = hasRole(me.data, "hotline_operator");
  const phone = useMediaQuery("(max-width: 767px)");
  const [status, setStatus] = useState<string>();
  const list = useDeskRequests(status);
  const intake = useIntake();
  const errorText = useErrorText();
  const [openId, setOpenId] = useState<string | null>(null);
  const listed = list.data?.items.find((r) => r.id === openId) ?? null;
  // The drawer shows the request as read on its own (the list masks the caller for everyone), once loaded.
  const one = useHotlineRequest(listed ? openId : null);
  const current = listed && one.data?.id === listed.id ? one.data : null;
  const requests = (
    <Panel>
      <Select
        allowClear
        style={{ minWidth: 160, marginBottom: 12 }}
        placeholder={t("hotline.statusLabel")}
        value={status}
        onChange={setStatus}
        options={STATUSES.map((s) => ({ value: s, label: t(`hotline.status.${s}`) }))}
      />
      <List
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        renderItem={(r) => (
          <List.Item
            data-testid="hotline-desk-item"
            actions={[
              <Button key="open" type="link" onClick={() => setOpenId(r.id)}>
                {t("hotline.desk.open")}
              </Button>,
            ]}
          >
            <List.Item.Meta
              title={`${r.number} · ${r.category.name}`}
              description={
                <>
                  <StatusTags r={r} /> {r.department?.name ?? t("hotline.notDispatched")}
                </>
              }
            />
          </List.Item>
        )}
      />
    </Panel>
  );
  return (
    <>
      {operator ? (
        <Tabs
          items={[
            { key: "list", label: t("hotline.desk.requests"), children: requests },
            {
              key: "intake",
              label: t("hotline.desk.intake"),
              children: (
                <Panel>
                  <RequestForm
                    operator
                    busy={intake.isPending}
                    onSubmit={async (v, files) => {
                      try {
                        const body = await toRequest(v, files);
                        const r = await intake.mutateAsync({
                          ...body,
                          contact: null,
                          caller: body.contact,
                          departmentId: v.departmentId ?? null,
                        });
                        message.success(t("hotline.portal.filed", { number: r.number }));
                        return true;
                      } catch (e) {
                        message.error(errorText(e));
                        return false;
                      }
                    }}
                  />
                </Panel>
              ),
            },
          ]}
        />
      ) : (
        requests
      )}
      <Drawer
        open={listed !== null}
        onClose={() => setOpenId(null)}
        width={phone ? "100%" : 640}
        title={listed?.number}
      >
        {current && (
          <>
            <RequestDetail r={current} />
            <Actions r={current} operator={operator} onDone={() => void list.refetch()} />
            {/* The department's staff (and supervisors) discuss the request; the call desk has no messaging. */}
            {!operator && current.department && <RequestThreadPanel requestId={current.id} />}
          </>
        )}
      </Drawer>
    </>
  );
}

/** /workbench/hotline — the operators' desk (受理、派单、合并、回访) and the departments' inbox (办理、答复、退单). */
export function HotlineDeskPage() {
  const { t } = useTranslation();
  return (
    <div className="yw-container yw-page">
      <PageHeading title={t("hotline.desk.title")} subtitle={t("hotline.desk.subtitle")} />
      <RequireLogin kind="staff">
        <Desk />
      </RequireLogin>
    </div>
  );
}
