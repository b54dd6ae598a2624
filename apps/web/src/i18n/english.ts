// Everything English in one chunk, loaded on demand by ./index.ts: our texts and antd's.
export { default as antdEnUS } from "antd/locale/en_US";
export { en } from "./en";
