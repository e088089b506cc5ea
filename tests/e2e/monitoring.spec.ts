// What a monitor sees (issue #12, item 7): every office's figures from the server, lowest score
// first, searchable; never a record about a person, and with no connection it says so.
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
  const scores = (await rows.locator('td.score').allTextContents()).map(Number);
  expect(scores).toEqual([...scores].sort((a, b) => a - b));
  await page.getByLabel('Cari instansi atau kantor').fill('klojen');
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText('Kantor Kecamatan Klojen');
  // Nothing about a person came to the monitor's device.
  expect(await page.evaluate(() => document.body.innerText)).not.toContain('Siti Rahmawati');

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByText('Angka pemantauan diambil dari server, dan sekarang tidak ada sinyal.', { exact: false })).toBeVisible();
});
