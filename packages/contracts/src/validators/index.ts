export * from "./id-number.js";
export * from "./masking.js";
export * from "./mobile.js";
export * from "./personal-data.js";
export * from "./region-code.js";
export * from "./uscc.js";
