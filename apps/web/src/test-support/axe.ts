import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

/**
 * axe-core in a browser test (issue 15: WCAG 2.1 AA on the main pages). axe's own bundled source is loaded
 * into the page (no downloaded browser, no @axe-core/playwright), then run over the whole document with the
 * WCAG 2.0/2.1 A and AA rules only (best-practice rules are advice, not the standard).
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
export const WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
  summary: string;
}

/**
 * The serious and critical WCAG A/AA violations on the page as it is now, printed (rule, help, up to five
 * targets, the first one's failure summary) when there are any, so a failing test says what to fix.
 */
export async function seriousViolations(page: Page, label: string): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol rather than added as a <script>: the production CSP forbids inline
  // scripts, and a violation would fail the test (see ./browser.ts).
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: typeof import("axe-core") }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(" ")),
      // "Fix any of the following: … contrast of 3.2 (foreground color: #389e0d, …)": what to change, for the first node.
      summary: v.nodes[0]?.failureSummary ?? "",
    }));
  }, WCAG_AA_TAGS);
  const serious = found.filter((v) => v.impact === "serious" || v.impact === "critical");
  for (const v of serious)
    console.log(
      `axe ${label}: ${v.id} (${v.impact}) ${v.help}\n  ${v.targets.slice(0, 5).join("\n  ")}\n  ${v.summary.replace(/\n/g, " ")}`,
    );
  return serious;
}
