import type { ErrorCodeDefinition } from "./definition.js";

/** Error codes of onecode 一码通 (亮码办事). Codes are part of the API contract: never rename one. */
export const OnecodeErrorCodes = {
  ONECODE_INVALID: {
    status: 400,
    message: "码无效（格式错误、已过期、签名不符或密钥已撤销），请让办事人刷新后重新亮码",
    messageEn: "The code is not valid (malformed, expired, bad signature or withdrawn key); ask for a fresh code",
  },
  ONECODE_REPLAYED: {
    status: 409,
    message: "该码已被扫过一次，不能重复使用，请让办事人刷新后重新亮码",
    messageEn: "This code has already been scanned; ask for a fresh code",
  },
  ONECODE_REALNAME_REQUIRED: {
    status: 403,
    message: "请先完成实名认证（二级及以上）再使用一码通",
    messageEn: "Verify your real name (level 2 or above) to use the personal code",
  },
  ONECODE_SCAN_NOT_FOUND: { status: 404, message: "扫码记录不存在", messageEn: "No such scan" },
  ONECODE_SCAN_DECIDED: {
    status: 409,
    message: "已对本次扫码作出选择，不能更改",
    messageEn: "This scan has already been answered",
  },
  ONECODE_SCAN_EXPIRED: {
    status: 410,
    message: "本次扫码已超过有效时间，请重新扫码",
    messageEn: "This scan has expired; scan a fresh code",
  },
  ONECODE_LICENSE_NOT_HELD: {
    status: 400,
    message: "只能授权出示本人持有的证照",
    messageEn: "Only licenses you hold can be shown",
  },
  ONECODE_EXTENSION_UNSUPPORTED: {
    status: 400,
    message: "该证照不能作为扩展域附加到一码通（仅支持已登记的类型，如社会保障卡）",
    messageEn: "This license cannot be attached to the code (only registered types, such as a social security card)",
  },
  ONECODE_KEY_NOT_FOUND: { status: 404, message: "签名密钥不存在", messageEn: "No such signing key" },
} as const satisfies Record<string, ErrorCodeDefinition>;
