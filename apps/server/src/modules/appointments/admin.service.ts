/** Halls and window types with their slot templates: listed for everyone, kept by department heads. */
import type { Hall, HallInput, HallList, WindowType, WindowTypeInput } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import { assertCan } from "../../platform/auth/guard.js";
import type { Principal } from "../../platform/auth/permissions.js";
import type { DB } from "../../platform/db/schema.js";
import type { AppointmentDeps } from "./context.js";
import { AppointmentErrors } from "./errors.js";
import type { HallRow, WindowTypeRow } from "./repository.js";
import { daySlots } from "./slots.js";

export function windowTypeView(w: WindowTypeRow): WindowType {
  return {
    id: w.id,
    hallId: w.hall_id,
    prefix: w.prefix,
    name: w.name,
    nameEn: w.name_en,
    departmentId: w.department_id,
    itemCodes: w.item_codes,
    weekdays: w.weekdays,
    periods: w.periods,
    slotMinutes: w.slot_minutes,
    capacity: w.capacity,
    active: w.active,
  };
}

const hallView = (h: HallRow, types: WindowTypeRow[]): Hall => ({
  id: h.id,
  key: h.key,
  name: h.name,
  nameEn: h.name_en,
  address: h.address,
  departmentId: h.department_id,
  windowTypes: types.filter((w) => w.hall_id === h.id).map(windowTypeView),
});

const columns = (input: WindowTypeInput) => ({
  prefix: input.prefix,
  name: input.name,
  name_en: input.nameEn ?? null,
  department_id: input.departmentId,
  item_codes: [...new Set(input.itemCodes)],
  weekdays: [...new Set(input.weekdays)].sort(),
  periods: input.periods,
  slot_minutes: input.slotMinutes,
  capacity: input.capacity,
  active: input.active,
});

export class HallAdminService {
  constructor(
    private readonly d: AppointmentDeps,
    private readonly departments: { get(id: string): Promise<unknown> },
  ) {}

  async list(): Promise<HallList> {
    const halls = await this.d.repo.halls();
    const types = await this.d.repo.windowTypes(halls.map((h) => h.id));
    return { items: halls.map((h) => hallView(h, types)) };
  }

  async get(id: string): Promise<Hall> {
    const hall = await this.d.repo.hall(id);
    if (!hall) throw AppointmentErrors.APPOINTMENT_HALL_NOT_FOUND({ id });
    return hallView(hall, await this.d.repo.windowTypes([hall.id]));
  }

  async createHall(principal: Principal, input: HallInput): Promise<Hall> {
    assertCan(principal, "appointments.manage", input.departmentId);
    await this.departments.get(input.departmentId);
    const row = await this.d.db.transaction().execute(async (trx) => {
      const hall = await this.d.repo.insertHall(
        {
          key: input.key,
          name: input.name,
          name_en: input.nameEn ?? null,
          address: input.address,
          department_id: input.departmentId,
          created_at: this.d.clock.now(),
        },
        trx,
      );
      if (!hall) throw AppointmentErrors.APPOINTMENT_HALL_EXISTS({ key: input.key });
      await this.#audit(trx, "appointments.hall.created", principal, `appointment-hall:${hall.id}`, input);
      return hall;
    });
    return hallView(row, []);
  }

  async addWindowType(principal: Principal, hallId: string, input: WindowTypeInput): Promise<WindowType> {
    const hall = await this.d.repo.hall(hallId);
    if (!hall) throw AppointmentErrors.APPOINTMENT_HALL_NOT_FOUND({ hallId });
    assertCan(principal, "appointments.manage", hall.department_id);
    await this.departments.get(input.departmentId);
    daySlots(input);
    const row = await this.d.db.transaction().execute(async (trx) => {
      const w = await this.d.repo.insertWindowType(
        { hall_id: hall.id, ...columns(input), created_at: this.d.clock.now() },
        trx,
      );
      if (!w) throw AppointmentErrors.APPOINTMENT_WINDOW_TYPE_EXISTS({ prefix: input.prefix });
      await this.#audit(trx, "appointments.window_type.created", principal, `appointment-window-type:${w.id}`, input);
      return w;
    });
    return windowTypeView(row);
  }

  /** A changed template applies to slots not booked yet; a booked slot keeps its counter's capacity. */
  async updateWindowType(principal: Principal, id: string, input: WindowTypeInput): Promise<WindowType> {
    const w = await this.d.repo.windowType(id);
    if (!w) throw AppointmentErrors.APPOINTMENT_WINDOW_TYPE_NOT_FOUND({ id });
    const hall = (await this.d.repo.hall(w.hall_id)) as HallRow;
    assertCan(principal, "appointments.manage", hall.department_id);
    await this.departments.get(input.departmentId);
    daySlots(input);
    const row = await this.d.db.transaction().execute(async (trx) => {
      const saved = await this.d.repo.updateWindowType(id, columns(input), trx).catch((error: unknown) => {
        if ((error as { code?: string }).code === "23505")
          throw AppointmentErrors.APPOINTMENT_WINDOW_TYPE_EXISTS({ prefix: input.prefix });
        throw error;
      });
      await this.#audit(trx, "appointments.window_type.updated", principal, `appointment-window-type:${id}`, input);
      return saved as WindowTypeRow;
    });
    return windowTypeView(row);
  }

  #audit(trx: Kysely<DB>, type: string, principal: Principal, subject: string, payload: unknown) {
    return this.d.audit.append({ type, actor: `staff:${principal.id}`, subject, payload }, trx);
  }
}
