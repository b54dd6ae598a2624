/**
 * What the archives module reads of a finished case to archive it (电子档案): the issuance view (who,
 * what, which department, the decision), the materials' stored files and the action history — nothing
 * else, and in the caller's transaction (the archiving job's).
 */
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { CaseDeps } from "./context.js";
import type { CaseIssuance, CaseIssuanceView } from "./issuance.js";

export interface CaseArchiveMaterial {
  material: string;
  fileName: string | null;
  contentType: string | null;
  /** The stored file (platform file store); null for a license used by reference. */
  fileId: string | null;
  sha256: string | null;
  licenseId: string | null;
  addedAt: string;
}

export interface CaseArchiveAction {
  seq: number;
  type: string;
  actorKind: string;
  actorName: string;
  at: string;
  comment: string | null;
}

export interface CaseArchiveSource {
  view: CaseIssuanceView;
  status: string;
  submittedAt: string | null;
  closedAt: string | null;
  departments: string[];
  materials: CaseArchiveMaterial[];
  history: CaseArchiveAction[];
}

export class CaseArchiveReader {
  constructor(
    private readonly deps: CaseDeps,
    private readonly issuance: CaseIssuance,
  ) {}

  async read(caseId: string, trx: Kysely<DB>): Promise<CaseArchiveSource | null> {
    const view = await this.issuance.view(caseId, trx);
    const row = await this.deps.repo.find(caseId, trx);
    if (!view || !row) return null;
    const materials = await this.deps.repo.materials(caseId, trx);
    const actions = await this.deps.repo.actions(caseId, trx);
    const last = actions.at(-1);
    return {
      view,
      status: row.status,
      submittedAt: row.submitted_at?.toISOString() ?? null,
      closedAt: last ? last.at.toISOString() : null,
      departments: [view.decidingDepartmentName],
      materials: materials.map((m) => ({
        material: m.material,
        fileName: m.file_name,
        contentType: m.content_type,
        fileId: m.file_id,
        sha256: m.sha256,
        licenseId: m.license_id,
        addedAt: m.added_at.toISOString(),
      })),
      history: actions.map((a) => ({
        seq: a.seq,
        type: a.type,
        actorKind: a.actor_kind,
        actorName: a.actor_name,
        at: a.at.toISOString(),
        comment: a.comment,
      })),
    };
  }
}
