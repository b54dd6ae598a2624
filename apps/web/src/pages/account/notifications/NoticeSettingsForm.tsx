import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { NoticeSettings } from "@yiwang/contracts";
import { PERSONAL_CHANNELS } from "@yiwang/contracts/vocabularies";
import { Alert, Button, Checkbox, Input, Space, Switch, Table, Tag, TimePicker, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrorText } from "../../../shared/useErrorText";
import { SETTINGS_KEY, saveNoticeSettings } from "./notifyApi";

type Channel = (typeof PERSONAL_CHANNELS)[number];
const toTime = (m: number) => dayjs().startOf("day").add(m, "minute");
const toMinutes = (d: Dayjs) => d.hour() * 60 + d.minute();

/** Email, quiet hours and channels per notice type; a legally required type keeps at least one channel. */
export function NoticeSettingsForm({ settings }: { settings: NoticeSettings }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const [email, setEmail] = useState(settings.email ?? "");
  const [quiet, setQuiet] = useState(settings.quietHours);
  const [prefs, setPrefs] = useState(settings.preferences);
  const [done, setDone] = useState(false);
  useEffect(() => {
    setEmail(settings.email ?? "");
    setQuiet(settings.quietHours);
    setPrefs(settings.preferences);
  }, [settings]);
  const save = useMutation({
    mutationFn: () =>
      saveNoticeSettings({
        email: email.trim() === "" ? null : email.trim(),
        quietHours: quiet,
        preferences: prefs.map((p) => ({ eventType: p.eventType, channels: p.channels })),
      }),
    onSuccess: (s) => {
      setDone(true);
      qc.setQueryData(SETTINGS_KEY, s);
    },
    onError: () => setDone(false),
  });
  const legalEmpty = prefs.some((p) => p.legal && p.channels.length === 0);
  const setChannels = (eventType: string, channels: Channel[]) =>
    setPrefs((ps) => ps.map((p) => (p.eventType === eventType ? { ...p, channels } : p)));

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }} data-testid="notice-settings">
      {done && (
        <Alert type="success" showIcon closable message={t("notifyCentre.saved")} onClose={() => setDone(false)} />
      )}
      {save.isError && <Alert type="error" showIcon message={errorText(save.error)} />}
      <div>
        <Typography.Text strong>{t("notifyCentre.phone")}</Typography.Text>
        <div>
          <Typography.Text type={settings.phoneOnFile ? undefined : "warning"}>
            {settings.phoneOnFile ? t("notifyCentre.phoneOnFile") : t("notifyCentre.phoneMissing")}
          </Typography.Text>
        </div>
      </div>
      <div>
        <label htmlFor="notice-email">
          <Typography.Text strong>{t("notifyCentre.email")}</Typography.Text>
        </label>
        <Input
          id="notice-email"
          type="email"
          inputMode="email"
          autoComplete="email"
          value={email}
          placeholder={t("notifyCentre.emailPlaceholder")}
          onChange={(e) => setEmail(e.target.value)}
          style={{ maxWidth: 360, display: "block" }}
          data-testid="notice-email"
        />
      </div>
      <div>
        <Space wrap>
          <Typography.Text strong>{t("notifyCentre.quietHours")}</Typography.Text>
          <Switch
            checked={quiet !== null}
            aria-label={t("notifyCentre.quietHours")}
            onChange={(on) => setQuiet(on ? { start: 22 * 60, end: 7 * 60 } : null)}
            data-testid="notice-quiet"
          />
        </Space>
        {quiet && (
          <Space wrap style={{ marginTop: 8, display: "flex" }}>
            <span>{t("notifyCentre.quietFrom")}</span>
            <TimePicker
              format="HH:mm"
              allowClear={false}
              inputReadOnly
              value={toTime(quiet.start)}
              onChange={(d) => d && setQuiet({ ...quiet, start: toMinutes(d) })}
              aria-label={t("notifyCentre.quietFrom")}
            />
            <span>{t("notifyCentre.quietTo")}</span>
            <TimePicker
              format="HH:mm"
              allowClear={false}
              inputReadOnly
              value={toTime(quiet.end)}
              onChange={(d) => d && setQuiet({ ...quiet, end: toMinutes(d) })}
              aria-label={t("notifyCentre.quietTo")}
            />
          </Space>
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 4 }}>
          {t("notifyCentre.quietHint")}
        </Typography.Paragraph>
      </div>
      <Table
        rowKey="eventType"
        size="small"
        pagination={false}
        dataSource={prefs}
        scroll={{ x: "max-content" }}
        columns={[
          {
            title: t("notifyCentre.event"),
            key: "event",
            render: (_: unknown, p) => (
              <span>
                {t(`notifyCentre.events.${p.eventType}` as "notifyCentre.events.case.decided")}{" "}
                {p.legal && <Tag color="red">{t("notifyCentre.legal")}</Tag>}
              </span>
            ),
          },
          {
            title: t("notifyCentre.channels"),
            key: "channels",
            render: (_: unknown, p) => (
              <Checkbox.Group
                value={p.channels}
                onChange={(v) => setChannels(p.eventType, v as Channel[])}
                options={PERSONAL_CHANNELS.map((c) => ({ value: c, label: t(`notifyCentre.channel.${c}`) }))}
                data-testid={`channels-${p.eventType}`}
              />
            ),
          },
        ]}
      />
      {legalEmpty && <Alert type="warning" showIcon message={t("notifyCentre.legalHint")} />}
      <Button
        type="primary"
        loading={save.isPending}
        disabled={legalEmpty}
        onClick={() => save.mutate()}
        data-testid="notice-save"
      >
        {t("notifyCentre.save")}
      </Button>
    </Space>
  );
}
