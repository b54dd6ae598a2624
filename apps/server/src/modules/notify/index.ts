/**
 * The notify module's public surface. Other modules send through `app.platform.notify.send(trx, …)`, the
 * `Notifier` port of platform/ports.ts, which `NotificationService` implements; SMS notices through the
 * `SmsNotifier` port (`NoticeChannels.smsNotices`).
 */
import type { FastifyInstance } from "fastify";
import { notifyAdminRoutes } from "./admin.routes.js";
import type { NoticeChannels } from "./channels.js";
import { pushRoutes } from "./push.routes.js";
import { notifyRoutes } from "./routes.js";
import type { NotificationService } from "./service.js";
import { settingsRoutes } from "./settings.routes.js";

export type { SmsGateway } from "./channels/sms.js";
export { NoticeChannels } from "./channels.js";
export { DELIVER_JOB } from "./delivery.js";
export { NotifyErrors } from "./errors.js";
export { NotificationService, toNotification } from "./service.js";

/** Serves the reader's API; `service` is the same object app.ts put into `app.platform.notify`. */
export async function registerNotifyModule(
  app: FastifyInstance,
  service: NotificationService,
  channels?: NoticeChannels,
) {
  await app.register(notifyRoutes, { prefix: "/api/notifications", service });
  if (!channels) return;
  await app.register(settingsRoutes, { prefix: "/api/notifications", settings: channels.settings });
  await app.register(pushRoutes, { prefix: "/api/notifications", push: channels.push });
  await app.register(notifyAdminRoutes, { prefix: "/api/admin/notifications", admin: channels.admin });
  app.addHook("onClose", async () => channels.close());
}
