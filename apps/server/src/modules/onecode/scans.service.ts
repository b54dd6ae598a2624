import type { OnecodeClerkScan, OnecodeHolderScan } from "@yiwang/contracts";
import type { Principal } from "../../platform/auth/permissions.js";
import type { PendingCaseReader } from "../cases/index.js";
import type { LicenseServices } from "../licenses/index.js";
import type { DepartmentService } from "../org/index.js";
import type { OnecodeCodes } from "./codes.js";
import type { OnecodeDeps } from "./context.js";
import { OnecodeErrors } from "./errors.js";
import type { ScanRow } from "./repository.js";

const HISTORY_LIMIT = 50;

/** The holder as the licenses module sees a signed-in citizen (their own licenses, never an enterprise's). */
function holderPrincipal(accountId: string): Principal {
  return {
    kind: "citizen",
    id: accountId,
    sessionId: null,
    displayName: "",
    roles: [],
    departmentId: null,
    realnameLevel: 2,
    actingFor: null,
    scopes: [],
  };
}

/**
 * 亮码办事: a window clerk scans the holder's code (one scan per code: the nonce is unique), the holder
 * answers on the phone with the licenses shown for this visit, and the clerk reads those licenses only —
 * while the scan lasts (ONECODE_SCAN_MINUTES). Each scan is the verification event the holder sees.
 */
export class OnecodeScans {
  constructor(
    private readonly deps: OnecodeDeps,
    private readonly codes: OnecodeCodes,
    private readonly licenses: Pick<LicenseServices, "licenses">,
    private readonly departments: Pick<DepartmentService, "get">,
    private readonly cases: PendingCaseReader,
  ) {}

  async scan(p: Principal, text: string): Promise<OnecodeClerkScan> {
    const checked = await this.codes.check(text);
    if (checked.result !== "valid" || !checked.claims || !checked.kid)
      throw OnecodeErrors.ONECODE_INVALID({ result: checked.result });
    const accountId = this.codes.holderOf(checked.claims);
    if (!accountId) throw OnecodeErrors.ONECODE_INVALID({ result: "bad_signature" });
    if (!p.departmentId) throw OnecodeErrors.ONECODE_INVALID({ result: "malformed" });
    const now = this.deps.clock.now();
    const { kid, claims } = checked;
    const departmentId = p.departmentId;
    const row = await this.deps.db.transaction().execute(async (trx) => {
      const inserted = await this.deps.repo.insertScan(
        {
          nonce: claims.n,
          kid,
          account_id: accountId,
          department_id: departmentId,
          clerk_id: p.id,
          scanned_at: now,
          expires_at: new Date(now.getTime() + this.deps.scanMinutes * 60_000),
        },
        trx,
      );
      if (!inserted) throw OnecodeErrors.ONECODE_REPLAYED();
      await this.deps.audit.append(
        {
          type: "onecode.scanned",
          actor: `staff:${p.id}`,
          subject: `onecode_scan:${inserted.id}`,
          payload: { departmentId, kid },
          time: now,
        },
        trx,
      );
      return inserted;
    });
    return this.#clerkView(row);
  }

  /** The clerk's view: their department's scan, the licenses only once consented and while it lasts. */
  async clerkScan(p: Principal, id: string): Promise<OnecodeClerkScan> {
    const row = await this.deps.repo.findScan(id);
    if (!row || row.department_id !== p.departmentId) throw OnecodeErrors.ONECODE_SCAN_NOT_FOUND({ id });
    if (row.expires_at <= this.deps.clock.now()) throw OnecodeErrors.ONECODE_SCAN_EXPIRED({ id });
    return this.#clerkView(row);
  }

  async #clerkView(row: ScanRow): Promise<OnecodeClerkScan> {
    let licenses: OnecodeClerkScan["licenses"] = [];
    const consented = row.status === "consented";
    if (consented && row.license_ids.length > 0) {
      // Read on the holder's behalf, so a license they no longer hold is not shown.
      const holder = holderPrincipal(row.account_id);
      const rows = [];
      for (const licenseId of row.license_ids) rows.push(await this.licenses.licenses.readable(holder, licenseId));
      licenses = await this.licenses.licenses.summaries(rows);
    }
    // Cases only after consent: the window's department's own, or all of them if the holder said so.
    const cases = consented ? await this.cases(row.account_id, row.show_cases ? null : row.department_id) : [];
    return {
      id: row.id,
      status: row.status as OnecodeClerkScan["status"],
      scannedAt: row.scanned_at.toISOString(),
      expiresAt: row.expires_at.toISOString(),
      decidedAt: row.decided_at?.toISOString() ?? null,
      licenses,
      cases,
      casesScope: row.show_cases ? "all" : "department",
    };
  }

  /** Who scanned the holder's code, when, and what they answered (newest first). */
  async history(p: Principal): Promise<OnecodeHolderScan[]> {
    const rows = await this.deps.repo.scansOf(p.id, HISTORY_LIMIT);
    return Promise.all(rows.map((r) => this.#holderView(r)));
  }

  async #holderView(r: ScanRow): Promise<OnecodeHolderScan> {
    const d = await this.departments.get(r.department_id);
    return {
      id: r.id,
      status: r.status as OnecodeHolderScan["status"],
      department: { id: d.id, name: d.name },
      scannedAt: r.scanned_at.toISOString(),
      expiresAt: r.expires_at.toISOString(),
      decidedAt: r.decided_at?.toISOString() ?? null,
      licenseCount: r.license_ids.length,
      showCases: r.show_cases,
    };
  }

  /**
   * The holder's answer: consent with the licenses to show (their own only) and whether the window may see
   * all their cases in progress, or decline (`null`: nothing shown).
   */
  async decide(
    p: Principal,
    id: string,
    consent: { licenseIds: string[]; showCases: boolean } | null,
  ): Promise<OnecodeHolderScan> {
    const ids = [...new Set(consent?.licenseIds ?? [])];
    // Checked before the transaction: the licenses module reads outside it.
    for (const licenseId of ids)
      await this.licenses.licenses
        .readable(holderPrincipal(p.id), licenseId)
        .catch(() => Promise.reject(OnecodeErrors.ONECODE_LICENSE_NOT_HELD({ licenseId })));
    const now = this.deps.clock.now();
    const row = await this.deps.db.transaction().execute(async (trx) => {
      const scan = await this.deps.repo.findScan(id, trx, true);
      if (!scan || scan.account_id !== p.id) throw OnecodeErrors.ONECODE_SCAN_NOT_FOUND({ id });
      if (scan.status !== "pending") throw OnecodeErrors.ONECODE_SCAN_DECIDED({ id });
      if (scan.expires_at <= now) throw OnecodeErrors.ONECODE_SCAN_EXPIRED({ id });
      const status = consent ? "consented" : "declined";
      const showCases = consent?.showCases ?? false;
      const updated = await this.deps.repo.decideScan(id, status, ids, showCases, now, trx);
      await this.deps.audit.append(
        {
          type: `onecode.${status}`,
          actor: `citizen:${p.id}`,
          subject: `onecode_scan:${id}`,
          payload: { licenseIds: ids, showCases },
          time: now,
        },
        trx,
      );
      return updated;
    });
    return this.#holderView(row);
  }
}
