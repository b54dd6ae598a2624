import { useTranslation } from "react-i18next";
import { chooseLanguage, LANGUAGES, type Language } from "../i18n";

/**
 * Each language is named in itself, so a visitor who cannot read the current one still finds theirs. On a
 * phone the Chinese ones show one character (简 繁), so three fit where two did; the name stays the label.
 */
const OPTIONS: { label: string; short: string; value: Language }[] = [
  { label: "简体", short: "简", value: "zh-CN" },
  { label: "繁體", short: "繁", value: "zh-TW" },
  { label: "EN", short: "EN", value: "en" },
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
          aria-label={o.label}
          onClick={() => o.value !== current && void chooseLanguage(o.value)}
        >
          {o.short === o.label ? (
            o.label
          ) : (
            <>
              <span className="yw-lang-long">{o.label}</span>
              <span className="yw-lang-short" aria-hidden="true">
                {o.short}
              </span>
            </>
          )}
        </button>
      ))}
    </fieldset>
  );
}
