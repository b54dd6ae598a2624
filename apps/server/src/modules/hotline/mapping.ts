/** Rows to the API's views; the caller is left out, or masked, for whoever may not see it (access.ts). */
import { type HotlineRequestView, maskName } from "@yiwang/contracts";
import type { CallerShown } from "./access.js";
import type { CallerInClear } from "./caller.js";
import { findCategory } from "./categories.js";
import { lightOf } from "./deadline.js";
import type { ActionRow, RequestRow } from "./repository.js";

/** Timeline entries by the caller name no one but the caller and operators may see. */
const CALLER_ACTORS = /^(citizen:|anonymous$|open311:)/;

export function toView(
  row: RequestRow,
  extra: {
    shown: CallerShown;
    /** The caller opened (caller.ts), masked already when `shown` is "masked". */
    caller: CallerInClear;
    departmentName: string | null;
    actions: ActionRow[];
    photos: { file_id: string; name: string }[];
    now: Date;
  },
): HotlineRequestView {
  const cat = findCategory(row.category_code);
  const { caller } = extra;
  const showCaller = extra.shown !== "none";
  return {
    id: row.id,
    number: row.number,
    kind: row.kind as HotlineRequestView["kind"],
    channel: row.channel as HotlineRequestView["channel"],
    status: row.status as HotlineRequestView["status"],
    category: {
      code: row.category_code,
      name: cat?.name ?? row.category_code,
      nameEn: cat?.nameEn ?? row.category_code,
    },
    description: row.description,
    location: { address: row.address, districtCode: row.district_code, lat: row.lat, long: row.long },
    urgent: row.urgent,
    anonymous: row.anonymous,
    confidential: row.confidential,
    subjectUscc: row.subject_uscc,
    caller:
      showCaller && !row.anonymous && (caller.name || caller.phone || row.caller_account_id)
        ? { name: caller.name ?? "", phone: caller.phone ?? "", accountLinked: row.caller_account_id !== null }
        : null,
    department:
      row.department_id && extra.departmentName ? { id: row.department_id, name: extra.departmentName } : null,
    deadline: {
      at: row.deadline_at?.toISOString() ?? null,
      unit: row.limit_unit as "hours" | "days",
      value: row.limit_value,
      light: lightOf(row.status, row.assigned_at, row.deadline_at, extra.now),
      escalationLevel: row.escalation_level,
    },
    answer: row.answer,
    answeredAt: row.answered_at?.toISOString() ?? null,
    callback:
      row.callback_at && row.callback_resolved !== null && row.callback_satisfied !== null
        ? { resolved: row.callback_resolved, satisfied: row.callback_satisfied, at: row.callback_at.toISOString() }
        : null,
    mergedInto: row.merged_into,
    extension:
      row.extension_status && row.extension_value !== null
        ? {
            status: row.extension_status as "requested",
            value: row.extension_value,
            reason: row.extension_reason ?? "",
          }
        : null,
    photos: extra.photos.map((p) => ({ id: p.file_id, name: p.name })),
    timeline: extra.actions.map((a) => ({
      type: a.type,
      at: a.at.toISOString(),
      actorName: !CALLER_ACTORS.test(a.actor)
        ? a.actor_name
        : !showCaller
          ? "市民 / Caller"
          : extra.shown === "masked"
            ? maskName(a.actor_name)
            : a.actor_name,
      comment: a.comment,
    })),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
