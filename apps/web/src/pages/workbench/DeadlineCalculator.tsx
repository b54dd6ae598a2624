import { FieldTimeOutlined } from "@ant-design/icons";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ConfigProvider, DatePicker, Form, Grid, InputNumber, type ThemeConfig } from "antd";
import type { Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { formatLongDate, formatWeekday, platformNow, toPlatformInstant } from "../../shared/dates";
import { Panel } from "../../shared/Panel";
import { ResultBox } from "./ResultBox";

interface Values {
  acceptedAt: Dayjs | null;
  days: number | null;
}

/**
 * The date-and-time popup is ≈400 px wide (a month grid beside hour and minute columns): wider than a
 * phone. Narrower cells and time columns bring it to ≈330 px, so nothing is cut off at 375 px.
 */
const COMPACT_PICKER: ThemeConfig = { components: { DatePicker: { cellWidth: 30, timeColumnWidth: 44 } } };

/** Statutory limits run from a few days to a few years; the API accepts up to 3650 working days. */
const MAX_DAYS = 3650;

/**
 * 承诺期限计算: when a case accepted at a given moment must be finished. The answer comes from the
 * server's work calendar (holidays and make-up days are data), never from client-side arithmetic, so the
 * counter and the case system always agree. It recalculates as the clerk types — no stale answers.
 */
export function DeadlineCalculator() {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<Values>();
  const acceptedAt = Form.useWatch("acceptedAt", form);
  const days = Form.useWatch("days", form);
  const lang = i18n.resolvedLanguage ?? "zh-CN";
  const compact = !Grid.useBreakpoint().sm;

  const from = acceptedAt ? toPlatformInstant(acceptedAt) : undefined;
  const valid = from !== undefined && typeof days === "number" && days >= 0 && days <= MAX_DAYS;

  const result = useQuery({
    queryKey: ["calendar", "add-working-days", from, days],
    queryFn: ({ signal }) => {
      if (from === undefined || typeof days !== "number") throw new Error("unreachable: query is disabled");
      return unwrap(api.GET("/api/calendar/add-working-days", { params: { query: { from, days } }, signal }));
    },
    enabled: valid,
    placeholderData: keepPreviousData,
  });
  const data = valid ? result.data : undefined;

  return (
    <Panel title={t("workbench.deadline.title")} icon={<FieldTimeOutlined />}>
      <p className="yw-muted">{t("workbench.deadline.rule")}</p>
      <Form<Values>
        form={form}
        name="deadline"
        layout="vertical"
        initialValues={{ acceptedAt: platformNow(), days: 20 }}
        requiredMark={false}
        className="yw-calc-form"
      >
        {/* Outside Form.Item: the item passes value/onChange to its direct child, which must be the picker. */}
        <ConfigProvider theme={compact ? COMPACT_PICKER : undefined}>
          <Form.Item
            name="acceptedAt"
            label={t("workbench.deadline.acceptedAt")}
            rules={[{ required: true, message: t("workbench.deadline.acceptedAtRequired") }]}
          >
            <DatePicker
              showTime={{ format: "HH:mm" }}
              format="YYYY-MM-DD HH:mm"
              needConfirm={false}
              className="yw-full"
            />
          </Form.Item>
        </ConfigProvider>
        <Form.Item
          name="days"
          label={t("workbench.deadline.days")}
          rules={[{ required: true, message: t("workbench.deadline.daysRequired") }]}
        >
          <InputNumber
            min={0}
            max={MAX_DAYS}
            precision={0}
            inputMode="numeric"
            addonAfter={t("workbench.deadline.daysSuffix")}
            className="yw-full"
          />
        </Form.Item>
      </Form>
      <ResultBox
        testId="deadline-result"
        label={t("workbench.deadline.result")}
        loading={valid && result.isFetching}
        error={valid ? result.error : null}
        value={
          data && (
            <>
              <span data-testid="deadline-date">{data.deadlineDate}</span>
              <span className="yw-result-weekday">{formatWeekday(data.deadlineDate, lang)}</span>
            </>
          )
        }
        detail={
          data &&
          t("workbench.deadline.endsAt", { date: formatLongDate(data.deadlineDate, lang), timeZone: data.timeZone })
        }
      />
    </Panel>
  );
}
