import { useEffect } from "react";

const SITE_TITLE = "一网 · Yiwang";

/** Tab title "<page> · 一网 · Yiwang", so history and tabs show where one is; the home page keeps the bare name. */
export function usePageTitle(pageTitle?: string) {
  useEffect(() => {
    document.title = pageTitle ? `${pageTitle} · ${SITE_TITLE}` : SITE_TITLE;
  }, [pageTitle]);
}
