import type { ErrorCodeDefinition } from "./definition.js";

/** Error codes of catalog 政务服务事项. Codes are part of the API contract: never rename one. */
export const CatalogErrorCodes = {
  CATALOG_ITEM_NOT_FOUND: { status: 404, message: "事项不存在或未发布", messageEn: "No such published service item" },
  CATALOG_ITEM_VERSION_NOT_FOUND: {
    status: 404,
    message: "该事项没有这个版本",
    messageEn: "The service item has no such version",
  },
  CATALOG_ITEM_RETIRED: { status: 410, message: "该事项已停止办理", messageEn: "The service item has been retired" },
  CATALOG_ITEM_CODE_TAKEN: {
    status: 409,
    message: "该事项编码已被使用",
    messageEn: "Another service item already has this code",
  },
  CATALOG_CODE_MISMATCH: {
    status: 400,
    message: "请求体中的编码与地址中的编码不一致",
    messageEn: "The code in the body differs from the code in the path",
  },
  CATALOG_INVALID_REFERENCES: {
    status: 400,
    message: "引用的部门、证照类型或事项不存在",
    messageEn: "A referenced department, license type or item does not exist",
  },
  CATALOG_INVALID_FORM: {
    status: 400,
    message: "申请表定义无效（应为顶层为 object 的 JSON Schema draft-07）",
    messageEn: "The application form is not a valid JSON Schema (draft-07, an object at the top)",
  },
  CATALOG_NOTHING_TO_PUBLISH: {
    status: 409,
    message: "没有待发布的草稿版本",
    messageEn: "There is no draft version to publish",
  },
  CATALOG_ITEM_IS_RETIRED: {
    status: 409,
    message: "已停用的事项不能修改或发布",
    messageEn: "A retired item cannot be edited or published",
  },
  CATALOG_NOT_PUBLISHED: {
    status: 409,
    message: "尚未发布，无需停用",
    messageEn: "It has never been published, so it cannot be retired",
  },
  CATALOG_ITEM_IN_BUNDLE: {
    status: 409,
    message: "该事项仍属于已发布的一件事，请先修改或停用一件事",
    messageEn: "The item is still part of a published bundle; change or retire the bundle first",
  },
  CATALOG_BUNDLE_NOT_FOUND: { status: 404, message: "一件事不存在或未发布", messageEn: "No such published bundle" },
  CATALOG_BUNDLE_CODE_TAKEN: {
    status: 409,
    message: "该一件事编码已被使用",
    messageEn: "Another bundle already has this code",
  },
  CATALOG_BUNDLE_ITEMS_UNPUBLISHED: {
    status: 409,
    message: "一件事包含未发布的事项，不能发布",
    messageEn: "The bundle contains items that are not published",
  },
  CATALOG_IMPORT_INVALID: {
    status: 422,
    message: "工作簿中有错误，未导入任何数据",
    messageEn: "The workbook has errors; nothing was imported",
  },
  CATALOG_WORKBOOK_UNREADABLE: {
    status: 400,
    message: "无法读取工作簿，请使用导出的模板（.xlsx）",
    messageEn: "The workbook cannot be read; use the exported template (.xlsx)",
  },
  CATALOG_FILE_NOT_FOUND: { status: 404, message: "文件不存在", messageEn: "No such file" },
  CATALOG_FILE_EMPTY: { status: 400, message: "文件为空", messageEn: "The file is empty" },
} as const satisfies Record<string, ErrorCodeDefinition>;
