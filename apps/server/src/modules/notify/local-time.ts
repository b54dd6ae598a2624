/**
 * Local wall-clock arithmetic in the platform's time zone (TIME_ZONE), for quiet hours and the SMS daily
 * cap. Through Intl, so a zone with daylight saving time would work too (Asia/Shanghai has none).
 */
export class LocalTime {
  readonly #format: Intl.DateTimeFormat;
  constructor(timeZone: string) {
    this.#format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  }

  /** Minutes between UTC and local time at `at` (local − UTC). */
  offsetMinutes(at: Date): number {
    const p = Object.fromEntries(this.#format.formatToParts(at).map((x) => [x.type, x.value]));
    const local = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
    return Math.round((local - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
  }

  /** Local minute of the day, 0–1439. */
  minuteOfDay(at: Date): number {
    const local = at.getTime() + this.offsetMinutes(at) * 60_000;
    return Math.floor(local / 60_000) % 1440;
  }

  /** The instant local midnight began on `at`'s local day. */
  startOfDay(at: Date): Date {
    const offset = this.offsetMinutes(at) * 60_000;
    const local = at.getTime() + offset;
    return new Date(local - (local % 86_400_000) - offset);
  }

  /**
   * When quiet hours [start, end) that hold at `at` end; null when `at` is outside them. start > end spans
   * midnight (22:00–07:00); start = end means no quiet hours.
   */
  quietUntil(at: Date, quiet: { start: number; end: number } | null): Date | null {
    if (!quiet || quiet.start === quiet.end) return null;
    const m = this.minuteOfDay(at);
    const inside = quiet.start < quiet.end ? m >= quiet.start && m < quiet.end : m >= quiet.start || m < quiet.end;
    if (!inside) return null;
    const minutes = (quiet.end - m + 1440) % 1440;
    const startOfMinute = at.getTime() - (at.getTime() % 60_000);
    return new Date(startOfMinute + minutes * 60_000);
  }
}
