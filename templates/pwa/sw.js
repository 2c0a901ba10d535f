/* Footnote service worker, version {{ version }}.
   Static files: precached, cache-first. Pages: network-first, falling back to the last copy
   seen, then to the offline page. The API and the admin are never cached. */
"use strict";
importScripts("{{ queue_js }}");

const VERSION = "{{ version }}";
const STATIC_CACHE = "footnote-static-" + VERSION;
const PAGE_CACHE = "footnote-pages";
const PRECACHE = [{% for url in precache %}"{{ url }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
const NEVER_CACHE = ["/api/", "/admin/", "/accounts/", "/sw.js"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(STATIC_CACHE).then((cache) => cache.addAll(PRECACHE)));
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
  const cache = await caches.open(PAGE_CACHE);
  try {
    const response = await fetch(request);
    // Keep the last full page seen for reading offline; htmx fragments are not pages.
    if (response.ok && request.mode === "navigate" && !response.redirected) {
      await cache.put(request.url.split("#")[0], response.clone());
    }
    return response;
  } catch (error) {
    const cached = await cache.match(request.url.split("#")[0], { ignoreSearch: false });
    if (cached) return cached;
    const path = new URL(request.url).pathname;
    const samePath = await cache.match(path, { ignoreSearch: true });
    if (samePath && request.mode === "navigate") return samePath;
    if (request.mode === "navigate") return caches.match("/offline/");
    return new Response("", { status: 503, statusText: "Offline" });
  }
}

self.addEventListener("sync", (event) => {
  if (event.tag === "footnote-sync") event.waitUntil(syncFromWorker());
});

async function syncFromWorker() {
  const windows = await self.clients.matchAll({ type: "window" });
  if (windows.length) {
    // A page is open: let it send, so it can show what happened.
    windows.forEach((client) => client.postMessage({ type: "SYNC" }));
    return;
  }
  await FootnoteQueue.sync();
}
