/**
 * Registers the gate page's service worker (public/onecode-gate-sw.js, scoped to /verify/onecode) and hands
 * it what this page loaded before the worker took control — the shell's scripts, styles and the lazy chunks —
 * so that the next visit opens offline. Best effort: without service workers (an old browser, a private
 * window) the page still verifies while it stays open.
 */
const WORKER = "/onecode-gate-sw.js";
const SCOPE = "/verify/onecode";

export function registerGateWorker(): void {
  if (!("serviceWorker" in navigator)) return;
  void navigator.serviceWorker
    .register(WORKER, { scope: SCOPE })
    .then(() => navigator.serviceWorker.ready)
    .then((reg) => {
      const loaded = () =>
        performance
          .getEntriesByType("resource")
          .map((e) => e.name)
          .filter((u) => u.startsWith(location.origin) && !u.includes("/api/"));
      const send = () => reg.active?.postMessage({ type: "cache", urls: [...new Set(loaded())] });
      send();
      // Again a little later: a chunk that was still loading when the worker took over.
      setTimeout(send, 5000);
    })
    .catch(() => {});
}
