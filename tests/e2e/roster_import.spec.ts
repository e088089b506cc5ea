// Importing a roster file (src/pages/roster_import.rs): the admin picks an office and a CSV file
// with mistakes, sees each bad row named by row, column and reason before anything is saved,
// fixes the file, imports it with a progress bar, and the people reach the server.
import { expect, test } from '@playwright/test';
import { openRecords, signIn, waitForServiceWorker } from './pages/app';
import { xlsx } from './pages/xlsx';
import { apiToken, pullAll, SyncStrip } from './pages/sync';

const HEADER = 'NIP;Nama Lengkap;Bidang;Jabatan;No HP;Kepala Unit';
const GOOD = [
  '198503122010012003;Rina Wulandari;Bagian Perencanaan;Kepala Bagian;0812-7000-1111;ya',
  '199107082019031004;Arif Hidayat;Bagian Perencanaan;Staf;0812-7000-2222;tidak',
  '199212302020122005;"Nur Aini, S.E.";Bagian Perencanaan;Staf;;',
];

function csv(rows: string[]): { name: string; mimeType: string; buffer: Buffer } {
  return { name: 'pegawai.csv', mimeType: 'text/csv', buffer: Buffer.from([HEADER, ...rows].join('\r\n'), 'utf8') };
}

test('the admin imports a roster file with errors, sees them, fixes the file and imports it', async ({ page, request }) => {
  await signIn(page, 'admin');
  await new SyncStrip(page).expectAllSent();
  await openRecords(page, 'Pegawai (daftar)');
  await page.getByRole('link', { name: 'Impor daftar pegawai dari berkas CSV atau Excel' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Impor daftar pegawai' })).toBeVisible();
  await page.getByLabel('Kantor').selectOption({ label: 'Balai Kota Malang' });

  // A file with three kinds of mistake: nothing is saved, each is named.
  await page.getByLabel('Berkas daftar pegawai').setInputFiles(
    csv([
      GOOD[0],
      '199002302015031006;Tanggal Salah;Bagian Perencanaan;Staf;;', // 30 February
      '198503122010012003;Rina Lagi;Bagian Perencanaan;Staf;;', // the NIP of row 2
      '199107082019031007;Ragu;Bagian Perencanaan;Staf;;mungkin',
    ]),
  );
  const errors = page.getByTestId('import-errors');
  await expect(errors.getByRole('alert')).toHaveText(
    '3 masalah di 3 baris. Belum ada yang disimpan: perbaiki berkasnya, lalu pilih lagi.',
  );
  const rows = errors.locator('tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0).locator('td')).toHaveText(['3', 'NIP', 'Tanggal di dalam nomor tidak valid.']);
  await expect(rows.nth(1).locator('td')).toHaveText(['4', 'NIP', 'NIP ini sudah ada di baris 2.']);
  await expect(rows.nth(2).locator('td')).toHaveText(['5', 'Kepala Unit', 'Isi dengan "ya" atau "tidak".']);
  await new SyncStrip(page).expectPending(0);

  // The fixed file: three people, saved at once, then sent.
  await page.getByLabel('Berkas daftar pegawai').setInputFiles(csv(GOOD));
  await expect(page.getByTestId('import-ready')).toContainText(
    '3 orang siap disimpan ke daftar Balai Kota Malang (0 sudah ada dan akan diperbarui).',
  );
  await page.getByRole('button', { name: 'Simpan 3 orang' }).click();
  await expect(page.getByRole('status').filter({ hasText: '3 orang tersimpan di perangkat ini' })).toBeVisible();
  await new SyncStrip(page).expectAllSent();

  // On the server, in the office's roster, the quoted name whole and the head marked.
  const people = (await pullAll(request, await apiToken(request, 'admin'))).filter((r) => r.kind === 'person');
  const imported = people.filter((r) => r.fields.unit?.v === 'Bagian Perencanaan');
  expect(imported.map((r) => r.fields.full_name.v).sort()).toEqual(['Arif Hidayat', 'Nur Aini, S.E.', 'Rina Wulandari']);
  expect(imported.every((r) => r.office_id === 'demo-balai-kota')).toBe(true);
  expect(imported.find((r) => r.fields.full_name.v === 'Rina Wulandari')!.fields.unit_head.v).toBe(true);

  // The same file again changes nobody: the NIPs are on the roster.
  await page.getByRole('link', { name: 'Lihat daftar pegawai' }).click();
  await page.getByRole('link', { name: 'Impor daftar pegawai dari berkas CSV atau Excel' }).click();
  await page.getByLabel('Kantor').selectOption({ label: 'Balai Kota Malang' });
  await page.getByLabel('Berkas daftar pegawai').setInputFiles(csv(GOOD));
  await expect(page.getByTestId('import-ready')).toContainText('(3 sudah ada dan akan diperbarui)');
});

test("an Excel roster is read by the server and previewed like a CSV one; offline, the screen says it needs a connection", async ({ page, context }) => {
  await signIn(page, 'admin');
  await waitForServiceWorker(page);
  await new SyncStrip(page).expectAllSent();
  await page.goto('/impor-pegawai');
  await page.getByLabel('Kantor').selectOption({ label: 'Kantor Kecamatan Klojen' });
  const workbook = xlsx([
    ['NIP', 'Nama', 'Unit', 'Kepala unit'],
    ['198807142012032004', 'Lestari Ayu', 'Seksi Pelayanan', 'ya'],
    ['199305202018011002', 'Bagus Pratama', 'Seksi Pelayanan', 'tidak'],
    ['1993', 'NIP Pendek', 'Seksi Pelayanan', 'tidak'],
  ]);
  await page.getByLabel('Berkas daftar pegawai').setInputFiles(workbook);
  // Read by the server, checked on the phone: the short NIP is named by row and column.
  const errors = page.getByTestId('import-errors');
  await expect(errors.locator('tbody tr')).toHaveCount(1);
  await expect(errors.locator('tbody tr td').nth(0)).toHaveText('4');
  await expect(errors.locator('tbody tr td').nth(1)).toHaveText('NIP');

  // Offline: an Excel file needs the server, and the screen says so (a CSV one would not).
  await context.setOffline(true);
  await page.getByLabel('Berkas daftar pegawai').setInputFiles(workbook);
  await expect(page.getByRole('alert')).toContainText('Berkas Excel dibaca oleh server, dan sekarang tidak ada sinyal.');
  await context.setOffline(false);

  // A file that is not a workbook, named .xlsx, is refused in words.
  await page.getByLabel('Berkas daftar pegawai').setInputFiles({ ...workbook, buffer: Buffer.from('bukan excel') });
  await expect(page.getByRole('alert')).toContainText('tidak bisa dibaca sebagai Excel');

  await page.getByLabel('Berkas daftar pegawai').setInputFiles(xlsx([
    ['NIP', 'Nama', 'Unit', 'Kepala unit'],
    ['198807142012032004', 'Lestari Ayu', 'Seksi Pelayanan', 'ya'],
    ['199305202018011002', 'Bagus Pratama', 'Seksi Pelayanan', 'tidak'],
  ]));
  await expect(page.getByTestId('import-ready')).toContainText('2 orang siap disimpan ke daftar Kantor Kecamatan Klojen');
  await page.getByRole('button', { name: 'Simpan 2 orang' }).click();
  await expect(page.getByRole('status').filter({ hasText: '2 orang tersimpan di perangkat ini' })).toBeVisible();
});

test('a CSV past the limits is refused as an Excel file is, and a file of 20,000 people is read whole (issue #19)', async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto('/impor-pegawai');
  await page.getByLabel('Kantor').selectOption({ label: 'Kantor Kecamatan Klojen' });
  const file = page.getByLabel('Berkas daftar pegawai');
  // A real NIP for each i below 27,972: born on day 1 to 28 of January 1990, serial 001 to 999.
  const nipOf = (i: number) =>
    `199001${String(1 + Math.floor(i / 999)).padStart(2, '0')}2015032${String((i % 999) + 1).padStart(3, '0')}`;
  const person = (i: number) => `${nipOf(i)};Pegawai ${i};Seksi Uji;Staf;;tidak`;
  const tooLarge = page.getByRole('alert').filter({ hasText: 'Berkas ini terlalu besar untuk diimpor sekaligus' });
  // The file that froze the page for 19.7 s: 60,796 rows, 6 MB. Refused before a row is read.
  const rows60k = Array.from({ length: 60_796 }, (_, i) => `${person(i)};${'x'.repeat(60)}`);
  const big = csv(rows60k);
  expect(big.buffer.length).toBeGreaterThan(5 * 1024 * 1024);
  await file.setInputFiles(big);
  await expect(tooLarge).toBeVisible();
  await expect(page.getByTestId('import-ready')).toHaveCount(0);
  // Small in bytes but one row past the 20,000 (its header included): refused the same way.
  await file.setInputFiles(csv(Array.from({ length: 20_000 }, (_, i) => person(i))));
  await expect(tooLarge).toBeVisible();
  // 19,999 people, every NIP different but the last, which repeats the first: read whole, with
  // its one mistake named, in the time the test's default wait allows on a slow machine.
  const people = Array.from({ length: 19_998 }, (_, i) => person(i));
  await file.setInputFiles(csv([...people, person(0)]));
  const errors = page.getByTestId('import-errors');
  await expect(errors.locator('tbody tr')).toHaveCount(1);
  await expect(errors.locator('tbody tr td')).toHaveText(['20000', 'NIP', 'NIP ini sudah ada di baris 2.']);
});
