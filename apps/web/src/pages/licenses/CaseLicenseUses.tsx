import { SafetyCertificateOutlined, WarningOutlined } from "@ant-design/icons";
import type { CaseDetail } from "@yiwang/contracts";
import { Alert, Descriptions, Empty, Skeleton } from "antd";
import { useTranslation } from "react-i18next";
import { formatPlatformDateTime } from "../../shared/dates";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { Panel } from "../../shared/Panel";
import { useCaseLicenseUses } from "./api";
import { HolderText, LicenseStatusTag, useTypeName, ValidityText, VerifyTag } from "./LicenseTags";
import "./licenses.css";

/**
 * 免提交证照: for the staff handling a case, each license the applicant let them use — material, type,
 * number, holder (masked), the license's fields, a fresh verification, and a flag when the license was
 * revoked or suspended after the applicant used it.
 */
export function CaseLicenseUses({ detail }: { detail: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const typeName = useTypeName();
  const any = detail.materials.some((m) => m.kind === "license");
  const uses = useCaseLicenseUses(detail.id, any);
  if (!any) return null;
  const en = i18n.resolvedLanguage === "en";
  return (
    <Panel title={t("licenses.uses.title")} icon={<SafetyCertificateOutlined />}>
      {uses.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : uses.isError ? (
        <ErrorAlert error={uses.error} onRetry={() => void uses.refetch()} />
      ) : uses.data.items.length === 0 ? (
        <Empty description={t("licenses.uses.empty")} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <ul className="yw-license-uses" data-testid="case-license-uses">
          {uses.data.items.map((u) => (
            <li
              key={`${u.licenseId}-${u.material}`}
              className={u.flaggedAt ? "yw-license-uses-flagged" : undefined}
              data-testid="case-license-use"
              data-verification={u.verification}
            >
              <div className="yw-case-material-head">
                <div>
                  <div className="yw-cell-sub">
                    {t("licenses.uses.material")}：{u.material}
                  </div>
                  <span className="yw-cell-strong">{typeName(u.license)}</span>{" "}
                  <span className="yw-mono yw-cell-sub yw-license-wrap">{u.license.identifier}</span>
                </div>
                <span>
                  <span className="yw-cell-sub">{t("licenses.uses.verification")} </span>
                  <VerifyTag outcome={u.verification} />
                </span>
              </div>
              {u.flaggedAt && (
                <Alert
                  type="error"
                  showIcon
                  icon={<WarningOutlined />}
                  className="yw-note"
                  data-testid="case-license-flag"
                  message={t("licenses.uses.flagged", { at: formatPlatformDateTime(u.flaggedAt) })}
                />
              )}
              <Descriptions
                column={{ xs: 1, md: 2 }}
                size="small"
                className="yw-license-descriptions yw-note"
                items={[
                  {
                    key: "holder",
                    label: t("licenses.fields.holder"),
                    children: <HolderText holder={u.license.holder} />,
                  },
                  { key: "issuer", label: t("licenses.fields.issuer"), children: u.license.issuer.name },
                  {
                    key: "validity",
                    label: t("licenses.fields.validity"),
                    children: <ValidityText license={u.license} />,
                  },
                  {
                    key: "status",
                    label: t("licenses.fields.status"),
                    children: <LicenseStatusTag status={u.license.status} />,
                  },
                  ...u.fields.map((f) => ({
                    key: `f-${f.key}`,
                    label: en && f.labelEn ? f.labelEn : f.label,
                    children: f.value,
                  })),
                ]}
              />
              <div className="yw-cell-sub">
                {t("licenses.uses.consentedAt", { at: formatPlatformDateTime(u.consentedAt) })}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
