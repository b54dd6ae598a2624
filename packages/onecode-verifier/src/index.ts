/**
 * @yiwang/onecode-verifier — verifies Yiwang personal codes (一码通) offline: fetch the signed key list
 * (GET /api/onecode/keys) while online, pin its list key, then `verifyCode` needs no network. WebCrypto
 * only, so the same code runs in Node ≥ 20, browsers and gate firmware with a JS engine.
 */
export {
  CODE_PREFIX,
  CODE_TYPE,
  judgeTime,
  MAX_CODE_LENGTH,
  MAX_SKEW_SECONDS,
  type OnecodeClaims,
  type OnecodeResult,
  type ParsedCode,
  parseCode,
} from "./code.js";
export {
  importKey,
  KEY_LIST_TYPE,
  KeyListError,
  KeySet,
  type PublicJwk,
  type VerifyKey,
  verifySignature,
} from "./key-list.js";
export { type Verification, verifyCode } from "./verify.js";
