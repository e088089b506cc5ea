// The office protocol checklist and compliance (src/pages/checklist.rs, compliance.rs), on a
// 360 px phone: a protocol officer completes today's checklist offline with a photo; once online
// it reaches the server, and the admin sees the office's score move by the checklist's weight,
// what failed, and the photo.
import { expect, test, type Page } from '@playwright/test';
import { signIn, waitForServiceWorker } from './pages/app';
import { png } from './pages/images';
import { SyncStrip } from './pages/sync';

async function openCompliance(page: Page) {
  await page.getByRole('link', { name: 'Kepatuhan protokol' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kepatuhan protokol per kantor' })).toBeVisible();
}

async function scoreOf(page: Page, office: string): Promise<number> {
  const text = await page.locator(`[data-office="${office}"]`).getByTestId('score-today').textContent();
  const match = /Skor hari ini: (\d+)/.exec(text ?? '');
  if (!match) throw new Error(`no score in ${text}`);
  return Number(match[1]);
}

test('an officer completes the checklist offline with a photo; the admin sees the score, what failed and the photo', async ({ browser }) => {
  // The admin's view before: Balai Kota has no checklist today.
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, 'admin');
  await new SyncStrip(admin).expectAllSent();
  await openCompliance(admin);
  const balaiKota = admin.locator('[data-office="demo-balai-kota"]');
  await expect(balaiKota.getByRole('heading', { level: 2 })).toHaveText('Balai Kota Malang');
  await expect(balaiKota).toContainText('Belum ada daftar periksa hari ini');
  await expect(balaiKota.getByTestId('trend')).toBeVisible();
  // The 30 days are named for a screen reader, in words: the demo's working days scored, the
  // days with no data (its weekends) gaps, not zeros; and the axis is dated (issue #19 item 5).
  const days = balaiKota.getByTestId('trend-days').locator('li');
  await expect(days).toHaveCount(30);
  await expect(days.filter({ hasText: /^\d{1,2} \S+ \d{4}: \d{1,3}\/100$/ })).not.toHaveCount(0);
  await expect(days.filter({ hasText: /^\d{1,2} \S+ \d{4}: tidak ada data$/ })).not.toHaveCount(0);
  await expect(balaiKota.getByTestId('trend').locator('text.axis-label')).toHaveCount(3);
  const before = await scoreOf(admin, 'demo-balai-kota');

  const context = await browser.newContext();
  const officer = await context.newPage();
  const uploads: string[] = [];
  officer.on('request', (r) => {
    if (r.method() === 'PUT' && r.url().includes('/attachments/')) uploads.push(r.url());
  });
  await signIn(officer, 'petugas');
  await waitForServiceWorker(officer);
  await context.setOffline(true);
  await openCompliance(officer);
  await officer.getByRole('link', { name: 'Daftar periksa protokol hari ini' }).click();
  const items = officer.locator('fieldset.check-item');
  await expect(items).toHaveCount(8);
  await expect(officer.getByTestId('checklist-progress')).toHaveText('0 dari 8 butir sudah diisi');
  // Every item met but the distance in queues, which gets a note.
  for (const item of await items.all()) {
    await item.getByLabel('Sesuai', { exact: true }).check();
  }
  // A note is asked only where an item fails: no eight empty boxes on a good day.
  await expect(officer.getByLabel('Catatan (tidak wajib)')).toHaveCount(0);
  const distance = officer.locator('[data-item=distance]');
  await expect(distance.locator('legend')).toHaveText('Jarak minimal 1 meter di ruangan dan antrean');
  await distance.getByLabel('Tidak sesuai').check();
  await distance.getByLabel('Catatan (tidak wajib)').fill('Antrean absen pagi terlalu rapat');
  await expect(officer.getByTestId('checklist-progress')).toHaveText('8 dari 8 butir sudah diisi');
  // A headcount below zero is refused, said in Indonesian, and nothing else is lost.
  await officer.getByLabel('Jumlah orang bekerja di kantor hari ini').fill('-3');
  await officer.getByRole('button', { name: 'Simpan daftar periksa' }).click();
  await expect(officer.locator('[data-field=headcount] .field-error')).toContainText('antara 0 dan 10000');
  await expect(distance.getByLabel('Tidak sesuai')).toBeChecked();
  await officer.getByLabel('Jumlah orang bekerja di kantor hari ini').fill('12');
  await officer.locator('#f-photos').setInputFiles({ name: 'antrean.png', mimeType: 'image/png', buffer: png(1600, 1200) });
  await expect(officer.locator('.photos img')).toHaveCount(1);
  await officer.getByRole('button', { name: 'Simpan daftar periksa' }).click();
  await expect(officer.getByRole('status').filter({ hasText: 'Tersimpan di perangkat ini' })).toBeVisible();
  // Nothing fits on a 360 px phone sideways.
  expect(await officer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  // Still there after a reload with no connection, as it was filled in.
  await officer.reload();
  await expect(officer.locator('[data-item=distance]').getByLabel('Tidak sesuai')).toBeChecked();
  await expect(officer.locator('[data-item=distance]').getByLabel('Catatan (tidak wajib)')).toHaveValue('Antrean absen pagi terlalu rapat');
  await expect(officer.getByLabel('Jumlah orang bekerja di kantor hari ini')).toHaveValue('12');
  await expect(officer.getByTestId('checklist-progress')).toHaveText('8 dari 8 butir sudah diisi');
  // Where it was filled in, it says where it stands with the server.
  await expect(officer.getByTestId('sync-state')).toHaveText('Belum terkirim');
  expect(uploads).toEqual([]);

  // Online: the checklist goes, then its photo, once.
  await context.setOffline(false);
  await new SyncStrip(officer).syncNow();
  await new SyncStrip(officer).expectAllSent();
  await expect.poll(() => uploads.length).toBe(1);
  await expect(officer.getByTestId('sync-state')).toHaveText('Terkirim');

  // The admin syncs: Balai Kota's score rose by the checklist's 60 %, 7 of 8 items met (52.5,
  // rounded with the rest), the flag is gone, and the failed item shows with its note and photo.
  await new SyncStrip(admin).syncNow();
  await expect(balaiKota).not.toContainText('Belum ada daftar periksa hari ini');
  const after = await scoreOf(admin, 'demo-balai-kota');
  expect([52, 53]).toContain(after - before);
  const latest = balaiKota.getByTestId('latest-checklist');
  await expect(latest).toContainText('Jarak minimal 1 meter di ruangan dan antrean');
  await expect(latest).toContainText('Antrean absen pagi terlalu rapat');
  const photo = latest.getByRole('img', { name: 'Foto bukti' });
  await expect(photo).toBeVisible();
  expect(await photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
});

test("the admin's new version of the agency's checklist is what a new checklist asks; one begun keeps its own", async ({ page }) => {
  await signIn(page, 'admin');
  await new SyncStrip(page).expectAllSent();
  await page.goto('/daftar-periksa');
  await page.getByRole('combobox', { name: /^Kantor/ }).selectOption({ label: 'Kantor Kecamatan Klojen' });
  await expect(page.locator('fieldset.check-item')).toHaveCount(8);
  const editor = page.getByTestId('template-editor');
  await editor.locator('summary').click();
  await expect(editor.locator('summary')).toHaveText('Ubah butir daftar periksa (menjadi versi 1)');
  // The built-in items to start from, one a line.
  await expect(editor.locator('textarea')).toHaveValue(/^Pengukuran suhu di pintu masuk\n/);
  // Nothing written is refused, and said.
  await editor.locator('textarea').fill('  \n ');
  await editor.getByRole('button', { name: 'Simpan sebagai versi 1' }).click();
  await expect(editor.getByRole('status')).toHaveText('Tulis setidaknya satu butir.');
  await editor.locator('textarea').fill('Suhu diperiksa di pintu masuk\nSemua memakai masker\n\nAda sabun di setiap wastafel');
  await editor.getByRole('button', { name: 'Simpan sebagai versi 1' }).click();
  await expect(editor.getByRole('status')).toHaveText('Versi 1 tersimpan. Daftar periksa yang belum dimulai memakainya.');

  // Klojen had no checklist today: it now asks the agency's three items.
  await page.reload();
  await page.getByRole('combobox', { name: /^Kantor/ }).selectOption({ label: 'Kantor Kecamatan Klojen' });
  const items = page.locator('fieldset.check-item');
  await expect(items).toHaveCount(3);
  await expect(items.locator('legend')).toHaveText(['Suhu diperiksa di pintu masuk', 'Semua memakai masker', 'Ada sabun di setiap wastafel']);
  await expect(page.getByTestId('template-editor').locator('summary')).toHaveText('Ubah butir daftar periksa (menjadi versi 2)');
  // Balai Kota's checklist of today was begun with the built-in version, and keeps it.
  await page.getByRole('combobox', { name: /^Kantor/ }).selectOption({ label: 'Balai Kota Malang' });
  await expect(page.locator('fieldset.check-item')).toHaveCount(8);

  // The version reaches the server, and a change to it is refused there.
  await new SyncStrip(page).syncNow();
  await new SyncStrip(page).expectAllSent();
});

test('the PPK reads the office checklist and the work-from-office plan, and is offered no change (issue #19)', async ({ browser }) => {
  // An officer has filled in part of today's checklist (earlier tests may have too).
  const officer = await (await browser.newContext()).newPage();
  await signIn(officer, 'petugas');
  await officer.goto('/daftar-periksa');
  const masks = officer.locator('fieldset.check-item').first();
  await masks.locator('label.choice').first().click();
  await officer.getByRole('button', { name: /Simpan/ }).click();
  await new SyncStrip(officer).expectAllSent();
  const firstItem = (await masks.locator('legend').textContent())!.trim();

  const ppk = await (await browser.newContext()).newPage();
  await signIn(ppk, 'ppk');
  await new SyncStrip(ppk).expectAllSent();
  await openCompliance(ppk);
  await ppk.getByRole('link', { name: 'Daftar periksa protokol hari ini' }).click();
  await ppk.getByLabel('Kantor').selectOption({ label: 'Balai Kota Malang' });
  const read = ppk.getByTestId('checklist-read');
  await expect(read).toContainText('Anda dapat membaca daftar periksa ini');
  // Items by their names, answered or not; nothing to tick, type or save.
  await expect(read.locator('dt').first()).toHaveText(firstItem);
  await expect(ppk.locator('main input, main textarea')).toHaveCount(0);
  await expect(ppk.getByRole('button', { name: /Simpan/ })).toHaveCount(0);
  // Among the records, the checklist's answers are named by their items, not by program keys.
  await ppk.goto('/catatan/checklist');
  const rows = ppk.getByTestId('records').getByRole('listitem');
  await expect(rows.first()).toBeVisible();
  let named = false;
  for (let i = 0; i < (await rows.count()) && !named; i++) {
    await rows.nth(i).getByRole('link').click();
    const record = ppk.getByTestId('record');
    await expect(record).toBeVisible();
    await expect(record).not.toContainText(/\b[a-z]+_[a-z_]+:/);
    named = (await record.textContent())!.includes(`${firstItem}: `);
    await ppk.goBack();
  }
  expect(named, "Balai Kota's checklist names its first item").toBe(true);

  // The plan: shown, every control disabled, no save.
  await ppk.goto('/rencana-wfo');
  await ppk.getByLabel('Kantor').selectOption({ label: 'Balai Kota Malang' });
  await expect(ppk.getByTestId('wfo-read-only')).toBeVisible();
  await expect(ppk.getByRole('button', { name: /Simpan/ })).toHaveCount(0);
  await expect(ppk.locator('#f-headcount')).toBeDisabled();
});

test('a saved checklist with items open names them; "all pass" answers the rest in one tap and keeps the exceptions (issue #19)', async ({ page }) => {
  // Klojen's checklist asks the agency's three items (the test above).
  await signIn(page, 'pelacak');
  await new SyncStrip(page).expectAllSent();
  await page.goto('/daftar-periksa');
  const items = page.locator('fieldset.check-item');
  await expect(items).toHaveCount(3);
  await items.nth(1).getByLabel('Tidak sesuai').check();
  await page.getByRole('button', { name: 'Simpan daftar periksa' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Tersimpan di perangkat ini' })).toHaveText(
    'Tersimpan di perangkat ini, terkirim otomatis saat ada sinyal. Belum diisi: Suhu diperiksa di pintu masuk, Ada sabun di setiap wastafel.',
  );
  await page.getByRole('button', { name: 'Semua sesuai (lalu ubah yang tidak sesuai)' }).click();
  await expect(page.getByTestId('checklist-progress')).toHaveText('3 dari 3 butir sudah diisi');
  await expect(items.nth(0).getByLabel('Sesuai', { exact: true })).toBeChecked();
  await expect(items.nth(1).getByLabel('Tidak sesuai')).toBeChecked();
  await expect(items.nth(2).getByLabel('Sesuai', { exact: true })).toBeChecked();
  // Everything answered: the one-tap button has done its work and goes.
  await expect(page.getByRole('button', { name: 'Semua sesuai (lalu ubah yang tidak sesuai)' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Simpan daftar periksa' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Tersimpan di perangkat ini' })).toHaveText(
    'Tersimpan di perangkat ini. Terkirim otomatis saat ada sinyal.',
  );
});
