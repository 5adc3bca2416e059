// Baqylau's service worker: keeps the app itself on the phone so it opens with no connection.
// The build fills in the file list and version (vite.config.ts). API calls are never cached:
// reports live in IndexedDB until the server acknowledges them.
const VERSION = '__VERSION__';
const PRECACHE = __PRECACHE__;
const CACHE = `baqylau-app-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith('baqylau-app-') && k !== CACHE).map((k) => caches.delete(k))),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/socket.io/'))
    return;
  if (request.mode === 'navigate') {
    // Pages: the network when it answers (a new version), the cached app when it does not.
    event.respondWith(fetch(request).catch(() => caches.match('/index.html', { cacheName: CACHE })));
    return;
  }
  // Hashed assets never change: the cache first.
  event.respondWith(caches.match(request, { cacheName: CACHE }).then((hit) => hit ?? fetch(request)));
});
