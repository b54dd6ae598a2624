import { Alert, Space, Switch, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";

const SW = "/sw.js";
const supported = () =>
  typeof navigator !== "undefined" &&
  "serviceWorker" in navigator &&
  "PushManager" in window &&
  "Notification" in window;

/** The VAPID key (base64url) as PushManager.subscribe wants it. */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const b64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
  const raw = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

async function currentSubscription(): Promise<PushSubscription | null> {
  const reg = await navigator.serviceWorker.getRegistration(SW);
  return (await reg?.pushManager.getSubscription()) ?? null;
}

async function enable(): Promise<void> {
  const reg = await navigator.serviceWorker.register(SW);
  await navigator.serviceWorker.ready;
  const { publicKey } = await unwrap(api.GET("/api/notifications/push-public-key"));
  const sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) });
  const json = sub.toJSON();
  await unwrap(
    api.POST("/api/notifications/push-subscriptions", {
      body: {
        endpoint: sub.endpoint,
        expirationTime: sub.expirationTime,
        keys: { p256dh: json.keys?.p256dh ?? "", auth: json.keys?.auth ?? "" },
      },
    }),
  );
}

async function disable(): Promise<void> {
  const sub = await currentSubscription();
  if (!sub) return;
  // Already gone on the server (a push service said 410) is fine: the browser's side is dropped either way.
  await api.DELETE("/api/notifications/push-subscriptions", { body: { endpoint: sub.endpoint } });
  await sub.unsubscribe();
}

/**
 * "Enable browser notifications": registers the service worker (public/sw.js), subscribes this browser with
 * the platform's VAPID key and sends the subscription; off unsubscribes it. Which notices use it is the
 * Browser channel in the settings below.
 */
export function PushSwitch() {
  const { t } = useTranslation();
  const [on, setOn] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const ok = supported();

  useEffect(() => {
    if (!ok) return;
    currentSubscription().then(
      (s) => setOn(Boolean(s)),
      () => setOn(false),
    );
  }, [ok]);

  const toggle = async (next: boolean) => {
    setBusy(true);
    setProblem(null);
    try {
      if (next) {
        const permission = await Notification.requestPermission();
        if (permission !== "granted") {
          setProblem(t("notifyCentre.push.denied"));
          return;
        }
        await enable();
      } else await disable();
      setOn(next);
    } catch {
      setProblem(t("notifyCentre.push.failed"));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="push-switch">
      <Space wrap>
        <Typography.Text strong>{t("notifyCentre.push.title")}</Typography.Text>
        <Switch
          checked={on}
          loading={busy}
          disabled={!ok}
          onChange={(v) => void toggle(v)}
          aria-label={t("notifyCentre.push.enable")}
        />
        <Typography.Text>{t("notifyCentre.push.enable")}</Typography.Text>
      </Space>
      <div>
        <Typography.Text type="secondary">
          {ok ? t("notifyCentre.push.hint") : t("notifyCentre.push.unsupported")}
        </Typography.Text>
      </div>
      {problem && <Alert type="warning" showIcon message={problem} style={{ marginTop: 8 }} />}
    </div>
  );
}
