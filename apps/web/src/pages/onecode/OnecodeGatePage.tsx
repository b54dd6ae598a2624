import { ReloadOutlined } from "@ant-design/icons";
import { type CodeExtension, verifyCode } from "@yiwang/onecode-verifier";
import { Alert, Button, Space, Tag } from "antd";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatPlatformDateTime } from "../../shared/dates";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { ExtensionList } from "./Extensions";
import { GateNonces, keysOf, loadList, refreshList, type StoredList } from "./gate-keys";
import { registerGateWorker } from "./gate-worker";
import "./onecode.css";
import { ScanInputs } from "./ScanInputs";

/** How often an online gate fetches the key list again (a removed key leaves it within this time). */
const REFRESH_MS = 5 * 60_000;

/** What the gate shows: the verifier's result, a replay at this gate, or why it cannot verify at all. */
type GateResult =
  | "valid"
  | "malformed"
  | "oversize"
  | "unknown_kid"
  | "bad_signature"
  | "expired"
  | "not_yet_valid"
  | "replayed"
  | "unreadable"
  | "no_list"
  | "list_expired";

type ListProblem = "wrong_list_key" | "refresh_failed" | null;

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
    };
  }, []);
  return online;
}

function ListStatus({ stored, problem, online }: { stored: StoredList | null; problem: ListProblem; online: boolean }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const expired = stored ? now / 1000 > stored.exp : false;
  return (
    <div
      className="yw-onecode-gate-list"
      data-testid="gate-list"
      data-state={stored ? (expired ? "expired" : "ok") : "none"}
    >
      <Tag color={online ? "success" : "warning"} data-testid="gate-online">
        {t(online ? "onecode.gate.online" : "onecode.gate.offline")}
      </Tag>
      {stored ? (
        <span>
          {t("onecode.gate.listAge", { minutes: Math.max(0, Math.floor((now - stored.fetchedAt) / 60_000)) })}{" "}
          {t("onecode.gate.listUntil", { time: formatPlatformDateTime(new Date(stored.exp * 1000).toISOString()) })}
        </span>
      ) : (
        <span>{t("onecode.gate.noList")}</span>
      )}
      {problem && <Alert type="error" showIcon message={t(`onecode.gate.problem.${problem}`)} />}
    </div>
  );
}

/**
 * /verify/onecode — 亮码核验: a gate or venue verifies personal codes in the browser, with no server call per
 * code (@yiwang/onecode-verifier against the cached, signed key list) and keeps working offline after one
 * online visit (its service worker keeps the page; the list is in localStorage). Public: a gate has no login.
 */
export function OnecodeGatePage() {
  const { t } = useTranslation();
  const online = useOnline();
  const [stored, setStored] = useState<StoredList | null>(() => loadList());
  const [problem, setProblem] = useState<ListProblem>(null);
  const [refreshing, setRefreshing] = useState(false);
  const [result, setResult] = useState<{
    result: GateResult;
    at: number;
    expiresAt: number | null;
    extensions?: CodeExtension[];
  } | null>(null);
  const nonces = useRef(new GateNonces());

  const refresh = useCallback(async () => {
    if (!navigator.onLine) return;
    setRefreshing(true);
    try {
      setStored(await refreshList());
      setProblem(null);
    } catch (e) {
      // Keep the copy we have: it still verifies until its exp.
      setProblem((e as { reason?: string }).reason === "wrong_list_key" ? "wrong_list_key" : "refresh_failed");
    } finally {
      setRefreshing(false);
    }
  }, []);

  useEffect(() => {
    registerGateWorker();
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    const onOnline = () => void refresh();
    window.addEventListener("online", onOnline);
    return () => {
      clearInterval(timer);
      window.removeEventListener("online", onOnline);
    };
  }, [refresh]);

  const verify = useCallback(
    async (text: string) => {
      const now = new Date();
      const keys = await keysOf(stored, now);
      if ("problem" in keys) return setResult({ result: keys.problem, at: now.getTime(), expiresAt: null });
      const v = await verifyCode(text, keys.keys, now);
      const replayed =
        v.result === "valid" && v.claims && nonces.current.seen(v.claims.n, v.claims.exp, now.getTime() / 1000);
      setResult({
        result: replayed ? "replayed" : v.result,
        at: now.getTime(),
        expiresAt: v.claims ? v.claims.exp * 1000 : null,
        extensions: v.extensions,
      });
    },
    [stored],
  );

  const ok = result?.result === "valid";
  return (
    <div className="yw-container yw-page">
      <PageHeading title={t("onecode.gate.title")} subtitle={t("onecode.gate.subtitle")} />
      <div className="yw-onecode-gate">
        <div
          className={`yw-onecode-verdict ${result ? (ok ? "is-valid" : "is-refused") : "is-idle"}`}
          data-testid="gate-result"
          data-result={result?.result ?? ""}
          role="status"
          aria-live="assertive"
        >
          <div className="yw-onecode-verdict-main">
            {result ? t(`onecode.gate.result.${result.result}`) : t("onecode.gate.waiting")}
          </div>
          {result && (
            <div className="yw-onecode-verdict-sub">
              {formatPlatformDateTime(new Date(result.at).toISOString())}
              {ok && result.expiresAt
                ? ` · ${t("onecode.gate.codeUntil", { time: formatPlatformDateTime(new Date(result.expiresAt).toISOString()).slice(11) })}`
                : ""}
            </div>
          )}
        </div>
        {ok && result.extensions && result.extensions.length > 0 && (
          <Panel title={t("onecode.gate.extensions")}>
            <ExtensionList items={result.extensions} />
          </Panel>
        )}
        <Panel>
          <Space direction="vertical" className="yw-onecode-scanner">
            <ScanInputs
              onCode={(text) => void verify(text)}
              onPicture={(text) =>
                text === null ? setResult({ result: "unreadable", at: Date.now(), expiresAt: null }) : void verify(text)
              }
              continuous
              size="large"
              submitLabel={t("onecode.gate.verify")}
              testIdPrefix="gate"
            />
          </Space>
        </Panel>
        <Panel
          extra={
            <Button
              icon={<ReloadOutlined />}
              onClick={() => void refresh()}
              loading={refreshing}
              disabled={!online}
              data-testid="gate-refresh"
            >
              {t("onecode.gate.refresh")}
            </Button>
          }
          title={t("onecode.gate.listTitle")}
        >
          <ListStatus stored={stored} problem={problem} online={online} />
          <p className="yw-cell-sub">{t("onecode.gate.privacy")}</p>
        </Panel>
      </div>
    </div>
  );
}
