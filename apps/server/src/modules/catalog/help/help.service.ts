import type { HelpQuery, HelpResult } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import { type Cache, CacheRegistry } from "../../../platform/cache/index.js";
import type { DB } from "../../../platform/db/schema.js";
import { analyzeQuery } from "../search/query.js";
import { highlightSpans, normalize } from "../search/segment.js";
import { FaqRepository, type FaqRow } from "./faq.repository.js";

/**
 * The help centre (帮助中心): the guides' FAQ answers found with the catalog's own query analysis (jieba
 * words, synonyms, pinyin/English prefixes from search/query.ts) over a per-entry index. When no entry has
 * every word, the entries with the most of them are offered (`match: "some"`), since a colloquial question
 * (孩子上学要办什么) rarely repeats a guide's wording. Pages are cached like search pages and dropped by any
 * catalog change (cache kind `catalog`).
 */
export class HelpService {
  readonly repo: FaqRepository;
  readonly #results: Cache<HelpResult>;

  constructor(
    db: Kysely<DB>,
    private readonly synonyms: () => Promise<ReadonlyMap<string, readonly string[]>>,
    cache: CacheRegistry = new CacheRegistry(),
  ) {
    this.repo = new FaqRepository(db);
    this.#results = cache.cache("catalog.help", { maxEntries: 1_000 });
  }

  answers(query: HelpQuery): Promise<HelpResult> {
    const key = JSON.stringify([normalize(query.q ?? ""), query.page, query.pageSize]);
    return this.#results.read(key, () => this.run(query));
  }

  private async run(query: HelpQuery): Promise<HelpResult> {
    const { page, pageSize } = query;
    const offset = (page - 1) * pageSize;
    const text = query.q?.trim() ?? "";
    if (!text) return result("popular", await this.repo.popular(pageSize, offset), [], page, pageSize);
    const a = analyzeQuery(text, await this.synonyms());
    if (!a.all || !a.any) return result("all", [], a.terms, page, pageSize);
    const every = { all: a.all, inQuestion: a.inName!, inQuestionOrAnswer: a.inNameOrTopics! };
    const all = await this.repo.search(every, pageSize, offset);
    // A page past the end of the "all" results is empty; "some" is only for a query nothing fully matches.
    if (all.length || (page > 1 && (await this.repo.search(every, 1, 0)).length))
      return result("all", all, a.terms, page, pageSize);
    const some = await this.repo.search({ all: a.any, inQuestion: a.any, inQuestionOrAnswer: a.any }, pageSize, offset);
    return result("some", some, a.terms, page, pageSize);
  }
}

function result(match: HelpResult["match"], rows: FaqRow[], terms: string[], page: number, pageSize: number) {
  return {
    match,
    items: rows.map((r) => ({
      itemCode: r.code,
      itemName: r.item_name,
      itemNameEn: r.item_name_en,
      question: r.question,
      answer: r.answer,
      questionHighlight: highlightSpans(r.question, terms),
      answerHighlight: highlightSpans(r.answer, terms),
    })),
    total: Number(rows[0]?.total ?? 0),
    page,
    pageSize,
    terms,
  } satisfies HelpResult;
}
