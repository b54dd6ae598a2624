import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import { en } from "./en";
import { zhCN } from "./zh-CN";

export const LANGUAGES = ["zh-CN", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

/** The visitor's choice survives reloads; the key is shared with the browser test. */
export const LANG_STORAGE_KEY = "yiwang.lang";

function isLanguage(value: unknown): value is Language {
  return LANGUAGES.includes(value as Language);
}

/** zh-CN unless the visitor chose otherwise before: a government portal defaults to the official language. */
function initialLanguage(): Language {
  try {
    const saved = localStorage.getItem(LANG_STORAGE_KEY);
    if (isLanguage(saved)) return saved;
  } catch {
    // storage can be disabled (private mode, strict policies); fall back to the default
  }
  return "zh-CN";
}

// <html lang> drives screen readers, hyphenation and the browser's font choice for CJK text.
i18n.on("languageChanged", (lng) => {
  document.documentElement.lang = lng;
});

// Resources are bundled (a few KB each), so init is synchronous and the first render is already translated.
void i18n.use(initReactI18next).init({
  resources: { "zh-CN": { translation: zhCN }, en: { translation: en } },
  lng: initialLanguage(),
  fallbackLng: "zh-CN",
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false }, // React escapes already
});

export function currentLanguage(): Language {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : "zh-CN";
}

/** An explicit choice by the visitor: switch and remember it. */
export async function chooseLanguage(lng: Language) {
  try {
    localStorage.setItem(LANG_STORAGE_KEY, lng);
  } catch {
    // not persisting is acceptable; the page still switches
  }
  await i18n.changeLanguage(lng);
}

export { i18n };
