/* Footnote service worker, version {{ version }}.
   Static files: precached, cache-first. Pages: network-first, falling back to the last copy of
   a signed-in page seen, then to the offline page; htmx requests are never answered from the
   cache. The API and the admin are never cached, and neither is a physiotherapist's view of someone
   else's journal (/clinic/): consent can end at any time, and a copy on the device would outlive it.
   A kept page is deleted as soon as the server stops showing it (401, 403, 404, 410 or a redirect,
   such as to sign-in), and reaching the sign-in page deletes every kept page. */
"use strict";
importScripts("{{ queue_js }}");

const VERSION = "{{ version }}";
const STATIC_CACHE = "footnote-static-" + VERSION;
const PAGE_CACHE = "footnote-pages";
const PRECACHE = [{% for url in precache %}"{{ url }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
const NEVER_CACHE = ["/api/", "/admin/", "/accounts/", "/sw.js"];
// Pages served network-only: offline they show the offline page, never a kept copy.
const NEVER_KEEP = ["/clinic/"];
const GONE = [401, 403, 404, 410];
const SIGN_IN = "/accounts/login/";

const neverKept = (url) => NEVER_KEEP.some((prefix) => new URL(url).pathname.startsWith(prefix));

self.addEventListener("install", (event) => {
  // Without cookies: the offline page lives in the static cache, which sign-out keeps, so it must
  // never carry a signed-in runner's name.
  const requests = PRECACHE.map((url) => new Request(url, { credentials: "omit" }));
  event.waitUntil(caches.open(STATIC_CACHE).then((cache) => cache.addAll(requests)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((key) => key.startsWith("footnote-static-") && key !== STATIC_CACHE).map((key) => caches.delete(key)),
        ),
      )
      .then(dropNeverKept)
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") self.skipWaiting();
  if (event.data && event.data.type === "CLEAR_PERSONAL") {
    event.waitUntil(caches.delete(PAGE_CACHE));
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname === SIGN_IN) {
    // Only someone signed out is shown the sign-in page: nothing personal may stay on the device.
    event.waitUntil(caches.delete(PAGE_CACHE));
  }
  if (NEVER_CACHE.some((prefix) => url.pathname.startsWith(prefix))) return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
    return;
  }
  if (request.mode === "navigate" || request.headers.get("HX-Request")) {
    event.respondWith(networkFirst(request));
  }
});

async function networkFirst(request) {
  const key = request.url.split("#")[0];
  try {
    const response = await fetch(request);
    // Keep the last full page seen for reading offline; htmx fragments are not pages. Only a
    // signed-in runner's pages (marked private by the server) are kept: sign-out deletes them, and
    // the public page it lands on must not bring the cache back (caches.open would create it).
    const personal = /\bprivate\b/.test(response.headers.get("Cache-Control") || "");
    // A navigation's redirect reaches the worker as an opaque redirect; the browser follows it.
    const moved = response.redirected || response.type === "opaqueredirect";
    if (GONE.includes(response.status) || moved) {
      await forget(request.url);
    } else if (response.ok && request.mode === "navigate" && personal && !neverKept(request.url)) {
      const cache = await caches.open(PAGE_CACHE);
      await cache.put(key, response.clone());
    }
    return response;
  } catch (error) {
    // A stored page is a whole document: swapped into a page by htmx it would nest one page in
    // another. Say "offline" instead; offline.js then opens the address as a full page.
    if (request.mode !== "navigate") return new Response("", { status: 503, statusText: "Offline" });
    if (neverKept(request.url)) return caches.match("/offline/", { cacheName: STATIC_CACHE });
    const cached = await caches.match(key, { cacheName: PAGE_CACHE });
    if (cached) return cached;
    const path = new URL(request.url).pathname;
    const samePath = await caches.match(path, { cacheName: PAGE_CACHE, ignoreSearch: true });
    if (samePath) return samePath;
    return caches.match("/offline/", { cacheName: STATIC_CACHE });
  }
}

// Deletes the kept copies of an address (with any query string), if there is a page cache at all:
// caches.open would create one, and an empty cache after sign-out must stay absent.
async function forget(url) {
  if (!(await caches.has(PAGE_CACHE))) return;
  const cache = await caches.open(PAGE_CACHE);
  const copies = await cache.keys(url.split("#")[0], { ignoreSearch: true });
  await Promise.all(copies.map((copy) => cache.delete(copy)));
}

// Copies of pages that are no longer kept at all, left by an older version of this worker.
async function dropNeverKept() {
  if (!(await caches.has(PAGE_CACHE))) return;
  const cache = await caches.open(PAGE_CACHE);
  const copies = await cache.keys();
  await Promise.all(copies.filter((copy) => neverKept(copy.url)).map((copy) => cache.delete(copy)));
}

self.addEventListener("sync", (event) => {
  if (event.tag === "footnote-sync") event.waitUntil(syncFromWorker());
});

// Sends the signed-in runner's queue (the lock keeps open pages from sending the same entries),
// then tells open pages to show where it stands. A send that failed for a reason that may pass
// (no connection, a server problem) fails the sync event, so the browser tries again later.
async function syncFromWorker() {
  const outcome = await FootnoteQueue.sync();
  const windows = await self.clients.matchAll({ type: "window" });
  windows.forEach((client) => client.postMessage({ type: "SYNCED" }));
  if (outcome.stopped && outcome.retry) {
    throw new Error("Not everything was sent; the browser will try again.");
  }
}

// Web Push: a reminder or notice from the server. Its text never carries a health value; a tap
// opens the page it names (the check-in for a reminder), in an open Footnote tab if there is one.
self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = {};
  }
  const title = data.title || "Footnote";
  event.waitUntil(
    self.registration.showNotification(title, {
      body: data.body || "",
      icon: "{{ icon_url }}",
      tag: data.tag || "footnote",
      data: { url: data.url || "/today/" },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL((event.notification.data && event.notification.data.url) || "/today/", self.location.origin);
  if (target.origin !== self.location.origin) return;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
      if (!open) return self.clients.openWindow(target.href);
      // navigate() works only on a tab this worker controls; otherwise open a new one.
      return open
        .navigate(target.href)
        .then((client) => (client || open).focus())
        .catch(() => self.clients.openWindow(target.href));
    }),
  );
});
