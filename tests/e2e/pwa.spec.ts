// Installability and the service worker: a valid manifest with real icons, the shell precached
// for every visitor and each role's areas once signed in, a version from the files' contents, caching
// headers, and a new version announced rather than swapped in (keeping the areas kept).
import { expect, test, type Page } from '@playwright/test';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ownEmployee } from './pages/activation';
import { LoginPage, signIn, submitScreening, waitForServiceWorker } from './pages/app';
import { apiToken, pullAll, SyncStrip } from './pages/sync';

const dist = join(process.env.POSKO_E2E_DIR!, 'dist');

function distFiles(dir = dist): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? distFiles(path) : [path];
  });
}

test('the manifest makes the app installable', async ({ request, page }) => {
  const response = await request.get('/manifest.webmanifest');
  expect(response.status()).toBe(200);
  const manifest = await response.json();
  expect(manifest).toMatchObject({ name: expect.any(String), short_name: 'Posko', start_url: '/', display: 'standalone' });
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  // The installed app's icons, and the page's own (a tab's, 32 px, which every visitor fetches).
  await page.goto('/masuk');
  const pageIcon = await page.locator('link[rel=icon]').getAttribute('href');
  for (const size of [192, 512, 32]) {
    const icon =
      size === 32
        ? { src: pageIcon }
        : manifest.icons.find((i: { sizes: string; purpose?: string }) => i.sizes === `${size}x${size}` && (i.purpose ?? 'any') === 'any');
    expect(icon, `icon ${size}`).toBeTruthy();
    const png = await request.get(icon.src);
    expect(png.status()).toBe(200);
    const bytes = await png.body();
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(bytes.readUInt32BE(16)).toBe(size); // IHDR width
    expect(bytes.readUInt32BE(20)).toBe(size); // IHDR height
    // And the browser draws it (the icons are indexed PNGs of three colours: tools/make-icons.py).
    await page.goto('/masuk');
    const drawn = await page.evaluate(async (src) => {
      const image = new Image();
      image.src = src;
      await image.decode();
      const canvas = Object.assign(document.createElement('canvas'), { width: image.naturalWidth, height: image.naturalHeight });
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      const at = (x: number, y: number) => [...context.getImageData(x, y, 1, 1).data.slice(0, 3)];
      return { width: image.naturalWidth, corner: at(1, 1), centre: at(image.naturalWidth / 2, image.naturalHeight / 2) };
    }, icon.src);
    expect(drawn).toEqual({ width: size, corner: [11, 93, 143], centre: [255, 255, 255] });
  }
});

/** The worker's lists (tools/build.mjs), read from the minified worker as object literals. */
function workerLists(body: string) {
  const literal = (name: string) => new Function(`return ${body.match(new RegExp(`${name}=(\\[.*?\\]|\\{.*?\\]\\})[,;]`, 's'))![1]}`)();
  return {
    precache: literal('PRECACHE') as string[],
    areas: literal('AREAS') as Record<string, string[]>,
  };
}

/** The build files in the page's service-worker cache (not the worker's note of what it keeps). */
async function cachedPaths(page: Page): Promise<string[]> {
  const paths: string[] = await page.evaluate(async () => {
    const names = await caches.keys();
    const cache = await caches.open(names.find((n) => n.startsWith('posko-shell-'))!);
    return (await cache.keys()).map((r) => new URL(r.url).pathname).sort();
  });
  return paths.filter((path) => path !== '/__posko-kept-areas');
}

test('the service worker is revalidated, precaches the shell for everyone and each role its areas once signed in', async ({ page, request, browser }) => {
  const sw = await request.get('/sw.js');
  expect(sw.status()).toBe(200);
  expect(sw.headers()['cache-control']).toBe('no-cache');
  const { precache, areas } = workerLists(await sw.text());

  // Every build file is in the shell or an area, or is another language's words (kept when fetched).
  const built = distFiles()
    .map((p) => '/' + relative(dist, p))
    .filter((url) => !/\.(br|gz)$/.test(url) && url !== '/sw.js')
    .sort();
  const listed = new Set([...precache, ...Object.values(areas).flat()]);
  // The icons are fetched by the browser when it installs the app, never precached.
  expect(built.filter((url) => !listed.has(url) && !url.startsWith('/lang/') && !url.startsWith('/icons/'))).toEqual([]);
  expect(precache.filter((url) => url.startsWith('/icons/'))).toEqual([]);
  expect(Object.keys(areas).sort()).toEqual(['activation', 'center', 'home', 'monitoring', 'tracing']);
  const files = (area: string, lang = 'id') => areas[area].map((url) => url.replace('{lang}', lang));

  // A visitor who has not signed in gets the shell only.
  await page.goto('/masuk');
  await waitForServiceWorker(page);
  // (An icon the browser fetched for the manifest meanwhile is kept as it comes, not precached.)
  expect((await cachedPaths(page)).filter((url) => !url.startsWith('/icons/'))).toEqual([...precache].sort());

  // Signed in, an employee's phone keeps nothing more until today's screening is saved (it
  // goes out first on a weak link); then the home area, never the monitor's screens, and the
  // Crisis Center's records page only once a violation names them (they read it there). An
  // employee of her own, not screened today anywhere.
  const me = await ownEmployee(request, 'demo-person-016');
  await new LoginPage(page).login(me.username, me.password);
  await expect(page.getByRole('heading', { name: /^Halo, / })).toBeVisible();
  await new SyncStrip(page).expectAllSent();
  await waitForServiceWorker(page);
  let cached = await cachedPaths(page);
  expect(cached.filter((url) => /\/(split_\w+|chunk_\d+)-/.test(url))).toEqual([]);
  // Saved offline, the first screening of the day: the home area is kept once the connection
  // returns, while the page still shows the screening's result (nothing else fetches it there).
  await page.context().setOffline(true);
  await submitScreening(page, '36,5');
  // The home's day, not kept yet, cannot show offline: said once, with a number to call.
  await page.locator('a.brand').click();
  const notice = page.getByRole('alert').filter({ hasText: 'Layar ini belum tersimpan di perangkat.' });
  await expect(notice).toHaveCount(1);
  await expect(page.getByRole('link', { name: /119/ })).toBeVisible();
  // Back online, it shows by itself, and the home area is kept.
  await page.context().setOffline(false);
  await expect(page.getByTestId('today-result')).toHaveText('Skrining hari ini sudah diisi. Boleh bekerja di kantor.');
  await expect(notice).toHaveCount(0);
  await expect.poll(() => cachedPaths(page)).toEqual(expect.arrayContaining(files('home')));
  await new SyncStrip(page).expectAllSent();
  // Earlier tests of the run may have recorded a violation naming her.
  const readsViolations = (await pullAll(request, await apiToken(request, me.username, me.password))).some(
    (r) => r.kind === 'violation',
  );
  if (readsViolations) await expect(page.getByTestId('violations-link')).toBeVisible();
  await waitForServiceWorker(page);
  cached = await cachedPaths(page);
  expect(cached.filter((url) => /\/split_(monitoring|activation)-/.test(url))).toEqual([]);
  expect(cached.some((url) => /\/split_center-/.test(url))).toBe(readsViolations);

  // A protocol officer's phone keeps the three areas of the Crisis Center's everyday work.
  const officer = await browser.newContext();
  const officerPage = await officer.newPage();
  await officerPage.goto('/masuk');
  await new LoginPage(officerPage).login('petugas');
  await expect(officerPage.getByRole('heading', { name: /^Halo, / })).toBeVisible();
  await waitForServiceWorker(officerPage);
  cached = await cachedPaths(officerPage);
  for (const url of [...files('home'), ...files('center'), ...files('monitoring')]) expect(cached).toContain(url);
  // Activation is a new user's, once and online: no signed-in phone keeps it. The tracing area
  // is the health team's: a protocol officer's phone neither keeps nor fetches it.
  expect(cached.filter((url) => /\/split_(activation|tracing)-/.test(url))).toEqual([]);
  await officer.close();

  // A tracing officer's phone keeps the tracing area too, with the health kinds' names.
  const tracer = await browser.newContext();
  const tracerPage = await tracer.newPage();
  await tracerPage.goto('/masuk');
  await new LoginPage(tracerPage).login('pelacak');
  await expect(tracerPage.getByRole('heading', { name: /^Halo, / })).toBeVisible();
  await waitForServiceWorker(tracerPage);
  cached = await cachedPaths(tracerPage);
  for (const url of [...files('home'), ...files('center'), ...files('monitoring'), ...files('tracing')]) {
    expect(cached).toContain(url);
  }
  expect(files('tracing')).toContain('/lang/cases-id.json');
  await tracer.close();

  const wasm = precache.find((url) => url.endsWith('.wasm'))!;
  const asset = await request.get(wasm, { headers: { 'accept-encoding': 'br' } });
  expect(asset.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(asset.headers()['content-encoding']).toBe('br');
});

test('any route opens offline from the cached shell, once signed in', async ({ page, context }) => {
  // An officer's phone keeps its areas at sign-in (an employee's once the day's screening is
  // done, above), the home area's "not found" among them.
  await signIn(page, 'petugas');
  await waitForServiceWorker(page);
  await expect.poll(async () => (await cachedPaths(page)).some((url) => /\/split_home-/.test(url))).toBe(true);
  await context.setOffline(true);
  await page.goto('/riwayat/tidak-ada');
  await expect(page.getByRole('heading', { name: 'Halaman tidak ditemukan.' })).toBeVisible();
  await page.goto('/skrining');
  await expect(page.getByTestId('net-status')).toHaveText('Luring');
});

test('a new version is announced, and applied only when the user reloads', async ({ page }) => {
  // The client running (a new phone's sign-in page runs none until the user signs in).
  await signIn(page, 'petugas');
  await waitForServiceWorker(page);
  const banner = page.getByRole('alert').filter({ hasText: 'Versi baru tersedia.' });
  await expect(banner).toHaveCount(0);

  // Publish a new release: a changed service worker (its precompressed copies removed so the
  // server sends the new file).
  const swPath = join(dist, 'sw.js');
  const original = readFileSync(swPath, 'utf8');
  rmSync(swPath + '.br', { force: true });
  rmSync(swPath + '.gz', { force: true });
  writeFileSync(swPath, original.replace(/VERSION="([0-9a-f]+)"/, 'VERSION="$1-next"'));
  try {
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      await registration!.update();
    });
    await expect(banner).toBeVisible();
    // The old version keeps running until the user chooses.
    const before = await page.evaluate(() => navigator.serviceWorker.controller!.scriptURL);
    expect(before).toContain('/sw.js');
    await Promise.all([page.waitForEvent('load'), banner.getByRole('button', { name: 'Muat ulang' }).click()]);
    await expect(page.getByRole('heading', { name: /^Halo, / })).toBeVisible();
    const active: string[] = await page.evaluate(async () => (await caches.keys()).filter((n) => n.startsWith('posko-shell-')));
    expect(active).toHaveLength(1);
    expect(active[0]).toMatch(/-next$/);
  } finally {
    writeFileSync(swPath, original);
  }
});

test('a screen whose module fails to load just after the connection returns is tried again by itself', async ({ page, request }) => {
  // An employee of her own, not screened today anywhere: her phone keeps no home area yet.
  const me = await ownEmployee(request, 'demo-person-022');
  await page.goto('/masuk');
  await new LoginPage(page).login(me.username, me.password);
  await new SyncStrip(page).expectAllSent();
  await waitForServiceWorker(page);
  await page.context().setOffline(true);
  await submitScreening(page, '36,5');
  await page.locator('a.brand').click();
  const notice = page.getByRole('alert').filter({ hasText: 'Layar ini belum tersimpan di perangkat.' });
  await expect(notice).toHaveCount(1);
  // The home area's fetches fail for the first half second after the return, as on a phone
  // that says it is online a moment before requests go through; later ones get through.
  let failed = 0;
  let back = Infinity;
  await page.context().route(/\/split_home-[0-9a-f]+\.wasm$/, (route) =>
    Date.now() < back + 500 ? (failed++, route.abort()) : route.continue(),
  );
  back = Date.now();
  await page.context().setOffline(false);
  await expect(page.getByTestId('today-result')).toHaveText('Skrining hari ini sudah diisi. Boleh bekerja di kantor.');
  await expect(notice).toHaveCount(0);
  expect(failed).toBeGreaterThan(0);
});
