// 繁體中文 in one chunk, loaded on demand by ./index.ts: our texts (generated, see ./zh-TW.ts) and antd's.
// dayjs's calendar texts for zh-TW come with it (LocaleProvider switches dayjs to them).
import "dayjs/locale/zh-tw";

export { default as antdZhTW } from "antd/locale/zh_TW";
export { zhTW } from "./zh-TW";
