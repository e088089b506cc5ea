// How the page starts (issue #19 item 10): appended to the client's glue by tools/build.mjs,
// which calls `boot(start, wasm)`; `start(source)` runs the client from `source`, the module's
// address or the module already compiled, and settles when it runs.
//
// A phone that has run Posko before (its database is there) starts the client at once, as
// every page but the sign-in does. A new phone on the sign-in gets index.html's own form
// instead, usable before the module arrives: Lighthouse's field profile (400 kbit/s, 400 ms
// round trips, a 4x slower CPU) made the sign-in page interactive at 6.1 s while the page
// fetched the 140 kB module, 2.5 s without it (2026-12-07). The module is fetched and compiled
// once the user starts typing. The client starts when they sign in, and what they typed goes
// into its own sign-in form (src/pages/login.rs: the same field names), which is sent as if
// typed there, so its messages and its sign-in are the only ones. Or it starts when they ask
// for English (the key is the one src/i18n.rs keeps the language under).
function boot(start, wasm) {
  const form = document.getElementById('boot-sign-in');
  const path = location.pathname;
  if (!form || (path !== '/' && path !== '/masuk') || !indexedDB.databases) return start(wasm);
  indexedDB.databases().then((found) => {
    if (found.some((database) => database.name === 'posko')) return start(wasm);
    const language = document.getElementById('boot-language');
    const failed = document.getElementById('boot-failed');
    let compiled;
    // A module that fails to fetch or compile here is fetched again by `start`, which says so.
    const fetchModule = () => compiled || (compiled = WebAssembly.compileStreaming(fetch(wasm)).catch(() => wasm));
    // Settles true once the client runs.
    const go = () =>
      fetchModule()
        .then(start)
        .then(
          () => true,
          () => {
            // No connection on a phone's first sign-in: said where it was asked, and tried
            // again at the next press.
            compiled = undefined;
            failed.hidden = false;
            return false;
          }
        );
    // The client's own sign-in form, once it is drawn (after its store opens): filled as typing
    // would (its fields follow `input`), then sent.
    const handOver = (typed) => {
      const fill = () => {
        const own = document.querySelector('main form:not(#boot-sign-in)');
        if (!own) return false;
        ['username', 'password'].forEach((name, i) => {
          own.elements[name].value = typed[i];
          own.elements[name].dispatchEvent(new Event('input', { bubbles: true }));
        });
        own.requestSubmit();
        return true;
      };
      if (!fill()) new MutationObserver((_, watch) => fill() && watch.disconnect()).observe(document.body, { childList: true, subtree: true });
    };
    form.parentNode.hidden = false;
    language.hidden = false;
    document.querySelector('#boot [role=status]').hidden = true;
    form.addEventListener('input', fetchModule, { once: true });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      failed.hidden = true;
      const typed = [form.elements.username.value, form.elements.password.value];
      go().then((started) => started && handOver(typed));
    });
    language.addEventListener('click', () => {
      localStorage.setItem('posko.lang', 'en');
      go();
    });
  }, () => start(wasm));
}
