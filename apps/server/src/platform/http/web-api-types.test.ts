import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { generateWebApiTypes, WEB_API_TYPES_PATH } from "./web-api-types.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../..");

describe("the web's generated API types", () => {
  it("match the server's current OpenAPI document (run `npm run gen:api` after changing a route's schema)", async () => {
    const committed = await readFile(path.join(root, WEB_API_TYPES_PATH), "utf8");
    const fresh = await generateWebApiTypes();
    // A plain boolean first: a diff of two 16 000-line strings is unreadable; the hint is what matters.
    const stale = committed !== fresh;
    expect(stale, `${WEB_API_TYPES_PATH} is stale: run \`npm run gen:api\` and commit the result`).toBe(false);
    // Building every module's app and its OpenAPI document took 12 s alone and over 30 s beside the rest of the
    // suite on 2 cores (measured with 19 modules); the time is not what this test checks.
  }, 120_000);
});
