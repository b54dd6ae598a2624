/**
 * Invitations (评价邀请): one per subject. A case that is delivered, refused or denied invites its applicant
 * (in-app notification linking to the evaluate page); a window clerk opens one for a service hall visit
 * (评价器: a random token shown as a link/QR code on the window's pad, stored hashed). Reading an invitation
 * is for its invitee only: anyone else's is 404, so an id reveals nothing.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type {
  CreateVisitRequest,
  EvaluationInvitation,
  EvaluationInvitationList,
  KioskInvitation,
  VisitInvitation,
} from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { Principal } from "../../platform/auth/permissions.js";
import type { DB } from "../../platform/db/schema.js";
import { PlatformErrors } from "../../platform/errors.js";
import type { CaseIssuanceView } from "../cases/index.js";
import type { HotlineRequestForEvaluation } from "../hotline/index.js";
import { actorOf, type EvaluationDeps, SYSTEM } from "./context.js";
import { EvaluationErrors } from "./errors.js";
import { toIndicatorSet } from "./indicators.js";
import { maskedName, toCitizenRectification, toEvaluation } from "./mapping.js";
import type { InvitationRow } from "./repository.js";
import type { EvaluationWriter } from "./writer.js";

const DAY_MS = 86_400_000;
/** A kiosk code is for the visit happening now: it lapses after a day. */
const VISIT_TTL_MS = DAY_MS;

export const hashToken = (token: string) => createHash("sha256").update(token).digest();

export class InvitationService {
  constructor(
    private readonly deps: EvaluationDeps,
    private readonly writer: EvaluationWriter,
  ) {}

  /**
   * From a closed 12345 request (hotline.closed), in its delivery's transaction: the signed-in caller is invited
   * (a phone caller without an account is asked at the 回访); a second event adds nothing.
   */
  async inviteForHotlineRequest(trx: Kysely<DB>, r: HotlineRequestForEvaluation): Promise<InvitationRow | undefined> {
    if (!r.callerAccountId) return undefined;
    const set = await this.deps.repo.activeSet("online", trx);
    if (!set) throw new Error("no active online indicator set");
    const now = this.deps.clock.now();
    const row = await this.deps.repo.insertInvitation(trx, {
      subject_kind: "request",
      subject_id: r.requestId,
      subject_label: r.number,
      account_id: r.callerAccountId,
      invitee_name_masked: maskedName(r.callerName ?? "市民"),
      department_id: r.departmentId,
      department_name: r.departmentName,
      item_code: null,
      item_name: `12345：${r.categoryName}`,
      staff_id: null,
      staff_name: null,
      indicator_set_id: set.id,
      token_hash: null,
      created_at: now,
      expires_at: new Date(now.getTime() + this.deps.config.inviteDays * DAY_MS),
    });
    if (!row) return undefined;
    await this.writer.record(trx, SYSTEM, {
      invitationId: row.id,
      type: "invited",
      payload: {
        subject: `hotline-request:${r.requestId}`,
        departmentId: row.department_id,
        expiresAt: row.expires_at,
      },
      publish: true,
    });
    await this.deps.notify.send(trx, {
      recipients: [r.callerAccountId],
      kind: "evaluation.invited",
      title: { zh: `请评价：12345 诉求 ${r.number}`, en: `Rate the handling of 12345 request ${r.number}` },
      body: {
        zh: `您的诉求 ${r.number} 已办结，请对办理情况作出评价（${this.deps.config.inviteDays} 天内有效）。`,
        en: `Your request ${r.number} is closed. Please rate its handling (open for ${this.deps.config.inviteDays} days).`,
      },
      link: `/evaluate/${row.id}`,
      subject: `hotline-request:${r.requestId}`,
    });
    return row;
  }

  /** From a case event, in its delivery's transaction; a second event for the same case adds nothing. */
  async inviteForCase(trx: Kysely<DB>, view: CaseIssuanceView): Promise<InvitationRow | undefined> {
    const set = await this.deps.repo.activeSet("online", trx);
    if (!set) throw new Error("no active online indicator set");
    const now = this.deps.clock.now();
    const row = await this.deps.repo.insertInvitation(trx, {
      subject_kind: "case",
      subject_id: view.caseId,
      subject_label: view.number ?? view.caseId,
      account_id: view.applicantAccountId,
      invitee_name_masked: maskedName(view.applicantName),
      department_id: view.decidingDepartmentId,
      department_name: view.decidingDepartmentName,
      item_code: view.itemCode,
      item_name: view.itemName,
      staff_id: view.handledBy?.id ?? null,
      staff_name: view.handledBy?.name ?? null,
      indicator_set_id: set.id,
      token_hash: null,
      created_at: now,
      expires_at: new Date(now.getTime() + this.deps.config.inviteDays * DAY_MS),
    });
    if (!row) return undefined;
    await this.writer.record(trx, SYSTEM, {
      invitationId: row.id,
      type: "invited",
      payload: { subject: `case:${view.caseId}`, departmentId: row.department_id, expiresAt: row.expires_at },
      publish: true,
    });
    // The template variables of `evaluation.invited` (SMS and email texts), for both sends below.
    const variables = {
      itemName: view.itemName,
      caseNumber: row.subject_label,
      days: String(this.deps.config.inviteDays),
      link: `/evaluate/${row.id}`,
    };
    await this.deps.notify.send(trx, {
      recipients: [view.applicantAccountId],
      kind: "evaluation.invited",
      variables,
      title: { zh: `请评价：${view.itemName}`, en: `Rate the service: ${view.itemName}` },
      body: {
        zh: `您的办件 ${row.subject_label} 已办结，请对本次政务服务作出评价（${this.deps.config.inviteDays} 天内有效）。`,
        en: `Your case ${row.subject_label} is complete. Please rate the service (open for ${this.deps.config.inviteDays} days).`,
      },
      link: `/evaluate/${row.id}`,
      subject: `case:${view.caseId}`,
    });
    // SMS is how citizens expect to hear of it (issue 18): the same invitation by text, with the link (once:
    // not again when the person's own channel choice already queued it above).
    await this.deps.sms.sms(trx, {
      recipient: view.applicantAccountId,
      eventType: "evaluation.invited",
      subject: `case:${view.caseId}`,
      variables,
    });
    return row;
  }

  /** 一次一评 at the window: a code for the kiosk, shown once. */
  async createVisit(p: Principal, body: CreateVisitRequest): Promise<VisitInvitation> {
    if (!p.departmentId) throw PlatformErrors.FORBIDDEN({ permission: "evaluation.visit" });
    const departmentName = (await this.deps.departmentName(p.departmentId)) ?? "";
    const token = randomBytes(24).toString("base64url");
    return this.deps.db.transaction().execute(async (trx) => {
      const set = await this.deps.repo.activeSet("offline", trx);
      if (!set) throw new Error("no active offline indicator set");
      const now = this.deps.clock.now();
      const cal = await this.deps.calendar.calendar(trx);
      const visitId = randomUUID();
      const row = await this.deps.repo.insertInvitation(trx, {
        subject_kind: "visit",
        subject_id: visitId,
        subject_label: `${cal.localDate(now)} ${departmentName}`,
        account_id: null,
        invitee_name_masked: "",
        department_id: p.departmentId as string,
        department_name: departmentName,
        item_code: body.itemCode ?? null,
        item_name: body.itemName,
        staff_id: p.id,
        staff_name: p.displayName,
        indicator_set_id: set.id,
        token_hash: hashToken(token),
        created_at: now,
        expires_at: new Date(now.getTime() + VISIT_TTL_MS),
      });
      if (!row) throw new Error("visit id collision");
      await this.writer.record(trx, actorOf(p), {
        invitationId: row.id,
        type: "invited",
        payload: { subject: `visit:${visitId}`, departmentId: row.department_id, expiresAt: row.expires_at },
        publish: true,
      });
      return { invitationId: row.id, token, expiresAt: row.expires_at.toISOString() };
    });
  }

  /** The invitee's own invitation, or 404 (also for anyone else's). */
  async own(p: Principal, id: string): Promise<InvitationRow> {
    const row = await this.deps.repo.invitation(id);
    if (!row || row.account_id !== p.id) throw EvaluationErrors.EVALUATION_INVITATION_NOT_FOUND({ id });
    return row;
  }

  async get(p: Principal, id: string): Promise<EvaluationInvitation> {
    const [view] = await this.views([await this.own(p, id)]);
    return view as EvaluationInvitation;
  }

  async mine(p: Principal, q: { limit: number; offset: number }): Promise<EvaluationInvitationList> {
    const { rows, total } = await this.deps.repo.mine(p.id, q.limit, q.offset);
    return { items: await this.views(rows), total };
  }

  async byToken(token: string): Promise<InvitationRow> {
    const row = token.length <= 64 ? await this.deps.repo.invitationByToken(hashToken(token)) : undefined;
    if (!row) throw EvaluationErrors.EVALUATION_VISIT_TOKEN_INVALID();
    return row;
  }

  async kiosk(token: string): Promise<KioskInvitation> {
    const [view] = await this.views([await this.byToken(token)]);
    const v = view as EvaluationInvitation;
    return {
      itemName: v.itemName,
      departmentName: v.departmentName,
      staffName: v.staffName,
      status: v.status,
      expiresAt: v.expiresAt,
      indicatorSet: v.indicatorSet,
    };
  }

  /** Invitations with their set, evaluation, 追评 and rectification, in as few queries as there are tables. */
  async views(rows: InvitationRow[]): Promise<EvaluationInvitation[]> {
    const evaluations = await this.deps.repo.evaluationsOf(rows.map((r) => r.id));
    const tickets = await this.deps.rectifications.byEvaluations(evaluations.map((e) => e.id));
    const sets = new Map<string, Awaited<ReturnType<typeof this.deps.repo.indicatorSet>>>();
    for (const id of new Set(rows.map((r) => r.indicator_set_id))) sets.set(id, await this.deps.repo.indicatorSet(id));
    const now = this.deps.clock.now();
    return rows.map((r) => {
      const mine = evaluations.filter((e) => e.invitation_id === r.id);
      const initial = mine.find((e) => e.kind === "initial");
      const followUp = mine.find((e) => e.kind === "follow_up");
      const ticket = initial ? tickets.find((t) => t.evaluation_id === initial.id) : undefined;
      const set = sets.get(r.indicator_set_id);
      if (!set) throw new Error(`indicator set ${r.indicator_set_id} missing`);
      const until = initial ? this.followUpUntil(initial.created_at) : null;
      return {
        id: r.id,
        subject: {
          kind: r.subject_kind as EvaluationInvitation["subject"]["kind"],
          id: r.subject_id,
          label: r.subject_label,
        },
        itemName: r.item_name,
        departmentName: r.department_name,
        staffName: r.staff_name,
        status: initial ? "evaluated" : now.getTime() > r.expires_at.getTime() ? "expired" : "open",
        createdAt: r.created_at.toISOString(),
        expiresAt: r.expires_at.toISOString(),
        indicatorSet: toIndicatorSet(set),
        evaluation: initial ? toEvaluation(initial) : null,
        followUp: followUp ? toEvaluation(followUp) : null,
        followUpUntil: initial && !followUp && until && now <= until ? until.toISOString() : null,
        rectification: ticket ? toCitizenRectification(ticket) : null,
      };
    });
  }

  /** A 追评 may follow within EVALUATION_INVITE_DAYS of the evaluation. */
  followUpUntil(evaluatedAt: Date): Date {
    return new Date(evaluatedAt.getTime() + this.deps.config.inviteDays * DAY_MS);
  }
}
