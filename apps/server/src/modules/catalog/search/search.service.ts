import type { Facets, SearchQuery, SearchResult } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import { type Cache, CacheRegistry } from "../../../platform/cache/index.js";
import type { DB } from "../../../platform/db/schema.js";
import { analyzeQuery } from "./query.js";
import { RankingIndex } from "./ranking-index.js";
import { SearchRepository } from "./repository.js";
import { highlightSpans, normalize } from "./segment.js";

/**
 * The one search box. Result pages (at most 2,000, least recently used dropped) and the synonyms are held
 * in the platform cache: any catalog change invalidates them on every process when it commits
 * (LISTEN/NOTIFY; before, other processes showed the old catalog for up to 30 s). Hits and misses are
 * `cache_lookups_total{cache="catalog.search"}` on /metrics.
 *
 * A search that misses the result cache is answered by the ranking index this process holds (ranking-index.ts:
 * the published catalog's vectors, evaluated as bit sets; no SQL), or, while that index is being (re)built
 * after a catalog change, by one SQL statement — the `catalog_search` function, whose answers the index
 * reproduces exactly — bundles included (one more when nothing matches, for suggestions).
 */
export class SearchService {
  readonly #repo: SearchRepository;
  readonly #synonyms: Cache<Map<string, string[]>>;
  readonly #results: Cache<SearchResult>;
  readonly #index: Cache<RankingIndex>;
  #building: Promise<unknown> | undefined;

  constructor(
    db: Kysely<DB>,
    private readonly cache: CacheRegistry = new CacheRegistry(),
    private readonly log?: { warn(o: object, msg: string): void },
  ) {
    this.#repo = new SearchRepository(db);
    this.#results = cache.cache("catalog.search", { maxEntries: 2_000 });
    this.#synonyms = cache.cache("catalog.synonyms", { maxEntries: 1 });
    this.#index = cache.cache("catalog.index", { maxEntries: 1 });
  }

  /**
   * This process's ranking index when it holds a current one. Otherwise undefined, and a build starts in
   * the background (one at a time; a catalog change during the build discards it and the next search
   * starts another): searches meanwhile go to PostgreSQL rather than wait. Measured on the bench's 10,000
   * items: 65–72 ms to read and 140–150 ms to build, about 22 MB of heap kept.
   */
  private currentIndex(): RankingIndex | undefined {
    const index = this.#index.peek("all");
    if (index || this.#building || !this.cache.listening) return index;
    this.#building = this.#index
      .read("all", async () => {
        const { items, bundles } = await this.#repo.indexRows();
        return await RankingIndex.build(items, bundles);
      })
      .catch((err: unknown) => this.log?.warn({ err }, "catalog ranking index: build failed, searches use SQL"))
      .finally(() => {
        this.#building = undefined;
      });
    return undefined;
  }

  /** Settles when the ranking index build in flight, if any, has finished (tests wait on it; never a sleep). */
  async indexBuilt(): Promise<void> {
    await this.#building;
  }

  /** The ranked page, total and bundles: from the ranking index when there is one, else the SQL function. */
  private rank(...args: Parameters<SearchRepository["search"]>): ReturnType<SearchRepository["search"]> {
    const index = this.currentIndex();
    if (index)
      try {
        return Promise.resolve(index.search(...args));
      } catch (err) {
        // A query the index cannot read (text-search.ts covers what query.ts writes): PostgreSQL answers it.
        this.log?.warn({ err }, "catalog ranking index: query not understood, searched with SQL");
      }
    return this.#repo.search(...args);
  }

  /** Search terms → expansions (the help centre analyses its queries with them too). */
  synonyms(): Promise<Map<string, string[]>> {
    return this.#synonyms.read("all", async () => {
      const map = new Map<string, string[]>();
      for (const [term, expansions] of await this.#repo.synonyms()) map.set(normalize(term), expansions);
      return map;
    });
  }

  search(query: SearchQuery): Promise<SearchResult> {
    const key = JSON.stringify([
      normalize(query.q ?? ""),
      query.audience,
      query.dept,
      query.topic,
      query.onlineDepth,
      query.page,
      query.pageSize,
    ]);
    return this.#results.read(key, () => this.run(query));
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
    const { hits, total, bundles } = await this.rank(
      { all: a.all, inName: a.inName!, inNameOrTopics: a.inNameOrTopics!, text: a.text, phrases: a.phrases },
      filter,
      query.page === 1 ? 5 : 0,
    );
    let suggestions: string[] = [];
    if (total === 0 && bundles.length === 0) {
      // Nothing has every word: offer items that have some of them, else popular topics.
      const partial = a.any
        ? await this.rank(
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
