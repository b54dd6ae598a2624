import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AuditSearchRequest } from "../../shared/audit";
import type { AuditLogEntry } from "../../shared/contracts";
import { PageHeading } from "../../shared/PageHeading";
import { AuditAccessNotice } from "./AuditAccessNotice";
import { AuditSearchPanel } from "./AuditSearchPanel";
import { AuditTreeHead } from "./AuditTreeHead";
import { AuditVerifyPanel } from "./AuditVerifyPanel";

/**
 * The auditor's view of the tamper-evident log. Searching needs an auditor's staff session; the tree head and
 * proofs are public, and the proof is checked here in the browser so the auditor does not have to take
 * the server's word that an entry is in the signed log.
 */
export function AuditAdminPage() {
  const { t } = useTranslation();
  const [request, setRequest] = useState<AuditSearchRequest | null>(null);
  const [selected, setSelected] = useState<AuditLogEntry | null>(null);
  const verifyRef = useRef<HTMLDivElement>(null);

  // The result is below the table: bring it into view, or a click on a long list seems to do nothing.
  useEffect(() => {
    if (selected) verifyRef.current?.scrollIntoView({ behavior: "smooth", block: "start" });
  }, [selected]);

  const trail = [{ title: t("admin.title"), to: "/admin" }];
  return (
    <div className="yw-container yw-page yw-audit">
      <PageHeading title={t("admin.audit.title")} subtitle={t("admin.audit.desc")} trail={trail} />
      <AuditAccessNotice />
      <AuditTreeHead />
      <AuditSearchPanel
        request={request}
        onSearch={(next) => {
          setRequest(next);
          setSelected(null);
        }}
        selected={selected?.leaf_index ?? null}
        onVerify={setSelected}
      />
      <div ref={verifyRef} className="yw-audit-verify-anchor">
        <AuditVerifyPanel entry={selected} />
      </div>
    </div>
  );
}
