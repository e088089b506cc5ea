// What a monitor sees (issue #12, item 7): every office's figures from the server, lowest score
// first, searchable; never a record about a person; offline, the last figures with their time.
import { expect, test } from '@playwright/test';
import { signIn, waitForServiceWorker } from './pages/app';

test('a monitor compares the offices by their figures, and is told when offline', async ({ page, context }) => {
  await signIn(page, 'pemantau');
  await waitForServiceWorker(page);
  await page.getByRole('link', { name: 'Kepatuhan protokol' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kepatuhan protokol per kantor' })).toBeVisible();
  const rows = page.getByTestId('figures-row');
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId('figures-summary')).toContainText('2 kantor');
  // Lowest score first.
  const scores = (await rows.locator('.score').allTextContents()).map(Number);
  expect(scores).toEqual([...scores].sort((a, b) => a - b));
  // Each figure on its scale: the score out of 100, the screened as a share of the staff.
  await expect(rows.first()).toContainText('/100');
  await expect(rows.first()).toContainText(/\d+%\d+ dari \d+ pegawai/);
  await page.getByLabel('Cari instansi atau kantor').fill('klojen');
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText('Kantor Kecamatan Klojen');
  // An empty search names what was searched, and out of how many.
  await page.getByLabel('Cari instansi atau kantor').fill('Surabaya');
  await expect(rows).toHaveCount(0);
  await expect(page.getByTestId('figures-shown')).toHaveText('Tidak ada instansi atau kantor yang cocok dengan \u201cSurabaya\u201d di antara 2 kantor.');
  // Nothing about a person came to the monitor's device.
  expect(await page.evaluate(() => document.body.innerText)).not.toContain('Siti Rahmawati');

  // Offline, the last figures stay, with when they came (issue #19 item 9)...
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('figures-kept')).toContainText(/^Tidak ada sinyal\. Ini angka \S+, \d+ \S+ \d{4} yang terakhir diambil, pukul \d{2}[.:]\d{2}/);
  await expect(rows).toHaveCount(2);
  // ...and are fetched again as soon as the connection returns, with no tap.
  await context.setOffline(false);
  await expect(page.getByTestId('figures-kept')).toHaveCount(0);
  await expect(rows).toHaveCount(2);
});

test('a monitor who never had figures on this phone is told they need a connection', async ({ page, context }) => {
  await signIn(page, 'pemantau');
  await waitForServiceWorker(page);
  await context.setOffline(true);
  await page.goto('/kepatuhan');
  await expect(page.getByText('Angka pemantauan diambil dari server, dan sekarang tidak ada sinyal.', { exact: false })).toBeVisible();
  await context.setOffline(false);
  await expect(page.getByTestId('figures-row')).toHaveCount(2);
});
