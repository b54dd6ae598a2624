import { ConfigProvider } from "antd";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { type ReactNode, useEffect, useReducer } from "react";
import { useTranslation } from "react-i18next";
import { antdLocale, currentLanguage, type Language } from "../i18n";
import { useElderMode } from "../shared/elderMode";
import { elderTheme, theme } from "./theme";

const DAYJS: Record<Language, string> = { "zh-CN": "zh-cn", "zh-TW": "zh-tw", en: "en" };

/** Keeps antd's built-in texts and the date pickers' calendars in the interface language, and its sizes in 长辈版. */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  // Texts arrive in chunks (see ../i18n): render again when one is added, so antd gets the fuller locale.
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    i18n.store.on("added", rerender);
    return () => i18n.store.off("added", rerender);
  }, [i18n]);
  const lng = currentLanguage();
  const elder = useElderMode();
  // dayjs's locale is global; set it during render so pickers rendered below use it immediately.
  dayjs.locale(DAYJS[lng]);
  return (
    <ConfigProvider locale={antdLocale(lng)} theme={elder ? elderTheme : theme}>
      {children}
    </ConfigProvider>
  );
}
