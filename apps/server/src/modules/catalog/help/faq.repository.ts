import type { ServiceItemInput } from "@yiwang/contracts";
import { type Kysely, sql } from "kysely";
import type { DB } from "../../../platform/db/schema.js";
import { tsvectorLiteral } from "../search/segment.js";

/** A FAQ entry as the help page lists it, with its item. */
export interface FaqRow {
  code: string;
  position: number;
  question: string;
  answer: string;
  item_name: string;
  item_name_en: string | null;
  total: number;
}

/** The tsqueries of one help search (see search/query.ts): all words, and the tiers in the question, in Q or A. */
export interface FaqQuery {
  all: string;
  inQuestion: string;
  inQuestionOrAnswer: string;
}

/**
 * The FAQ entries of one published version as catalog_faq rows. Weights: A the question, B the answer, C the
 * item's names and topics, so "公积金 多久到账" finds 提取的钱多久到账？ though the question does not say 公积金.
 */
export function projectFaq(c: ServiceItemInput, version: number) {
  const about = [c.name, c.nameEn, ...c.topics];
  return c.faq.map((f, position) => ({
    code: c.code,
    position,
    version,
    question: f.question,
    answer: f.answer,
    search: tsvectorLiteral([
      { weight: "A", texts: [f.question] },
      { weight: "B", texts: [f.answer] },
      { weight: "C", texts: about },
    ]),
  }));
}

const SELECT = sql`f.code, f.position, f.question, f.answer, i.name as item_name, i.hit->>'nameEn' as item_name_en,
  count(*) over () as total`;

/** The help centre's FAQ index. SQL only. */
export class FaqRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Replaces an item's entries with those of the version being published (inside the publishing transaction). */
  async replace(content: ServiceItemInput, version: number, trx: Kysely<DB>): Promise<void> {
    await trx.deleteFrom("catalog_faq").where("code", "=", content.code).execute();
    const rows = projectFaq(content, version);
    if (rows.length) await trx.insertInto("catalog_faq").values(rows).execute();
  }

  /**
   * Indexes the published versions that have no entries yet (items published before the help centre, or by a
   * bulk path that skipped it). Cheap when there is nothing to do: one query over the published items.
   */
  async indexMissing(): Promise<number> {
    const missing = await sql<{ code: string; version: number; content: ServiceItemInput }>`
      select i.code, i.published_version as version, v.content
      from catalog_items i
      join catalog_item_versions v on v.code = i.code and v.version = i.published_version
      where i.status = 'published' and jsonb_array_length(coalesce(v.content->'faq', '[]'::jsonb)) > 0
        and not exists (select 1 from catalog_faq f where f.code = i.code and f.version = i.published_version)`.execute(
      this.db,
    );
    for (const m of missing.rows) {
      await this.db.transaction().execute(async (trx) => {
        // Another process may be doing the same at start: the item's row lock serialises the two.
        await sql`select 1 from catalog_items where code = ${m.code} for update`.execute(trx);
        await this.replace({ ...m.content, faq: m.content.faq ?? [], topics: m.content.topics ?? [] }, m.version, trx);
      });
    }
    return missing.rows.length;
  }

  /**
   * Entries matching every word (or, with `some`, any word), best first: the question has the words (2), the
   * question or the answer has them (1), else only with the item's names; then ts_rank, which counts how many
   * and how weighty the matched lexemes are (what orders the `some` results), then the item and position.
   */
  async search(q: FaqQuery, limit: number, offset: number): Promise<FaqRow[]> {
    const r = await sql<FaqRow>`
      select ${SELECT} from catalog_faq f join catalog_items i on i.code = f.code and i.status = 'published'
      where f.search @@ cast(${q.all} as tsquery)
      order by case when f.search @@ cast(${q.inQuestion} as tsquery) then 2
                    when f.search @@ cast(${q.inQuestionOrAnswer} as tsquery) then 1 else 0 end desc,
        ts_rank('{0.1, 0.2, 0.4, 1.0}', f.search, cast(${q.all} as tsquery)) desc, f.code, f.position
      limit ${limit} offset ${offset}`.execute(this.db);
    return r.rows;
  }

  /** Without a query: the curated common questions in their order, then every other entry by item. */
  async popular(limit: number, offset: number): Promise<FaqRow[]> {
    const r = await sql<FaqRow>`
      select ${SELECT} from catalog_faq f join catalog_items i on i.code = f.code and i.status = 'published'
      left join catalog_faq_popular p on p.code = f.code and p.question = f.question
      order by p.rank nulls last, f.code, f.position
      limit ${limit} offset ${offset}`.execute(this.db);
    return r.rows;
  }

  /** Sets the curated list (the seed's): rank = order in the list. */
  async setPopular(entries: { code: string; question: string }[], trx: Kysely<DB>): Promise<void> {
    await trx.deleteFrom("catalog_faq_popular").execute();
    if (entries.length)
      await trx
        .insertInto("catalog_faq_popular")
        .values(entries.map((e, rank) => ({ ...e, rank: rank + 1 })))
        .execute();
  }
}
