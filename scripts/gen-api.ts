/**
 * Regenerates the web's API types from the server's OpenAPI document: `npm run gen:api`.
 * Builds the app in process over in-memory PGlite (no server, no database needed).
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateWebApiTypes, WEB_API_TYPES_PATH } from "../apps/server/src/platform/http/web-api-types.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const target = path.join(root, WEB_API_TYPES_PATH);
await writeFile(target, await generateWebApiTypes());
console.log(`wrote ${WEB_API_TYPES_PATH}`);
