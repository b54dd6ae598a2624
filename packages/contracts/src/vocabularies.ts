/**
 * The vocabulary tables without zod: the web app imports `@yiwang/contracts/vocabularies` for labels and
 * select options, so its bundle does not pull in the schemas (everything else it takes from the contracts
 * is type-only).
 */

export * from "./archives-vocabulary.js";
export * from "./cases-vocabulary.js";
export * from "./catalog-vocabulary.js";
export * from "./evaluation-vocabulary.js";
export * from "./hotline-vocabulary.js";
export * from "./licenses-vocabulary.js";
// Notices (issue 18): channels, event types and delivery statuses, for the web without zod.
export * from "./notify-events.js";
// 惠企政策: channels, the fact catalogue and the condition operators.
export * from "./policies-vocabulary.js";
export * from "./vocabulary.js";
