/**
 * Open311 GeoReport v2 under /open311/v2, so that an existing Open311 client works unchanged:
 *   GET  services.json|xml                  the leaf categories
 *   GET  services/{code}.json|xml           the attributes (district, kind)
 *   POST requests.json|xml                  form-encoded, with api_key (an Open311 key, see keys.service.ts)
 *   GET  requests.json|xml                  filters; at most 90 days (default: the last 90); page/page_size (≤ 1,000)
 *   GET  requests/{id}.json|xml             one request (service_request_id = the 12345 number)
 *   GET  tokens/{token}.json|xml            token → service_request_id
 * Public reads show no caller, and 保密 (confidential) requests are not shown at all. Every route is limited
 * per client address (the platform's shared counters). Errors are the spec's, not the platform's shape. The
 * routes are left out of /openapi.json: the spec is their documentation.
 */
import { HotlineKind } from "@yiwang/contracts";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { AppError } from "../../../platform/errors.js";
import { categoryTree } from "../categories.js";
import type { HotlineServices } from "../index.js";
import { hashToken } from "../intake.service.js";
import {
  CONTENT_TYPE,
  definition,
  errorBody,
  type Format,
  publicRequest,
  render,
  services,
  splitFormat,
  xmlDocument,
} from "./format.js";

const DAY_MS = 86_400_000;
const WINDOW_DAYS = 90;
const PAGE_MAX = 1000;
/** Per client address and minute: a city's app back-end polls, a script that scrapes is stopped. */
const RATE = { hits: 120, windowSeconds: 60 };
const FORM = "application/x-www-form-urlencoded";

class Open311Error extends Error {
  constructor(
    readonly status: number,
    description: string,
  ) {
    super(description);
  }
}

const PostForm = z.object({
  api_key: z.string().max(200).optional(),
  service_code: z.string().regex(/^\d{6}$/, "service_code"),
  lat: z.coerce.number().min(-90).max(90).optional(),
  long: z.coerce.number().min(-180).max(180).optional(),
  address_string: z.string().max(200).optional(),
  email: z.string().max(200).optional(),
  device_id: z.string().max(200).optional(),
  account_id: z.string().max(200).optional(),
  first_name: z.string().max(50).optional(),
  last_name: z.string().max(50).optional(),
  phone: z.string().max(30).optional(),
  description: z.string().min(1, "description").max(2000, "description is longer than 2000 characters"),
  media_url: z.url().max(500).optional(),
  "attribute[district]": z.string().regex(/^\d{6}$/, "attribute[district]"),
  "attribute[kind]": HotlineKind.optional(),
});

const ListQuery = z.object({
  service_request_id: z.string().max(2000).optional(),
  service_code: z.string().max(20).optional(),
  start_date: z.iso.datetime({ offset: true }).optional(),
  end_date: z.iso.datetime({ offset: true }).optional(),
  status: z.enum(["open", "closed"]).optional(),
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(PAGE_MAX).default(PAGE_MAX),
});

function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Open311Error(400, `${i?.path.join(".") || "request"}: ${i?.message ?? "invalid"}`);
  }
  return r.data;
}

export async function open311Routes(app: FastifyInstance, { services: s }: { services: HotlineServices }) {
  // Open311 clients send application/x-www-form-urlencoded; only these routes accept it.
  app.addContentTypeParser(FORM, { parseAs: "string", bodyLimit: 256 * 1024 }, (_req, body, done) => {
    const out: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(String(body))) out[k] = v;
    done(null, out);
  });

  app.addHook("onRequest", async (req) => {
    await s.rateLimiter.hit(`open311:${req.ip}`, RATE.hits, RATE.windowSeconds, { fast: true });
  });

  app.setErrorHandler((err: unknown, req, reply) => {
    const format: Format = req.url.split("?")[0]?.endsWith(".xml") ? "xml" : "json";
    let status = 500;
    let description = "internal error";
    if (err instanceof Open311Error) [status, description] = [err.status, err.message];
    else if (err instanceof AppError)
      [status, description] = [err.statusCode, `${err.definition.message} / ${err.definition.messageEn}`];
    else if (typeof (err as { statusCode?: unknown }).statusCode === "number") {
      status = (err as { statusCode: number }).statusCode;
      description = status < 500 ? String((err as Error).message) : description;
    } else req.log.error({ err }, "open311 route failed");
    if (err instanceof AppError && err.code === "RATE_LIMITED")
      reply.header("retry-after", String((err.details as { retryAfterSeconds?: number })?.retryAfterSeconds ?? 60));
    void reply
      .code(status)
      .type(CONTENT_TYPE[format])
      .send(errorBody(format, status, description));
  });

  const send = (reply: FastifyReply, format: Format, root: string, item: string, items: unknown[]) =>
    reply.type(CONTENT_TYPE[format]).send(render(format, root, item, items));
  const formatOf = (file: string): [string, Format] => {
    const f = splitFormat(file);
    if (!f) throw new Open311Error(404, "unknown format: use .json or .xml");
    return f;
  };
  const groups = new Map<string, string>();
  for (const g of categoryTree().groups) for (const c of g.children) groups.set(c.code, g.name);
  const hide = { hide: true };

  for (const format of ["json", "xml"] as const) {
    app.get(`/services.${format}`, { schema: hide }, async (_req, reply) =>
      send(
        reply,
        format,
        "services",
        "service",
        services((c) => groups.get(c) ?? ""),
      ),
    );
    app.get(`/requests.${format}`, { schema: hide }, (req, reply) => list(req, reply, format));
    app.post(`/requests.${format}`, { schema: hide }, (req, reply) => post(req, reply, format));
  }

  app.get("/services/:file", { schema: hide }, async (req, reply) => {
    const [code, format] = formatOf((req.params as { file: string }).file);
    if (!groups.has(code)) throw new Open311Error(404, `service_code ${code} not found`);
    const def = definition(code, categoryTree().districts);
    if (format === "json") return reply.type(CONTENT_TYPE.json).send(JSON.stringify(def));
    const xml = { service_code: def.service_code, attributes: { attribute: def.attributes } };
    return reply.type(CONTENT_TYPE.xml).send(xmlDocument({ service_definition: xml }));
  });

  app.get("/requests/:file", { schema: hide }, async (req, reply) => {
    const [number, format] = formatOf((req.params as { file: string }).file);
    const row = await s.open311.byNumber(number);
    if (!row || row.confidential) throw new Open311Error(404, `service_request_id ${number} not found`);
    return send(reply, format, "service_requests", "request", [
      publicRequest(row, await s.open311.agency(row.department_id)),
    ]);
  });

  app.get("/tokens/:file", { schema: hide }, async (req, reply) => {
    const [token, format] = formatOf((req.params as { file: string }).file);
    const row = await s.open311.byTokenHash(hashToken(token));
    if (!row) throw new Open311Error(404, "token not found");
    return send(reply, format, "service_requests", "request", [{ service_request_id: row.number, token }]);
  });

  async function post(req: FastifyRequest, reply: FastifyReply, format: Format) {
    const form = parse(PostForm, req.body ?? {});
    const key = await s.keys.check(form.api_key);
    if ((form.lat === undefined || form.long === undefined) && !form.address_string)
      throw new Open311Error(400, "lat and long, or address_string, is required");
    const name = [form.last_name, form.first_name].filter(Boolean).join("") || null;
    const { row, token } = await s.intake.file(
      {
        channel: "open311",
        kind: form["attribute[kind]"] ?? "help",
        categoryCode: form.service_code,
        description: form.description,
        location: {
          address: form.address_string ?? "",
          districtCode: form["attribute[district]"],
          lat: form.lat ?? null,
          long: form.long ?? null,
        },
        urgent: false,
        anonymous: !name && !form.phone,
        confidential: false,
        caller: { accountId: null, name, phone: form.phone ?? null },
        photos: [],
        mediaUrl: form.media_url ?? null,
      },
      { ref: `open311:${key.id}`, name: key.name },
    );
    reply.code(201);
    return send(reply, format, "service_requests", "request", [
      { service_request_id: row.number, token, service_notice: "12345", account_id: null },
    ]);
  }

  async function list(req: FastifyRequest, reply: FastifyReply, format: Format) {
    const q = parse(ListQuery, req.query);
    const now = s.clock.now();
    const end = q.end_date ? new Date(q.end_date) : now;
    const start = q.start_date ? new Date(q.start_date) : new Date(end.getTime() - WINDOW_DAYS * DAY_MS);
    if (end.getTime() - start.getTime() > WINDOW_DAYS * DAY_MS)
      throw new Open311Error(400, `start_date to end_date spans more than ${WINDOW_DAYS} days`);
    const rows = await s.open311.list({
      numbers: q.service_request_id?.split(",").map((x) => x.trim()),
      serviceCodes: q.service_code?.split(",").map((x) => x.trim()),
      status: q.status,
      since: start,
      until: end,
      limit: q.page_size,
      offset: (q.page - 1) * q.page_size,
    });
    const items = await Promise.all(rows.map(async (r) => publicRequest(r, await s.open311.agency(r.department_id))));
    return send(reply, format, "service_requests", "request", items);
  }
}
