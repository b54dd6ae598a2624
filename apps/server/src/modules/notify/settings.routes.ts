import { errorResponses, NoticeSettings, NoticeSettingsUpdate } from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { principalOf } from "../../platform/auth/guard.js";
import type { SettingsService } from "./settings.service.js";

const tags = ["notify 消息"];
const signedIn = { kinds: ["citizen", "staff"] } as const;

/** My notice settings: every signed-in person reads and changes only their own. */
export const settingsRoutes: FastifyPluginAsyncZod<{ settings: SettingsService }> = async (app, { settings }) => {
  app.get(
    "/settings",
    {
      preHandler: app.authenticate(signedIn),
      schema: {
        tags,
        summary: "我的消息设置 / My notice settings",
        response: { 200: NoticeSettings, ...errorResponses(401, 403) },
      },
    },
    async (req) => settings.get(principalOf(req).id),
  );

  app.put(
    "/settings",
    {
      preHandler: app.authenticate(signedIn),
      schema: {
        tags,
        summary: "修改消息设置 / Change my notice settings",
        body: NoticeSettingsUpdate,
        response: { 200: NoticeSettings, ...errorResponses(400, 401, 403, 422) },
      },
    },
    async (req) => settings.update(principalOf(req).id, req.body),
  );
};
