import { useSyncExternalStore } from "react";

/**
 * 长辈版 (elder mode, 适老化): larger text, stronger contrast and bigger touch targets (issue 15). The choice
 * is kept in this browser only (localStorage; nothing to store on the server, and it also serves a visitor who
 * never logs in). It shows as the `yw-elder` class on <html> (./elder.css) and as larger antd tokens
 * (app/theme.ts `elderTheme`, chosen by LocaleProvider). The key is shared with the browser test.
 */
export const ELDER_STORAGE_KEY = "yiwang.elder";
export const ELDER_CLASS = "yw-elder";

function saved(): boolean {
  try {
    return localStorage.getItem(ELDER_STORAGE_KEY) === "1";
  } catch {
    return false; // storage can be disabled (private mode, strict policies)
  }
}

let elder = false;
const listeners = new Set<() => void>();

/** Called by main.tsx before the first render, so the page never flashes the standard size. */
export function restoreElderMode() {
  elder = saved();
  document.documentElement.classList.toggle(ELDER_CLASS, elder);
}

export function setElderMode(on: boolean) {
  elder = on;
  document.documentElement.classList.toggle(ELDER_CLASS, on);
  try {
    if (on) localStorage.setItem(ELDER_STORAGE_KEY, "1");
    else localStorage.removeItem(ELDER_STORAGE_KEY);
  } catch {
    // not remembered, but still applied for this page
  }
  for (const l of listeners) l();
}

export function useElderMode(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => elder,
  );
}
