import type { LicenseHolder, LicenseStatus, LicenseSummary, VerifyOutcome } from "@yiwang/contracts";
import { Tag } from "antd";
import { useTranslation } from "react-i18next";

const STATUS_COLOR: Record<LicenseStatus, string> = {
  valid: "success",
  suspended: "warning",
  revoked: "error",
  expired: "default",
};

/** 有效 green, 已中止 orange, 已注销 red, 已过期 grey. */
export function LicenseStatusTag({ status }: { status: LicenseStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="license-status" data-status={status}>
      {t(`licenses.status.${status}`)}
    </Tag>
  );
}

const OUTCOME_COLOR: Record<VerifyOutcome, string> = {
  valid: "success",
  suspended: "warning",
  expired: "warning",
  revoked: "error",
  forged: "error",
};

/** A verification outcome as a tag (the staff case page; the public page shows a large result instead). */
export function VerifyTag({ outcome }: { outcome: VerifyOutcome }) {
  const { t } = useTranslation();
  return (
    <Tag color={OUTCOME_COLOR[outcome]} data-testid="verify-tag" data-outcome={outcome}>
      {t(`licenses.verify.result.${outcome}`)}
    </Tag>
  );
}

/** The type's name in the current language (the English name when there is one). */
export function useTypeName() {
  const { i18n } = useTranslation();
  return (l: { typeName: string; typeNameEn: string | null }) =>
    i18n.resolvedLanguage === "en" && l.typeNameEn ? l.typeNameEn : l.typeName;
}

/** "张伟 · 9901**********101X" — the holder as the API gives it (a person's ID number already masked). */
export function HolderText({ holder }: { holder: LicenseHolder }) {
  const { t } = useTranslation();
  return (
    <span>
      {holder.name} <span className="yw-cell-sub yw-mono yw-license-wrap">{holder.code}</span>{" "}
      <span className="yw-cell-sub">({t(`licenses.holderKind.${holder.kind}`)})</span>
    </span>
  );
}

/** "2025-03-01 – 2030-02-28", or "… – 长期". */
export function ValidityText({ license }: { license: Pick<LicenseSummary, "validFrom" | "validUntil"> }) {
  const { t } = useTranslation();
  return (
    <span className="yw-nowrap">
      {license.validFrom} – {license.validUntil ?? t("licenses.fields.longTerm")}
    </span>
  );
}
