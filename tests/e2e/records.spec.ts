// The generic record views (src/pages/records.rs, src/generic/): any declared kind listed and
// shown from its declaration, with the names of its fields from locales/kinds/, in the user's
// language. An officer sees the screenings of their office that reached their device.
import { expect, test } from '@playwright/test';
import { newRecord, openRecords, signIn, submitScreening, waitForServiceWorker } from './pages/app';
import { apiToken, SyncStrip } from './pages/sync';

test("an officer finds an employee's screening among the office's records, field by field", async ({ browser }) => {
  const employee = await (await browser.newContext()).newPage();
  await signIn(employee, 'pegawai');
  // A temperature no other test uses, to find this screening among the office's.
  await submitScreening(employee, '36,3');
  await new SyncStrip(employee).expectAllSent();

  const officer = await (await browser.newContext()).newPage();
  await signIn(officer, 'petugas');
  await new SyncStrip(officer).expectAllSent();
  await openRecords(officer, 'Skrining kesehatan');
  const rows = officer.getByTestId('records').getByRole('listitem');
  await expect(rows.first()).toContainText('Tanggal skrining');

  // Each row opens its record; the one with 36,3 °C shows every declared field by its name.
  const count = await rows.count();
  let found = false;
  for (let i = 0; i < count && !found; i++) {
    await rows.nth(i).getByRole('link').click();
    const record = officer.getByTestId('record');
    await expect(record).toBeVisible();
    found = (await record.locator('dd').allTextContents()).includes('36,3');
    if (!found) await officer.goBack();
  }
  expect(found, 'the 36,3 °C screening is among the officer\'s records').toBe(true);
  const record = officer.getByTestId('record');
  await expect(record.getByRole('term')).toContainText(['Tanggal skrining', 'Suhu tubuh (°C)', 'Batuk']);
  await expect(record.locator('dt', { hasText: 'Batuk' }).locator('+ dd')).toHaveText('Tidak');
  await expect(record.locator('dt', { hasText: 'Aturan yang dipakai' }).locator('+ dd')).toHaveText('KMK 328/2020');
  await expect(officer.getByTestId('sync-state')).toHaveText('Terkirim');

  // In English, the same record reads in English.
  await officer.getByRole('button', { name: 'Ganti bahasa ke English' }).click();
  await expect(record.getByRole('term').first()).toHaveText('Screening date');
  await expect(record.locator('dt', { hasText: 'Cough' }).locator('+ dd')).toHaveText('No');
});

test('an officer adds a person to the roster with the generic form; a NIP that cannot be one is refused, in Indonesian', async ({ page }) => {
  await signIn(page, 'petugas');
  await newRecord(page, 'Pegawai (daftar)');
  await expect(page.locator('[data-field=nip] .hint')).toHaveText('18 angka, seperti di SK.');
  // The NIP opens the digits keyboard, the phone the dial pad.
  await expect(page.getByLabel('NIP')).toHaveAttribute('inputmode', 'numeric');
  await expect(page.getByLabel('Nomor telepon')).toHaveAttribute('type', 'tel');
  // Every mistake at once, each under its field and saying what is wrong (issue #19).
  await page.getByLabel('NIP').fill('1990011520150320');
  await page.getByLabel('Nomor telepon').fill('12345');
  await page.getByRole('button', { name: 'Simpan', exact: true }).click();
  await expect(page.locator('[data-field=nip] .field-error')).toHaveText('Harus 18 angka; yang diisi 16.');
  await expect(page.locator('[data-field=phone] .field-error')).toContainText('Bukan nomor telepon: paling sedikit 8 angka');
  await expect(page.locator('[data-field=full_name] .field-error')).toHaveText('Wajib diisi.');
  await page.getByLabel('Nomor telepon').fill('0812-3456-7890');
  // 30 February 1990 is no birth date.
  await page.getByLabel('NIP').fill('199002302015032001');
  await page.getByLabel('Nama lengkap').fill('Siti Aminah');
  // A unit of her own to head (Bagian Umum has its head in the demo roster).
  await page.getByLabel('Unit (bidang / bagian)').fill('Bagian Protokol');
  await page.getByLabel('Kepala unit ini').check();
  await page.getByRole('button', { name: 'Simpan', exact: true }).click();
  await expect(page.locator('[data-field=nip] .field-error')).toHaveText('Tanggal di dalam nomor tidak valid.');
  // What was typed stays; the NIP is corrected and the person saved.
  await expect(page.getByLabel('Nama lengkap')).toHaveValue('Siti Aminah');
  await page.getByLabel('NIP').fill('199001152015032001');
  await page.getByRole('button', { name: 'Simpan', exact: true }).click();
  const record = page.getByTestId('record');
  await expect(record.locator('dt', { hasText: 'NIP' }).locator('+ dd')).toHaveText('199001152015032001');
  await expect(record.locator('dt', { hasText: 'Kepala unit ini' }).locator('+ dd')).toHaveText('Ya');
  await expect(page.getByTestId('sync-state')).toHaveText('Terkirim');
});

test("a unit is picked from the office's units, and one typed in another case is the same unit (issue #19)", async ({ page }) => {
  await signIn(page, 'petugas');
  await new SyncStrip(page).expectAllSent();
  await newRecord(page, 'Pegawai (daftar)');
  // The office's units are offered as the unit is typed.
  await expect(page.locator('datalist#dl-unit option[value="Bagian Umum"]')).toHaveCount(1);
  await expect(page.getByLabel('Unit (bidang / bagian)')).toHaveAttribute('list', 'dl-unit');
  await page.getByLabel('NIP').fill('199203142019032007');
  await page.getByLabel('Nama lengkap').fill('Rahma Dewi');
  await page.getByLabel('Unit (bidang / bagian)').fill('  bagian   UMUM ');
  await page.getByRole('button', { name: 'Simpan', exact: true }).click();
  const record = page.getByTestId('record');
  await expect(record.locator('dt', { hasText: 'Unit (bidang / bagian)' }).locator('+ dd')).toHaveText('Bagian Umum');
});

test("the admin adds a person to one of the agency's offices, offline, and that office's officer finds them", async ({ browser }) => {
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, 'admin');
  await waitForServiceWorker(admin);
  await admin.context().setOffline(true);
  await newRecord(admin, 'Pegawai (daftar)');
  await admin.getByLabel('NIP').fill('198709122012011003');
  await admin.getByLabel('Nama lengkap').fill('Rudi Hartono');
  await admin.getByLabel('Unit (bidang / bagian)').fill('Seksi Pemerintahan');
  // No office picked yet: said under the office, and nothing saved.
  await admin.getByRole('button', { name: 'Simpan', exact: true }).click();
  await expect(admin.locator('[data-field=office_id] .field-error')).toHaveText('Wajib diisi.');
  await admin.getByLabel('Kantor').selectOption({ label: 'Kantor Kecamatan Klojen' });
  await admin.getByRole('button', { name: 'Simpan', exact: true }).click();
  await expect(admin.getByTestId('record')).toContainText('Rudi Hartono');
  await admin.context().setOffline(false);
  await new SyncStrip(admin).expectAllSent();

  const officer = await (await browser.newContext()).newPage();
  await signIn(officer, 'pelacak');
  await new SyncStrip(officer).expectAllSent();
  await openRecords(officer, 'Pegawai (daftar)');
  await expect(officer.getByTestId('records')).toContainText('198709122012011003');
});

test('the roster form is drawn once, on a slow phone: nothing to type into until its words are known, and what is typed at once then is saved and shown (issue #21)', async ({ browser }) => {
  // No service worker, so the words' request goes to the network, where the test holds it.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await signIn(page, 'petugas');
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let asked!: () => void;
  const requested = new Promise<void>((resolve) => (asked = resolve));
  // A cheap phone: the page's CPU four times slower.
  await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.route('**/lang/kinds-*.json', async (route) => {
    asked();
    await held;
    await route.continue();
  });
  await page.goto('/catatan/person/baru');
  await requested;
  // While the words are on their way no form is offered: a form drawn now would be replaced by
  // another once they came, with what was typed in it.
  await expect(page.getByTestId('sync-status')).toBeVisible();
  await expect(page.locator('[data-field=full_name] input')).toHaveCount(0);
  release();
  await page.getByLabel('NIP').fill('199203102019031004');
  await page.getByLabel('Nama lengkap').fill('Dewi Lestari');
  await page.getByLabel('Unit (bidang / bagian)').fill('Bagian Umum');
  await page.getByRole('button', { name: 'Simpan', exact: true }).click();
  const record = page.getByTestId('record');
  await expect(record.locator('dt', { hasText: 'Nama lengkap' }).locator('+ dd')).toHaveText('Dewi Lestari');
  await context.close();
});

test("the hotline dials the office's own Crisis Center, set by the admin; 119 only where none is set (issue #19)", async ({ browser }) => {
  // The demo Balai Kota office has its call center: Siti's hotline dials it.
  const employee = await (await browser.newContext()).newPage();
  await signIn(employee, 'pegawai');
  await new SyncStrip(employee).expectAllSent();
  const hotline = employee.getByTestId('hotline');
  await expect(hotline).toHaveText('Telepon Posko Crisis Center Balai Kota: 0341-551234');
  await expect(hotline).toHaveAttribute('href', 'tel:0341551234');

  // The Klojen office has none yet: its tracing officer's card dials 119, and says why.
  const tracerContext = await browser.newContext();
  const tracer = await tracerContext.newPage();
  await signIn(tracer, 'pelacak');
  await new SyncStrip(tracer).expectAllSent();
  await expect(tracer.getByTestId('hotline')).toHaveAttribute('href', 'tel:119');
  await expect(tracer.locator('.hotline')).toContainText('Nomor Crisis Center kantor belum diatur');
  // Only the admin sets the number: the officer is offered no form for it.
  await tracer.goto('/catatan/call_center');
  await expect(tracer.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(tracer.getByRole('link', { name: 'Tambah' })).toHaveCount(0);

  // The admin sets it from the home, for the Klojen office.
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, 'admin');
  await admin.getByRole('link', { name: 'Nomor call center Crisis Center' }).click();
  await admin.getByRole('link', { name: 'Tambah' }).click();
  await admin.getByLabel('Kantor').selectOption({ label: 'Kantor Kecamatan Klojen' });
  await admin.getByLabel('Nomor telepon').fill('119');
  await admin.getByRole('button', { name: 'Simpan', exact: true }).click();
  await expect(admin.locator('[data-field=phone] .field-error')).toBeVisible();
  await expect(admin.getByTestId('record')).toHaveCount(0);
  await admin.getByLabel('Nomor telepon').fill('0341-362000');
  await admin.getByRole('button', { name: 'Simpan', exact: true }).click();
  await expect(admin.getByTestId('record')).toContainText('0341-362000');
  await new SyncStrip(admin).expectAllSent();

  // The tracer's phone gets it with the next sync.
  await tracer.goto('/');
  await new SyncStrip(tracer).syncNow();
  await expect(tracer.getByTestId('hotline')).toHaveAttribute('href', 'tel:0341362000');
  await expect(tracer.getByTestId('hotline')).toHaveText('Telepon Crisis Center: 0341-362000');
});

test('the roster is listed by name and found by name or NIP among 2,000 people (issue #19)', async ({ page, request }) => {
  // 2,000 people of the Klojen office, pushed as the admin's device would.
  const admin = await apiToken(request, 'admin');
  const me = (await (await request.get('/api/me', { headers: { Authorization: `Bearer ${admin}` } })).json()) as any;
  const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');
  const run = hex(Date.now(), 12);
  const stamp = `${hex(Date.now() - 60_000, 12)}-0000-roster-seeder-${run}`;
  const nip = (i: number) => `198001${String((i % 28) + 1).padStart(2, '0')}2005011${String(Math.floor(i / 28) + 1).padStart(3, '0')}`;
  const name = (i: number) => (i === 1234 ? 'Zulkifli Nasution' : `Pegawai Arsip ${String(i).padStart(4, '0')}`);
  const f = (v: unknown) => ({ v, s: stamp });
  const entries = Array.from({ length: 2_000 }, (_, i) => ({
    seq: i + 1,
    record: {
      id: `person-${run}-${i}`, kind: 'person', agency_id: me.agency_id, office_id: 'demo-kec-klojen',
      fields: { nip: f(nip(i)), full_name: f(name(i)), unit: f('Seksi Arsip'), unit_head: f(false) },
    },
  }));
  const device = `roster-seeder-${run}`;
  for (const part of [entries.slice(0, 1_000), entries.slice(1_000)]) {
    const pushed = await request.post('/api/sync/push', { headers: { Authorization: `Bearer ${admin}` }, data: { device_id: device, entries: part } });
    expect(pushed.ok(), await pushed.text()).toBeTruthy();
    expect((await pushed.json()).acks.every((a: any) => a.outcome === 'applied')).toBe(true);
  }

  await signIn(page, 'admin');
  await new SyncStrip(page).expectAllSent();
  await openRecords(page, 'Pegawai (daftar)');
  const rows = page.getByTestId('records').getByRole('listitem');
  // Each row says whom it is about, sorted by name; a hundred drawn, the rest found by typing.
  await expect(rows).toHaveCount(100);
  await expect(page.getByTestId('records-more')).toHaveText(/^Menampilkan 100 dari (\d+)\. Ketik untuk mencari\.$/);
  const total = Number((await page.getByTestId('records-more').textContent())!.match(/dari (\d+)/)![1]);
  expect(total).toBeGreaterThanOrEqual(2_048);
  const titles = await page.locator('.record-title').allTextContents();
  expect(titles).toEqual([...titles].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0)));
  expect(titles.every((t) => t.includes(' · '))).toBe(true);

  const search = page.getByTestId('records-search');
  // The admin narrows the agency's roster to one office: Siti works at Balai Kota, not Klojen.
  await search.fill('Siti Rahmawati');
  await expect(rows).toHaveCount(1);
  await page.getByRole('combobox', { name: 'Kantor', exact: true }).selectOption({ label: 'Kantor Kecamatan Klojen' });
  await expect(rows).toHaveCount(0);
  await page.getByRole('combobox', { name: 'Kantor', exact: true }).selectOption({ label: 'Balai Kota Malang' });
  await expect(rows).toHaveCount(1);
  // And to one unit of the office picked, offered from the units its people hold (issue #19
  // item 3): Klojen's four and the imported one, not Balai Kota's.
  await search.fill('');
  await page.getByRole('combobox', { name: 'Kantor', exact: true }).selectOption({ label: 'Kantor Kecamatan Klojen' });
  const unit = page.getByRole('combobox', { name: 'Unit (bidang / bagian)' });
  await expect(unit.locator('option')).toHaveText([
    'Semua', 'Sekretariat Kecamatan', 'Seksi Arsip', 'Seksi Kesejahteraan Sosial', 'Seksi Ketenteraman dan Ketertiban', 'Seksi Pemerintahan',
  ]);
  await unit.selectOption({ label: 'Sekretariat Kecamatan' });
  await expect(rows).toHaveCount(6);
  await expect(rows.first().locator('.record-title')).toHaveText(/ · Sekretariat Kecamatan$/);
  await search.fill('dewi');
  await expect(rows).toHaveCount(1);
  await expect(rows.first().locator('.record-title')).toHaveText('Dewi Lestari · Sekretariat Kecamatan');
  // Another office starts from all its units.
  await search.fill('');
  await page.getByRole('combobox', { name: 'Kantor', exact: true }).selectOption({ label: 'Semua kantor' });
  await expect(unit).toHaveValue('');
  await search.fill('zulkif');
  await expect(rows).toHaveCount(1);
  await expect(rows.first().locator('.record-title')).toHaveText('Zulkifli Nasution · Seksi Arsip');
  await search.fill(nip(1234));
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Zulkifli Nasution');
  await search.fill('tidak ada orang ini');
  await expect(rows).toHaveCount(0);
  await expect(page.getByTestId('records-none')).toHaveText(`Tidak ada yang cocok dengan \u201ctidak ada orang ini\u201d di antara ${total} catatan.`);
  // The row opens the person.
  await search.fill('Zulkifli');
  await rows.first().getByRole('link').click();
  await expect(page.getByTestId('record')).toContainText(nip(1234));
  // Its way back returns to the list as it was left: the same search, the same one row; and
  // the list's way back leads to every kind (issue #19 item 8).
  await page.getByRole('link', { name: 'Kembali ke daftar' }).click();
  await expect(search).toHaveValue('Zulkifli');
  await expect(rows).toHaveCount(1);
  await expect(page).toHaveURL(/\/catatan\/person\?cari=Zulkifli$/);
  await page.getByRole('link', { name: 'Semua catatan' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Catatan di perangkat ini' })).toBeVisible();
  await page.getByRole('link', { name: 'Beranda' }).click();
  await expect(page.getByRole('heading', { name: /^Halo, / })).toBeVisible();
});
