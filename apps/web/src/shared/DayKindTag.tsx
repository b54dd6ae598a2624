import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { DayInfo } from "./contracts";

/** Same colours everywhere: holidays red, make-up working days blue (as on printed government calendars). */
const COLORS: Record<DayInfo["kind"], string> = {
  holiday: "red",
  workday: "blue",
  weekday: "green",
  weekend: "default",
};

export function DayKindTag({ kind }: { kind: DayInfo["kind"] }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[kind]} bordered={false}>
      {t(`day.${kind}`)}
    </Tag>
  );
}
