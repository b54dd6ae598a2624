import { SafetyCertificateOutlined } from "@ant-design/icons";
import type { MaterialLicenseHolder } from "@yiwang/contracts";
import { Alert, Button, Checkbox, Empty, Modal, Radio, Skeleton } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { useMe } from "../../shared/session";
import { useAttachLicense, useCaseLicenseUses, useLicenseTypes, useWallet } from "./api";
import { useTypeName, ValidityText, VerifyTag } from "./LicenseTags";
import "./licenses.css";

interface Props {
  caseId: string;
  material: string;
  /** The license type that may stand in for the material (the item's `fromLicense`). */
  typeCode: string;
  /** Whose license the material takes (the item's `licenseHolder`; null: the identity acted as). */
  holder: MaterialLicenseHolder | null;
}

/**
 * 使用电子证照（免提交）: pick one of the wallet's valid licenses of the material's type, consent to the
 * handling departments reading it for this case (授权用证), and attach it by reference instead of a file.
 * A material about a person (法定代表人身份证明, 经办人身份证件) offers the person's own licenses, also while
 * they act for an enterprise; one about the enterprise the enterprise's.
 */
export function UseLicenseButton({ caseId, material, typeCode, holder }: Props) {
  const { t } = useTranslation();
  const typeName = useTypeName();
  const [open, setOpen] = useState(false);
  const [picked, setPicked] = useState<string | null>(null);
  const [consent, setConsent] = useState(false);
  const [consentMissing, setConsentMissing] = useState(false);
  const whose = holder === "enterprise" ? "enterprise" : holder ? "person" : undefined;
  const wallet = useWallet({ typeCode, status: "valid", holder: whose, limit: 50, offset: 0 }, open);
  const types = useLicenseTypes();
  const attach = useAttachLicense(caseId);
  const type = types.data?.items.find((x) => x.code === typeCode);
  const typeLabel = type ? typeName({ typeName: type.name, typeNameEn: type.nameEn }) : typeCode;
  const items = wallet.data?.items ?? [];
  const chosen = picked ?? (items.length === 1 ? (items[0]?.id ?? null) : null);

  const close = () => {
    setOpen(false);
    setPicked(null);
    setConsent(false);
    setConsentMissing(false);
    attach.reset();
  };

  return (
    <>
      <Button
        size="small"
        icon={<SafetyCertificateOutlined />}
        onClick={() => setOpen(true)}
        data-testid="use-license"
        aria-label={`${t("licenses.use.button")} · ${material}`}
      >
        {t("licenses.use.button")}
      </Button>
      <Modal
        open={open}
        title={t("licenses.use.title")}
        okText={t("licenses.use.submit")}
        cancelText={t("cases.common.cancel")}
        okButtonProps={{ disabled: !chosen, loading: attach.isPending, ...{ "data-testid": "use-license-submit" } }}
        onCancel={close}
        onOk={() => {
          if (!chosen) return;
          if (!consent) {
            setConsentMissing(true);
            return;
          }
          attach.mutate({ material, licenseId: chosen }, { onSuccess: close });
        }}
        destroyOnHidden
      >
        <p className="yw-muted">
          {material} · {t("licenses.use.intro", { type: typeLabel })}
        </p>
        {wallet.isPending ? (
          <Skeleton active paragraph={{ rows: 2 }} />
        ) : wallet.isError ? (
          <ErrorAlert error={wallet.error} onRetry={() => void wallet.refetch()} />
        ) : items.length === 0 ? (
          <Empty description={t("licenses.use.none", { type: typeLabel })} image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <fieldset>
            <legend className="yw-case-subtitle">{t("licenses.use.pick")}</legend>
            <Radio.Group value={chosen} onChange={(e) => setPicked(e.target.value)} className="yw-license-actions">
              {items.map((l) => (
                <Radio key={l.id} value={l.id} data-testid="use-license-option">
                  <span className="yw-cell-strong">{typeName(l)}</span>{" "}
                  <span className="yw-mono yw-cell-sub yw-license-wrap">{l.identifier}</span>
                  <div className="yw-cell-sub">
                    {l.holder.name} · {l.issuer.name} · <ValidityText license={l} />
                  </div>
                </Radio>
              ))}
            </Radio.Group>
            <Checkbox
              checked={consent}
              onChange={(e) => {
                setConsent(e.target.checked);
                setConsentMissing(false);
              }}
              className="yw-license-consent"
              data-testid="use-license-consent"
            >
              {t("licenses.use.consent")}
            </Checkbox>
            {consentMissing && (
              <Alert
                type="error"
                showIcon
                role="alert"
                message={t("licenses.use.consentRequired")}
                className="yw-note"
              />
            )}
          </fieldset>
        )}
        {attach.isError && <ErrorAlert error={attach.error} />}
      </Modal>
    </>
  );
}

/**
 * A material attached as a license reference: the license's type and number with its verification now,
 * read from the case's license uses (which both the applicant and the handling staff may read).
 */
export function LicenseMaterialRef({ caseId, licenseId }: { caseId: string; licenseId: string | null }) {
  const { t } = useTranslation();
  const typeName = useTypeName();
  const me = useMe();
  const uses = useCaseLicenseUses(caseId);
  const use = uses.data?.items.find((u) => u.licenseId === licenseId);
  if (!use) return <span>{t("licenses.use.attached")}</span>;
  return (
    <span data-testid="license-material" data-identifier={use.license.identifier}>
      {me.data?.kind === "citizen" ? (
        <Link to={`/licenses/${use.licenseId}`} className="yw-cell-strong">
          {typeName(use.license)}
        </Link>
      ) : (
        <span className="yw-cell-strong">{typeName(use.license)}</span>
      )}{" "}
      <span className="yw-mono yw-cell-sub yw-license-wrap">{use.license.identifier}</span>{" "}
      <VerifyTag outcome={use.verification} />
    </span>
  );
}
