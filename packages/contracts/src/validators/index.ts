export * from "./id-number.js";
export * from "./region-code.js";
export * from "./uscc.js";
