import { useQueries } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import type { AuditLogEntry } from "../../shared/contracts";
import { auditEventNames, auditModuleNames } from "./auditEvents";

const STAFF = /^staff:([0-9a-f-]{36})$/i;
const OTHER = /^(citizen|client):(.+)$/;

/**
 * Names for an audit list (issue 15: it showed actors as UUIDs and events as codes). Staff actors are
 * looked up by id (the auditor reads staff accounts, identity.staff.read; each once per session); citizens
 * stay pseudonymous (an auditor reads no citizen's personal data: the account id's first 8 characters);
 * event types by the table in auditEvents.ts, case events by the case history's labels.
 */
export function useAuditNames(entries: readonly AuditLogEntry[]) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language.startsWith("zh") ? "zh" : "en";
  const staffIds = [
    ...new Set(entries.flatMap((e) => [STAFF.exec(e.entry.actor)?.[1]].filter((x): x is string => !!x))),
  ];
  const staff = useQueries({
    queries: staffIds.map((id) => ({
      queryKey: ["identity", "staff", id],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        unwrap(api.GET("/api/identity/staff/{id}", { params: { path: { id } }, signal })),
      staleTime: 5 * 60_000,
      retry: false,
    })),
  });
  const names = new Map(staffIds.map((id, i) => [id, staff[i]?.data]));
  const events = auditEventNames(lang);
  const modules = auditModuleNames(lang);

  const type = (code: string): string => {
    if (events[code]) return events[code];
    const [module, ...rest] = code.split(".");
    if (module === "case" && i18n.exists(`cases.action.${rest.join(".")}`))
      return t(`cases.action.${rest.join(".")}` as "cases.action.created");
    return modules[module ?? ""] ? `${modules[module ?? ""]} · ${code}` : code;
  };

  const actor = (who: string): string => {
    if (who === "system") return t("auditView.system");
    if (who.startsWith("install:")) return t("auditView.install");
    const staffId = STAFF.exec(who)?.[1];
    if (staffId) {
      const s = names.get(staffId);
      return s ? `${s.displayName}（${s.username}）` : who;
    }
    const other = OTHER.exec(who);
    if (other)
      return t(other[1] === "citizen" ? "auditView.citizen" : "auditView.client", { id: other[2]!.slice(0, 8) });
    return who;
  };

  return { type, actor };
}
