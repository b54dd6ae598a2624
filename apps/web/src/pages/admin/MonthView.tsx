import { Calendar } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { type ReactElement, useMemo } from "react";
import type { CalendarDay } from "../../shared/contracts";
import { useHolidayName } from "../../shared/useHolidayName";

interface Props {
  year: number;
  /** YYYY-MM-DD in platform time; the view opens on this month when it lies in `year`. */
  today: string;
  days: readonly CalendarDay[];
}

/** A compact month calendar with holidays and make-up working days coloured like the tags in the table. */
export function MonthView({ year, today, days }: Props) {
  const holidayName = useHolidayName();
  const byDate = useMemo(() => new Map(days.map((d) => [d.date, d])), [days]);
  const start = dayjs(`${year}-01-01`);
  const opening = today.startsWith(`${year}-`) ? dayjs(today) : start;

  function cell(date: Dayjs, info: { type: string; originNode: ReactElement }) {
    if (info.type !== "date") return info.originNode;
    const special = byDate.get(date.format("YYYY-MM-DD"));
    const className = ["ant-picker-cell-inner", "ant-picker-calendar-date", special && `yw-cal-${special.kind}`]
      .filter(Boolean)
      .join(" ");
    return (
      <div className={className} title={special ? holidayName(special.name) : undefined}>
        <div className="ant-picker-calendar-date-value">{date.date()}</div>
      </div>
    );
  }

  return (
    <Calendar
      fullscreen={false}
      defaultValue={opening}
      validRange={[start, start.endOf("year")]}
      fullCellRender={cell}
      className="yw-month-view"
    />
  );
}
