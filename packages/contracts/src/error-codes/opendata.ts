import type { ErrorCodeDefinition } from "./definition.js";

/**
 * Error codes of opendata 公共数据开放. Codes are part of the API contract: never rename one. On the CKAN
 * routes (`/api/3/action/*`) the same codes travel inside CKAN's error object, with CKAN's statuses (409 for a
 * validation error, as CKAN answers).
 */
export const OpendataErrorCodes = {
  OPENDATA_ACTION_UNKNOWN: {
    status: 400,
    message: "不支持的接口（action）",
    messageEn: "Bad request - Action name not known",
  },
  OPENDATA_BAD_REQUEST: {
    status: 400,
    message: "请求格式不正确（须为 JSON 对象）",
    messageEn: "Bad request - the body must be a JSON object",
  },
  OPENDATA_INVALID_PARAMETER: {
    status: 409,
    message: "参数不正确",
    messageEn: "Validation error in a parameter",
  },
  OPENDATA_ROWS_TOO_MANY: {
    status: 409,
    message: "每页条数超过上限",
    messageEn: "rows / limit is above the maximum",
  },
  OPENDATA_QUERY_INVALID: {
    status: 409,
    message: "检索条件（fq）无法解析",
    messageEn: "Search query could not be parsed",
  },
  OPENDATA_DATASET_NOT_FOUND: { status: 404, message: "数据集不存在", messageEn: "Dataset not found" },
  OPENDATA_RESOURCE_NOT_FOUND: { status: 404, message: "数据资源不存在", messageEn: "Resource not found" },
  OPENDATA_ORGANIZATION_NOT_FOUND: {
    status: 404,
    message: "数据提供部门不存在",
    messageEn: "Organization not found",
  },
  OPENDATA_KEY_REQUIRED: {
    status: 403,
    message: "有条件开放数据须使用经批准的 API 密钥访问",
    messageEn: "Access denied: this conditional dataset needs an approved API key",
  },
  OPENDATA_KEY_NOT_VALID: {
    status: 403,
    message: "API 密钥无效、未获批准、已过期或已撤销",
    messageEn: "Access denied: the API key is unknown, not approved for this dataset, expired or revoked",
  },
  OPENDATA_DATASET_NAME_TAKEN: {
    status: 409,
    message: "数据集标识已被使用",
    messageEn: "A dataset with this name exists already",
  },
  OPENDATA_CSV_INVALID: {
    status: 400,
    message: "CSV 文件无法解析",
    messageEn: "The CSV file cannot be parsed",
  },
  OPENDATA_CSV_HEADER_MISMATCH: {
    status: 400,
    message: "CSV 表头与数据集的字段定义不一致",
    messageEn: "The CSV header does not match the declared fields",
  },
  OPENDATA_CSV_TYPE_ERROR: {
    status: 400,
    message: "CSV 单元格的值与字段类型不符",
    messageEn: "A CSV cell does not match its field's type",
  },
  OPENDATA_PERSONAL_DATA: {
    status: 400,
    message: "字段含身份证号或手机号等个人信息，且未标记为可公开，不予发布",
    messageEn: "A column holds personal data (ID or mobile numbers) and is not marked public: not published",
  },
  OPENDATA_APPLICATION_NOT_FOUND: {
    status: 404,
    message: "开放申请不存在",
    messageEn: "No such data access application",
  },
  OPENDATA_APPLICATION_STATE: {
    status: 409,
    message: "申请当前状态不允许此操作",
    messageEn: "The application's state does not allow this",
  },
  OPENDATA_NOT_CONDITIONAL: {
    status: 409,
    message: "仅有条件开放的数据集需要申请",
    messageEn: "Only conditional datasets take applications",
  },
} as const satisfies Record<string, ErrorCodeDefinition>;
