import type { ErrorCodeDefinition } from "./definition.js";

/** Error codes of the OIDC provider and its clients (identity). Codes are part of the API contract: never rename one. */
export const OidcErrorCodes = {
  OIDC_CLIENT_NOT_FOUND: { status: 404, message: "接入应用不存在", messageEn: "OIDC client not found" },
  OIDC_CLIENT_ID_TAKEN: { status: 409, message: "该应用标识已被使用", messageEn: "This client id is taken" },
  OIDC_CLIENT_REVOKED: {
    status: 409,
    message: "该接入应用已吊销，不能再修改",
    messageEn: "The client is revoked and cannot be changed",
  },
  OIDC_REDIRECT_URI_INVALID: {
    status: 400,
    message: "回调地址不合法：须为 https 地址（开发环境可用 localhost/127.0.0.1 的 http），不得含片段或通配符",
    messageEn:
      "Invalid redirect URI: https required (http only for localhost/127.0.0.1 outside production), no fragment, no wildcard",
  },
  OIDC_REDIRECT_HOSTS_DIFFER: {
    status: 400,
    message: "同一应用的回调地址须在同一主机下（主体标识按主机计算）",
    messageEn: "All redirect URIs of a client must share one host (the pairwise sector)",
  },
  OIDC_REDIRECT_URI_REQUIRED: {
    status: 400,
    message: "网页应用至少需要一个回调地址",
    messageEn: "A web client needs at least one redirect URI",
  },
  OIDC_SCOPE_NOT_ALLOWED: {
    status: 400,
    message: "该类型应用不能申请此权限范围",
    messageEn: "This kind of client cannot hold that scope",
  },
  OIDC_DEPARTMENT_NOT_FOUND: {
    status: 400,
    message: "所属部门不存在",
    messageEn: "The owning department does not exist",
  },
  OIDC_INTERACTION_NOT_FOUND: {
    status: 404,
    message: "登录请求已失效，请回到原应用重新发起登录",
    messageEn: "The sign-in request has expired; start again from the application",
  },
  OIDC_LOGIN_REQUIRED: {
    status: 401,
    message: "请先登录统一身份认证平台",
    messageEn: "Log in to the platform first",
  },
  OIDC_WRONG_STEP: {
    status: 409,
    message: "当前登录请求不处于此步骤",
    messageEn: "The sign-in request is not at this step",
  },
} as const satisfies Record<string, ErrorCodeDefinition>;
