import { EditOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, DatePicker, Form, Input, Radio, Space } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { Panel } from "../../../shared/Panel";
import { useErrorText } from "../../../shared/useErrorText";
import "../../account/account.css";

interface Values {
  date: Dayjs;
  kind: "holiday" | "workday";
  name?: string;
}

/**
 * For a platform administrator: set a day as a holiday or a make-up working day, or remove the
 * arrangement (the day reverts to its ordinary weekday/weekend). Every change is audited by the server.
 */
export function CalendarDayEditor() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);

  const change = useMutation({
    mutationFn: async ({ v, remove }: { v: Values; remove: boolean }) => {
      const date = v.date.format("YYYY-MM-DD");
      const params = { path: { date } };
      if (remove) await unwrap(api.DELETE("/api/calendar/days/{date}", { params }));
      else
        await unwrap(
          api.PUT("/api/calendar/days/{date}", { params, body: { kind: v.kind, name: v.name?.trim() || null } }),
        );
      return { date, remove };
    },
    onSuccess: ({ date, remove }) => {
      setNotice({
        ok: true,
        text: t(remove ? "adminStaff.editing.dayRemoved" : "adminStaff.editing.daySaved", { date }),
      });
      void qc.invalidateQueries({ queryKey: ["calendar"] });
    },
    onError: (e) => setNotice({ ok: false, text: errorText(e) }),
  });

  async function run(remove: boolean) {
    try {
      const v = remove
        ? { ...form.getFieldsValue(), ...(await form.validateFields(["date"])) }
        : await form.validateFields();
      setNotice(null);
      change.mutate({ v: v as Values, remove });
    } catch {
      // the form shows what is missing
    }
  }

  return (
    <Panel title={t("adminStaff.editing.calendarTitle")} icon={<EditOutlined />} className="yw-editor-panel">
      {notice && (
        <Alert
          type={notice.ok ? "success" : "error"}
          showIcon
          message={notice.text}
          className="yw-dev-hint"
          role={notice.ok ? "status" : "alert"}
        />
      )}
      <Form<Values>
        form={form}
        name="calendar-day"
        layout="vertical"
        requiredMark={false}
        initialValues={{ kind: "holiday" }}
      >
        <Space wrap align="start" size={16}>
          <Form.Item
            name="date"
            label={t("admin.calendar.colDate")}
            rules={[{ required: true, message: t("adminStaff.editing.dateRequired") }]}
          >
            <DatePicker />
          </Form.Item>
          <Form.Item name="kind" label={t("admin.calendar.colKind")}>
            <Radio.Group
              optionType="button"
              options={[
                { value: "holiday", label: t("day.holiday") },
                { value: "workday", label: t("day.workday") },
              ]}
            />
          </Form.Item>
          <Form.Item name="name" label={t("admin.calendar.colName")} rules={[{ max: 50 }]}>
            <Input maxLength={50} placeholder={t("adminStaff.editing.namePlaceholder")} />
          </Form.Item>
        </Space>
        <Space wrap className="yw-editor-actions">
          <Button
            type="primary"
            loading={change.isPending && !change.variables?.remove}
            onClick={() => void run(false)}
          >
            {t("adminStaff.save")}
          </Button>
          <Button danger loading={change.isPending && change.variables?.remove} onClick={() => void run(true)}>
            {t("adminStaff.editing.removeDay")}
          </Button>
        </Space>
      </Form>
    </Panel>
  );
}
