/**
 * Demo population and business registries (人口库、法人库); see service.ts. One `RegistryService` per app,
 * created here and handed by app.ts to its two readers, each through a narrow port:
 *  - the exchange module's hosted sources (`HostedRegistry`): every read of population or business
 *    records by a department system or a platform consumer (identity's real-name checks) goes through
 *    the exchange gateway — approval, field projection and masking, call log, audit;
 *  - identity's enterprise binding (`BusinessRegistry`): whether the business registry names the citizen
 *    as an enterprise's legal representative. This read does NOT go through the gateway: it compares
 *    blind indexes inside the platform and returns no personal data.
 */
import type { FastifyInstance } from "fastify";
import { RegistryService } from "./service.js";

export {
  type BusinessFacts,
  type BusinessFactValues,
  type BusinessLoad,
  type RegisteredBusiness,
  type RegisteredPerson,
  RegistryService,
  reencryptRegistries,
} from "./service.js";

/** What the exchange gateway's hosted sources read: full records, decrypted for projection and masking. */
export type HostedRegistry = Pick<RegistryService, "person" | "people" | "businessRecord" | "businesses">;
/** What identity's enterprise binding reads: the business, its representative as a blind index only. */
export type BusinessRegistry = Pick<RegistryService, "business">;
/**
 * What policy matching (惠企政策) reads: every enterprise's facts, page by page, no personal data. Not through
 * the gateway: the nightly match reads the whole registry, and the gateway is a per-record, logged exchange.
 */
/**
 * What 免填 reads (the cases module's PrefillRegistry): the applicant's own population record by their
 * verified ID number, the business record of the enterprise acted for. Not through the gateway: the
 * records are the applicant's own, read for their own form; the cases module audits each read with the draft.
 */
export type PrefillRegistry = Pick<RegistryService, "person" | "businessRecord">;
export type BusinessFactSource = Pick<RegistryService, "businessFacts" | "businessFactsOf">;

export function registerRegistryModule(app: FastifyInstance): { registry: RegistryService } {
  const { db, pii } = app.platform;
  return { registry: new RegistryService(db, pii) };
}
