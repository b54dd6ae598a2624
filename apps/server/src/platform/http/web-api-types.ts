import openapiTS, { astToString, type OpenAPI3 } from "openapi-typescript";
import { createTestApp } from "../../test-support/app.js";

/** Where the web app's generated API types live, relative to the repository root. */
export const WEB_API_TYPES_PATH = "apps/web/src/api/schema.d.ts";

const HEADER = `/**
 * GENERATED from the server's OpenAPI document (/openapi.json) by \`npm run gen:api\` — do not edit.
 * apps/server/src/platform/http/web-api-types.test.ts fails when this file is stale.
 */

`;

/** The OpenAPI document of the whole app, built in process over an in-memory database (never listens). */
export async function buildOpenApiDocument(): Promise<OpenAPI3> {
  const t = await createTestApp();
  try {
    const res = await t.app.inject({ method: "GET", url: "/openapi.json" });
    if (res.statusCode !== 200) throw new Error(`GET /openapi.json answered ${res.statusCode}`);
    return res.json() as OpenAPI3;
  } finally {
    await t.close();
  }
}

/** The TypeScript text of `paths`/`components` that openapi-fetch checks the web's calls against. */
export async function generateWebApiTypes(doc?: OpenAPI3): Promise<string> {
  const ast = await openapiTS(doc ?? (await buildOpenApiDocument()), {
    // `{ a?: T }` stays optional only when the schema says so; `null` comes from the schema too.
    alphabetize: true,
    // Keep the file independent of the server's CWD and of Redocly's network look-ups.
    silent: true,
  });
  return HEADER + astToString(ast);
}
