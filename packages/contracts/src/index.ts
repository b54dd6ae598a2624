export * from "./audit.js";
export * from "./calendar.js";
export * from "./catalog.js";
export * from "./common.js";
export * from "./errors.js";
export * from "./health.js";
export * from "./org.js";
export * from "./validators/index.js";
