import { DownloadOutlined, FileProtectOutlined, PrinterOutlined, SafetyCertificateOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import type { CaseDetail, CaseDocumentKind } from "@yiwang/contracts";
import { Empty, Skeleton } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client";
import { formatPlatformDateTime } from "../../shared/dates";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { Panel } from "../../shared/Panel";
import { useWallet } from "../licenses/api";
import "./CaseDocuments.css";

/** The history entries each of which issues one 文书 (the server issues it as the event is delivered). */
const ISSUING_ACTIONS = new Set(["accepted", "supplement_requested", "refused", "approved", "denied"]);

/**
 * 文书: the case's sealed receipts and decisions (受理回执, 补正告知书, 决定书), each to download or to open
 * for printing; for the applicant of an approved case, a link to the e-license it issued in the wallet.
 * Documents are issued just after the event (through the outbox), so the list polls briefly while one
 * the history promises is not there yet.
 */
export function CaseDocuments({ detail, applicant }: { detail: CaseDetail; applicant: boolean }) {
  const { t } = useTranslation();
  const expected = detail.history.filter((h) => ISSUING_ACTIONS.has(h.type)).length;
  const docs = useQuery({
    queryKey: ["cases", "documents", detail.id, detail.version],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/cases/{id}/documents", { params: { path: { id: detail.id } }, signal })),
    staleTime: 0,
    retry: false,
    refetchInterval: (q) =>
      (q.state.data?.items.length ?? 0) < expected && q.state.dataUpdateCount < 30 ? 2000 : false,
  });
  if (expected === 0) return null;
  return (
    <Panel title={t("cases.documents.title")} icon={<FileProtectOutlined />}>
      {docs.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : docs.isError ? (
        <ErrorAlert error={docs.error} onRetry={() => void docs.refetch()} />
      ) : docs.data.items.length === 0 ? (
        <Empty description={t("cases.documents.pending")} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <ul className="yw-case-documents" data-testid="case-documents">
          {docs.data.items.map((d) => (
            <li key={d.id} className="yw-case-document" data-testid={`document-${d.kind}`}>
              <div className="yw-case-document-name">
                <span className="yw-cell-strong">{t(`cases.documents.kinds.${d.kind as CaseDocumentKind}`)}</span>
                <div className="yw-cell-sub">
                  <span className="yw-mono">{d.number}</span> · {d.departmentName} ·{" "}
                  {formatPlatformDateTime(d.issuedAt)}
                </div>
              </div>
              <span className="yw-case-document-links">
                <a href={d.url} download data-testid="document-download">
                  <DownloadOutlined /> {t("cases.documents.download")}
                </a>
                <a href={`${d.url}?inline=1`} target="_blank" rel="noreferrer" data-testid="document-print">
                  <PrinterOutlined /> {t("cases.documents.print")}
                </a>
              </span>
            </li>
          ))}
        </ul>
      )}
      {applicant && detail.decision?.outcome === "approved" && <IssuedLicense caseId={detail.id} />}
    </Panel>
  );
}

/** The license the case issued, found in the applicant's wallet (the identity they act as holds it). */
function IssuedLicense({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const wallet = useWallet({ limit: 200, offset: 0 });
  const license = wallet.data?.items.find((l) => l.caseId === caseId);
  if (!license) return null;
  return (
    <p className="yw-note">
      <Link to={`/licenses/${license.id}`} data-testid="case-license-link">
        <SafetyCertificateOutlined />{" "}
        {t("cases.documents.license", {
          name: i18n.resolvedLanguage === "en" ? (license.typeNameEn ?? license.typeName) : license.typeName,
        })}
      </Link>
    </p>
  );
}
