import { type Kysely, sql } from "kysely";
import type { DB } from "../../../platform/db/schema.js";
import type { StoredHit } from "../mapping.js";

export interface SearchFilter {
  audience?: string;
  dept?: string;
  topic?: string;
  onlineDepth?: number;
  limit: number;
  offset: number;
}

function filters(f: SearchFilter) {
  const parts = [sql`i.status = 'published'`];
  if (f.audience) parts.push(sql`(i.audience = ${f.audience} or i.audience = 'any')`);
  if (f.dept) parts.push(sql`(i.dept = ${f.dept} or ${f.dept} = any(i.co_depts))`);
  if (f.topic) parts.push(sql`i.topics @> array[${f.topic}]::text[]`);
  if (f.onlineDepth) parts.push(sql`i.online_depth >= ${f.onlineDepth}`);
  return sql.join(parts, sql` and `);
}

/** Catalog search in SQL: tsquery match on the GIN-indexed vector, exact-name ranking first. */
export class SearchRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Ranking tiers, best first: the name equals the query; the name contains it; the name contains a synonym
   * phrase of it; every word matches in the name (weight A lexemes); in the name or topics (A, B); anywhere
   * (conditions, materials, FAQ). Within a tier shorter names first (closer to the query), then the code.
   * Tiers are boolean tests on the row (no ts_rank), so even a query matching a third of a 10,000-item
   * catalog ranks in a few milliseconds.
   */
  async search(
    q: { all: string; inName: string; inNameOrTopics: string; text: string; phrases: string[] },
    f: SearchFilter,
  ) {
    // Rank and count narrow rows (code, tier, length), then fetch the page's hits: carrying every match's
    // hit and search vector through count(*) over () spilled a broad query (3,000 matches) to disk.
    const r = await sql<{ hit: StoredHit; total: number }>`
      with m as (
        select i.code, length(i.name_norm) as len,
          case
            when i.name_norm = ${q.text} then 5
            when strpos(i.name_norm, ${q.text}) > 0 then 4
            when exists (select 1 from unnest(cast(${q.phrases} as text[])) p where strpos(i.name_norm, p) > 0) then 3
            when i.search @@ cast(${q.inName} as tsquery) then 2
            when i.search @@ cast(${q.inNameOrTopics} as tsquery) then 1
            else 0
          end as tier
        from catalog_items i
        where ${filters(f)} and i.search @@ cast(${q.all} as tsquery)
      ),
      page as (select code, tier, len from m order by tier desc, len, code limit ${f.limit} offset ${f.offset})
      select c.hit, (select count(*) from m) as total
      from page join catalog_items c on c.code = page.code
      order by page.tier desc, page.len, page.code`.execute(this.db);
    return {
      hits: r.rows.map((x) => x.hit),
      total: r.rows.length ? Number(r.rows[0]!.total) : await this.count(q.all, f),
    };
  }

  private async count(tsquery: string, f: SearchFilter): Promise<number> {
    if (f.offset === 0) return 0;
    const r = await sql<{ n: number }>`
      select count(*) as n from catalog_items i where ${filters(f)} and i.search @@ cast(${tsquery} as tsquery)`.execute(
      this.db,
    );
    return Number(r.rows[0]?.n ?? 0);
  }

  /** Browsing without a query: every published item matching the filters, by code. */
  async browse(f: SearchFilter) {
    const r = await sql<{ hit: StoredHit; total: number }>`
      select i.hit, count(*) over () as total from catalog_items i
      where ${filters(f)} order by i.code limit ${f.limit} offset ${f.offset}`.execute(this.db);
    const total = r.rows.length
      ? Number(r.rows[0]!.total)
      : Number(
          (await sql<{ n: number }>`select count(*) as n from catalog_items i where ${filters(f)}`.execute(this.db))
            .rows[0]?.n ?? 0,
        );
    return { hits: r.rows.map((x) => x.hit), total };
  }

  async bundles(tsquery: string, limit: number) {
    const r = await sql<{ code: string; name: string; name_en: string | null; description: string | null }>`
      select b.code, b.name, b.name_en, b.description
      from catalog_bundles b
      where b.status = 'published' and b.search @@ cast(${tsquery} as tsquery)
      order by ts_rank('{0.1, 0.2, 0.4, 1.0}', b.search, cast(${tsquery} as tsquery)) desc, b.code
      limit ${limit}`.execute(this.db);
    return r.rows;
  }

  async topTopics(limit: number, audience?: string) {
    const aud = audience ? sql`and (audience = ${audience} or audience = 'any')` : sql``;
    const r = await sql<{ name: string; count: number }>`
      select t as name, count(*) as count from catalog_items, unnest(topics) t
      where status = 'published' ${aud} group by t order by count(*) desc, t limit ${limit}`.execute(this.db);
    return r.rows.map((x) => ({ name: x.name, count: Number(x.count) }));
  }

  async departmentCounts(audience?: string) {
    const aud = audience ? sql`and (audience = ${audience} or audience = 'any')` : sql``;
    const r = await sql<{ key: string; count: number }>`
      select dept as key, count(*) as count from catalog_items
      where status = 'published' ${aud} group by dept order by count(*) desc, dept`.execute(this.db);
    return r.rows.map((x) => ({ key: x.key, count: Number(x.count) }));
  }

  async audienceCounts() {
    const r = await sql<{ audience: string; count: number }>`
      select audience, count(*) as count from catalog_items where status = 'published' group by audience order by audience`.execute(
      this.db,
    );
    return r.rows.map((x) => ({ audience: x.audience, count: Number(x.count) }));
  }

  async synonyms(): Promise<Map<string, string[]>> {
    const rows = await this.db.selectFrom("catalog_synonyms").select(["term", "expansions"]).execute();
    return new Map(rows.map((r) => [r.term, r.expansions]));
  }
}
