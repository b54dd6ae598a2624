/**
 * The notify module's public surface. Other modules send through `app.platform.notify.send(trx, …)`, the
 * `Notifier` port of platform/ports.ts, which `NotificationService` implements.
 */
import type { FastifyInstance } from "fastify";
import { notifyRoutes } from "./routes.js";
import type { NotificationService } from "./service.js";

export { NotifyErrors } from "./errors.js";
export { NotificationService, toNotification } from "./service.js";

/** Serves the reader's API; `service` is the same object app.ts put into `app.platform.notify`. */
export async function registerNotifyModule(app: FastifyInstance, service: NotificationService) {
  await app.register(notifyRoutes, { prefix: "/api/notifications", service });
}
