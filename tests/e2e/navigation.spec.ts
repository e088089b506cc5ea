// Moving between screens: links and the back button change the screen inside the running app
// (no page load, so nothing typed is lost and it works offline), and every path finds its screen.
import { expect, test } from '@playwright/test';
import { LoginPage, signIn } from './pages/app';

test('links and the back button change screens without loading the page again', async ({ page }) => {
  await signIn(page, 'pegawai');
  // A page load would start a new JavaScript realm and lose this mark.
  await page.evaluate(() => ((window as unknown as { poskoMark: number }).poskoMark = 7));

  await page.getByRole('link', { name: 'Riwayat skrining' }).first().click();
  await expect(page).toHaveURL(/\/riwayat$/);
  await expect(page.getByRole('heading', { name: 'Riwayat skrining' })).toBeVisible();

  await page.goBack();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { name: /^Halo, / })).toBeVisible();
  await page.goForward();
  await expect(page.getByRole('heading', { name: 'Riwayat skrining' })).toBeVisible();

  expect(await page.evaluate(() => (window as unknown as { poskoMark?: number }).poskoMark)).toBe(7);
});

test('each path opens its screen, with or without a trailing slash', async ({ page }) => {
  await signIn(page, 'pegawai');
  const screens: [string, RegExp | string][] = [
    ['/riwayat', 'Riwayat skrining'],
    ['/riwayat/', 'Riwayat skrining'],
    ['/skrining/', 'Skrining kesehatan mandiri'],
    ['/', /^Halo, /],
    ['/skrining/lain', 'Halaman tidak ditemukan.'],
  ];
  for (const [path, heading] of screens) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: heading }), path).toBeVisible();
  }
});

test('a visitor not signed in is sent to sign in, and the address bar follows each move', async ({ page }) => {
  await page.goto('/riwayat');
  await expect(page.getByRole('heading', { name: 'Masuk' })).toBeVisible();
  await expect(page).toHaveURL(/\/masuk$/);
  await new LoginPage(page).login('pegawai');
  await expect(page.getByRole('heading', { name: /^Halo, / })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
});
