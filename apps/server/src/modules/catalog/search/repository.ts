import { type Kysely, sql } from "kysely";
import type { DB } from "../../../platform/db/schema.js";
import type { StoredHit } from "../mapping.js";
import type { IndexBundleRow, IndexItemRow } from "./ranking-index.js";

export interface BundleRow {
  code: string;
  name: string;
  name_en: string | null;
  description: string | null;
}

/** An analysed query as the ranking takes it (query.ts): the three tsquery texts, the text and synonym phrases. */
export interface RankQuery {
  all: string;
  inName: string;
  inNameOrTopics: string;
  text: string;
  phrases: string[];
}

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
   * The ranked page, the total and (when `bundles` > 0) the best matching bundles, in one round trip. The
   * statement is the `catalog_search` function (migration 20261123008000_catalog_search.sql, where the
   * ranking tiers are described): a function keeps a generic plan per connection, so PostgreSQL neither
   * parses nor plans the search again for each query, which cost more than running it.
   */
  async search(
    q: RankQuery,
    f: SearchFilter,
    bundles = 0,
  ): Promise<{ hits: StoredHit[]; total: number; bundles: BundleRow[] }> {
    const r = await sql<{ hits: StoredHit[] | null; total: number; bundles: BundleRow[] | null }>`
      select hits, total, bundles from catalog_search(
        ${q.text}, cast(${q.phrases} as text[]), cast(${q.inName} as tsquery), cast(${q.inNameOrTopics} as tsquery),
        cast(${q.all} as tsquery), ${f.audience ?? null}, ${f.dept ?? null}, ${f.topic ?? null},
        cast(${f.onlineDepth ?? null} as integer), ${f.limit}, ${f.offset}, ${bundles})`.execute(this.db);
    const row = r.rows[0];
    return { hits: row?.hits ?? [], total: Number(row?.total ?? 0), bundles: row?.bundles ?? [] };
  }

  /**
   * What the in-process ranking index is built from: the published items and bundles with their search
   * vectors as PostgreSQL prints them (so the index matches what the function matches). One snapshot:
   * both read in one repeatable-read transaction, so a change committed between them cannot split the index.
   */
  async indexRows(): Promise<{ items: IndexItemRow[]; bundles: IndexBundleRow[] }> {
    return this.db
      .transaction()
      .setIsolationLevel("repeatable read")
      .execute(async (trx) => {
        const items = await sql<IndexItemRow>`
          select code, name_norm, audience, dept, co_depts, topics, online_depth, hit, search::text as search
          from catalog_items where status = 'published'`.execute(trx);
        const bundles = await sql<IndexBundleRow>`
          select code, name, name_en, description, search::text as search
          from catalog_bundles where status = 'published'`.execute(trx);
        return { items: items.rows, bundles: bundles.rows };
      });
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
