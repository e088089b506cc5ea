// Posko service worker: precaches the app shell, then the modules of the areas a user's role
// opens (src/later.rs) once they sign in, and serves the app offline.
// tools/build.mjs fills in PRECACHE, AREAS and VERSION after each build; this file is a template.
'use strict';

// The paths every visitor needs to sign in and screen: the page, the first module, its styles.
const PRECACHE = /* PRECACHE */ [];
// Per area, the paths of the files its views load: its module and the chunks it shares, its
// words (`{lang}` is the user's language) and styles (hashed names, or revised with the version).
const AREAS = /* AREAS */ {};
const VERSION = '/* VERSION */';
const CACHE_PREFIX = 'posko-shell-';
const CACHE = CACHE_PREFIX + VERSION;
const SHELL = '/index.html';
// The areas and language this phone keeps, so a new version precaches them too.
const KEPT = '/__posko-kept-areas';
// Every file of this build: one fetched from the network is kept (a language chosen later).
const KNOWN = new Set(PRECACHE.concat(...Object.values(AREAS)));
const known = (path) => KNOWN.has(path) || /^\/(lang\/[\w-]+\.json|icons\/[\w-]+\.png)$/.test(path);

/** The files of `kept` ({areas, lang}) as requests to the server. */
function areaRequests(kept) {
  const urls = new Set();
  for (const area of kept.areas) {
    for (const url of AREAS[area] || []) urls.add(url.replace('{lang}', kept.lang));
  }
  return [...urls];
}

/** What the phone kept so far, in any version's cache. */
async function keptAreas() {
  for (const name of await caches.keys()) {
    if (!name.startsWith(CACHE_PREFIX)) continue;
    const found = await (await caches.open(name)).match(KEPT);
    if (found) return found.json();
  }
  return { areas: [], lang: 'id' };
}

/** Adds `kept`'s files the cache lacks, and remembers what is kept. */
async function keep(cache, kept) {
  const missing = [];
  for (const url of areaRequests(kept)) {
    if (!(await cache.match(url))) missing.push(url);
  }
  // `cache: 'no-cache'` revalidates with the server, so a stale HTTP cache can never put an
  // old file under a new version.
  await cache.addAll(missing.map((url) => new Request(url, { cache: 'no-cache' })));
  await cache.put(KEPT, new Response(JSON.stringify(kept)));
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'no-cache' })));
      await keep(cache, await keptAreas());
    })()
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
  // From the page once a user is signed in (src/update.rs): the areas their role opens.
  const wanted = event.data && event.data.precache;
  if (wanted && Array.isArray(wanted.areas) && typeof wanted.lang === 'string') {
    event.waitUntil(
      (async () => {
        const cache = await caches.open(CACHE);
        const kept = await keptAreas();
        const areas = [...new Set(kept.areas.concat(wanted.areas.filter((a) => a in AREAS)))].sort();
        await keep(cache, { areas, lang: wanted.lang });
      })().then(
        () => event.ports[0]?.postMessage('kept'),
        () => event.ports[0]?.postMessage('failed')
      )
    );
  }
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
      cache.match(url.pathname).then(
        (cached) =>
          cached ||
          fetch(request).then((response) => {
            if (response.ok && known(url.pathname)) cache.put(url.pathname, response.clone());
            return response;
          })
      )
    )
  );
});
