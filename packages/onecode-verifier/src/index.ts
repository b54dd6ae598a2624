/**
 * @yiwang/onecode-verifier — verifies Yiwang personal codes (一码通) offline: fetch the signed key list
 * (GET /api/onecode/keys) while online, pin its list key, then `verifyCode` needs no network. WebCrypto
 * for ES256 (SM2: `@yiwang/onecode-verifier/sm2`, pure JavaScript), so the same code runs in Node ≥ 20, browsers and gate firmware with a JS engine.
 */
export {
  CODE_ALGS,
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
  type CodeExtension,
  EXTENSION_TYPES,
  type ExtensionTypeInfo,
  MAX_EXTENSION_FIELDS,
  MAX_EXTENSION_VALUE,
  MAX_EXTENSIONS,
  MAX_EXTENSIONS_BYTES,
  readExtensions,
} from "./extensions.js";
export {
  es256,
  importKey,
  KEY_LIST_TYPE,
  KeyListError,
  KeySet,
  type ListedKey,
  type PublicJwk,
  type SignatureScheme,
  type VerifyKey,
  verifySignature,
} from "./key-list.js";
export { type Verification, verifyCode } from "./verify.js";
