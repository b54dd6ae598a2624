import { Col, Empty, Grid, Row, Select, Space, Statistic, Table, type TableProps } from "antd";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { type CalendarRun, groupRuns } from "../../shared/calendarRuns";
import { DayKindTag } from "../../shared/DayKindTag";
import { formatWeekday, platformToday } from "../../shared/dates";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { useCalendarYear } from "../../shared/queries";
import { hasRole, useMe } from "../../shared/session";
import { useHolidayName } from "../../shared/useHolidayName";
import { CalendarDayEditor } from "./editing/CalendarDayEditor";
import { MonthView } from "./MonthView";
import { ReadOnlyNotice } from "./ReadOnlyNotice";

/** The years with published arrangements in the demo data, plus whatever year it is now. */
function yearOptions(current: number): number[] {
  return [...new Set([2025, 2026, current])].sort((a, b) => a - b);
}

/** A year's holidays and make-up working days; the year is in the URL (?year=2026) for bookmarking. */
export function CalendarAdminPage() {
  const { t, i18n } = useTranslation();
  const holidayName = useHolidayName();
  const [params, setParams] = useSearchParams();
  const today = platformToday();
  const currentYear = Number(today.slice(0, 4));
  const years = yearOptions(currentYear);
  const requested = Number(params.get("year"));
  const year = years.includes(requested) ? requested : currentYear;
  const calendar = useCalendarYear(year);
  const admin = hasRole(useMe().data, "platform_admin");
  const lang = i18n.resolvedLanguage ?? "zh-CN";

  const days = calendar.data?.days ?? [];
  const holidays = days.filter((d) => d.kind === "holiday").length;
  const workdays = days.length - holidays;
  const runs = groupRuns(days);

  // One row per run of days (春节 is one row, not nine); the month view shows the single days.
  // Phones: weekday and name fold into the other cells, so the table fits without scrolling sideways.
  const compact = !Grid.useBreakpoint().sm;
  const weekdays = (r: CalendarRun) =>
    r.length === 1 ? formatWeekday(r.start, lang) : `${formatWeekday(r.start, lang)} – ${formatWeekday(r.end, lang)}`;
  const daysText = (r: CalendarRun) => t("admin.calendar.dayCount", { count: r.length });
  const columns: TableProps<CalendarRun>["columns"] = [
    {
      title: t("admin.calendar.colDate"),
      key: "date",
      render: (_: unknown, r) => (
        <>
          <div className="yw-mono">{r.start}</div>
          {r.length > 1 && <div className="yw-mono">{t("admin.calendar.through", { date: r.end })}</div>}
          {compact && <div className="yw-cell-sub">{weekdays(r)}</div>}
        </>
      ),
    },
    {
      title: t("admin.calendar.colWeekday"),
      key: "weekday",
      responsive: ["sm"],
      render: (_: unknown, r) => weekdays(r),
    },
    { title: t("admin.calendar.colDays"), key: "days", responsive: ["sm"], render: (_: unknown, r) => daysText(r) },
    {
      title: t("admin.calendar.colKind"),
      dataIndex: "kind",
      render: (k: CalendarRun["kind"], r) => (
        <>
          <DayKindTag kind={k} />
          {compact && (
            <div className="yw-cell-sub">
              {holidayName(r.name)} · {daysText(r)}
            </div>
          )}
        </>
      ),
    },
    {
      title: t("admin.calendar.colName"),
      dataIndex: "name",
      responsive: ["sm"],
      render: (n: string | null) => holidayName(n),
    },
  ];

  const trail = [{ title: t("admin.title"), to: "/admin" }];
  const yearSelect = (
    <Space>
      <label htmlFor="yw-year">{t("admin.calendar.year")}</label>
      <Select<number>
        id="yw-year"
        value={year}
        onChange={(y) => setParams(y === currentYear ? {} : { year: String(y) })}
        options={years.map((y) => ({ value: y, label: String(y) }))}
        className="yw-year-select"
      />
    </Space>
  );

  return (
    <div className="yw-container yw-page">
      <PageHeading
        title={t("admin.calendar.title")}
        subtitle={t("admin.calendar.desc")}
        trail={trail}
        extra={yearSelect}
      />
      <ReadOnlyNotice editable />
      {admin && <CalendarDayEditor />}
      {calendar.isError ? (
        <ErrorAlert error={calendar.error} onRetry={() => void calendar.refetch()} />
      ) : (
        <Row gutter={[24, 24]}>
          <Col xs={24} lg={14}>
            <Panel title={`${year} · ${t("admin.calendar.list")}`}>
              <Row gutter={16} className="yw-stats">
                <Col span={12}>
                  <Statistic
                    title={t("admin.calendar.holidays")}
                    value={holidays}
                    suffix={t("admin.calendar.daysUnit")}
                    loading={calendar.isPending}
                    valueStyle={{ color: "#cf1322" }}
                  />
                </Col>
                <Col span={12}>
                  <Statistic
                    title={t("admin.calendar.workdays")}
                    value={workdays}
                    suffix={t("admin.calendar.daysUnit")}
                    loading={calendar.isPending}
                    valueStyle={{ color: "#0958d9" }}
                  />
                </Col>
              </Row>
              <Table<CalendarRun>
                rowKey="start"
                size="small"
                columns={columns}
                dataSource={runs}
                loading={calendar.isFetching}
                pagination={false}
                locale={{ emptyText: <Empty description={t("admin.calendar.empty")} /> }}
              />
            </Panel>
          </Col>
          <Col xs={24} lg={10}>
            <Panel title={t("admin.calendar.monthView")}>
              <MonthView key={year} year={year} today={today} days={days} />
            </Panel>
          </Col>
        </Row>
      )}
    </div>
  );
}
