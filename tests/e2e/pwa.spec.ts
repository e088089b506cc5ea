// Installability and the service worker: a valid manifest with real icons, every build file
// precached with a revision, caching headers, and a new version announced rather than swapped in.
import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { waitForServiceWorker } from './pages/app';

const dist = join(process.env.POSKO_E2E_DIR!, 'dist');

function distFiles(dir = dist): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? distFiles(path) : [path];
  });
}

test('the manifest makes the app installable', async ({ request }) => {
  const response = await request.get('/manifest.webmanifest');
  expect(response.status()).toBe(200);
  const manifest = await response.json();
  expect(manifest).toMatchObject({ name: expect.any(String), short_name: 'Posko', start_url: '/', display: 'standalone' });
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  for (const size of [192, 512]) {
    const icon = manifest.icons.find((i: { sizes: string; purpose?: string }) => i.sizes === `${size}x${size}` && (i.purpose ?? 'any') === 'any');
    expect(icon, `icon ${size}`).toBeTruthy();
    const png = await request.get(icon.src);
    expect(png.status()).toBe(200);
    const bytes = await png.body();
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(bytes.readUInt32BE(16)).toBe(size); // IHDR width
    expect(bytes.readUInt32BE(20)).toBe(size); // IHDR height
  }
});

test('the service worker is revalidated and precaches every build file', async ({ page, request }) => {
  const sw = await request.get('/sw.js');
  expect(sw.status()).toBe(200);
  expect(sw.headers()['cache-control']).toBe('no-cache');
  const body = await sw.text();
  // The worker is minified (tools/build.mjs): its list is a JavaScript array literal.
  const literal = body.match(/PRECACHE=(\[.*?\])[,;]/s)![1];
  const precache: { url: string; revision: string }[] = new Function(`return ${literal}`)();

  const built = distFiles()
    .map((p) => '/' + relative(dist, p))
    .filter((url) => !/\.(br|gz)$/.test(url) && url !== '/sw.js')
    .sort();
  expect(precache.map((e) => e.url).sort()).toEqual(built);
  for (const entry of precache) expect(entry.revision).toMatch(/^[0-9a-f]{16}$/);

  await page.goto('/');
  await waitForServiceWorker(page);
  const cached: string[] = await page.evaluate(async () => {
    const names = await caches.keys();
    const cache = await caches.open(names.find((n) => n.startsWith('posko-shell-'))!);
    return (await cache.keys()).map((r) => new URL(r.url).pathname).sort();
  });
  expect(cached).toEqual(built);

  const wasm = precache.find((e) => e.url.endsWith('.wasm'))!;
  const asset = await request.get(wasm.url, { headers: { 'accept-encoding': 'br' } });
  expect(asset.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(asset.headers()['content-encoding']).toBe('br');
});

test('any route opens offline from the cached shell', async ({ page, context }) => {
  await page.goto('/');
  await waitForServiceWorker(page);
  await context.setOffline(true);
  await page.goto('/riwayat/tidak-ada');
  await expect(page.getByRole('heading', { name: 'Halaman tidak ditemukan.' })).toBeVisible();
  await page.goto('/masuk');
  await expect(page.getByRole('heading', { name: 'Masuk' })).toBeVisible();
  await expect(page.getByTestId('net-status')).toHaveText('Luring');
});

test('a new version is announced, and applied only when the user reloads', async ({ page }) => {
  await page.goto('/masuk');
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
    await expect(page.getByRole('heading', { name: 'Masuk' })).toBeVisible();
    const active: string[] = await page.evaluate(async () => (await caches.keys()).filter((n) => n.startsWith('posko-shell-')));
    expect(active).toHaveLength(1);
    expect(active[0]).toMatch(/-next$/);
  } finally {
    writeFileSync(swPath, original);
  }
});
