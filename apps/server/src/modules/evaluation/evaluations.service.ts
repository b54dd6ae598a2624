/**
 * Giving an evaluation (一事一评 / 一次一评) and its one 追评. Each runs in one transaction on the locked
 * invitation: the checks (the invitee's own, not expired → 410, not evaluated yet → 409, content against the
 * indicator set → 400), the immutable evaluation row, its history, audit entry and event, and for a 差评
 * the rectification ticket with its deadline timer. A refusal leaves nothing behind.
 */
import type {
  Evaluation,
  EvaluationChannel,
  FollowUpRequest as FollowUpSchema,
  GiveEvaluationRequest as GiveSchema,
} from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { z } from "zod";
import type { Principal } from "../../platform/auth/permissions.js";
import type { DB } from "../../platform/db/schema.js";
import { type Actor, actorOf, type EvaluationDeps } from "./context.js";
import { EvaluationErrors } from "./errors.js";
import { checkContent, type EvaluationContent, isBad, toIndicatorSet } from "./indicators.js";
import type { InvitationService } from "./invitations.service.js";
import { toEvaluation } from "./mapping.js";
import type { PhotoService } from "./photos.service.js";
import type { RectificationService } from "./rectification.service.js";
import type { InvitationRow } from "./repository.js";
import type { EvaluationWriter } from "./writer.js";

type Give = z.output<typeof GiveSchema>;
type FollowUp = z.output<typeof FollowUpSchema>;

export class EvaluationService {
  constructor(
    private readonly deps: EvaluationDeps,
    private readonly writer: EvaluationWriter,
    private readonly invitations: InvitationService,
    private readonly rectifications: RectificationService,
    private readonly photos: Pick<PhotoService, "claim">,
  ) {}

  /** The invitee evaluates (own invitation only: anyone else's is 404). */
  give(p: Principal, invitationId: string, body: Give): Promise<Evaluation> {
    return this.#give(invitationId, actorOf(p), body.channel, body, (inv) => inv.account_id === p.id, body.photoId);
  }

  /** At the kiosk: the visit's token stands for the person at the window. */
  async giveAtKiosk(token: string, body: Omit<Give, "channel">): Promise<Evaluation> {
    const inv = await this.invitations.byToken(token);
    const actor: Actor = { ref: `kiosk:${inv.id}`, name: "评价器", actingFor: null };
    return this.#give(inv.id, actor, "window", body, () => true);
  }

  #give(
    invitationId: string,
    actor: Actor,
    channel: EvaluationChannel,
    body: EvaluationContent,
    mayEvaluate: (inv: InvitationRow) => boolean,
    photoId?: string,
  ): Promise<Evaluation> {
    return this.deps.db.transaction().execute(async (trx) => {
      const inv = await this.deps.repo.lockInvitation(invitationId, trx);
      if (!inv || !mayEvaluate(inv)) throw EvaluationErrors.EVALUATION_INVITATION_NOT_FOUND({ id: invitationId });
      const now = this.deps.clock.now();
      if (now.getTime() > inv.expires_at.getTime())
        throw EvaluationErrors.EVALUATION_INVITATION_EXPIRED({ expiresAt: inv.expires_at.toISOString() });
      const existing = await this.deps.repo.evaluationsOf([inv.id], trx);
      if (existing.some((e) => e.kind === "initial")) throw EvaluationErrors.EVALUATION_ALREADY_GIVEN();
      const content = await this.#checked(trx, inv, body);
      const row = await this.#insert(trx, inv, "initial", channel, content, now);
      if (photoId) await this.photos.claim(trx, photoId, inv.id, row.id);
      await this.writer.record(trx, actor, {
        invitationId: inv.id,
        evaluationId: row.id,
        type: "evaluated",
        payload: {
          level: row.level,
          channel,
          departmentId: inv.department_id,
          subject: `${inv.subject_kind}:${inv.subject_id}`,
          photoId: photoId ?? null,
        },
        publish: true,
      });
      if (isBad(row.level)) await this.rectifications.open(trx, row, inv);
      return toEvaluation({ ...row, excluded_reason: null, excluded_at: null, has_photo: Boolean(photoId) });
    });
  }

  /** 追评: once, within EVALUATION_INVITE_DAYS of the evaluation; a new record beside the first. */
  followUp(p: Principal, invitationId: string, body: FollowUp): Promise<Evaluation> {
    return this.deps.db.transaction().execute(async (trx) => {
      const inv = await this.deps.repo.lockInvitation(invitationId, trx);
      if (!inv || inv.account_id !== p.id) throw EvaluationErrors.EVALUATION_INVITATION_NOT_FOUND({ id: invitationId });
      const existing = await this.deps.repo.evaluationsOf([inv.id], trx);
      const initial = existing.find((e) => e.kind === "initial");
      if (!initial) throw EvaluationErrors.EVALUATION_NOT_GIVEN();
      if (existing.some((e) => e.kind === "follow_up")) throw EvaluationErrors.EVALUATION_FOLLOW_UP_USED();
      const now = this.deps.clock.now();
      if (now.getTime() > this.invitations.followUpUntil(initial.created_at).getTime())
        throw EvaluationErrors.EVALUATION_FOLLOW_UP_CLOSED();
      const level = body.level ?? initial.level;
      const content = await this.#checked(trx, inv, { level, scores: {}, tags: [], text: body.text });
      const row = await this.#insert(trx, inv, "follow_up", body.channel, content, now);
      await this.writer.record(trx, actorOf(p), {
        invitationId: inv.id,
        evaluationId: row.id,
        type: "followed_up",
        payload: { level: row.level, initialId: initial.id },
        publish: true,
      });
      return toEvaluation({ ...row, excluded_reason: null, excluded_at: null, has_photo: false });
    });
  }

  async #checked(trx: Kysely<DB>, inv: InvitationRow, body: EvaluationContent): Promise<EvaluationContent> {
    const set = await this.deps.repo.indicatorSet(inv.indicator_set_id, trx);
    if (!set) throw new Error(`indicator set ${inv.indicator_set_id} missing`);
    return checkContent(toIndicatorSet(set), body);
  }

  async #insert(
    trx: Kysely<DB>,
    inv: InvitationRow,
    kind: "initial" | "follow_up",
    channel: EvaluationChannel,
    c: EvaluationContent,
    now: Date,
  ) {
    const cal = await this.deps.calendar.calendar(trx);
    return this.deps.repo.insertEvaluation(trx, {
      invitation_id: inv.id,
      kind,
      level: c.level,
      scores: JSON.stringify(c.scores),
      tags: c.tags,
      text: c.text,
      channel,
      department_id: inv.department_id,
      department_name: inv.department_name,
      item_code: inv.item_code,
      item_name: inv.item_name,
      staff_id: inv.staff_id,
      staff_name: inv.staff_name,
      month: cal.localDate(now).slice(0, 7),
      created_at: now,
    });
  }
}
