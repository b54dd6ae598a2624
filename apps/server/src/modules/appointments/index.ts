/** The appointments module's public surface (网上预约 and the service hall: numbers, calls, the hall screen). */
import type { FastifyInstance } from "fastify";
import type { DepartmentService } from "../org/index.js";
import { HallAdminService } from "./admin.service.js";
import { BookingService } from "./bookings.service.js";
import { type AppointmentDeps, type ItemReader, NO_SHOW_JOB, REMIND_JOB } from "./context.js";
import { HallService } from "./hall.service.js";
import { AppointmentRepository } from "./repository.js";
import { appointmentAdminRoutes } from "./routes/admin.js";
import { appointmentCitizenRoutes } from "./routes/citizen.js";
import { appointmentHallRoutes } from "./routes/hall.js";
import { ScreenHub } from "./screen.js";

export { blockedUntil } from "./bookings.service.js";
export {
  CANCEL_CUTOFF_MINUTES,
  NO_SHOW_BLOCK_DAYS,
  NO_SHOW_GRACE_MINUTES,
  NO_SHOW_LIMIT,
  NO_SHOW_WINDOW_DAYS,
} from "./context.js";
export { AppointmentErrors } from "./errors.js";
export { type DemoItem, seedAppointments } from "./seed.js";

export interface AppointmentServices {
  bookings: BookingService;
  hall: HallService;
  admin: HallAdminService;
  screens: ScreenHub;
}

export async function registerAppointmentsModule(
  app: FastifyInstance,
  modules: { items: ItemReader; departments: Pick<DepartmentService, "get"> },
): Promise<AppointmentServices> {
  const { db, database, calendar, clock, audit, jobs, notify, sms, crypto } = app.platform;
  const deps: AppointmentDeps = {
    db,
    repo: new AppointmentRepository(db),
    calendar,
    clock,
    audit,
    jobs,
    notify,
    sms,
    box: crypto.box,
    items: modules.items,
  };
  const hall = new HallService(deps);
  const services: AppointmentServices = {
    bookings: new BookingService(deps),
    hall,
    admin: new HallAdminService(deps, modules.departments),
    screens: new ScreenHub(database.listen, (id) => hall.screen(id), app.log),
  };
  jobs.register(REMIND_JOB, (job, trx) => services.bookings.remind(job, trx));
  jobs.register(NO_SHOW_JOB, (job, trx) => services.bookings.markNoShow(job, trx));
  app.addHook("onClose", async () => services.screens.stop());
  await app.register(appointmentCitizenRoutes, { prefix: "/api/appointments", services });
  await app.register(appointmentHallRoutes, { prefix: "/api/appointments", services });
  await app.register(appointmentAdminRoutes, { prefix: "/api/appointments", services });
  return services;
}
