import type { Ticket } from "@yiwang/contracts";
import { Alert, Button, Input, List, Select, Space, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { RequireLogin, useMe } from "../../shared/session";
import { ScanInputs } from "../onecode/ScanInputs";
import { useDesk, useHalls, useQueue } from "./api";
import "./appointments.css";

function TicketLine({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  return (
    <List.Item data-testid="desk-queue-ticket" data-label={ticket.label}>
      <strong>{ticket.label}</strong>
      <Space>
        {ticket.booked && <Tag color="blue">{t("appointments.desk.booked")}</Tag>}
        {ticket.window && <span>{ticket.window}</span>}
      </Space>
    </List.Item>
  );
}

function Desk() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const me = useMe();
  const halls = useHalls();
  const desk = useDesk();
  const mine = (halls.data?.items ?? []).flatMap((h) =>
    h.windowTypes.filter((w) => w.active && w.departmentId === me.data?.department?.id).map((w) => ({ hall: h, w })),
  );
  const [chosen, setChosen] = useState<string | null>(null);
  const current = mine.find((x) => x.w.id === chosen) ?? mine[0];
  const [window, setWindow] = useState("1");
  const [unreadable, setUnreadable] = useState(false);
  const queue = useQueue(current?.w.id ?? null);
  const issued = desk.checkIn.data ?? desk.walkIn.data;
  if (halls.isError) return <ErrorAlert error={halls.error} />;
  if (halls.data && mine.length === 0) return <Alert type="info" showIcon message={t("appointments.desk.noWindow")} />;
  if (!current) return null;
  return (
    <>
      <Panel title={t("appointments.desk.windowTitle")}>
        <div className="yw-desk-controls">
          <Select
            value={current.w.id}
            onChange={setChosen}
            style={{ minWidth: 240 }}
            options={mine.map(({ hall, w }) => ({
              value: w.id,
              label: `${en ? (hall.nameEn ?? hall.name) : hall.name} · ${w.prefix} ${en ? (w.nameEn ?? w.name) : w.name}`,
            }))}
            data-testid="desk-window-type"
          />
          <Input
            addonBefore={t("appointments.desk.window")}
            value={window}
            onChange={(e) => setWindow(e.target.value)}
            style={{ width: 200 }}
            data-testid="desk-window"
          />
          <a href={`/hall/${current.hall.id}/screen`} target="_blank" rel="noreferrer">
            {t("appointments.desk.openScreen")}
          </a>
        </div>
      </Panel>
      <Panel title={t("appointments.desk.checkInTitle")}>
        <Space direction="vertical" style={{ width: "100%" }}>
          <ScanInputs
            onCode={(code) => desk.checkIn.mutate(code)}
            onPicture={(text) => {
              setUnreadable(text === null);
              if (text !== null) desk.checkIn.mutate(text);
            }}
            submitLabel={t("appointments.desk.checkIn")}
            testIdPrefix="desk"
          />
          {unreadable && <Alert type="warning" showIcon message={t("onecode.clerk.unreadable")} />}
          {desk.checkIn.isError && <ErrorAlert error={desk.checkIn.error} />}
          <Button onClick={() => desk.walkIn.mutate(current.w.id)} data-testid="desk-walk-in">
            {t("appointments.desk.walkIn")}
          </Button>
          {issued && (
            <div data-testid="desk-issued" data-label={issued.label}>
              {t("appointments.desk.issued")} <span className="yw-desk-ticket">{issued.label}</span>
            </div>
          )}
        </Space>
      </Panel>
      <Panel
        title={t("appointments.desk.queueTitle", { count: queue.data?.waiting.length ?? 0 })}
        extra={
          <Button
            type="primary"
            size="large"
            loading={desk.call.isPending}
            disabled={!window.trim()}
            onClick={() => desk.call.mutate({ id: current.w.id, window: window.trim() })}
            data-testid="desk-call"
          >
            {t("appointments.desk.callNext")}
          </Button>
        }
      >
        {desk.call.isError && <ErrorAlert error={desk.call.error} />}
        {desk.call.data && (
          <p data-testid="desk-called" data-label={desk.call.data.label}>
            {t("appointments.desk.called")} <span className="yw-desk-ticket">{desk.call.data.label}</span>
          </p>
        )}
        <List
          size="small"
          header={t("appointments.desk.waiting")}
          dataSource={queue.data?.waiting ?? []}
          renderItem={(x) => <TicketLine ticket={x} />}
        />
        <List
          size="small"
          header={t("appointments.desk.calledList")}
          dataSource={queue.data?.called ?? []}
          renderItem={(x) => <TicketLine ticket={x} />}
        />
      </Panel>
    </>
  );
}

/** /workbench/hall — the clerk's hall desk: check-in by the booking's QR, walk-in numbers, calling the next. */
export function HallDeskPage() {
  const { t } = useTranslation();
  return (
    <div className="yw-container yw-page">
      <PageHeading title={t("appointments.desk.title")} subtitle={t("appointments.desk.subtitle")} />
      <RequireLogin kind="staff">
        <Desk />
      </RequireLogin>
    </div>
  );
}
