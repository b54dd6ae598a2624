import { SafetyCertificateOutlined } from "@ant-design/icons";
import type { LicenseStatus } from "@yiwang/contracts";
import { Empty, Pagination, Skeleton } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { RequireLogin, useMe } from "../../shared/session";
import { useWallet } from "./api";
import { LicenseFilters } from "./LicenseFilters";
import { LicenseStatusTag, useTypeName, ValidityText } from "./LicenseTags";
import { LICENSE_STATUSES } from "./util";
import "./licenses.css";

const PAGE_SIZE = 20;

function Wallet() {
  const { t } = useTranslation();
  const me = useMe();
  const typeName = useTypeName();
  const [typeCode, setTypeCode] = useState<string | undefined>(undefined);
  const [status, setStatus] = useState<LicenseStatus | undefined>(undefined);
  const [page, setPage] = useState(1);
  const citizen = me.data?.kind === "citizen";
  const list = useWallet({ typeCode, status, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, citizen);
  if (me.data && !citizen) return <Empty description={t("licenses.wallet.citizenOnly")} />;

  const items = list.data?.items ?? [];
  return (
    <Panel>
      {me.data?.actingFor && (
        <p className="yw-muted" data-testid="wallet-acting">
          {t("licenses.wallet.actingFor", { name: me.data.actingFor.name })}
        </p>
      )}
      <div className="yw-toolbar yw-license-toolbar">
        <LicenseFilters
          typeCode={typeCode}
          status={status}
          statuses={LICENSE_STATUSES}
          onTypeCode={(v) => {
            setTypeCode(v);
            setPage(1);
          }}
          onStatus={(v) => {
            setStatus(v);
            setPage(1);
          }}
        />
      </div>
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <Skeleton active paragraph={{ rows: 4 }} />
      ) : items.length === 0 ? (
        <Empty description={t("licenses.wallet.empty")}>
          <p className="yw-muted">{t("licenses.wallet.emptyHint")}</p>
        </Empty>
      ) : (
        <>
          <ul className="yw-license-cards" data-testid="wallet">
            {items.map((l) => (
              <li key={l.id}>
                <Link
                  to={`/licenses/${l.id}`}
                  className={`yw-license-card yw-license-card-${l.status}`}
                  data-testid="wallet-license"
                  data-identifier={l.identifier}
                >
                  <div className="yw-license-card-head">
                    <SafetyCertificateOutlined className="yw-license-card-icon" aria-hidden="true" />
                    <span className="yw-license-card-title">{typeName(l)}</span>
                    <LicenseStatusTag status={l.status} />
                  </div>
                  <div className="yw-mono yw-license-card-id">{l.identifier}</div>
                  <dl className="yw-license-card-facts">
                    <dt>{t("licenses.fields.holder")}</dt>
                    <dd>{l.holder.name}</dd>
                    <dt>{t("licenses.fields.issuer")}</dt>
                    <dd>{l.issuer.name}</dd>
                    <dt>{t("licenses.fields.validity")}</dt>
                    <dd>
                      <ValidityText license={l} />
                    </dd>
                  </dl>
                </Link>
              </li>
            ))}
          </ul>
          <div className="yw-license-pager">
            <span className="yw-cell-sub">{t("licenses.wallet.total", { total: list.data?.total ?? 0 })}</span>
            <Pagination
              size="small"
              current={page}
              pageSize={PAGE_SIZE}
              total={list.data?.total ?? 0}
              onChange={setPage}
              hideOnSinglePage
              showSizeChanger={false}
            />
          </div>
        </>
      )}
    </Panel>
  );
}

/** /licenses — 我的证照: the signed-in person's e-licenses (or the enterprise's, when acting for one). */
export function WalletPage() {
  const { t } = useTranslation();
  return (
    <div className="yw-container yw-page">
      <PageHeading title={t("licenses.wallet.title")} subtitle={t("licenses.wallet.subtitle")} />
      <RequireLogin>
        <Wallet />
      </RequireLogin>
    </div>
  );
}
