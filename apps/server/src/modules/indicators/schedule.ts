/**
 * When the daily recompute runs: 02:00 local time (the platform's time zone), a quiet hour after the day's
 * last case events, so the drift report covers whole days.
 */
import { localDate } from "../../platform/clock/clock.js";

export const RECOMPUTE_HOUR = 2;
const DAY_MS = 86_400_000;

/** The time zone's offset from UTC at an instant, in ms ("GMT+08:00" → 8 h). */
function offsetMs(at: Date, timeZone: string): number {
  const name = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName")?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? "");
  if (!m) return 0; // "GMT": UTC itself
  const sign = m[1] === "-" ? -1 : 1;
  return sign * (Number(m[2]) * 3_600_000 + Number(m[3]) * 60_000);
}

/** The first instant after `now` at which the local clock shows `hour`:00. */
export function nextLocalHour(now: Date, timeZone: string, hour = RECOMPUTE_HOUR): Date {
  const today = Date.parse(`${localDate(now, timeZone)}T00:00:00Z`);
  for (let add = 0; add < 3; add++) {
    const wall = today + add * DAY_MS + hour * 3_600_000;
    const at = new Date(wall - offsetMs(new Date(wall), timeZone));
    if (at.getTime() > now.getTime()) return at;
  }
  return new Date(now.getTime() + DAY_MS); // unreachable: a local day is never three days away
}
