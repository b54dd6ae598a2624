import { readFileSync } from "node:fs";

/**
 * Reads a reference fixture from the repository's `fixtures/` folder (see its README for each file's
 * source). Tests compare the platform against these facts; the seed has its own copies of what it needs.
 */
export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../../../fixtures/${name}`, import.meta.url), "utf8")) as T;
}
