// A new phone's first open on a field office's link (issue #19 item 10): the sign-in form is
// the page's own (index.html, src/boot.js), usable before the client's 140 kB module is
// fetched; the module comes once the user starts typing, and signing in hands what was typed to
// the client, whose sign-in sends it and says any refusal.
import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from './pages/app';

const MODULE = /\/posko-[0-9a-f]+_bg\.wasm$/;

/** How often the page has asked for the client's module so far. */
function moduleRequests(page: Page): () => number {
  let count = 0;
  page.on('request', (request) => {
    if (MODULE.test(new URL(request.url()).pathname)) count++;
  });
  return () => count;
}

test('a new phone can fill in the sign-in before the module is fetched, and signs in with what was typed', async ({ page }) => {
  const requested = moduleRequests(page);
  await page.goto('/masuk');
  const form = page.locator('#boot-sign-in');
  await expect(form.getByLabel('Nama pengguna')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Masuk' })).toBeVisible();
  await expect(page.getByRole('status')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Ganti bahasa ke English' })).toBeVisible();
  // Nothing but the page, its styles and the small script: the module waits for the user.
  await page.waitForLoadState('load');
  expect(requested()).toBe(0);
  await form.getByLabel('Nama pengguna').fill('pegawai');
  await expect.poll(requested).toBe(1);
  await form.getByLabel('Kata sandi').fill(DEMO_PASSWORD);
  await form.getByRole('button', { name: 'Masuk', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Halo, Siti Rahmawati' })).toBeVisible();
  await expect(page.locator('#boot')).toHaveCount(0);
  // The session is kept: a reload opens the home, not the sign-in.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Halo, Siti Rahmawati' })).toBeVisible();
});

test("a wrong password typed before the module came is refused by the client's sign-in, which keeps the name", async ({ page }) => {
  await page.goto('/masuk');
  const form = page.locator('#boot-sign-in');
  await form.getByLabel('Nama pengguna').fill('pegawai');
  await form.getByLabel('Kata sandi').fill('bukan-sandinya');
  await form.getByRole('button', { name: 'Masuk', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('Nama pengguna atau kata sandi salah.');
  await expect(page.locator('#boot')).toHaveCount(0);
  await expect(page.getByLabel('Nama pengguna')).toHaveValue('pegawai');
});

test.describe(() => {
  // The module from the network alone: the service worker, installed at the first load, keeps
  // a copy, which would start the client, whose sign-in then says the same.
  test.use({ serviceWorkers: 'block' });
  test('with no connection on its first sign-in, a new phone says so where the user pressed, and signs in once it is back', async ({ page }) => {
    await page.goto('/masuk');
    await page.route(MODULE, (route) => route.abort('internetdisconnected'));
    const form = page.locator('#boot-sign-in');
    await form.getByLabel('Nama pengguna').fill('pegawai');
    await form.getByLabel('Kata sandi').fill(DEMO_PASSWORD);
    await form.getByRole('button', { name: 'Masuk', exact: true }).click();
    await expect(form.getByRole('alert')).toHaveText('Tidak ada sinyal. Masuk pertama kali perlu koneksi internet.');
    // Nothing typed is lost; pressed again with the connection back, it signs in.
    await expect(form.getByLabel('Nama pengguna')).toHaveValue('pegawai');
    await page.unroute(MODULE);
    await form.getByRole('button', { name: 'Masuk', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Halo, Siti Rahmawati' })).toBeVisible();
  });

  test('a sign-in that failed for want of a connection is not sent later by pressing English', async ({ page }) => {
    await page.goto('/masuk');
    await page.route(MODULE, (route) => route.abort('internetdisconnected'));
    const form = page.locator('#boot-sign-in');
    await form.getByLabel('Nama pengguna').fill('pegawai');
    await form.getByLabel('Kata sandi').fill('bukan-sandinya');
    await form.getByRole('button', { name: 'Masuk', exact: true }).click();
    await expect(form.getByRole('alert')).toBeVisible();
    await page.unroute(MODULE);
    await page.getByRole('button', { name: 'Ganti bahasa ke English' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(page.getByLabel('Username')).toHaveValue('');
    await expect(page.getByRole('alert')).toHaveCount(0);
  });
});

test("English on a new phone's sign-in opens the client's sign-in in English", async ({ page }) => {
  await page.goto('/masuk');
  await page.getByRole('button', { name: 'Ganti bahasa ke English' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByLabel('Username')).toBeVisible();
  await expect(page.locator('#boot')).toHaveCount(0);
});

test('a new phone opening an activation link gets the client at once, not the sign-in', async ({ page }) => {
  const requested = moduleRequests(page);
  await page.goto('/aktivasi');
  await expect(page.locator('#boot')).toHaveCount(0);
  expect(requested()).toBe(1);
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Masuk');
});
