import type { ConfigProviderProps } from "antd";
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import { zhCN } from "./zh-CN";

export const LANGUAGES = ["zh-CN", "zh-TW", "en"] as const;
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

type AntdLocale = NonNullable<ConfigProviderProps["locale"]>;

/**
 * antd's own texts on the landing page: the few its components there use (the empty state, the drawer's
 * close button). The complete Chinese locale (pickers, tables, pagination, forms) comes with the page texts.
 */
const ANTD_ZH_CN_LANDING: AntdLocale = {
  locale: "zh-cn",
  global: { placeholder: "请选择", close: "关闭" },
  Empty: { description: "暂无数据" },
};
const antdLocales = new Map<Language, AntdLocale>([["zh-CN", ANTD_ZH_CN_LANDING]]);
/** antd's texts for a language; LocaleProvider re-renders when a fuller set arrives (i18next's store `added`). */
export function antdLocale(lng: Language): AntdLocale {
  return antdLocales.get(lng) ?? ANTD_ZH_CN_LANDING;
}

/**
 * What the first load carries: the landing page's language, zh-CN, in ./zh-CN.ts. Fetched on demand, as
 * chunks of their own:
 *  - English (./english.ts: all our texts and antd's), the first time it is chosen;
 *  - 繁體中文 (./traditional-chinese.ts: ./zh-TW.ts, generated from zh-CN by apps/web/scripts/gen-zh-tw.ts, and antd's
 *    zh_TW locale), likewise;
 *  - the rest of zh-CN (./zh-CN-pages.ts: the staff sections and antd's complete locale), before the
 *    first page other than the landing page renders (the router's lazy pages wait for loadPageTexts).
 * A language's texts are added before i18next switches to it, so the page goes from one language straight
 * to the other: never a frame of raw keys or of half-translated text.
 */
const loaders: Record<Language, { base?: () => Promise<void>; pages: () => Promise<void> }> = {
  "zh-CN": {
    pages: () =>
      import("./zh-CN-pages").then((m) => {
        antdLocales.set("zh-CN", m.antdZhCN);
        i18n.addResourceBundle("zh-CN", "translation", m.zhCNStaff, true);
      }),
  },
  "zh-TW": {
    base: () =>
      import("./traditional-chinese").then((m) => {
        antdLocales.set("zh-TW", m.antdZhTW);
        i18n.addResourceBundle("zh-TW", "translation", m.zhTW);
      }),
    pages: () => Promise.resolve(), // zh-TW.ts is complete
  },
  en: {
    base: () =>
      import("./english").then((m) => {
        antdLocales.set("en", m.antdEnUS);
        i18n.addResourceBundle("en", "translation", m.en);
      }),
    pages: () => Promise.resolve(), // english.ts is complete
  },
};

const loading = new Map<string, Promise<void>>();
function once(key: string, load: () => Promise<void>): Promise<void> {
  let promise = loading.get(key);
  if (!promise) {
    promise = load();
    promise.catch(() => loading.delete(key)); // a failed fetch (offline) is tried again next time
    loading.set(key, promise);
  }
  return promise;
}

/** Set once a page other than the landing page was asked for: every language loaded from then on is complete. */
let pagesWanted = false;

function loadLanguage(lng: Language): Promise<void> {
  const { base, pages } = loaders[lng];
  return Promise.all([
    base ? once(`${lng}:base`, base) : undefined,
    pagesWanted ? once(`${lng}:pages`, pages) : undefined,
  ]).then(() => undefined);
}

/** The current language's texts for every page; the router's lazy pages render only once it resolves. */
export function loadPageTexts(): Promise<void> {
  pagesWanted = true;
  return loadLanguage(currentLanguage());
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
