import { useSearchParams } from "react-router";
import type { FilterValues } from "./Filters";

const AUDIENCES = ["natural_person", "legal_person"] as const;

/** Query, filters and page from the URL (?q=&audience=&dept=&topic=&depth=&page=), so results can be shared. */
export function useCatalogParams() {
  const [params, setParams] = useSearchParams();
  const audience = AUDIENCES.find((a) => a === params.get("audience"));
  const depth = Number(params.get("depth"));
  const page = Number(params.get("page"));
  const state = {
    q: params.get("q")?.trim() ?? "",
    filters: {
      audience,
      dept: params.get("dept") || undefined,
      topic: params.get("topic") || undefined,
      onlineDepth: [2, 3, 4].includes(depth) ? depth : undefined,
    } as FilterValues,
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
  const update = (next: { q?: string; filters?: FilterValues; page?: number }) => {
    const merged = { ...state, ...next };
    const out = new URLSearchParams();
    if (merged.q) out.set("q", merged.q);
    if (merged.filters.audience) out.set("audience", merged.filters.audience);
    if (merged.filters.dept) out.set("dept", merged.filters.dept);
    if (merged.filters.topic) out.set("topic", merged.filters.topic);
    if (merged.filters.onlineDepth) out.set("depth", String(merged.filters.onlineDepth));
    if (merged.page > 1) out.set("page", String(merged.page));
    setParams(out);
  };
  return { ...state, update };
}
