import type { LicenseSummary, OnecodeClerkScan } from "@yiwang/contracts";
import { Alert, Space, Table, type TableProps, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { RequireLogin } from "../../shared/session";
import { StatusTag } from "../cases/CaseTags";
import { HolderText, LicenseStatusTag, useTypeName, ValidityText } from "../licenses/LicenseTags";
import { useClerkScan, useScanCode } from "./api";
import "./onecode.css";
import { ScanInputs } from "./ScanInputs";

function Licenses({ items }: { items: LicenseSummary[] }) {
  const { t } = useTranslation();
  const typeName = useTypeName();
  const columns: TableProps<LicenseSummary>["columns"] = [
    { title: t("onecode.clerk.type"), render: (_, l) => typeName(l) },
    { title: t("onecode.clerk.identifier"), render: (_, l) => <span className="yw-mono">{l.identifier}</span> },
    { title: t("onecode.clerk.holder"), render: (_, l) => <HolderText holder={l.holder} /> },
    { title: t("onecode.clerk.validity"), render: (_, l) => <ValidityText license={l} /> },
    { title: t("onecode.clerk.status"), render: (_, l) => <LicenseStatusTag status={l.status} /> },
  ];
  return (
    <Table
      rowKey="id"
      size="small"
      pagination={false}
      scroll={{ x: true }}
      columns={columns}
      dataSource={items}
      onRow={(l) => ({ "data-testid": "onecode-shown-license", "data-type": l.typeCode }) as object}
    />
  );
}

type PendingCase = OnecodeClerkScan["cases"][number];

/** The person's cases in progress the window may see: its department's, or all when the person said so. */
function Cases({ scan }: { scan: OnecodeClerkScan }) {
  const { t } = useTranslation();
  const columns: TableProps<PendingCase>["columns"] = [
    { title: t("onecode.clerk.caseNumber"), render: (_, c) => <span className="yw-mono">{c.number ?? "—"}</span> },
    { title: t("onecode.clerk.caseItem"), dataIndex: "itemName" },
    { title: t("onecode.clerk.caseStatus"), render: (_, c) => <StatusTag status={c.status} /> },
    { title: t("onecode.clerk.caseDue"), render: (_, c) => c.deadlineDate ?? "—" },
  ];
  return (
    <div className="yw-onecode-cases" data-testid="onecode-cases" data-scope={scan.casesScope}>
      <h3>{t("onecode.clerk.casesTitle")}</h3>
      <p className="yw-cell-sub">
        {t(scan.casesScope === "all" ? "onecode.clerk.casesAll" : "onecode.clerk.casesDepartment")}
      </p>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        columns={columns}
        dataSource={scan.cases}
        locale={{ emptyText: t("onecode.clerk.noCases") }}
        onRow={(c) => ({ "data-testid": "onecode-case", "data-number": c.number ?? "" }) as object}
      />
    </div>
  );
}

function Scanner() {
  const { t } = useTranslation();
  const scanCode = useScanCode();
  const [scanId, setScanId] = useState<string | null>(null);
  const [unreadable, setUnreadable] = useState(false);
  const scan = useClerkScan(scanId);
  const submit = (code: string) => {
    setScanId(null);
    scanCode.mutate(code, { onSuccess: (s) => setScanId(s.id) });
  };
  const data = scan.data;
  return (
    <>
      <Panel title={t("onecode.clerk.scanTitle")}>
        <Space direction="vertical" className="yw-onecode-scanner">
          <ScanInputs
            onCode={submit}
            onPicture={(text) => {
              setUnreadable(text === null);
              if (text !== null) submit(text);
            }}
            submitLabel={t("onecode.clerk.paste")}
            testIdPrefix="onecode"
          />
          {unreadable && <Alert type="warning" showIcon message={t("onecode.clerk.unreadable")} />}
          {scanCode.isError && <ErrorAlert error={scanCode.error} />}
        </Space>
      </Panel>
      {scanId && (
        <Panel title={t("onecode.clerk.resultTitle")}>
          {scan.isError && <ErrorAlert error={scan.error} />}
          {data && (
            <div data-testid="onecode-scan" data-status={data.status}>
              <Tag
                color={data.status === "consented" ? "success" : data.status === "declined" ? "default" : "processing"}
              >
                {t(`onecode.status.${data.status}`)}
              </Tag>
              {data.status === "pending" && <p className="yw-cell-sub">{t("onecode.clerk.waiting")}</p>}
              {data.status === "declined" && <p>{t("onecode.clerk.declined")}</p>}
              {data.status === "consented" &&
                (data.licenses.length ? <Licenses items={data.licenses} /> : <p>{t("onecode.clerk.none")}</p>)}
              {data.status === "consented" && <Cases scan={data} />}
            </div>
          )}
        </Panel>
      )}
    </>
  );
}

/** /workbench/onecode — 亮码办事: the window scans a personal code and sees the licenses the holder consents to. */
export function OnecodeScanPage() {
  const { t } = useTranslation();
  return (
    <div className="yw-container yw-page">
      <PageHeading title={t("onecode.clerk.title")} subtitle={t("onecode.clerk.subtitle")} />
      <RequireLogin kind="staff">
        <Scanner />
      </RequireLogin>
    </div>
  );
}
