/**
 * Demo halls of 示例市 (outside production data): the marriage registry office (婚姻登记处) for marriage
 * registration, and the citizen centre (市民中心) with one window type per department of the other demo
 * items — their clerks serve it. Idempotent by hall key and (hall, letter).
 */
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import { AppointmentRepository } from "./repository.js";

export interface DemoItem {
  code: string;
  dept: string;
}

const WEEKDAYS = [1, 2, 3, 4, 5];
const PERIODS = ["09:00-12:00", "13:30-17:00"];
const MARRIAGE_ITEM = "990100-QR-001";
const DEPT_NAMES: Record<string, [string, string]> = {
  amr: ["市场监管窗口", "Market regulation"],
  land: ["规划和自然资源窗口", "Planning and natural resources"],
  psb: ["公安窗口", "Public security"],
  hpf: ["公积金窗口", "Housing fund"],
  hrss: ["人力社保窗口", "Human resources and social security"],
  health: ["卫生健康窗口", "Health"],
  medins: ["医保窗口", "Medical insurance"],
  tax: ["税务窗口", "Taxation"],
  eco: ["生态环境窗口", "Ecology and environment"],
};

/** Returns how many halls were added. */
export async function seedAppointments(trx: Kysely<DB>, items: DemoItem[], now = new Date()): Promise<number> {
  const repo = new AppointmentRepository(trx);
  const depts = new Map(
    (await trx.selectFrom("departments").select(["id", "key"]).execute()).map((d) => [d.key, d.id] as const),
  );
  const civil = depts.get("civil");
  const platform = depts.get("platform");
  if (!civil || !platform) return 0;
  let added = 0;
  const hall = async (key: string, name: string, nameEn: string, address: string, departmentId: string) => {
    const inserted = await repo.insertHall(
      { key, name, name_en: nameEn, address, department_id: departmentId, created_at: now },
      trx,
    );
    if (inserted) added++;
    return (
      inserted ??
      (await trx.selectFrom("appointment_halls").selectAll().where("key", "=", key).executeTakeFirstOrThrow())
    );
  };
  const marriage = await hall("marriage", "示例市婚姻登记处", "Marriage Registry Office", "示例市和平路 8 号", civil);
  await repo.insertWindowType(
    {
      hall_id: marriage.id,
      prefix: "A",
      name: "婚姻登记",
      name_en: "Marriage registration",
      department_id: civil,
      item_codes: [MARRIAGE_ITEM],
      weekdays: WEEKDAYS,
      periods: PERIODS,
      slot_minutes: 30,
      capacity: 4,
      created_at: now,
    },
    trx,
  );
  const centre = await hall(
    "citizen-centre",
    "示例市民中心",
    "Citizen Service Centre",
    "示例市中心大道 1 号 B 座 2 楼",
    platform,
  );
  const byDept = new Map<string, string[]>();
  for (const i of items) if (i.code !== MARRIAGE_ITEM) byDept.set(i.dept, [...(byDept.get(i.dept) ?? []), i.code]);
  let letter = 0;
  for (const [dept, codes] of [...byDept].sort(([a], [b]) => a.localeCompare(b))) {
    const departmentId = depts.get(dept);
    if (!departmentId) continue;
    const [name, nameEn] = DEPT_NAMES[dept] ?? [`${dept} 窗口`, dept];
    await repo.insertWindowType(
      {
        hall_id: centre.id,
        prefix: String.fromCharCode(65 + letter++),
        name,
        name_en: nameEn,
        department_id: departmentId,
        item_codes: codes,
        weekdays: WEEKDAYS,
        periods: PERIODS,
        slot_minutes: 30,
        capacity: 6,
        created_at: now,
      },
      trx,
    );
  }
  return added;
}
