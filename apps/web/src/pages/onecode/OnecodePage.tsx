import type { OnecodeHolderScan } from "@yiwang/contracts";
import { Alert, Button, Checkbox, Empty, List, Space, Tag } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatPlatformDateTime } from "../../shared/dates";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { RequireLogin, useMe } from "../../shared/session";
import { useWallet } from "../licenses/api";
import { useTypeName } from "../licenses/LicenseTags";
import { useMyCode, useMyScans, useScanAnswer } from "./api";
import { ExtensionList } from "./Extensions";
import "./onecode.css";

/** A new code this long before the old one expires, so the one on screen always scans. */
const REFRESH_BEFORE_MS = 10_000;
const STATUS_COLOR = { pending: "processing", consented: "success", declined: "default" } as const;

function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** License types a holder may attach to a code (the server's registered extension sources). */
const ATTACHABLE = new Set(["SSC"]);

function Code() {
  const { t } = useTranslation();
  const wallet = useWallet({ holder: "person", limit: 50, offset: 0 });
  const card = wallet.data?.items.find((l) => ATTACHABLE.has(l.typeCode) && l.status === "valid");
  const [attach, setAttach] = useState(false);
  const code = useMyCode(true, attach && card ? card.id : undefined);
  const now = useNow(1000);
  const expiresAt = code.data ? new Date(code.data.expiresAt).getTime() : 0;
  const { refetch } = code;
  useEffect(() => {
    if (!expiresAt) return;
    const timer = setTimeout(() => void refetch(), Math.max(1000, expiresAt - REFRESH_BEFORE_MS - Date.now()));
    return () => clearTimeout(timer);
  }, [expiresAt, refetch]);
  if (code.isError) return <ErrorAlert error={code.error} onRetry={() => void code.refetch()} />;
  const left = Math.max(0, Math.round((expiresAt - now) / 1000));
  return (
    <Panel>
      <div className="yw-onecode-code">
        {code.data ? (
          <img
            src={code.data.png}
            alt={t("onecode.holder.codeAlt")}
            data-testid="onecode-qr"
            data-kid={code.data.kid}
            className="yw-onecode-qr"
          />
        ) : (
          <div className="yw-onecode-qr yw-onecode-placeholder" />
        )}
        <p className="yw-cell-sub" data-testid="onecode-expiry">
          {t("onecode.holder.expires", { seconds: left })}
        </p>
        <Button onClick={() => void code.refetch()} loading={code.isFetching} data-testid="onecode-refresh">
          {t("onecode.holder.refresh")}
        </Button>
        {card && (
          <Checkbox checked={attach} onChange={(e) => setAttach(e.target.checked)} data-testid="onecode-attach">
            {t("onecode.holder.attach")}
          </Checkbox>
        )}
        {code.data && code.data.extensions.length > 0 && <ExtensionList items={code.data.extensions} />}
        <p className="yw-cell-sub">{t("onecode.holder.hint")}</p>
      </div>
    </Panel>
  );
}

function PendingScan({ scan }: { scan: OnecodeHolderScan }) {
  const { t } = useTranslation();
  const typeName = useTypeName();
  const wallet = useWallet({ holder: "person", limit: 50, offset: 0 });
  const [chosen, setChosen] = useState<string[]>([]);
  const [showCases, setShowCases] = useState(false);
  const { consent, decline } = useScanAnswer();
  const error = consent.error ?? decline.error;
  return (
    <Panel title={t("onecode.holder.request", { department: scan.department.name })}>
      <div data-testid="onecode-pending" data-scan={scan.id}>
        <p>{t("onecode.holder.choose")}</p>
        <Checkbox.Group value={chosen} onChange={(v) => setChosen(v as string[])} className="yw-onecode-choices">
          {(wallet.data?.items ?? []).map((l) => (
            <Checkbox key={l.id} value={l.id} data-testid="onecode-license-choice" data-type={l.typeCode}>
              {typeName(l)}
              <br />
              <span className="yw-cell-sub yw-mono yw-onecode-id">{l.identifier}</span>
            </Checkbox>
          ))}
        </Checkbox.Group>
        <Checkbox
          checked={showCases}
          onChange={(e) => setShowCases(e.target.checked)}
          className="yw-onecode-show-cases"
          data-testid="onecode-show-cases"
        >
          {t("onecode.holder.showCases")}
        </Checkbox>
        {error && <ErrorAlert error={error} />}
        <Space wrap className="yw-onecode-actions">
          <Button
            type="primary"
            onClick={() => consent.mutate({ id: scan.id, licenseIds: chosen, showCases })}
            loading={consent.isPending}
            data-testid="onecode-consent"
          >
            {t("onecode.holder.consent", { count: chosen.length })}
          </Button>
          <Button onClick={() => decline.mutate(scan.id)} loading={decline.isPending} data-testid="onecode-decline">
            {t("onecode.holder.decline")}
          </Button>
        </Space>
      </div>
    </Panel>
  );
}

function Scans() {
  const { t } = useTranslation();
  const scans = useMyScans(true);
  const now = useNow(5000);
  const items = scans.data?.items ?? [];
  const pending = items.filter((s) => s.status === "pending" && new Date(s.expiresAt).getTime() > now);
  return (
    <>
      {pending.map((s) => (
        <PendingScan key={s.id} scan={s} />
      ))}
      <Panel title={t("onecode.holder.history")}>
        {scans.isError ? (
          <ErrorAlert error={scans.error} />
        ) : (
          <List
            loading={scans.isPending}
            dataSource={items}
            locale={{ emptyText: <Empty description={t("onecode.holder.noScans")} /> }}
            renderItem={(s) => (
              <List.Item data-testid="onecode-history-item">
                <List.Item.Meta
                  title={s.department.name}
                  description={
                    <>
                      <span className="yw-cell-sub">{formatPlatformDateTime(s.scannedAt)}</span>{" "}
                      <Tag color={STATUS_COLOR[s.status]}>{t(`onecode.status.${s.status}`)}</Tag>
                      {s.status === "consented" && (
                        <span className="yw-cell-sub">{t("onecode.holder.shown", { count: s.licenseCount })}</span>
                      )}
                      {s.status === "consented" && s.showCases && (
                        <span className="yw-cell-sub"> · {t("onecode.holder.casesShown")}</span>
                      )}
                    </>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Panel>
    </>
  );
}

/** /onecode — 我的一码通: the code to show at a window or gate, consent per scan, who scanned it. */
export function OnecodePage() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <div className="yw-container yw-page">
      <PageHeading title={t("onecode.holder.title")} subtitle={t("onecode.holder.subtitle")} />
      <RequireLogin>
        {me.data?.kind === "citizen" ? (
          <div className="yw-onecode">
            <Code />
            <Scans />
          </div>
        ) : (
          <Alert type="info" showIcon message={t("onecode.holder.citizensOnly")} />
        )}
      </RequireLogin>
    </div>
  );
}
