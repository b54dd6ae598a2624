/*
 * Yiwang's service worker: Web Push only (issue 18). Shows a notice the platform pushed — its payload is
 * {title, body, link, tag}; the same tag replaces, so a retried send never shows twice — and opens its link
 * on click (focusing an open tab of the portal when there is one). No caching, no offline pages.
 */
self.addEventListener("push", (event) => {
  let notice = {};
  try {
    notice = event.data ? event.data.json() : {};
  } catch {
    notice = { title: event.data ? event.data.text() : "" };
  }
  event.waitUntil(
    self.registration.showNotification(notice.title || "一网通办", {
      body: notice.body || "",
      tag: notice.tag,
      data: { link: notice.link || "/account/notifications" },
      icon: "/favicon.svg",
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(event.notification.data?.link || "/", self.location.origin);
  // Only the portal's own pages: a link elsewhere opens the notification centre instead.
  const url =
    target.origin === self.location.origin ? target.href : new URL("/account/notifications", self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      for (const w of windows) if (w.url === url && "focus" in w) return w.focus();
      return self.clients.openWindow(url);
    }),
  );
});
