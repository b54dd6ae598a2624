import { api, type RequestJson, type ResponseJson, unwrap } from "./client";

/**
 * Compile-time checks of the typed client (never imported, never run): `npm run typecheck` fails when a
 * call below stops being an error, i.e. when the client no longer checks calls against the document.
 */
export function typedClientChecks(signal: AbortSignal) {
  // @ts-expect-error: a path the server does not have
  void api.GET("/api/cases/no-such-route", { signal });
  // @ts-expect-error: a query value outside the route's enum
  void api.GET("/api/cases/mine", { params: { query: { status: "no-such-status" } } });
  // @ts-expect-error: the path parameter is required
  void api.GET("/api/cases/{id}", { signal });
  // @ts-expect-error: the JSON body misses a required field
  void api.POST("/api/cases/", { body: {} });
  // @ts-expect-error: GET has no body
  void api.GET("/api/cases/mine", { body: { status: "draft" } });

  const total: Promise<number> = unwrap(api.GET("/api/cases/mine", { signal })).then((page) => page.total);
  const created: RequestJson<"/api/cases/", "post"> = { itemCode: "X" };
  const me: ResponseJson<"/api/identity/session", "get"> = { me: null };
  return { total, created, me };
}
