/**
 * Simplified → Traditional Chinese for the zh-TW texts, used only by apps/web/scripts/gen-zh-tw.ts and the freshness
 * test (the web loads the generated ./zh-TW.ts; nothing converts at run time).
 *
 * opencc-js `cn` → `tw`: characters and Taiwan's standard character forms (裡, 臺, 週), without `twp`'s phrase
 * substitution. Reviewed on the whole dictionary: the phrase tables turn government words into something
 * else (文件 → 檔案, 发布 → 釋出, 信息 → 資訊, 数据 → 資料, 用户 → 使用者), and this is a mainland platform
 * whose Traditional readers (Hong Kong, Macau, Taiwan) deal with mainland documents under their mainland
 * names: 身份证 stays 身份證 (not Taiwan's 身分證), 居住证, 营业执照, 一网通办 keep their words in
 * Traditional characters. FIXES corrects the character conversions that are wrong in this vocabulary.
 */
import * as OpenCC from "opencc-js";

const toTraditional = OpenCC.Converter({ from: "cn", to: "tw" });

/** Wrong conversion → right, applied after opencc (found by reviewing the generated file). */
export const FIXES: ReadonlyArray<readonly [string, string]> = [
  // 被发证机关注销 is cut as 被 发 证机关 注 销: 发 becomes 髮 (hair) and 注销 is read as 注 + 销.
  ["被髮證", "被發證"],
  ["機關注銷", "機關註銷"],
  // Taiwan's standard forms (教育部 常用國字標準字體) and government usage: 發布, 公布, 分布 rather than 佈.
  ["發佈", "發布"],
  ["公佈", "公布"],
  ["分佈", "分布"],
];

export function traditional(text: string): string {
  let out = toTraditional(text);
  for (const [wrong, right] of FIXES) out = out.replaceAll(wrong, right);
  return out;
}

/** Every string of a message tree converted; keys and placeholders ({{name}}) are ASCII and stay. */
export function traditionalTree<T>(tree: T): T {
  if (typeof tree === "string") return traditional(tree) as T;
  if (Array.isArray(tree)) return tree.map(traditionalTree) as T;
  if (tree && typeof tree === "object")
    return Object.fromEntries(Object.entries(tree).map(([k, v]) => [k, traditionalTree(v)])) as T;
  return tree;
}
