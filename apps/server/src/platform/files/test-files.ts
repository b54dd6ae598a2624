/**
 * Moved to `./testing.js` (test helpers are `<module>/testing.ts`, see ARCHITECTURE.md "Testing"). This re-export
 * keeps the tests of modules being edited in parallel working until they import the new name; then delete it.
 */
export * from "./testing.js";
