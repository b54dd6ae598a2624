/**
 * The vocabulary tables without zod: the web app imports `@yiwang/contracts/vocabularies` for labels and
 * select options, so its bundle does not pull in the schemas (everything else it takes from the contracts
 * is type-only).
 */
export * from "./cases-vocabulary.js";
export * from "./catalog-vocabulary.js";
export * from "./evaluation-vocabulary.js";
export * from "./hotline-vocabulary.js";
export * from "./licenses-vocabulary.js";
export * from "./vocabulary.js";
