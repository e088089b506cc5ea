// Cases and contact tracing (issue #20) on the demo outbreak. A tracing officer's day
// (src/pages/tracing.rs): the contacts to follow up today, the lost and the overdue first;
// offline, one tap records a contact as healthy and two a fever, kept across a reload; once
// online the admin sees both entries with the tracer's name, and an employee of the office
// finds no such page. A contact who fell ill made a case in one step, and a case opened from a
// suspect alert of the day's screening, which then shows it (src/pages/today.rs). The office
// cluster flagged and the chain picture (src/pages/cases.rs), and the residence list with its
// CSV made offline (src/pages/residence.rs). The day's calls on the home, and a case opened
// from one (src/pages/calls.rs). A case's co-workers listed in two taps (src/pages/case_contacts.rs).
// Two phones offline following up different contacts, both entries arriving.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { ownEmployee } from './pages/activation';
import { signIn, submitScreening, waitForServiceWorker } from './pages/app';
import { SyncStrip } from './pages/sync';

/** Opens the tracer's day from the home screen, in-app (so it opens offline too). */
async function openDay(page: Page) {
  await page.getByRole('link', { name: 'Pemantauan kontak hari ini' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Pemantauan kontak erat hari ini' })).toBeVisible();
}

test('a tracer follows up contacts offline with one tap each; the admin sees the entries once they sync', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const tracer = await context.newPage();
  await signIn(tracer, 'pelacak');
  await waitForServiceWorker(tracer);
  await new SyncStrip(tracer).expectAllSent();
  await openDay(tracer);
  const list = tracer.getByTestId('tracing-list');
  // The demo outbreak: 25 contacts, one of whom became a case and left the list.
  await expect(list.getByRole('heading')).toHaveText('24 kontak dipantau hari ini');
  await expect(list).toContainText('2 hilang dari pemantauan, 1 terlambat, 16 belum dilaporkan, 5 sudah dilaporkan');
  const contacts = list.getByTestId('contact');
  // The most urgent first: the two lost, then the one overdue.
  await expect(contacts.nth(0).getByTestId('follow-up-state')).toHaveText('Hilang dari pemantauan: 4 hari tanpa laporan');
  await expect(contacts.nth(1).getByTestId('follow-up-state')).toHaveText('Hilang dari pemantauan: 4 hari tanpa laporan');
  await expect(contacts.nth(2).getByTestId('follow-up-state')).toHaveText('Terlambat: kemarin tidak ada laporan');
  // Names from the roster of another office than the tracer's, and from outside the roster.
  await expect(list).toContainText('Bayu Nugraha');
  await expect(list).not.toContainText('tidak ada di daftar pegawai');

  await context.setOffline(true);
  const lost = contacts.nth(0);
  const name = (await lost.locator('strong').textContent())!;
  await lost.getByRole('button', { name: `Sehat: ${name}` }).click();
  const followed = contacts.filter({ hasText: name });
  await expect(followed.getByTestId('follow-up-state')).toHaveText('Sudah dilaporkan hari ini');
  await expect(list).toContainText('1 hilang dari pemantauan, 1 terlambat, 16 belum dilaporkan, 6 sudah dilaporkan');
  // A fever takes a tap more: the other codes are folded under "healthy".
  const due = contacts.filter({ hasText: 'Belum dilaporkan hari ini' }).first();
  const feverish = (await due.locator('strong').textContent())!;
  await due.getByText('Ada gejala atau keterangan lain').click();
  await due.getByRole('button', { name: `Demam: ${feverish}` }).click();
  const withFever = contacts.filter({ hasText: feverish });
  await expect(withFever.getByTestId('follow-up-state')).toHaveText('Sudah dilaporkan hari ini');
  await expect(withFever.getByRole('button', { name: `Demam: ${feverish}` })).toHaveAttribute('aria-pressed', 'true');
  await new SyncStrip(tracer).expectPending(2);
  // Kept on the phone: a reload offline shows the same day.
  await tracer.reload();
  await expect(list).toContainText('1 hilang dari pemantauan, 1 terlambat, 15 belum dilaporkan, 7 sudah dilaporkan');

  await context.setOffline(false);
  await new SyncStrip(tracer).expectAllSent();
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, 'admin');
  await new SyncStrip(admin).expectAllSent();
  await openDay(admin);
  const seen = admin.getByTestId('contact').filter({ hasText: feverish });
  await expect(seen.getByTestId('follow-up-state')).toHaveText('Sudah dilaporkan hari ini');
  await expect(seen).toContainText('Pelacak: Dewi Lestari');
  await expect(seen.getByRole('button', { name: `Demam: ${feverish}` })).toHaveAttribute('aria-pressed', 'true');
  await expect(admin.getByTestId('contact').filter({ hasText: name }).getByTestId('follow-up-state')).toHaveText(
    'Sudah dilaporkan hari ini'
  );

  // An employee of the office is offered no such page, and finds none at its address.
  // The PPK reads the day and its contacts, and is offered no entry: theirs is to read.
  const ppk = await (await browser.newContext()).newPage();
  await signIn(ppk, 'ppk');
  await new SyncStrip(ppk).expectAllSent();
  await ppk.goto('/pemantauan');
  await expect(ppk.getByTestId('contact').first()).toBeVisible();
  await expect(ppk.getByRole('button', { name: /^Sehat: / })).toHaveCount(0);

  const employee = await (await browser.newContext()).newPage();
  await signIn(employee, 'pegawai');
  await expect(employee.getByRole('link', { name: 'Pemantauan kontak hari ini' })).toHaveCount(0);
  await employee.goto('/pemantauan');
  await expect(employee.getByRole('heading', { level: 1, name: 'Halaman tidak ditemukan.' })).toBeVisible();
  await expect(employee.getByTestId('contact')).toHaveCount(0);
});

test('a contact who fell ill is made a case in one step and leaves the day; the tracer sets its status', async ({ browser }) => {
  const tracer = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  await signIn(tracer, 'pelacak');
  await new SyncStrip(tracer).expectAllSent();
  await openDay(tracer);
  const list = tracer.getByTestId('tracing-list');
  const before = Number((await list.getByRole('heading').textContent())!.match(/^(\d+) /)![1]);
  const contact = tracer.getByTestId('contact').filter({ hasText: 'Belum dilaporkan hari ini' }).first();
  const name = (await contact.locator('strong').textContent())!;
  await contact.getByText('Ada gejala atau keterangan lain').click();
  await contact.getByRole('button', { name: `Jadikan ${name} kasus` }).click();
  // The new case's form, for what the tracer knows: a suspect until tested, now confirmed.
  await expect(tracer).toHaveURL(/\/catatan\/case\/[^/]+\/ubah$/);
  await tracer.getByLabel('Status', { exact: true }).selectOption({ label: 'Konfirmasi bergejala' });
  await tracer.getByRole('button', { name: 'Simpan', exact: true }).click();
  await expect(tracer.getByTestId('record')).toContainText('Konfirmasi bergejala');
  await expect(tracer.getByTestId('record')).toContainText(name);
  // Once sent, its status history from the server: opened a suspect, then confirmed, by whom.
  const history = tracer.getByTestId('case-history');
  await expect(history.locator('li').first()).toContainText(/^Dibuka sebagai Suspek oleh Dewi Lestari, /);
  await expect(history.locator('li').nth(1)).toContainText(/^Suspek → Konfirmasi bergejala, oleh Dewi Lestari, /);
  await tracer.goto('/pemantauan');
  await expect(list.getByRole('heading')).toHaveText(`${before - 1} kontak dipantau hari ini`);
  await expect(list).not.toContainText(name);
});

test('the admin opens a case from a suspect alert; the alert then shows it', async ({ browser, request }) => {
  const me = await ownEmployee(request, 'demo-person-013');
  const employee = await (await browser.newContext()).newPage();
  await signIn(employee, me.username, me.password);
  // 38,7 °C: a fever no other test reports, to find this alert among the day's.
  await submitScreening(employee, '38,7');
  await new SyncStrip(employee).expectAllSent();

  const admin = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  await signIn(admin, 'admin');
  await new SyncStrip(admin).expectAllSent();
  await admin.getByRole('link', { name: 'Posko hari ini' }).click();
  const alert = admin.getByTestId('alert').filter({ hasText: '38,7' });
  await alert.getByRole('button', { name: /^Buka kasus untuk / }).click();
  await expect(admin).toHaveURL(/\/catatan\/case\/[^/]+\/ubah$/);
  // Opened as a suspect under today's rules, about the alert's person.
  await expect(admin.getByLabel('Status', { exact: true })).toHaveValue('suspect');
  await admin.getByRole('button', { name: 'Simpan', exact: true }).click();
  await expect(admin.getByTestId('record')).toContainText('Suspek');
  await expect(admin.getByTestId('case-history').locator('li')).toHaveText([/^Dibuka sebagai Suspek oleh Agus Wijaya, /]);
  await admin.goto('/hari-ini');
  await expect(alert.getByTestId('alert-case')).toHaveText('Kasus: Suspek');
  await expect(alert.getByRole('button', { name: /^Buka kasus untuk / })).toHaveCount(0);
});

test('the admin sees the office cluster flagged and the chain with the case a contact became; an employee sees neither', async ({ browser }) => {
  const admin = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  await signIn(admin, 'admin');
  await new SyncStrip(admin).expectAllSent();
  await admin.getByRole('link', { name: 'Kasus dan klaster' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Kasus dan klaster' })).toBeVisible();
  const cluster = admin.getByTestId('cluster');
  await expect(cluster).toHaveCount(1);
  await expect(cluster).toContainText(/^Balai Kota Malang: \d+ kasus, mulai gejala /);
  // The child who fell ill is the household's case, in the cluster and the chain, by name and
  // status in words (not by colour alone).
  await expect(cluster).toContainText('Raka Pratama (Konfirmasi bergejala)');
  const chain = admin.getByTestId('chain');
  await expect(chain.locator('svg[role="img"]')).toHaveCount(1);
  const child = chain.locator('g.person', { hasText: 'Raka Pratama' });
  await expect(child).toContainText('Konfirmasi bergejala');
  await expect(chain.locator('g.person', { hasText: 'Kontak erat' }).first()).toBeVisible();
  // Wider than the phone, the picture scrolls sideways within its card, not the page.
  const page = await admin.evaluate(() => document.documentElement.scrollWidth);
  expect(page).toBeLessThanOrEqual(360);

  // A roster person's case shows on their record, for the health team.
  await admin.goto('/catatan/person/demo-person-009');
  await expect(admin.getByTestId('person-cases')).toContainText('Kasus: Konfirmasi bergejala');
  await admin.goto('/kasus');

  // The residence list for the camat and the lurah, its CSV made on the phone, offline.
  await admin.getByRole('link', { name: 'Kasus dan kontak menurut tempat tinggal' }).click();
  const residence = admin.getByTestId('residence');
  await expect(residence.getByRole('heading', { level: 2, name: 'Kecamatan Klojen' })).toBeVisible();
  await expect(residence.getByRole('heading', { level: 3, name: 'Kelurahan Kauman' })).toBeVisible();
  const kauman = residence.locator('h3:text-is("Kelurahan Kauman") + table');
  await expect(kauman).toContainText('Dian Kusumawati');
  await expect(kauman).toContainText('Jl. Melati No. 10');
  await admin.context().setOffline(true);
  const saving = admin.waitForEvent('download');
  await residence.getByRole('button', { name: 'Unduh CSV' }).click();
  const file = await saving;
  expect(file.suggestedFilename()).toBe('daftar-domisili.csv');
  const text = readFileSync((await file.path())!, 'utf8');
  expect(text.startsWith('\ufeffKecamatan,Kelurahan,Nama lengkap,Status,Alamat,Nomor HP\r\n')).toBe(true);
  expect(text).toContain('Klojen,Kauman,Dian Kusumawati,Kontak erat,Jl. Melati No. 10,');
  expect(text).toContain('Raka Pratama,Kasus: Konfirmasi bergejala');
  await admin.context().setOffline(false);

  const employee = await (await browser.newContext()).newPage();
  await signIn(employee, 'pegawai');
  await expect(employee.getByRole('link', { name: 'Kasus dan klaster' })).toHaveCount(0);
  await employee.goto('/kasus');
  await expect(employee.getByRole('heading', { level: 1, name: 'Halaman tidak ditemukan.' })).toBeVisible();
  await expect(employee.getByTestId('chain')).toHaveCount(0);
});

test("the day's calls are on the admin's home; a case opened from one finds its caller again rather than making a second person", async ({ browser }) => {
  const admin = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  await signIn(admin, 'admin');
  await new SyncStrip(admin).expectAllSent();
  const calls = admin.getByTestId('calls-today');
  await expect(calls.getByRole('heading', { name: 'Panggilan hari ini' })).toBeVisible();
  const call = calls.getByTestId('call').filter({ hasText: 'Bayu Nugraha' });
  await expect(call).toContainText('Kontak erat · Cukup saran');
  await call.getByRole('button', { name: 'Buka kasus dari panggilan Bayu Nugraha' }).click();
  await expect(admin).toHaveURL(/\/catatan\/case\/[^/]+\/ubah$/);
  await admin.getByRole('button', { name: 'Simpan', exact: true }).click();
  await expect(admin.getByTestId('record')).toContainText('Bayu Nugraha');
  await expect(admin.getByTestId('record')).toContainText('Dari panggilan');
  // The household's Bayu, found again by name and phone: still one person of that name.
  await admin.goto('/catatan/outside_person');
  await admin.getByTestId('records-search').fill('Bayu');
  await expect(admin.getByTestId('records').locator('li')).toHaveCount(1);
  await admin.goto('/');
  await expect(calls.getByTestId('call').filter({ hasText: 'Bayu Nugraha' })).toContainText('Kasus sudah dibuka');
});

test("a tracer lists a case's co-workers in two taps each; one met outside the contact window is warned of, not refused", async ({ browser }) => {
  const tracer = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  await signIn(tracer, 'pelacak');
  await new SyncStrip(tracer).expectAllSent();
  await tracer.goto('/catatan/case/demo-case-2');
  const contacts = tracer.getByTestId('case-contacts');
  await expect(contacts.getByRole('heading', { level: 2 })).toHaveText('Kontak erat (7)');
  const adder = contacts.getByTestId('add-coworker');
  const pick = adder.getByLabel('Tambah rekan kerja dari daftar pegawai');
  // Offline too: the roster of the case's office is on the tracer's phone.
  await tracer.context().setOffline(true);
  const first = (await pick.locator('option').nth(1).textContent())!.split(' · ')[0];
  await pick.selectOption({ index: 1 });
  await adder.getByRole('button', { name: 'Tambah kontak' }).click();
  await expect(contacts.getByRole('heading', { level: 2 })).toHaveText('Kontak erat (8)');
  await expect(contacts.getByTestId('case-contact').filter({ hasText: first })).toContainText('Rekan kerja');
  // Met three weeks ago: before the case's window (two days before its onset, a week ago).
  const before = new Date(Date.now() - 21 * 86_400_000).toISOString().slice(0, 10);
  await adder.getByLabel('Kontak terakhir').fill(before);
  await expect(adder.getByTestId('outside-window')).toContainText('di luar jendela kontak kasus ini');
  await pick.selectOption({ index: 1 });
  await adder.getByRole('button', { name: 'Tambah kontak' }).click();
  await expect(contacts.getByRole('heading', { level: 2 })).toHaveText('Kontak erat (9)');
  await tracer.context().setOffline(false);
  await new SyncStrip(tracer).expectAllSent();
});

test('two phones offline follow up different contacts, and both entries arrive', async ({ browser }) => {
  const tracerContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const tracer = await tracerContext.newPage();
  await signIn(tracer, 'pelacak');
  await waitForServiceWorker(tracer);
  await new SyncStrip(tracer).expectAllSent();
  await openDay(tracer);
  const adminContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const admin = await adminContext.newPage();
  await signIn(admin, 'admin');
  await waitForServiceWorker(admin);
  await new SyncStrip(admin).expectAllSent();
  await openDay(admin);

  const due = (page: Page) => page.getByTestId('contact').filter({ hasText: 'Belum dilaporkan hari ini' });
  const first = (await due(tracer).nth(0).locator('strong').textContent())!;
  const second = (await due(tracer).nth(1).locator('strong').textContent())!;
  await tracerContext.setOffline(true);
  await adminContext.setOffline(true);
  await due(tracer).filter({ hasText: first }).getByRole('button', { name: `Sehat: ${first}` }).click();
  const theirs = due(admin).filter({ hasText: second });
  await theirs.getByText('Ada gejala atau keterangan lain').click();
  await theirs.getByRole('button', { name: `Batuk: ${second}` }).click();
  await new SyncStrip(tracer).expectPending(1);
  await new SyncStrip(admin).expectPending(1);

  await tracerContext.setOffline(false);
  await adminContext.setOffline(false);
  await new SyncStrip(tracer).expectAllSent();
  await new SyncStrip(admin).expectAllSent();
  // The tracer's phone pulls the admin's entry; both contacts are reported today, each as entered.
  await new SyncStrip(tracer).syncNow();
  await new SyncStrip(tracer).expectAllSent();
  const contacts = tracer.getByTestId('contact');
  await expect(contacts.filter({ hasText: first }).getByRole('button', { name: `Sehat: ${first}` })).toHaveAttribute('aria-pressed', 'true');
  await expect(contacts.filter({ hasText: second }).getByRole('button', { name: `Batuk: ${second}` })).toHaveAttribute('aria-pressed', 'true');
  await expect(contacts.filter({ hasText: second }).getByTestId('follow-up-state')).toHaveText('Sudah dilaporkan hari ini');
});

test("a tracer lists a household and others by name and phone, offline; someone already written down is found again, not made twice", async ({ browser }) => {
  const tracer = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  await signIn(tracer, 'pelacak');
  await new SyncStrip(tracer).expectAllSent();
  await tracer.goto('/catatan/case/demo-case-3');
  const contacts = tracer.getByTestId('case-contacts');
  const heading = contacts.getByRole('heading', { level: 2 });
  await expect(heading).toHaveText('Kontak erat (7)');
  const adder = contacts.getByTestId('add-other');
  await tracer.context().setOffline(true);
  // Ten contacts, each a name, a phone and one tap: the kind and the last exposure stay set
  // for the next one (a household, then the people of an arisan).
  const newcomers = [
    ['Wahyu Hidayat', '081330001001', 'Serumah'],
    ['Lestari Wulandari', '081330001002', 'Serumah'],
    ['Eko Prasetyo', '081330001003', 'Sosial'],
    ['Rina Marlina', '081330001004', 'Sosial'],
    ['Agus Salim', '081330001005', 'Sosial'],
    ['Dewi Sartika', '081330001006', 'Sosial'],
    ['Hendra Gunawan', '081330001007', 'Sosial'],
    ['Putri Maharani', '081330001008', 'Sosial'],
    ['Bambang Sutrisno', '081330001009', 'Sosial'],
  ];
  for (const [name, phone, kind] of newcomers) {
    if ((await adder.getByLabel('Jenis kontak').inputValue()) !== (kind === 'Sosial' ? 'social' : 'household')) {
      await adder.getByLabel('Jenis kontak').selectOption({ label: kind });
    }
    await adder.getByLabel('Nama', { exact: true }).fill(name);
    await adder.getByLabel('Nomor HP (jika ada)').fill(phone);
    await adder.getByRole('button', { name: 'Tambah kontak' }).click();
    await expect(adder.getByTestId('other-added')).toHaveText(`${name} ditambahkan sebagai kontak erat.`);
    await expect(adder.getByLabel('Nama', { exact: true })).toHaveValue('');
  }
  await expect(heading).toHaveText('Kontak erat (16)');
  // The tenth: the first case's wife, at the same arisan, written with a title and her phone
  // in another form. Found again by name and phone, she is listed without a second person.
  // Her NIK, new to Posko, is kept on her record.
  await adder.getByLabel('Nama', { exact: true }).fill('Ibu Dian Kusumawati');
  await adder.getByLabel('Nomor HP (jika ada)').fill('+62 813 4100 2200');
  await adder.getByLabel('NIK (16 angka, jika tahu)').fill('3573014508800003');
  await adder.getByRole('button', { name: 'Tambah kontak' }).click();
  await expect(adder.getByTestId('other-added')).toContainText('Dian Kusumawati sudah tercatat (nama dan nomor HP sama)');
  await expect(heading).toHaveText('Kontak erat (17)');
  await expect(contacts.getByTestId('case-contact').filter({ hasText: 'Eko Prasetyo' })).toContainText('Sosial');
  // Listed already for this case: said so, nothing added.
  await adder.getByLabel('Nama', { exact: true }).fill('Wahyu Hidayat');
  await adder.getByLabel('Nomor HP (jika ada)').fill('0813-3000-1001');
  await adder.getByRole('button', { name: 'Tambah kontak' }).click();
  await expect(adder.getByRole('alert')).toHaveText('Wahyu Hidayat sudah menjadi kontak erat kasus ini.');
  // A NIK that is no NIK is said so in words, and what was typed stays.
  await adder.getByLabel('Nama', { exact: true }).fill('Slamet Riyadi');
  await adder.getByLabel('NIK (16 angka, jika tahu)').fill('1234');
  await adder.getByRole('button', { name: 'Tambah kontak' }).click();
  await expect(adder.getByRole('alert')).toContainText('NIK');
  await expect(adder.getByLabel('Nama', { exact: true })).toHaveValue('Slamet Riyadi');
  await expect(heading).toHaveText('Kontak erat (17)');

  await tracer.context().setOffline(false);
  await new SyncStrip(tracer).expectAllSent();
  await tracer.goto('/catatan/outside_person');
  await tracer.getByTestId('records-search').fill('Dian');
  const dian = tracer.getByTestId('records').locator('li');
  await expect(dian).toHaveCount(1);
  await dian.getByRole('link').click();
  await expect(tracer.getByTestId('record')).toContainText('3573014508800003');
});

test('one person written down on two phones offline is shown to the admin once both sync, and merged in one tap', async ({ browser }) => {
  const phones = await Promise.all([0, 1].map(async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await signIn(page, 'pelacak');
    await new SyncStrip(page).expectAllSent();
    await page.goto('/catatan/case/demo-case-1');
    return page;
  }));
  // A woman born 15 March 1985 in Kota Malang: her NIK, on one phone with her phone number.
  const nik = '3573015503850002';
  for (const [i, page] of phones.entries()) {
    await page.context().setOffline(true);
    const adder = page.getByTestId('add-other');
    await adder.getByLabel('Jenis kontak').selectOption({ label: 'Rapat' });
    await adder.getByLabel('Nama', { exact: true }).fill(i === 0 ? 'Sri Wahyuni' : 'Hj. Sri Wahyuni');
    if (i === 1) await adder.getByLabel('Nomor HP (jika ada)').fill('081355550001');
    await adder.getByLabel('NIK (16 angka, jika tahu)').fill(nik);
    await adder.getByRole('button', { name: 'Tambah kontak' }).click();
    await expect(adder.getByTestId('other-added')).toContainText('ditambahkan sebagai kontak erat');
  }
  for (const page of phones) {
    await page.context().setOffline(false);
    await new SyncStrip(page).expectAllSent();
  }
  const admin = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  await signIn(admin, 'admin');
  await new SyncStrip(admin).expectAllSent();
  await admin.goto('/kasus');
  const pair = admin.getByTestId('same-person');
  await expect(pair).toHaveCount(1);
  await expect(pair).toContainText('Sri Wahyuni dan Hj. Sri Wahyuni');
  await expect(pair).toContainText('NIK sama');
  await pair.getByRole('button', { name: 'Gabungkan jadi satu orang' }).click();
  await expect(admin.getByTestId('same-people')).toHaveCount(0);
  await new SyncStrip(admin).expectAllSent();
  // Both contacts now name the one kept, who has the phone only the second phone had.
  await admin.goto('/catatan/outside_person');
  await admin.getByTestId('records-search').fill('Wahyuni');
  const found = admin.getByTestId('records').locator('li');
  await expect(found).toHaveCount(1);
  await found.getByRole('link').click();
  await expect(admin.getByTestId('record')).toContainText('081355550001');
  await admin.goto('/catatan/case/demo-case-1');
  await expect(admin.getByTestId('case-contact').filter({ hasText: 'Sri Wahyuni' })).toHaveCount(2);

  // Her kecamatan is picked from Kota Malang's (the agency's region names the regency; the server
  // holds every regency's, Kemendagri's spelling), or typed; her kelurahan from its 57; a place the
  // roster holds too is offered once. The phone kept the regency when its home was online: the
  // list is there offline.
  await waitForServiceWorker(admin);
  await admin.context().setOffline(true);
  await admin.goto('/catatan/outside_person/baru');
  await expect(admin.locator('#dl-kelurahan option')).toHaveCount(57);
  for (const [level, place] of [['kecamatan', 'Kedungkandang'], ['kecamatan', 'Klojen'], ['kelurahan', 'Bakalankrajan'], ['kelurahan', 'Kauman']]) {
    await expect(admin.locator(`#dl-${level} option[value="${place}"]`)).toHaveCount(1);
  }
  await expect(admin.getByLabel('Kecamatan')).toHaveAttribute('list', 'dl-kecamatan');
  // Once her kecamatan is written, the kelurahan offered are its eleven (Klojen's Kauman, not
  // Blimbing's Arjosari), the roster's residences there among them; cleared, the regency's again.
  await admin.getByLabel('Kecamatan').fill('klojen');
  await expect(admin.locator('#dl-kelurahan option[value="Kauman"]')).toHaveCount(1);
  await expect(admin.locator('#dl-kelurahan option[value="Arjosari"]')).toHaveCount(0);
  await expect(admin.locator('#dl-kelurahan option')).toHaveCount(11);
  await admin.getByLabel('Kecamatan').fill('');
  await expect(admin.locator('#dl-kelurahan option[value="Arjosari"]')).toHaveCount(1);
  await admin.context().setOffline(false);
});
