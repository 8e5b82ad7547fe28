// Community screen service worker: keeps the screen's page, its content JSON and the static
// files it uses, so a screen that restarts while the network is down still shows the last
// content. Network first (fresh content whenever there is a network), the cache otherwise.
"use strict";
var CACHE = "safer-screen-v1";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // Only the screen's own page and JSON, and static files: nothing else is ever kept.
  var path = url.pathname;
  var screen = path === "/screen" || path.indexOf("/screen/") === 0;
  if (!screen && path.indexOf("/static/") !== 0) return;
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(request, { ignoreVary: true }).then(function (cached) {
        return cached || Response.error();
      });
    })
  );
});
