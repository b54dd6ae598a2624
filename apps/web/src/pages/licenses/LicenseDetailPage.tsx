import {
  CopyOutlined,
  FilePdfOutlined,
  ProfileOutlined,
  QrcodeOutlined,
  SafetyCertificateOutlined,
  SafetyOutlined,
} from "@ant-design/icons";
import type { LicenseDetail } from "@yiwang/contracts";
import { Alert, Button, Descriptions, Empty, Skeleton } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { RequireLogin, useMe } from "../../shared/session";
import { licensePdfHref, licenseQrSrc, useLicense } from "./api";
import { HolderText, LicenseStatusTag, useTypeName, ValidityText } from "./LicenseTags";
import { dateOf, verifyPath } from "./util";
import "./licenses.css";

function CopyCredential({ credential }: { credential: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <Button
      icon={<CopyOutlined />}
      data-testid="license-copy-credential"
      onClick={() =>
        void navigator.clipboard
          ?.writeText(credential)
          .then(() => setCopied(true))
          .catch(() => setCopied(false))
      }
    >
      {copied ? t("licenses.detail.copied") : t("licenses.detail.copy")}
    </Button>
  );
}

export function LicenseFacts({ license }: { license: LicenseDetail }) {
  const { t } = useTranslation();
  const me = useMe();
  const typeName = useTypeName();
  const caseLink = license.caseId
    ? me.data?.kind === "staff"
      ? `/workbench/cases/${license.caseId}`
      : `/cases/${license.caseId}`
    : null;
  return (
    <Descriptions
      column={1}
      size="small"
      bordered
      className="yw-license-descriptions"
      data-testid="license-facts"
      items={[
        { key: "type", label: t("licenses.fields.type"), children: typeName(license) },
        {
          key: "identifier",
          label: t("licenses.fields.identifier"),
          children: (
            <span className="yw-mono yw-license-wrap" data-testid="license-identifier">
              {license.identifier}
            </span>
          ),
        },
        { key: "holder", label: t("licenses.fields.holder"), children: <HolderText holder={license.holder} /> },
        { key: "issuer", label: t("licenses.fields.issuer"), children: license.issuer.name },
        { key: "issuedAt", label: t("licenses.fields.issuedAt"), children: dateOf(license.issuedAt) },
        { key: "validity", label: t("licenses.fields.validity"), children: <ValidityText license={license} /> },
        {
          key: "status",
          label: t("licenses.fields.status"),
          children: (
            <>
              <LicenseStatusTag status={license.status} />
              {license.statusReason && <span className="yw-cell-sub">{license.statusReason}</span>}
            </>
          ),
        },
        {
          key: "source",
          label: t("licenses.fields.source"),
          children: (
            <>
              {t(`licenses.source.${license.source}`)}
              {caseLink && (
                <>
                  {" · "}
                  <Link to={caseLink}>{t("licenses.fields.case")}</Link>
                </>
              )}
            </>
          ),
        },
      ]}
    />
  );
}

function Detail({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const typeName = useTypeName();
  const me = useMe();
  const q = useLicense(id);
  if (q.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (q.isError) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const l = q.data;
  const en = i18n.resolvedLanguage === "en";
  const trail =
    me.data?.kind === "staff"
      ? [
          { title: t("workbench.title"), to: "/workbench" },
          { title: t("licenses.manage.title"), to: "/workbench/licenses" },
        ]
      : [{ title: t("licenses.wallet.title"), to: "/licenses" }];
  return (
    <>
      <PageHeading
        title={typeName(l)}
        subtitle={
          <>
            <LicenseStatusTag status={l.status} /> <span className="yw-mono yw-license-wrap">{l.identifier}</span>
          </>
        }
        trail={trail}
      />
      {l.status !== "valid" && (
        <Alert
          type={l.status === "expired" ? "warning" : "error"}
          showIcon
          className="yw-case-banner"
          message={t(`licenses.verify.resultDesc.${l.status}`)}
          description={l.statusReason ?? undefined}
        />
      )}
      <div className="yw-license-grid">
        <div className="yw-license-main">
          <Panel title={t("licenses.detail.facts")} icon={<ProfileOutlined />}>
            <LicenseFacts license={l} />
          </Panel>
          <Panel title={t("licenses.detail.fields")} icon={<SafetyCertificateOutlined />}>
            {l.fields.length === 0 ? (
              <Empty description={t("licenses.detail.noFields")} image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <Descriptions
                column={1}
                size="small"
                bordered
                className="yw-license-descriptions"
                data-testid="license-fields"
                items={l.fields.map((f) => ({
                  key: f.key,
                  label: en && f.labelEn ? f.labelEn : f.label,
                  children: f.value,
                }))}
              />
            )}
          </Panel>
          <Panel title={t("licenses.detail.credential")} icon={<SafetyOutlined />}>
            <p className="yw-muted">{t("licenses.detail.credentialHint")}</p>
            <div className="yw-license-credential" data-testid="license-credential">
              {l.credential}
            </div>
            <div className="yw-toolbar yw-note">
              <CopyCredential credential={l.credential} />
            </div>
          </Panel>
        </div>
        <aside className="yw-license-side">
          <Panel title={t("licenses.detail.qr")} icon={<QrcodeOutlined />}>
            <div className="yw-license-qr">
              <img
                src={licenseQrSrc(l.id)}
                alt={t("licenses.detail.qrAlt", { type: typeName(l) })}
                width={220}
                height={220}
                data-testid="license-qr"
              />
              <p className="yw-cell-sub">{t("licenses.detail.qrHint")}</p>
              <div className="yw-license-actions">
                <Button
                  type="primary"
                  icon={<FilePdfOutlined />}
                  href={l.hasPdf ? licensePdfHref(l.id) : undefined}
                  disabled={!l.hasPdf}
                  data-testid="license-pdf"
                  block
                >
                  {l.hasPdf ? t("licenses.detail.pdf") : t("licenses.detail.noPdf")}
                </Button>
                <Link to={verifyPath(l.qrToken)} data-testid="license-verify-link">
                  <SafetyOutlined /> {t("licenses.detail.verifyLink")}
                </Link>
              </div>
            </div>
          </Panel>
        </aside>
      </div>
    </>
  );
}

/** /licenses/:id — one license for its holder (or the issuing department's staff): facts, QR, PDF, credential. */
export function LicenseDetailPage() {
  const { id = "" } = useParams();
  return (
    <div className="yw-container yw-page">
      <RequireLogin>
        <Detail id={id} />
      </RequireLogin>
    </div>
  );
}
