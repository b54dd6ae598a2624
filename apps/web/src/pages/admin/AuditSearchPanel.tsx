import { SearchOutlined } from "@ant-design/icons";
import { Button, Col, DatePicker, Form, Grid, Input, Row, Table, type TableProps } from "antd";
import type { Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";
import type { AuditSearchRequest } from "../../shared/audit";
import { useAuditSearch } from "../../shared/audit";
import type { AuditLogEntry, AuditSearch } from "../../shared/contracts";
import { formatPlatformDateTime, toPlatformInstant } from "../../shared/dates";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { Panel } from "../../shared/Panel";
import { useAuditNames } from "./useAuditNames";

interface FormValues {
  type?: string;
  actor?: string;
  subject?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

/** Blank fields are left out rather than sent as "" (which would match nothing). */
function toFilter(v: FormValues): AuditSearch {
  const text = (s?: string) => s?.trim() || undefined;
  const [from, to] = v.range ?? [null, null];
  return {
    type: text(v.type),
    actor: text(v.actor),
    subject: text(v.subject),
    // The picker shows Beijing wall-clock time, like every time on the platform.
    from: from ? toPlatformInstant(from) : undefined,
    to: to ? toPlatformInstant(to) : undefined,
    limit: 100,
  };
}

interface Props {
  request: AuditSearchRequest | null;
  onSearch: (request: AuditSearchRequest) => void;
  selected: number | null;
  onVerify: (entry: AuditLogEntry) => void;
}

/** Search form and results; each result row offers the in-browser inclusion check. */
export function AuditSearchPanel({ request, onSearch, selected, onVerify }: Props) {
  const { t } = useTranslation();
  const search = useAuditSearch(request);
  // Phones: time, type and actor stack in one cell, so only that and the button remain.
  const compact = !Grid.useBreakpoint().sm;
  const names = useAuditNames(search.data?.entries ?? []);

  const columns: TableProps<AuditLogEntry>["columns"] = [
    { title: t("admin.audit.colIndex"), dataIndex: "leaf_index", responsive: ["sm"], className: "yw-mono" },
    {
      title: t("admin.audit.colTime"),
      key: "time",
      render: (_: unknown, e) => (
        <>
          <div className="yw-mono">{formatPlatformDateTime(e.entry.time)}</div>
          {compact && (
            <>
              <div className="yw-cell-strong" title={e.entry.type}>
                {names.type(e.entry.type)}
              </div>
              <div className="yw-cell-sub">
                #{e.leaf_index} · {names.actor(e.entry.actor)}
              </div>
            </>
          )}
        </>
      ),
    },
    {
      title: t("admin.audit.colType"),
      key: "type",
      responsive: ["sm"],
      render: (_: unknown, e) => (
        <div data-testid="audit-type">
          <span className="yw-cell-strong">{names.type(e.entry.type)}</span>
          <div className="yw-cell-sub yw-mono">{e.entry.type}</div>
        </div>
      ),
    },
    {
      title: t("admin.audit.colActor"),
      key: "actor",
      responsive: ["md"],
      render: (_: unknown, e) => (
        <span data-testid="audit-actor" title={e.entry.actor}>
          {names.actor(e.entry.actor)}
        </span>
      ),
    },
    {
      title: t("admin.audit.colActingFor"),
      key: "actingFor",
      responsive: ["lg"],
      render: (_: unknown, e) => e.entry.actingFor ?? "—",
    },
    {
      title: t("admin.audit.colSubject"),
      key: "subject",
      responsive: ["md"],
      render: (_: unknown, e) => <span className="yw-cell-sub">{e.entry.subject ?? "—"}</span>,
    },
    {
      title: "",
      key: "verify",
      align: "right",
      render: (_: unknown, e) => (
        <Button
          size="small"
          type={selected === e.leaf_index ? "primary" : "default"}
          onClick={() => onVerify(e)}
          data-testid={`audit-verify-${e.leaf_index}`}
        >
          {t("admin.audit.verify")}
        </Button>
      ),
    },
  ];

  return (
    <Panel title={t("admin.audit.search")} icon={<SearchOutlined />}>
      <Form<FormValues>
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => onSearch({ filter: toFilter(values) })}
        className="yw-audit-form"
      >
        <Row gutter={16}>
          <Col xs={24} sm={12} lg={6}>
            <Form.Item name="type" label={t("admin.audit.type")}>
              <Input allowClear maxLength={100} placeholder={t("admin.audit.typePlaceholder")} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={6}>
            <Form.Item name="actor" label={t("admin.audit.actor")}>
              <Input allowClear maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={6}>
            <Form.Item name="subject" label={t("admin.audit.subject")}>
              <Input allowClear maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={6}>
            <Form.Item name="range" label={t("admin.audit.range")}>
              <DatePicker.RangePicker
                showTime={{ format: "HH:mm" }}
                format="YYYY-MM-DD HH:mm"
                allowEmpty={[true, true]}
                className="yw-full"
              />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={search.isFetching}>
          {t("admin.audit.submit")}
        </Button>
      </Form>
      {search.isError ? (
        <div className="yw-note">
          <ErrorAlert error={search.error} onRetry={() => void search.refetch()} />
        </div>
      ) : (
        request && (
          <Table<AuditLogEntry>
            className="yw-note"
            rowKey="leaf_index"
            size="middle"
            columns={columns}
            dataSource={search.data?.entries}
            loading={search.isFetching}
            rowClassName={(e) => (e.leaf_index === selected ? "yw-row-selected" : "")}
            scroll={compact ? undefined : { x: "max-content" }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
          />
        )
      )}
    </Panel>
  );
}
