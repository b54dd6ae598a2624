import { useTranslation } from "react-i18next";
import { chooseLanguage, LANGUAGES, type Language } from "../i18n";

/** Each language is named in itself, so a visitor who cannot read the current one still finds theirs. */
const OPTIONS: { label: string; value: Language }[] = [
  { label: "简体", value: "zh-CN" },
  { label: "繁體", value: "zh-TW" },
  { label: "EN", value: "en" },
];

/**
 * Three toggle buttons drawn as a small segmented control (.yw-lang in styles.css): plain elements, because
 * the header is on every first load and antd's Segmented would add its motion code to it.
 */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current = (LANGUAGES as readonly string[]).includes(i18n.resolvedLanguage ?? "")
    ? (i18n.resolvedLanguage as Language)
    : "zh-CN";
  return (
    <fieldset className="yw-lang" aria-label={t("lang.label")} data-testid="lang-switch">
      {OPTIONS.map((o) => (
        <button
          key={o.value}
          type="button"
          lang={o.value}
          className={o.value === current ? "yw-lang-option yw-lang-option-selected" : "yw-lang-option"}
          aria-pressed={o.value === current}
          onClick={() => o.value !== current && void chooseLanguage(o.value)}
        >
          {o.label}
        </button>
      ))}
    </fieldset>
  );
}
