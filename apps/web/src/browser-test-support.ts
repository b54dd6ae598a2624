/**
 * Moved to `test-support/browser.ts` (cross-cutting test helpers live in `test-support/`, see ARCHITECTURE.md
 * "Testing"). This re-export keeps exchange.browser.test.ts, edited in parallel, working until it imports the
 * new name; then delete it.
 */
export * from "./test-support/browser.js";
