import type { CalendarDay } from "./contracts";

/** Consecutive special days of the same kind and name, e.g. the nine days of 春节 as one entry. */
export interface CalendarRun {
  start: string;
  end: string;
  kind: CalendarDay["kind"];
  name: string | null;
  length: number;
}

function nextDate(date: string): string {
  const t = Date.parse(`${date}T00:00:00Z`) + 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export function groupRuns(days: readonly CalendarDay[]): CalendarRun[] {
  const sorted = [...days].sort((a, b) => a.date.localeCompare(b.date));
  const runs: CalendarRun[] = [];
  for (const day of sorted) {
    const last = runs.at(-1);
    if (last && last.kind === day.kind && last.name === day.name && nextDate(last.end) === day.date) {
      last.end = day.date;
      last.length += 1;
    } else {
      runs.push({ start: day.date, end: day.date, kind: day.kind, name: day.name, length: 1 });
    }
  }
  return runs;
}

/** "2月15日至23日" / "Feb 15 – 23": dates are calendar dates, formatted in UTC so no zone shifts them. */
export function formatRun(run: CalendarRun, lang: string): string {
  const fmt = new Intl.DateTimeFormat(lang, { month: "short", day: "numeric", timeZone: "UTC" });
  const start = new Date(`${run.start}T00:00:00Z`);
  if (run.start === run.end) return fmt.format(start);
  return fmt.formatRange(start, new Date(`${run.end}T00:00:00Z`));
}
