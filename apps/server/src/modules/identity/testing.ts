/** Test helpers shared by the identity module's tests (not used by production code). */

import businesses from "../../seed/data/businesses.json" with { type: "json" };
import population from "../../seed/data/population.json" with { type: "json" };
import type { TestApp } from "../../test-support/app.js";
import { department } from "../../test-support/identity.js";
import type { AuditEntry } from "../audit/entry.js";
import { seedExchange } from "../exchange/index.js";
import type { RegisteredBusiness, RegisteredPerson } from "../registry/index.js";
import { RegistryService } from "../registry/index.js";

/**
 * Loads the demo population and business registries into the test database, with what real-name checks
 * go through: the population registry's provider (psb), the platform department and its approval.
 */
export async function loadRegistries(t: TestApp): Promise<void> {
  const registry = new RegistryService(t.database.db, t.app.platform.pii);
  await registry.loadPeople(population.people as RegisteredPerson[]);
  await registry.loadBusinesses(businesses.enterprises as RegisteredBusiness[]);
  await department(t, "platform");
  await department(t, "psb");
  await seedExchange(t.database.db, t.app.platform.clock.now());
}

/** The demo person with this name (population.json). */
export function person(name: string): { name: string; idNumber: string } {
  const p = population.people.find((x) => x.name === name);
  if (!p) throw new Error(`no demo person ${name}`);
  return { name: p.name, idNumber: p.idNumber };
}

/** Sequences the audit queue and returns the entries matching the filter, newest first. */
export async function auditEntries(
  t: TestApp,
  filter: { actor?: string; type?: string; subject?: string } = {},
): Promise<AuditEntry[]> {
  const log = t.app.platform.audit;
  await log.flush();
  const rows = await log.repo.search({ ...filter, limit: 500, offset: 0 });
  return rows.map((r) => JSON.parse(r.entry.toString()) as AuditEntry);
}
