/**
 * Statistics and openness indicators for the portal's /opendata/stats page (issue 21). Supply figures come from
 * the catalogue tables, use figures from `opendata_dataset_stats` (usage.ts) over the last N local days. Five
 * aggregate queries over small tables (datasets, resources, a day's rows per dataset), no scan of the rows.
 */
import type { OpendataStats } from "@yiwang/contracts";
import { sql } from "kysely";
import { localDate } from "../../platform/clock/clock.js";
import type { OpendataDeps } from "./context.js";

/** Formats a reader can process without a person (the datastore serves every resource as JSON too). */
const MACHINE_READABLE = ["CSV", "JSON", "XLSX", "API", "XML"];
/** The longest gap, in days, between updates that still counts as on time for each declared frequency. */
const FREQUENCY_DAYS: Record<string, number> = {
  daily: 2,
  weekly: 8,
  monthly: 32,
  quarterly: 93,
  annual: 366,
};
const TOP = 10;
const DAY_MS = 86_400_000;

const share = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 1000) / 1000 : null);

export class OpendataStatistics {
  constructor(private readonly deps: OpendataDeps) {}

  async stats(days: number): Promise<OpendataStats> {
    const { db, clock, timeZone } = this.deps;
    const now = clock.now();
    const since = localDate(new Date(now.getTime() - (days - 1) * DAY_MS), timeZone);
    const published = sql`open_level in ('open', 'conditional')`;
    const [supply, resources, timely, use, approved, top, directory] = await Promise.all([
      sql<{ datasets: number; open: number; conditional: number; departments: number }>`
        select count(*)::int as datasets,
               count(*) filter (where open_level = 'open')::int as open,
               count(*) filter (where open_level = 'conditional')::int as conditional,
               count(distinct department_id)::int as departments
        from opendata_datasets where ${published}`.execute(db),
      sql<{ resources: number; rows: string; readable: number }>`
        select count(*)::int as resources, coalesce(sum(r.row_count), 0)::bigint as rows,
               count(*) filter (where upper(r.format) in (${sql.join(MACHINE_READABLE)}))::int as readable
                from opendata_resources r join opendata_datasets d on d.id = r.dataset_id
        where d.open_level in ('open', 'conditional')`.execute(db),
      sql<{ frequency: string; updated_at: Date }>`
        select frequency, updated_at from opendata_datasets where ${published}`.execute(db),
      sql<{ views: number; downloads: number; api_calls: number }>`
        select coalesce(sum(views), 0)::int as views, coalesce(sum(downloads), 0)::int as downloads,
               coalesce(sum(api_calls), 0)::int as api_calls
        from opendata_dataset_stats where day >= ${since}::date`.execute(db),
      sql<{ n: number }>`
        select count(*)::int as n from opendata_applications
        where status = 'approved' and valid_until >= ${localDate(now, timeZone)}::date`.execute(db),
      sql<{
        id: string;
        name: string;
        title: string;
        department_id: string;
        views: number;
        downloads: number;
        api_calls: number;
      }>`
        select d.id, d.name, d.title, d.department_id, sum(s.views)::int as views,
               sum(s.downloads)::int as downloads, sum(s.api_calls)::int as api_calls
        from opendata_dataset_stats s join opendata_datasets d on d.id = s.dataset_id
        where s.day >= ${since}::date and d.open_level in ('open', 'conditional')
        group by d.id
        order by sum(s.views + s.downloads + s.api_calls) desc, d.name
        limit ${TOP}`.execute(db),
      this.deps.departments(),
    ]);
    const s = supply.rows[0] ?? { datasets: 0, open: 0, conditional: 0, departments: 0 };
    const r = resources.rows[0] ?? { resources: 0, rows: "0", readable: 0 };
    const onTime = timely.rows.filter((d) => {
      const limit = FREQUENCY_DAYS[d.frequency];
      return limit === undefined || now.getTime() - new Date(d.updated_at).getTime() <= limit * DAY_MS;
    }).length;
    const u = use.rows[0] ?? { views: 0, downloads: 0, api_calls: 0 };
    return {
      days,
      supply: {
        datasets: s.datasets,
        open: s.open,
        conditional: s.conditional,
        resources: r.resources,
        rows: Number(r.rows),
        publishingDepartments: s.departments,
        departments: directory.size,
      },
      indicators: {
        unconditionalShare: share(s.open, s.datasets),
        machineReadableShare: share(r.readable, r.resources),
        timelyShare: share(onTime, s.datasets),
        departmentCoverage: share(s.departments, directory.size),
      },
      use: {
        views: u.views,
        downloads: u.downloads,
        apiCalls: u.api_calls,
        approvedApplications: approved.rows[0]?.n ?? 0,
      },
      top: top.rows.map((t) => ({
        id: t.id,
        name: t.name,
        title: t.title,
        department: directory.get(t.department_id)?.name ?? "",
        views: t.views,
        downloads: t.downloads,
        apiCalls: t.api_calls,
      })),
    };
  }
}
