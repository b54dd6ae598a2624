import { CalendarOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import { formatRun, groupRuns } from "../../shared/calendarRuns";
import { DayKindTag } from "../../shared/DayKindTag";
import { formatLongDate, platformToday } from "../../shared/dates";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { Panel } from "../../shared/Panel";
import { EmptyNote, LoadingLines } from "../../shared/Placeholders";
import { useCalendarYear, useDayInfo } from "../../shared/queries";
import { useHolidayName } from "../../shared/useHolidayName";

const UPCOMING = 3;

/** Whether today counts towards time limits, and the next holidays: what citizens ask the counter most. */
export function TodayCard() {
  const { t, i18n } = useTranslation();
  const holidayName = useHolidayName();
  const today = platformToday();
  const day = useDayInfo(today);
  const year = useCalendarYear(Number(today.slice(0, 4)));
  const lang = i18n.resolvedLanguage ?? "zh-CN";

  const upcoming = year.data
    ? groupRuns(year.data.days)
        .filter((r) => r.end >= today)
        .slice(0, UPCOMING)
    : [];

  return (
    <Panel title={t("home.today.title")} icon={<CalendarOutlined />} className="yw-today">
      {day.isPending ? (
        <LoadingLines rows={2} />
      ) : day.isError ? (
        <ErrorAlert error={day.error} onRetry={() => void day.refetch()} />
      ) : (
        <div data-testid="today">
          <div className="yw-today-date">{formatLongDate(day.data.date, lang)}</div>
          <div className="yw-today-status">
            <DayKindTag kind={day.data.kind} />
            {day.data.name && <strong>{holidayName(day.data.name)}</strong>}
          </div>
          <p className="yw-muted">{day.data.workingDay ? t("home.today.countsHint") : t("home.today.restHint")}</p>
        </div>
      )}

      <h3 className="yw-subheading">{t("home.today.upcoming")}</h3>
      {year.isPending ? (
        <LoadingLines rows={3} title={false} />
      ) : year.isError ? (
        <ErrorAlert error={year.error} onRetry={() => void year.refetch()} />
      ) : upcoming.length === 0 ? (
        <EmptyNote>{t("home.today.noUpcoming")}</EmptyNote>
      ) : (
        <ul className="yw-runs">
          {upcoming.map((run) => (
            <li key={run.start} className="yw-run">
              <span className="yw-run-dates">{formatRun(run, lang)}</span>
              <span className="yw-run-name">
                <DayKindTag kind={run.kind} />
                {holidayName(run.name)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
