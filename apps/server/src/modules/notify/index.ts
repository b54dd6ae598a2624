/** The notify module's public surface. Other modules send through `app.platform.notify.send(trx, …)`. */
import type { FastifyInstance } from "fastify";
import { notifyRoutes } from "./routes.js";

export { NotifyErrors } from "./errors.js";
export { NotificationService, toNotification } from "./service.js";

export async function registerNotifyModule(app: FastifyInstance) {
  await app.register(notifyRoutes, { prefix: "/api/notifications", service: app.platform.notify });
}
