// Posko service worker: precaches every build asset and serves the app shell offline.
// tools/build.mjs fills in PRECACHE and VERSION after each build; this file is a template.
'use strict';

const PRECACHE = /* PRECACHE */ [];
const VERSION = '/* VERSION */';
const CACHE_PREFIX = 'posko-shell-';
const CACHE = CACHE_PREFIX + VERSION;
const SHELL = '/index.html';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      // `cache: 'no-cache'` revalidates with the server, so a stale HTTP cache can never
      // put an old file under a new version.
      cache.addAll(PRECACHE.map((entry) => new Request(entry.url, { cache: 'no-cache' })))
    )
  );
  // No skipWaiting here: a new version waits until the user chooses to reload.
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((n) => n.startsWith(CACHE_PREFIX) && n !== CACHE).map((n) => caches.delete(n)))
      )
      .then(() => self.clients.claim())
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;

  if (request.mode === 'navigate') {
    // Every app route is the same shell: serve it from the cache, online or not, so the app
    // opens at once on a weak signal. New versions arrive through the service worker update.
    event.respondWith(
      caches.open(CACHE).then((cache) => cache.match(SHELL)).then((cached) => cached || fetch(request))
    );
    return;
  }

  event.respondWith(
    caches.open(CACHE).then((cache) =>
      cache.match(url.pathname).then((cached) => cached || fetch(request))
    )
  );
});
