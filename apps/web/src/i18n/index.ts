import type { ConfigProviderProps } from "antd";
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
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

/**
 * antd's texts (pagination, pickers, empty states) for a loaded language other than zh-CN, which
 * LocaleProvider bundles itself.
 */
type AntdLocale = NonNullable<ConfigProviderProps["locale"]>;
const antdLocales = new Map<Language, AntdLocale>();
export function antdLocale(lng: Language): AntdLocale | undefined {
  return antdLocales.get(lng);
}

/**
 * zh-CN is bundled with the landing page; English (our texts and antd's) is a chunk of its own, fetched
 * the first time it is chosen. It is added before i18next switches, so the page goes from Chinese straight
 * to English: never a frame of raw keys or of half-translated text.
 */
const loading = new Map<Language, Promise<void>>();
function loadLanguage(lng: Language): Promise<void> {
  if (lng === "zh-CN" || i18n.hasResourceBundle(lng, "translation")) return Promise.resolve();
  let promise = loading.get(lng);
  if (!promise) {
    promise = import("./english").then((m) => {
      antdLocales.set(lng, m.antdEnUS);
      i18n.addResourceBundle(lng, "translation", m.en);
    });
    promise.catch(() => loading.delete(lng)); // a failed fetch (offline) may be retried by choosing again
    loading.set(lng, promise);
  }
  return promise;
}

const firstLanguage = initialLanguage();
// zh-CN is bundled, so for most visitors init is synchronous and the first render is already translated.
void i18n.use(initReactI18next).init({
  resources: { "zh-CN": { translation: zhCN } },
  lng: "zh-CN",
  fallbackLng: "zh-CN",
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false }, // React escapes already
});

/**
 * Resolves when the remembered language is ready: main.tsx renders only then, so a visitor who chose
 * English sees English from the first frame (zh-CN resolves at once). If English cannot be fetched the
 * page still renders, in Chinese.
 */
export const i18nReady: Promise<void> =
  firstLanguage === "zh-CN"
    ? Promise.resolve()
    : loadLanguage(firstLanguage).then(
        () => i18n.changeLanguage(firstLanguage).then(() => undefined),
        () => undefined,
      );

export function currentLanguage(): Language {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : "zh-CN";
}

/** An explicit choice by the visitor: switch (once its texts are here) and remember it. */
export async function chooseLanguage(lng: Language) {
  await loadLanguage(lng);
  try {
    localStorage.setItem(LANG_STORAGE_KEY, lng);
  } catch {
    // not persisting is acceptable; the page still switches
  }
  await i18n.changeLanguage(lng);
}

export { i18n };
