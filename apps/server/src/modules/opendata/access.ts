/**
 * Who may read a dataset's rows. Open datasets: anyone. Conditional (有条件开放): a key issued for an
 * application to this dataset that is approved and within its validity — read from the database on every
 * call, so a revocation refuses the very next call on every node. Every call to a conditional dataset,
 * refused ones included, is an audit entry (the key's application, never the key) and counts against the
 * key's per-minute limit. Closed datasets are not in the portal (404).
 */
import { createHash } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { localDate } from "../../platform/clock/clock.js";
import { KEY_CALLS_PER_MINUTE, type OpendataDeps } from "./context.js";
import { OpendataErrors } from "./errors.js";
import type { DatasetRow } from "./repository.js";

export function keyHash(key: string): Buffer {
  return createHash("sha256").update(key, "utf8").digest();
}

/** CKAN clients send the key as the Authorization header (raw, or "Bearer …"), or X-CKAN-API-Key. */
export function presentedKey(request: FastifyRequest): string | null {
  const h = request.headers["x-ckan-api-key"] ?? request.headers["x-api-key"] ?? request.headers.authorization;
  const value = Array.isArray(h) ? h[0] : h;
  if (!value) return null;
  const key = value.replace(/^Bearer\s+/i, "").trim();
  return key.length > 0 && key.length <= 200 ? key : null;
}

export class DatasetAccess {
  constructor(private readonly deps: OpendataDeps) {}

  /** Throws 403 unless the caller may read the dataset's rows; records the call when the dataset is conditional. */
  async check(dataset: DatasetRow, key: string | null, call: { action: string; resourceId: string }): Promise<void> {
    if (dataset.open_level === "open") return;
    if (dataset.open_level !== "conditional") throw OpendataErrors.OPENDATA_RESOURCE_NOT_FOUND();
    const { repo, audit, clock, timeZone, rateLimiter } = this.deps;
    const subject = `opendata-dataset:${dataset.id}`;
    const refuse = async (reason: string, actor = "anonymous", applicationId: string | null = null) => {
      await audit.append({
        type: "opendata.call.refused",
        actor,
        subject,
        payload: { ...call, reason, applicationId },
      });
      return reason === "no_key" ? OpendataErrors.OPENDATA_KEY_REQUIRED() : OpendataErrors.OPENDATA_KEY_NOT_VALID();
    };
    if (!key) throw await refuse("no_key");
    const grant = await repo.grantByKeyHash(keyHash(key));
    if (!grant) throw await refuse("unknown_key");
    const actor = `citizen:${grant.account_id}`;
    if (grant.dataset_id !== dataset.id) throw await refuse("other_dataset", actor, grant.id);
    if (grant.status !== "approved") throw await refuse(grant.status, actor, grant.id);
    if (!grant.valid_until || grant.valid_until < localDate(clock.now(), timeZone))
      throw await refuse("expired", actor, grant.id);
    await rateLimiter.hit(`opendata.key:${grant.id}`, KEY_CALLS_PER_MINUTE, 60, { fast: true });
    await audit.append({
      type: "opendata.call",
      actor,
      actingFor: grant.acting_for,
      subject,
      payload: { ...call, applicationId: grant.id, keyPrefix: grant.key_prefix },
    });
  }
}
