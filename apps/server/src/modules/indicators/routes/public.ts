/** Public figures (aggregates only, never rows): the 政务服务 dashboard and signed, expiring embeds. */
import { errorResponses, IndicatorValues } from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { IndicatorServices } from "../index.js";

const tags = ["indicators 一网统管（公开）"];
/** What the public dashboard shows: city-wide service figures of the last 30 days, by department. */
const PUBLIC_CODES = ["case_volume", "online_rate", "immediate_rate", "overdue_rate"];
const PUBLIC_DAYS = 30;

export const publicRoutes: FastifyPluginAsyncZod<{ services: IndicatorServices }> = async (app, { services }) => {
  app.get(
    "/summary",
    {
      schema: {
        tags,
        summary: "政务服务公开看板（近 30 日汇总） / Public service dashboard (last 30 days, aggregates)",
        response: { 200: IndicatorValues, ...errorResponses(400) },
      },
    },
    async () =>
      services.values.values({}, { ...services.values.lastDays(PUBLIC_DAYS), by: "department", codes: PUBLIC_CODES }),
  );

  app.get(
    "/embeds/:token",
    {
      schema: {
        tags,
        summary: "公开嵌入图表的数据（签名、限时） / The figures of a signed, expiring embed",
        params: z.object({ token: z.string().max(2000) }),
        response: { 200: IndicatorValues, ...errorResponses(400, 401) },
      },
    },
    async (req) => {
      const claims = services.embeds.verify(req.params.token);
      return services.values.values(
        {},
        { ...services.values.lastDays(claims.days), by: claims.by ?? undefined, codes: claims.codes },
      );
    },
  );
};
