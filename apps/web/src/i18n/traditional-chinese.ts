// 繁體中文 in one chunk, loaded on demand by ./index.ts: our texts (generated, see ./zh-TW.ts) and antd's.
export { default as antdZhTW } from "antd/locale/zh_TW";
export { zhTW } from "./zh-TW";
