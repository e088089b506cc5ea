// The daily self-screening: saved on the device, shown in the history, and still there after
// going offline and reloading (served by the service worker from its cache and IndexedDB).
import { expect, test } from '@playwright/test';
import { HomePage, ScreeningPage, signIn, waitForServiceWorker } from './pages/app';
import { HistoryList, SyncStrip } from './pages/sync';

test('a screening submitted online is there after going offline and reloading', async ({ page, context }) => {
  await signIn(page, 'pegawai');
  await waitForServiceWorker(page);

  await new HomePage(page).startScreening();
  const screening = new ScreeningPage(page);
  await screening.fill({ temperature: '37,8', symptoms: ['Batuk'] });
  await screening.submit();
  await expect(screening.result()).toContainText('Tetap di rumah dan lapor ke Crisis Center');
  await expect(screening.result()).toContainText('suhu tinggi, ada gejala');

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('net-status')).toHaveText('Luring');
  await page.goto('/');
  const home = new HomePage(page);
  await home.expectGreeting('Siti Rahmawati');
  await expect(page.getByText('Skrining hari ini sudah diisi.')).toBeVisible();
  await expect(home.history()).toContainText('37,8 °C');
  // Sent or still waiting, depending on whether the push beat the disconnect: either is shown.
  await expect(home.history().getByTestId('sync-state').first()).toHaveText(/Belum terkirim|Terkirim/);
});

test('the history lists the newest screening date first', async ({ page }) => {
  await signIn(page, 'pelacak');
  const day = (ago: number) => new Date(Date.now() - ago * 86_400_000).toISOString().slice(0, 10);
  for (const date of [day(3), day(1), day(2)]) {
    await page.goto('/skrining');
    await page.getByLabel('Tanggal').fill(date);
    // The browser shows the day in digits its own way: the form says it in words under it.
    const [y, m, d] = date.split('-').map(Number);
    const weekday = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'][new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
    const month = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'][m - 1];
    await expect(page.getByTestId('date-words')).toHaveText(`${weekday}, ${d} ${month} ${y}`);
    const screening = new ScreeningPage(page);
    await screening.fill({ temperature: '36,5' });
    await screening.submit();
    await expect(screening.result()).toBeVisible();
  }
  // Her month of screenings from the demo, pulled, and the three just made, sent.
  await new SyncStrip(page).expectAllSent();
  const list = new HistoryList(page);
  await list.goto();
  // The list shows once the store is read: wait for the three days before reading its order.
  for (const date of [day(1), day(2), day(3)]) await expect(list.items().locator(`time[datetime="${date}"]`)).toHaveCount(1);
  const dates = await list.items().locator('time[datetime]').evaluateAll((times) => times.map((t) => t.getAttribute('datetime')!));
  expect(dates).toEqual([...dates].sort().reverse());
  expect(dates.filter((date) => [day(1), day(2), day(3)].includes(date))).toEqual([day(1), day(2), day(3)]);
});

test('a screening made while offline is saved and survives a reload', async ({ page, context }) => {
  await signIn(page, 'petugas');
  await waitForServiceWorker(page);
  await context.setOffline(true);

  await page.goto('/skrining');
  const screening = new ScreeningPage(page);
  await screening.fill({ temperature: '36,6' });
  await screening.submit();
  await expect(screening.result()).toContainText('Boleh bekerja di kantor');
  // The result says where the screening stands with the server (issue #19 item 4), and says
  // it again once the connection is back and it went.
  await expect(screening.result().getByTestId('sync-state')).toHaveText('Belum terkirim');
  await context.setOffline(false);
  await expect(screening.result().getByTestId('sync-state')).toHaveText('Terkirim');
  await context.setOffline(true);

  await page.reload();
  await page.goto('/riwayat');
  await expect(page.getByTestId('screening-history')).toContainText('36,6 °C');
});

test('invalid answers get a message per field and nothing typed is lost', async ({ page }) => {
  await signIn(page, 'pegawai');
  await page.goto('/skrining');
  const screening = new ScreeningPage(page);
  await screening.fill({ temperature: '48', symptoms: ['Gejala lain', 'Sesak napas'] });
  await screening.submit();
  await expect(page.getByRole('alert').first()).toHaveText('Periksa kembali isian yang ditandai.');
  await expect(page.getByText('Harus antara 34,0 dan 43,0.')).toBeVisible();
  await expect(page.getByText('Wajib diisi.')).toBeVisible();
  await expect(page.getByLabel('Suhu tubuh (°C)')).toBeFocused();
  await expect(page.getByLabel('Suhu tubuh (°C)')).toHaveValue('48');
  await expect(page.getByLabel('Sesak napas')).toBeChecked();
  await expect(screening.result()).toHaveCount(0);

  await page.getByLabel('Suhu tubuh (°C)').fill('36,5');
  await page.getByLabel('Sebutkan gejala lain').fill('pusing');
  await screening.submit();
  await expect(screening.result()).toContainText('Tetap di rumah');
});

test('a saved screening form edits what it saved: a double tap or a second save makes no second record', async ({ page }) => {
  // The PPK screens here only: their history holds what this test saved and nothing else.
  await signIn(page, 'ppk');
  await page.goto('/skrining');
  const screening = new ScreeningPage(page);
  await screening.fill({ temperature: '36,5' });
  await page.getByRole('button', { name: 'Simpan skrining' }).dblclick();
  await expect(screening.result()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Ubah skrining' })).toBeVisible();
  // A second save changes the same screening.
  await screening.fill({ temperature: '37,9' });
  await screening.submit();
  await expect(screening.result()).toContainText('Tetap di rumah');
  const list = new HistoryList(page);
  await list.goto();
  await expect(list.items()).toHaveCount(1);
  await expect(list.items().first()).toContainText('37,9 °C');
  // Each entry shows the time it was recorded, so two of one day can be told apart.
  await expect(list.items().first().locator('time').nth(1)).toHaveText(/^\d{2}:\d{2}$/);
});
