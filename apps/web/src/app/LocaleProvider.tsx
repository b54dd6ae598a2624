import { ConfigProvider } from "antd";
import zhCN from "antd/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { antdLocale } from "../i18n";
import { theme } from "./theme";

/** Keeps antd's built-in texts and the date pickers' calendars in the interface language. */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  // English is only ever current once its chunk (with antd's English texts) has loaded.
  const english = i18n.resolvedLanguage === "en";
  // dayjs's locale is global; set it during render so pickers rendered below use it immediately.
  dayjs.locale(english ? "en" : "zh-cn");
  return (
    <ConfigProvider locale={(english && antdLocale("en")) || zhCN} theme={theme}>
      {children}
    </ConfigProvider>
  );
}
