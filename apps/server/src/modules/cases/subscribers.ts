/**
 * What the cases module does with its own events (delivered through the outbox, at least once, each in
 * its own transaction): tell the applicant what happened, and move bundle applications along.
 */

import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { DomainEvent } from "../../platform/events/index.js";
import type { Notifier } from "../../platform/ports.js";
import type { BundleApplications } from "./bundles.service.js";
import type { CaseIssuance } from "./issuance.js";

const APPLICANT_NOTICES: Record<string, { zh: string; en: string }> = {
  "case.accepted": { zh: "已受理", en: "accepted" },
  "case.refused": { zh: "不予受理", en: "refused" },
  "case.supplement_requested": { zh: "需要补齐补正材料", en: "needs more materials (supplement)" },
  "case.decided": { zh: "已办结", en: "decided" },
  "case.delivered": { zh: "已送达", en: "delivered" },
  "case.cancelled": { zh: "已取消", en: "cancelled" },
};

export function applicantNotice(notify: Notifier) {
  return async (event: DomainEvent, trx: Kysely<DB>) => {
    const what = APPLICANT_NOTICES[event.type];
    const p = event.payload as {
      caseId: string;
      number: string | null;
      applicantAccountId: string;
      outcome: string | null;
    };
    if (!what || !p.applicantAccountId) return;
    const outcome =
      event.type === "case.decided"
        ? p.outcome === "approved"
          ? { zh: "（准予）", en: " (approved)" }
          : { zh: "（不予）", en: " (denied)" }
        : { zh: "", en: "" };
    await notify.send(trx, {
      recipients: [p.applicantAccountId],
      kind: event.type,
      title: { zh: `办件${what.zh}${outcome.zh}`, en: `Case ${what.en}${outcome.en}` },
      body: {
        zh: `您的办件 ${p.number ?? ""} ${what.zh}${outcome.zh}。`,
        en: `Your case ${p.number ?? ""} was ${what.en}${outcome.en}.`,
      },
      link: `/cases/${p.caseId}`,
      subject: event.subject,
    });
  };
}

export const BUNDLE_EVENTS = ["case.decided", "case.refused", "case.withdrawn", "case.delivered"] as const;

export function bundleProgress(bundles: BundleApplications) {
  return async (event: DomainEvent, trx: Kysely<DB>) => {
    const p = event.payload as { caseId: string; bundleApplicationId: string | null };
    if (p.bundleApplicationId) await bundles.onCaseEnded(p.caseId, trx);
  };
}

/** A license used by reference (免提交) was revoked or suspended: the cases that used it say so. */
export function licenseStatusChanged(issuance: CaseIssuance) {
  return async (event: DomainEvent, trx: Kysely<DB>) => {
    const p = event.payload as {
      licenseId: string;
      identifier: string;
      status: string;
      reason: string;
      caseIds: string[];
    };
    for (const caseId of p.caseIds ?? [])
      await issuance.markLicenseChanged(trx, caseId, {
        licenseId: p.licenseId,
        identifier: p.identifier,
        status: p.status,
        reason: p.reason,
      });
  };
}
