import type { LicenseStatus } from "@yiwang/contracts";
import { Select } from "antd";
import { useTranslation } from "react-i18next";
import { useLicenseTypes } from "./api";
import { useTypeName } from "./LicenseTags";

/** The license type and status filters of a license list (the wallet, the issuer's list). */
export function LicenseFilters(props: {
  typeCode: string | undefined;
  status: LicenseStatus | undefined;
  /** The statuses offered; the issuer's list leaves out `expired`, which is computed, not stored. */
  statuses: readonly LicenseStatus[];
  onTypeCode: (code: string | undefined) => void;
  onStatus: (status: LicenseStatus | undefined) => void;
}) {
  const { t } = useTranslation();
  const typeName = useTypeName();
  const types = useLicenseTypes();
  return (
    <>
      <Select
        allowClear
        placeholder={t("licenses.wallet.allTypes")}
        aria-label={t("licenses.fields.type")}
        value={props.typeCode}
        onChange={props.onTypeCode}
        options={(types.data?.items ?? []).map((x) => ({
          value: x.code,
          label: typeName({ typeName: x.name, typeNameEn: x.nameEn }),
        }))}
        className="yw-license-filter"
      />
      <Select
        allowClear
        placeholder={t("licenses.wallet.allStatuses")}
        aria-label={t("licenses.fields.status")}
        value={props.status}
        onChange={props.onStatus}
        options={props.statuses.map((s) => ({ value: s, label: t(`licenses.status.${s}`) }))}
        className="yw-license-filter"
      />
    </>
  );
}
