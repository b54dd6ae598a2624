/**
 * 有条件开放 applications: a real-name (L2+) person applies for a conditional dataset with purpose and
 * scenario; the publishing department's staff (opendata.approve, own department) approve with the agreement
 * and a validity, or refuse; the applicant takes an API key (shown once, stored as SHA-256; taking a new one
 * replaces it); the department revokes, which refuses the next call (access.ts reads the row every time).
 * Every change is one transaction with its audit entry.
 */
import { randomBytes } from "node:crypto";
import type { ApplyRequest, DecideApplicationRequest, OpendataApplication } from "@yiwang/contracts";
import { can, type Principal } from "../../platform/auth/permissions.js";
import { localDate } from "../../platform/clock/clock.js";
import { PlatformErrors } from "../../platform/errors.js";
import { keyHash } from "./access.js";
import type { OpendataDeps } from "./context.js";
import { naming, OpendataErrors } from "./errors.js";

type ApplicationRow = Awaited<ReturnType<OpendataDeps["repo"]["findApplication"]>> & {};

function toApplication(a: ApplicationRow, datasetName: string): OpendataApplication {
  return {
    id: a.id,
    datasetId: a.dataset_id,
    datasetName,
    status: a.status as OpendataApplication["status"],
    purpose: a.purpose,
    scenario: a.scenario,
    agreement: a.agreement,
    validUntil: a.valid_until,
    keyPrefix: a.key_prefix,
    createdAt: a.created_at.toISOString(),
    decidedAt: a.decided_at ? a.decided_at.toISOString() : null,
  };
}

const actorOf = (p: Principal) => `${p.kind === "staff" ? "staff" : "citizen"}:${p.id}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class ApplicationService {
  constructor(private readonly deps: OpendataDeps) {}

  async apply(principal: Principal, datasetId: string, req: ApplyRequest): Promise<OpendataApplication> {
    const { db, repo, audit, clock } = this.deps;
    const dataset = await repo.findDataset(datasetId);
    if (!dataset || dataset.open_level === "closed") throw OpendataErrors.OPENDATA_DATASET_NOT_FOUND();
    if (dataset.open_level !== "conditional") throw OpendataErrors.OPENDATA_NOT_CONDITIONAL();
    const actingFor = principal.actingFor ? `enterprise:${principal.actingFor.uscc}` : null;
    const now = clock.now();
    return db.transaction().execute(async (trx) => {
      const row = await repo.insertApplication(trx, {
        dataset_id: dataset.id,
        account_id: principal.id,
        acting_for: actingFor,
        purpose: req.purpose,
        scenario: req.scenario,
        agreement: null,
        valid_until: null,
        decided_by: null,
        decided_at: null,
        reason: null,
        key_hash: null,
        key_prefix: null,
        created_at: now,
      });
      await audit.append(
        {
          type: "opendata.application.filed",
          actor: actorOf(principal),
          actingFor,
          subject: `opendata-application:${row.id}`,
          payload: { datasetId: dataset.id },
          time: now,
        },
        trx,
      );
      return toApplication(row, dataset.name);
    });
  }

  async mine(principal: Principal) {
    const rows = await this.deps.repo.applicationsOf({ accountId: principal.id });
    return { items: rows.map((r) => toApplication(r, r.dataset_name)) };
  }

  async forDepartment(principal: Principal) {
    if (!principal.departmentId) throw PlatformErrors.FORBIDDEN();
    const rows = await this.deps.repo.applicationsOf({ departmentId: principal.departmentId });
    return { items: rows.map((r) => toApplication(r, r.dataset_name)) };
  }

  /** Approve (agreement + validity) or refuse a pending application of the staff member's department. */
  async decide(principal: Principal, id: string, req: DecideApplicationRequest): Promise<OpendataApplication> {
    if (req.approve && (!req.agreement || !req.validUntil))
      throw naming(OpendataErrors.OPENDATA_INVALID_PARAMETER, req.agreement ? "validUntil" : "agreement");
    if (req.approve && req.validUntil && req.validUntil < localDate(this.deps.clock.now(), this.deps.timeZone))
      throw naming(OpendataErrors.OPENDATA_INVALID_PARAMETER, "validUntil");
    return this.#change(
      principal,
      id,
      "pending",
      (now) => ({
        status: req.approve ? "approved" : "refused",
        agreement: req.approve ? (req.agreement ?? null) : null,
        valid_until: req.approve ? (req.validUntil ?? null) : null,
        reason: req.reason ?? null,
        decided_by: principal.id,
        decided_at: now,
      }),
      req.approve ? "approved" : "refused",
    );
  }

  async revoke(principal: Principal, id: string, reason: string): Promise<OpendataApplication> {
    return this.#change(principal, id, "approved", () => ({ status: "revoked", reason }), "revoked");
  }

  /** A new key for the applicant's approved application (the previous one stops working). Returned once. */
  async issueKey(principal: Principal, id: string) {
    const { db, repo, audit, clock } = this.deps;
    const app = UUID.test(id) ? await repo.findApplication(id) : undefined;
    if (!app || app.account_id !== principal.id) throw OpendataErrors.OPENDATA_APPLICATION_NOT_FOUND();
    const key = `ywod_${randomBytes(24).toString("base64url")}`;
    const keyPrefix = key.slice(0, 12);
    const now = clock.now();
    return db.transaction().execute(async (trx) => {
      const locked = await repo.findApplication(id, trx, true);
      if (locked?.status !== "approved") throw OpendataErrors.OPENDATA_APPLICATION_STATE();
      await repo.updateApplication(trx, id, { key_hash: keyHash(key), key_prefix: keyPrefix });
      await audit.append(
        {
          type: "opendata.key.issued",
          actor: actorOf(principal),
          subject: `opendata-application:${id}`,
          payload: { keyPrefix },
          time: now,
        },
        trx,
      );
      return { key, keyPrefix, validUntil: locked.valid_until ?? "" };
    });
  }

  async #change(
    principal: Principal,
    id: string,
    from: string,
    set: (now: Date) => Parameters<OpendataDeps["repo"]["updateApplication"]>[2],
    type: string,
  ): Promise<OpendataApplication> {
    const { db, repo, audit, clock } = this.deps;
    const app = UUID.test(id) ? await repo.findApplication(id) : undefined;
    if (!app) throw OpendataErrors.OPENDATA_APPLICATION_NOT_FOUND();
    const dataset = await repo.findDataset(app.dataset_id);
    if (!dataset || !can(principal, "opendata.approve", dataset.department_id)) throw PlatformErrors.FORBIDDEN();
    const now = clock.now();
    return db.transaction().execute(async (trx) => {
      const locked = await repo.findApplication(id, trx, true);
      if (locked?.status !== from) throw OpendataErrors.OPENDATA_APPLICATION_STATE();
      const row = await repo.updateApplication(trx, id, set(now));
      await audit.append(
        {
          type: `opendata.application.${type}`,
          actor: actorOf(principal),
          subject: `opendata-application:${id}`,
          payload: { datasetId: dataset.id, status: row.status },
          time: now,
        },
        trx,
      );
      return toApplication(row, dataset.name);
    });
  }
}
