/**
 * 借阅: staff request a package for a purpose and a number of days (at most LOAN_MAX_DAYS, at most
 * LOAN_MAX_OPEN open requests and loans each); the archivist approves or rejects; while a loan runs the
 * borrower may read the package's files (catalogue.service.ts checks it, and audits every read).
 */
import { type ArchiveLoan, LOAN_MAX_DAYS, LOAN_MAX_OPEN } from "@yiwang/contracts";
import type { Principal } from "../../platform/auth/permissions.js";
import { type ArchiveDeps, actorRef } from "./context.js";
import { ArchiveErrors } from "./errors.js";
import type { LoanRow } from "./repository.js";

function toLoan(r: LoanRow & { archive_no: string }): ArchiveLoan {
  return {
    id: r.id,
    packageId: r.package_id,
    archiveNo: r.archive_no,
    borrower: r.borrower_name,
    purpose: r.purpose,
    days: r.days,
    status: r.status as ArchiveLoan["status"],
    dueAt: r.due_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  };
}

export class LoanService {
  constructor(private readonly deps: ArchiveDeps) {}

  async request(p: Principal, packageId: string, body: { purpose: string; days: number }): Promise<ArchiveLoan> {
    if (body.days > LOAN_MAX_DAYS)
      throw ArchiveErrors.ARCHIVE_LOAN_TOO_LONG({ days: body.days, maxDays: LOAN_MAX_DAYS });
    return this.deps.db.transaction().execute(async (trx) => {
      const pkg = await this.deps.repo.lockPackage(packageId, trx);
      if (!pkg) throw ArchiveErrors.ARCHIVE_NOT_FOUND({ packageId });
      if (pkg.status === "destroyed") throw ArchiveErrors.ARCHIVE_DESTROYED({ packageId });
      const now = this.deps.clock.now();
      if ((await this.deps.repo.openLoans(actorRef(p), now, trx)) >= LOAN_MAX_OPEN)
        throw ArchiveErrors.ARCHIVE_LOAN_LIMIT({ maxOpen: LOAN_MAX_OPEN });
      const row = await this.deps.repo.insertLoan(trx, {
        packageId,
        borrower: actorRef(p),
        borrowerName: p.displayName,
        purpose: body.purpose,
        days: body.days,
        at: now,
      });
      await this.deps.audit.append(
        {
          type: "archives.loan_requested",
          actor: actorRef(p),
          subject: `archive:${packageId}`,
          payload: { loanId: row.id, days: body.days, purpose: body.purpose },
        },
        trx,
      );
      return toLoan({ ...row, archive_no: pkg.archive_no });
    });
  }

  async decide(p: Principal, loanId: string, approve: boolean): Promise<ArchiveLoan> {
    return this.deps.db.transaction().execute(async (trx) => {
      const loan = await this.deps.repo.lockLoan(loanId, trx);
      if (!loan) throw ArchiveErrors.ARCHIVE_LOAN_NOT_FOUND({ loanId });
      if (loan.status !== "requested") throw ArchiveErrors.ARCHIVE_LOAN_CLOSED({ loanId });
      const now = this.deps.clock.now();
      const row = await this.deps.repo.updateLoan(trx, loanId, {
        status: approve ? "approved" : "rejected",
        decided_by: actorRef(p),
        due_at: approve ? new Date(now.getTime() + loan.days * 86_400_000) : null,
      });
      await this.deps.audit.append(
        {
          type: approve ? "archives.loan_approved" : "archives.loan_rejected",
          actor: actorRef(p),
          subject: `archive:${loan.package_id}`,
          payload: { loanId },
        },
        trx,
      );
      const pkg = await this.deps.repo.findPackage(loan.package_id, trx);
      return toLoan({ ...row, archive_no: pkg?.archive_no ?? "" });
    });
  }

  async list(p: Principal, all: boolean, status?: string): Promise<ArchiveLoan[]> {
    const rows = await this.deps.repo.loans({ borrower: all ? undefined : actorRef(p), status });
    return rows.map(toLoan);
  }
}
