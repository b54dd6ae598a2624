import { HOTLINE_TEXT_MAX } from "@yiwang/contracts/vocabularies";
import {
  Alert,
  Button,
  Checkbox,
  Empty,
  Form,
  Input,
  List,
  message,
  Select,
  Space,
  Upload,
  type UploadFile,
} from "antd";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHeading } from "../../shared/PageHeading";
import { Panel } from "../../shared/Panel";
import { RequireLogin, useMe } from "../../shared/session";
import { useErrorText } from "../../shared/useErrorText";
import { useHotlineCategories } from "./api";
import { postPositions, useFieldMe, useFieldReport, useMyFieldReports } from "./fieldApi";
import { StatusTags } from "./RequestDetail";
import { toRequest } from "./RequestForm";

/** A fix closer than this to the last kept one (and within half a minute) adds nothing to the track. */
const MIN_MOVE_M = 5;

/** Metres between two fixes (equirectangular: exact enough for a few hundred metres). */
function metres(a: { lat: number; long: number }, b: { lat: number; long: number }): number {
  const k = Math.cos((a.lat * Math.PI) / 180);
  return Math.hypot(b.lat - a.lat, (b.long - a.long) * k) * 111_195;
}

/** Positions queue on the phone and go up every half minute (and at once for the first fix). */
const UPLOAD_EVERY_MS = 30_000;

interface Fix {
  at: string;
  lat: number;
  long: number;
  accuracy: number | null;
}

const fixOf = (p: GeolocationPosition): Fix => ({
  at: new Date(p.timestamp).toISOString(),
  lat: Number(p.coords.latitude.toFixed(6)),
  long: Number(p.coords.longitude.toFixed(6)),
  accuracy: Number.isFinite(p.coords.accuracy) ? Math.round(p.coords.accuracy) : null,
});

/** The patrol's positions: watched while the page is open, queued, uploaded in batches. */
function usePatrol(active: boolean) {
  const queue = useRef<Fix[]>([]);
  const [last, setLast] = useState<Fix | null>(null);
  const [sent, setSent] = useState(0);
  const [failed, setFailed] = useState<string | null>(null);
  const errorText = useErrorText();
  const flush = useCallback(async () => {
    const points = queue.current.splice(0, 200);
    if (points.length === 0) return;
    try {
      const r = await postPositions({ points });
      setSent((n) => n + r.stored);
      setFailed(null);
    } catch (e) {
      // Offline: keep them for the next upload (the server takes fixes up to a day old).
      queue.current.unshift(...points);
      setFailed(errorText(e));
    }
  }, [errorText]);
  const lastRef = useRef<Fix | null>(null);
  const push = useCallback(
    (p: GeolocationPosition) => {
      const fix = fixOf(p);
      const prev = lastRef.current;
      // Browsers repeat the same fix many times a minute: a point is kept when the patrol moved or time passed.
      if (prev && metres(prev, fix) < MIN_MOVE_M && Date.parse(fix.at) - Date.parse(prev.at) < UPLOAD_EVERY_MS) return;
      lastRef.current = fix;
      queue.current.push(fix);
      setLast(fix);
      if (!prev) void flush();
    },
    [flush],
  );
  useEffect(() => {
    if (!active || !navigator.geolocation) return;
    const watch = navigator.geolocation.watchPosition(push, (e) => setFailed(e.message), {
      enableHighAccuracy: true,
      maximumAge: 10_000,
    });
    const timer = setInterval(() => void flush(), UPLOAD_EVERY_MS);
    return () => {
      navigator.geolocation.clearWatch(watch);
      clearInterval(timer);
      void flush();
    };
  }, [active, push, flush]);
  /** 立即上传: a fresh fix, then everything queued. */
  const now = () =>
    navigator.geolocation?.getCurrentPosition(
      (p) => {
        push(p);
        void flush();
      },
      (e) => setFailed(e.message),
      { enableHighAccuracy: true, maximumAge: 0 },
    );
  return { last, sent, failed, now };
}

interface ReportValues {
  categoryCode: string;
  description: string;
  address?: string;
  urgent?: boolean;
}

function ReportForm({ position }: { position: Fix | null }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const [form] = Form.useForm<ReportValues>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const tree = useHotlineCategories();
  const file = useFieldReport();
  const errorText = useErrorText();
  const [result, setResult] = useState<string | null>(null);
  const options = (tree.data?.groups ?? []).map((g) => ({
    label: en ? g.nameEn : g.name,
    title: en ? g.nameEn : g.name,
    options: g.children.map((c) => ({ value: c.code, label: en ? c.nameEn : c.name })),
  }));
  const submit = async (v: ReportValues) => {
    if (!position) return;
    try {
      const { photos } = await toRequest(
        { kind: "report", category: [v.categoryCode], districtCode: "", description: v.description },
        files,
      );
      const r = await file.mutateAsync({
        kind: "report",
        categoryCode: v.categoryCode,
        description: v.description,
        address: v.address ?? "",
        position: { lat: position.lat, long: position.long },
        districtCode: null,
        urgent: v.urgent ?? false,
        photos,
      });
      setResult(
        t("hotlineField.filed", { number: r.number, department: r.department?.name ?? t("hotline.notDispatched") }),
      );
      form.resetFields();
      setFiles([]);
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={submit} data-testid="field-report-form">
      {result && <Alert type="success" showIcon message={result} data-testid="field-report-result" />}
      <Form.Item name="categoryCode" label={t("hotline.form.category")} rules={[{ required: true }]}>
        <Select
          showSearch
          optionFilterProp="label"
          options={options}
          placeholder={t("hotline.form.categoryHint")}
          data-testid="field-category"
          size="large"
        />
      </Form.Item>
      <Form.Item name="description" label={t("hotlineField.description")} rules={[{ required: true }]}>
        <Input.TextArea rows={3} maxLength={HOTLINE_TEXT_MAX} data-testid="field-description" />
      </Form.Item>
      <Form.Item name="address" label={t("hotlineField.address")}>
        <Input maxLength={200} size="large" />
      </Form.Item>
      <Form.Item label={t("hotline.form.photos")} extra={t("hotline.form.photosHint")}>
        <Upload
          accept="image/jpeg,image/png"
          capture="environment"
          listType="picture"
          fileList={files}
          maxCount={3}
          beforeUpload={() => false}
          onChange={(e) => setFiles(e.fileList)}
        >
          <Button size="large">{t("hotlineField.photo")}</Button>
        </Upload>
      </Form.Item>
      <Form.Item name="urgent" valuePropName="checked">
        <Checkbox>{t("hotline.form.urgent")}</Checkbox>
      </Form.Item>
      <Button
        type="primary"
        size="large"
        block
        htmlType="submit"
        loading={file.isPending}
        disabled={!position}
        data-testid="field-submit"
      >
        {position ? t("hotlineField.submit") : t("hotlineField.waitingFix")}
      </Button>
    </Form>
  );
}

function FieldBody() {
  const { t } = useTranslation();
  const me = useMe();
  const staff = me.data?.kind === "staff";
  const roster = useFieldMe(staff);
  const entry = roster.data?.staff ?? null;
  const patrol = usePatrol(entry !== null);
  const reports = useMyFieldReports(entry !== null);
  if (!staff || (roster.data && !entry))
    return <Alert type="warning" showIcon message={t("hotlineField.notOnRoster")} />;
  if (!entry) return null;
  return (
    <>
      <Panel>
        <div data-testid="field-status" style={{ fontSize: 18 }}>
          <strong>{entry.callSign}</strong> · {entry.name} · {entry.department.name}
          <div>
            {patrol.last
              ? t("hotlineField.position", {
                  lat: patrol.last.lat.toFixed(5),
                  long: patrol.last.long.toFixed(5),
                  accuracy: patrol.last.accuracy ?? "?",
                })
              : t("hotlineField.locating")}
          </div>
          <div data-testid="field-positions-sent">{t("hotlineField.sent", { count: patrol.sent })}</div>
          {patrol.failed && <Alert type="error" message={patrol.failed} />}
        </div>
        <Space style={{ marginTop: 12 }}>
          <Button size="large" onClick={patrol.now} data-testid="field-send-now">
            {t("hotlineField.sendNow")}
          </Button>
        </Space>
      </Panel>
      <Panel>
        <h2>{t("hotlineField.report")}</h2>
        <ReportForm position={patrol.last} />
      </Panel>
      <Panel>
        <h2>{t("hotlineField.mine")}</h2>
        <List
          dataSource={reports.data?.items ?? []}
          locale={{ emptyText: <Empty description={t("hotline.portal.empty")} /> }}
          renderItem={(r) => (
            <List.Item data-testid="field-mine-item">
              <div>
                {r.number} · {r.category.name} <StatusTags r={r} />
                <div>{r.department?.name ?? t("hotline.notDispatched")}</div>
              </div>
            </List.Item>
          )}
        />
      </Panel>
    </>
  );
}

/** /field — 网格员、城管队员的手机页：上报现场事件（分类、描述、位置、照片），巡查时位置自动上传。 */
export function FieldPage() {
  const { t } = useTranslation();
  return (
    <RequireLogin kind="staff">
      <div className="yw-container yw-page" style={{ fontSize: 17 }}>
        <PageHeading title={t("hotlineField.title")} subtitle={t("hotlineField.subtitle")} />
        <FieldBody />
      </div>
    </RequireLogin>
  );
}
