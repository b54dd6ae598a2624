import { useSyncExternalStore } from "react";

/**
 * Whether a CSS media query matches, following changes. Known on the first render (unlike antd's
 * Grid.useBreakpoint), and without antd's responsive observer in the landing page's first load.
 */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query);
      list.addEventListener("change", onChange);
      return () => list.removeEventListener("change", onChange);
    },
    () => window.matchMedia(query).matches,
  );
}
