/**
 * Docker's .dockerignore rules, enough to tell whether a file reaches the build context: each line is a
 * pattern (Go's filepath.Match, plus `**` for any number of folders) matched against the path relative to
 * the context and against each of its parent folders; a leading `!` lets a path back in; the last pattern
 * that matches decides. (moby/patternmatcher, which BuildKit uses.)
 */
export function dockerignore(text: string): (relativePath: string) => boolean {
  const rules = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => {
      const include = l.startsWith("!");
      const pattern = (include ? l.slice(1) : l).replace(/^\/+/, "").replace(/\/+$/, "");
      return { include, re: toRegExp(pattern) };
    });
  return (relativePath) => {
    const parts = relativePath.split("/");
    const candidates = parts.map((_, i) => parts.slice(0, i + 1).join("/"));
    let excluded = false;
    for (const rule of rules) if (candidates.some((c) => rule.re.test(c))) excluded = !rule.include;
    return excluded;
  };
}

function toRegExp(pattern: string): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*" && pattern[i + 1] === "*") {
      // `**/` matches no folder or any number of them; a trailing `**` matches everything below.
      re += pattern[i + 2] === "/" ? "(?:.*/)?" : ".*";
      i += pattern[i + 2] === "/" ? 2 : 1;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}
