import { Segmented } from "antd";
import { useTranslation } from "react-i18next";
import { chooseLanguage, type Language } from "../i18n";

/** Each language is named in itself, so a visitor who cannot read the current one still finds theirs. */
const OPTIONS: { label: string; value: Language }[] = [
  { label: "中文", value: "zh-CN" },
  { label: "EN", value: "en" },
];

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Segmented<Language>
      data-testid="lang-switch"
      aria-label={t("lang.label")}
      size="small"
      options={OPTIONS}
      value={i18n.resolvedLanguage === "en" ? "en" : "zh-CN"}
      onChange={(lng) => void chooseLanguage(lng)}
    />
  );
}
