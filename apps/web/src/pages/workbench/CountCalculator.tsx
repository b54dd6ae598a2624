import { CalculatorOutlined } from "@ant-design/icons";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { DatePicker, Form } from "antd";
import type { Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { platformNow, startOfPlatformDate } from "../../shared/dates";
import { Panel } from "../../shared/Panel";
import { ResultBox } from "./ResultBox";

interface Values {
  start: Dayjs | null;
  end: Dayjs | null;
}

/** 工作日天数计算: how many working days lie between two dates, e.g. how much of a time limit is used up. */
export function CountCalculator() {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const start = Form.useWatch("start", form);
  const end = Form.useWatch("end", form);
  // Only the dates matter (the rule counts whole days), so both ends are taken at midnight, platform time.
  const from = start ? startOfPlatformDate(start) : undefined;
  const to = end ? startOfPlatformDate(end) : undefined;
  const valid = from !== undefined && to !== undefined;

  const result = useQuery({
    queryKey: ["calendar", "count-working-days", from, to],
    queryFn: ({ signal }) => {
      if (from === undefined || to === undefined) throw new Error("unreachable: query is disabled");
      return unwrap(api.GET("/api/calendar/count-working-days", { params: { query: { from, to } }, signal }));
    },
    enabled: valid,
    placeholderData: keepPreviousData,
  });
  const data = valid ? result.data : undefined;
  const today = platformNow().startOf("day");

  return (
    <Panel title={t("workbench.count.title")} icon={<CalculatorOutlined />}>
      <p className="yw-muted">{t("workbench.count.rule")}</p>
      <Form<Values>
        form={form}
        name="count"
        layout="vertical"
        initialValues={{ start: today, end: today.add(1, "month") }}
        requiredMark={false}
        className="yw-calc-form"
      >
        {/* Two single pickers rather than a RangePicker: its two-month popup is wider than a phone. */}
        <div className="yw-field-pair">
          <Form.Item
            name="start"
            label={t("workbench.count.start")}
            rules={[{ required: true, message: t("workbench.count.startRequired") }]}
          >
            <DatePicker className="yw-full" />
          </Form.Item>
          <Form.Item
            name="end"
            label={t("workbench.count.end")}
            rules={[{ required: true, message: t("workbench.count.endRequired") }]}
          >
            <DatePicker className="yw-full" />
          </Form.Item>
        </div>
      </Form>
      <ResultBox
        testId="count-result"
        label={t("workbench.count.result")}
        loading={valid && result.isFetching}
        error={valid ? result.error : null}
        value={data && t("workbench.count.value", { count: data.workingDays })}
      />
    </Panel>
  );
}
