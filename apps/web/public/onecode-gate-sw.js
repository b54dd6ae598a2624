/*
 * The offline gate page's service worker (亮码核验, /verify/onecode; registered with that scope only, so it
 * controls no other page and leaves /sw.js — Web Push — alone). A gate loses its network: after one online
 * visit the page must still open and verify. Verification itself needs no server (the signed key list is in
 * the page's localStorage); this worker keeps the page's shell and assets:
 * - the page's navigation: network first (a new deployment is picked up), the cached shell when offline;
 * - hashed assets (/assets/…): cache first (immutable), stored as they are fetched;
 * - other same-origin GETs outside /api (favicon): network first, the cached copy when offline;
 * - /api is never cached here (the page keeps the key list itself and refuses a list past its exp).
 * The page posts {type: "cache", urls} with what it loaded before this worker took control.
 */
const CACHE = "yiwang-onecode-gate-v1";
const SHELL = "/verify/onecode";

const shellRequest = () => new Request(SHELL, { headers: { accept: "text/html" } });

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => fetch(shellRequest()).then((res) => res.ok && cache.put(SHELL, res)))
      .catch(() => {})
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names.filter((n) => n.startsWith("yiwang-onecode-gate-") && n !== CACHE).map((n) => caches.delete(n)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

const sameOrigin = (url) => url.origin === self.location.origin;

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "cache" || !Array.isArray(data.urls)) return;
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(
        data.urls
          .map((u) => new URL(u, self.location.origin))
          .filter((u) => sameOrigin(u) && !u.pathname.startsWith("/api/"))
          .map((u) => cache.match(u.href).then((hit) => hit || cache.add(u.href).catch(() => {}))),
      ),
    ),
  );
});

async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(request);
    if (res.ok) await cache.put(key, res.clone());
    return res;
  } catch (e) {
    const hit = await cache.match(key);
    if (hit) return hit;
    throw e;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request.url);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) await cache.put(request.url, res.clone());
  return res;
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== "GET" || !sameOrigin(url) || url.pathname.startsWith("/api/")) return;
  if (request.mode === "navigate") return event.respondWith(networkFirst(request, SHELL));
  if (url.pathname.startsWith("/assets/")) return event.respondWith(cacheFirst(request));
  event.respondWith(networkFirst(request, request.url));
});
