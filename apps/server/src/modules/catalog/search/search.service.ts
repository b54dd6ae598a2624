import type { Facets, SearchQuery, SearchResult } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { DB } from "../../../platform/db/schema.js";
import { CatalogCache } from "../cache.js";
import { CatalogChanges } from "../changes.js";
import { analyzeQuery } from "./query.js";
import { SearchRepository } from "./repository.js";
import { highlightSpans, normalize } from "./segment.js";

const CACHE_ENTRIES = 2000;

/**
 * The one search box. Results and synonyms are cached in the process for `cacheSeconds` (LRU, at most
 * 2,000 result pages): a catalog change made through this process empties the cache at once (see
 * CatalogChanges), one made by another process shows within that bound. The guide and versions are never
 * cached. Without a cache hit a search is one SQL statement, bundles included (one more when nothing matches,
 * for suggestions).
 */
export class SearchService {
  readonly #repo: SearchRepository;
  #synonyms: { map: Map<string, string[]>; at: number; epoch: number } | undefined;
  readonly #results: CatalogCache<SearchResult>;

  constructor(
    db: Kysely<DB>,
    private readonly changes: CatalogChanges = new CatalogChanges(),
    private readonly cacheSeconds = 30,
    /** Told of every search whether the result cache answered it (metrics). */
    private readonly observe: (hit: boolean) => void = () => {},
  ) {
    this.#repo = new SearchRepository(db);
    this.#results = new CatalogCache(changes, cacheSeconds, CACHE_ENTRIES);
  }

  private async synonyms(): Promise<Map<string, string[]>> {
    const now = Date.now();
    const s = this.#synonyms;
    if (s && s.epoch === this.changes.epoch && now - s.at <= this.cacheSeconds * 1000) return s.map;
    const epoch = this.changes.epoch;
    const map = new Map<string, string[]>();
    for (const [term, expansions] of await this.#repo.synonyms()) map.set(normalize(term), expansions);
    this.#synonyms = { map, at: now, epoch };
    return map;
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const key = JSON.stringify([
      normalize(query.q ?? ""),
      query.audience,
      query.dept,
      query.topic,
      query.onlineDepth,
      query.page,
      query.pageSize,
    ]);
    const now = Date.now();
    const hit = this.#results.get(key, now);
    this.observe(hit !== undefined);
    if (hit) return hit;
    const result = await this.run(query);
    this.#results.set(key, result, now);
    return result;
  }

  private async run(query: SearchQuery): Promise<SearchResult> {
    const filter = {
      audience: query.audience,
      dept: query.dept,
      topic: query.topic,
      onlineDepth: query.onlineDepth,
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    };
    const base = { page: query.page, pageSize: query.pageSize };
    const text = query.q?.trim() ?? "";
    if (!text) {
      const { hits, total } = await this.#repo.browse(filter);
      return {
        ...base,
        items: hits.map((h) => ({ ...h, highlight: [] })),
        total,
        bundles: [],
        terms: [],
        suggestions: [],
      };
    }
    const a = analyzeQuery(text, await this.synonyms());
    if (!a.all)
      return { ...base, items: [], total: 0, bundles: [], terms: [], suggestions: await this.popular(query.audience) };
    const { hits, total, bundles } = await this.#repo.search(
      { all: a.all, inName: a.inName!, inNameOrTopics: a.inNameOrTopics!, text: a.text, phrases: a.phrases },
      filter,
      query.page === 1 ? 5 : 0,
    );
    let suggestions: string[] = [];
    if (total === 0 && bundles.length === 0) {
      // Nothing has every word: offer items that have some of them, else popular topics.
      const partial = a.any
        ? await this.#repo.search(
            { all: a.any, inName: a.any, inNameOrTopics: a.any, text: a.text, phrases: a.phrases },
            { ...filter, limit: 5, offset: 0 },
          )
        : null;
      suggestions = partial?.hits.length ? partial.hits.map((h) => h.name) : await this.popular(query.audience);
    }
    return {
      ...base,
      items: hits.map((h) => ({ ...h, highlight: highlightSpans(h.name, a.terms) })),
      total,
      bundles: bundles.map((b) => ({
        code: b.code,
        name: b.name,
        nameEn: b.name_en,
        description: b.description,
        highlight: highlightSpans(b.name, a.terms),
      })),
      terms: a.terms,
      suggestions,
    };
  }

  private async popular(audience?: string): Promise<string[]> {
    return (await this.#repo.topTopics(8, audience)).map((t) => t.name);
  }

  async facets(audience?: string): Promise<Facets> {
    const [topics, departments, audiences] = await Promise.all([
      this.#repo.topTopics(50, audience),
      this.#repo.departmentCounts(audience),
      this.#repo.audienceCounts(),
    ]);
    return { topics, departments, audiences: audiences as Facets["audiences"] };
  }
}
