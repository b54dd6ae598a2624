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
   * Ranks: 3 name equals the query, 2 name contains the query, 1 name contains a synonym phrase of it,
   * 0 otherwise; then ts_rank with weights name 1.0 > topics 0.4 > conditions/materials 0.2 > FAQ 0.1.
   */
  async search(tsquery: string, text: string, phrases: string[], f: SearchFilter) {
    const r = await sql<{ hit: StoredHit; total: number }>`
      select i.hit, count(*) over () as total
      from catalog_items i, cast(${tsquery} as tsquery) q
      where ${filters(f)} and i.search @@ q
      order by
        case
          when i.name_norm = ${text} then 3
          when strpos(i.name_norm, ${text}) > 0 then 2
          when exists (select 1 from unnest(cast(${phrases} as text[])) p where strpos(i.name_norm, p) > 0) then 1
          else 0
        end desc,
        ts_rank('{0.1, 0.2, 0.4, 1.0}', i.search, q) desc,
        i.code
      limit ${f.limit} offset ${f.offset}`.execute(this.db);
    return {
      hits: r.rows.map((x) => x.hit),
      total: r.rows.length ? Number(r.rows[0]!.total) : await this.count(tsquery, f),
    };
  }

  private async count(tsquery: string, f: SearchFilter): Promise<number> {
    if (f.offset === 0) return 0;
    const r = await sql<{ n: number }>`
      select count(*) as n from catalog_items i, cast(${tsquery} as tsquery) q where ${filters(f)} and i.search @@ q`.execute(
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
      from catalog_bundles b, cast(${tsquery} as tsquery) q
      where b.status = 'published' and b.search @@ q
      order by ts_rank('{0.1, 0.2, 0.4, 1.0}', b.search, q) desc, b.code
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
