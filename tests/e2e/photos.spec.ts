// Photos (issue #11, item 5): taken with the camera input (a file set on it here), downscaled on
// the phone, kept in IndexedDB with the record that names them, and uploaded after that record;
// a record whose photo has not reached the server says so. The record kind is the protocol
// violation, which the generic form draws from its declaration.
import { createHash } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { newRecord, signIn, waitForServiceWorker } from './pages/app';
import { png } from './pages/images';
import { apiToken, pullAll, SyncStrip } from './pages/sync';

test('a violation recorded offline with a photo keeps it through a reload, and the photo reaches the server once', async ({
  page,
  context,
  request,
}) => {
  await signIn(page, 'petugas');
  await waitForServiceWorker(page);
  const uploads: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'PUT' && r.url().includes('/attachments/')) uploads.push(r.url());
  });

  // The roster is on the device (the first sync pulled it) before the connection goes.
  await new SyncStrip(page).expectAllSent();
  await context.setOffline(true);
  await newRecord(page, 'Pelanggaran protokol');
  // The person is picked from the office's roster, by name and unit.
  await expect(page.locator('[data-field=person] .hint')).toHaveText('Pilih dari daftar pegawai kantor ini.');
  await page.getByLabel('Pelanggar', { exact: true }).selectOption({ label: 'Siti Rahmawati · Bagian Umum' });
  await page.getByLabel('Jenis pelanggaran').selectOption({ label: 'Tidak memakai masker' });
  const today = await page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
  await expect(page.getByLabel('Tanggal kejadian')).toHaveValue(today);
  // The discipline level is the admin's to set: the officer's form does not offer it.
  await expect(page.getByLabel('Tingkat hukuman disiplin (PP 53/2010)')).toHaveCount(0);
  const original = png(2400, 1600);
  // The control says what it does, as a button; the file input it labels is out of sight.
  await expect(page.getByText('Ambil foto', { exact: true })).toBeVisible();
  await page.locator('#f-photos').setInputFiles({ name: 'bukti.png', mimeType: 'image/png', buffer: original });
  await expect(page.locator('.photos img')).toHaveCount(1);
  await page.getByRole('button', { name: 'Simpan', exact: true }).click();

  const record = page.getByTestId('record');
  await expect(record).toContainText('Siti Rahmawati');
  await expect(record.locator('dt', { hasText: 'Foto bukti' }).locator('+ dd')).toHaveText('1 foto');
  await expect(page.getByTestId('photo-unsent')).toHaveText('Foto belum terkirim');
  const id = new URL(page.url()).pathname.split('/').pop()!;

  // Still there, photo and all, after a reload with no connection.
  await page.reload();
  await expect(page.getByTestId('record')).toContainText('Siti Rahmawati');
  await expect(page.getByTestId('photo-unsent')).toBeVisible();
  expect(uploads).toEqual([]);
  // Its form shows the saved photo itself, from this phone, with a way to remove it.
  await page.getByRole('link', { name: 'Ubah' }).click();
  await expect(page.locator('.photo-saved img')).toHaveCount(1);
  await expect(page.locator('.photo-saved').getByRole('button', { name: 'Hapus' })).toBeVisible();
  await page.getByRole('link', { name: 'Kembali ke catatan' }).click();
  await expect(page.getByTestId('record')).toContainText('Siti Rahmawati');

  // Online: the record goes, then its photo, once; the record no longer says it is unsent.
  await context.setOffline(false);
  await expect(page.getByTestId('photo-unsent')).toHaveCount(0);
  await new SyncStrip(page).syncNow();
  await new SyncStrip(page).expectAllSent();
  expect(uploads).toHaveLength(1);

  // The admin's view of the server: the record names the photo, whose bytes are its name, small.
  const token = await apiToken(request, 'admin');
  const stored = (await pullAll(request, token)).find((r) => r.id === id);
  expect(stored, 'the violation is on the server').toBeTruthy();
  const named = Object.keys(stored.fields).filter((k) => k.startsWith('photos.') && stored.fields[k].v === true);
  expect(named).toHaveLength(1);
  const sha = named[0].slice('photos.'.length);
  expect(uploads[0]).toContain(`/api/records/${id}/attachments/${sha}`);
  const photo = await request.get(`/api/records/${id}/attachments/${sha}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(photo.status()).toBe(200);
  expect(photo.headers()['content-type']).toBe('image/jpeg');
  const bytes = await photo.body();
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha);
  expect(bytes.length).toBeLessThanOrEqual(200 * 1024);
  expect(bytes.length).toBeLessThan(original.length);
});
