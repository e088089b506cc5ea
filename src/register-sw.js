// Registers the service worker and announces a waiting new version to the app (src/update.rs),
// which shows "new version available, reload" instead of swapping code under the user. tools/build.mjs
// puts it in the client's script, after the glue, so the first load fetches no file for it.
(function () {
  if (!('serviceWorker' in navigator)) return;

  // Once a user is signed in (src/update.rs): keep the modules of the areas their role opens,
  // with the words of their language, for offline use.
  // `poskoPrecached` settles once the worker has them (the tests wait for it before going offline).
  window.poskoPrecache = function (areas, lang) {
    window.poskoPrecached = navigator.serviceWorker.ready.then(function (registration) {
      return new Promise(function (resolve) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) {
          resolve(event.data);
        };
        registration.active.postMessage({ precache: { areas: areas, lang: lang } }, [channel.port2]);
      });
    });
  };

  function announceUpdate() {
    window.poskoUpdateReady = true;
    window.dispatchEvent(new Event('posko-update-ready'));
  }

  window.addEventListener('load', function () {
    navigator.serviceWorker.register('/sw.js').then(function (registration) {
      if (registration.waiting && navigator.serviceWorker.controller) announceUpdate();
      registration.addEventListener('updatefound', function () {
        var worker = registration.installing;
        if (!worker) return;
        worker.addEventListener('statechange', function () {
          // With no controller this is the first install, not an update.
          if (worker.state === 'installed' && navigator.serviceWorker.controller) announceUpdate();
        });
      });

      var reloadRequested = false;
      navigator.serviceWorker.addEventListener('controllerchange', function () {
        if (reloadRequested) window.location.reload();
      });
      window.poskoApplyUpdate = function () {
        reloadRequested = true;
        if (registration.waiting) registration.waiting.postMessage('skip-waiting');
      };

      // A phone keeps the app open for days: look for a new version whenever it comes back.
      document.addEventListener('visibilitychange', function () {
        if (document.visibilityState === 'visible') registration.update().catch(function () {});
      });
    }).catch(function (error) {
      console.warn('service worker registration failed', error);
    });
  });
})();
