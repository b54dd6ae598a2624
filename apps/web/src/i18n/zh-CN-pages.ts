// The rest of the Chinese texts, one chunk loaded on demand by ./index.ts: the staff sections and antd's
// complete Chinese locale (date pickers, tables, pagination, forms).
export { default as antdZhCN } from "antd/locale/zh_CN";
export { zhCNStaff } from "./zh-CN-staff";
