// The Crisis Center's day (src/pages/today.rs): an employee's "stay home" screening is a suspect
// alert for the office's officer, who records what was done, offline; once online the admin
// sees the action with who did it. And the roll call: who has not screened today, by unit.
import { expect, test, type Page } from '@playwright/test';
import { SCREENING_ACTION, signIn, submitScreening, waitForServiceWorker } from './pages/app';
import { SyncStrip } from './pages/sync';

/** Opens the day's page from the home screen, in-app (so it opens offline too). */
async function openToday(page: Page) {
  await page.getByRole('link', { name: 'Posko hari ini' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Posko hari ini' })).toBeVisible();
}

test("an employee's stay-home screening is an alert for the officer, who records a call offline; the admin sees it", async ({ browser }) => {
  const employee = await (await browser.newContext()).newPage();
  await signIn(employee, 'pegawai');
  // 38,4 °C: a fever, and a temperature no other test uses, to find this alert among today's.
  await submitScreening(employee, '38,4');
  await expect(employee.getByTestId('screening-result')).toContainText('Tetap di rumah');
  await new SyncStrip(employee).expectAllSent();

  const officerContext = await browser.newContext();
  const officer = await officerContext.newPage();
  await signIn(officer, 'petugas');
  await waitForServiceWorker(officer);
  await new SyncStrip(officer).expectAllSent();
  await openToday(officer);
  const alert = officer.getByTestId('alert').filter({ hasText: '38,4' }).last();
  await expect(alert).toContainText('Siti Rahmawati');
  await expect(alert).toContainText('Bagian Umum');
  await expect(alert).toContainText('suhu tinggi');
  await expect(alert).toContainText('Belum ditangani');

  // The roll call: Siti has screened, so she is not among Bagian Umum's missing; units are
  // counted, and a unit's head is marked.
  const umum = officer.getByTestId('unit').filter({ hasText: 'Bagian Umum' });
  await expect(umum).toContainText(/\d+ dari 6 sudah skrining/);
  await expect(umum.locator('.missing')).not.toContainText('Siti Rahmawati');
  await expect(officer.getByTestId('roll-call')).toContainText('(kepala unit)');
  // Only the officer's own office: no unit of the Klojen office.
  await expect(officer.getByTestId('roll-call')).not.toContainText('Seksi Pemerintahan');

  // Offline, the officer records the call with a note; it shows at once, as theirs.
  await officerContext.setOffline(true);
  await alert.getByLabel('Catatan tindakan (tidak wajib)').fill('Disarankan isolasi mandiri, dipantau besok');
  await alert.getByRole('button', { name: 'Sudah ditelepon: Siti Rahmawati' }).click();
  await expect(alert).toContainText('Sudah ditelepon, oleh Budi Santoso');
  await expect(alert).toContainText('Disarankan isolasi mandiri, dipantau besok');
  await expect(alert).toContainText('Sedang ditindaklanjuti');
  await new SyncStrip(officer).expectPending(1);

  // Online again, the action reaches the server; the admin sees who did what.
  await officerContext.setOffline(false);
  await new SyncStrip(officer).expectAllSent();
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, 'admin');
  await new SyncStrip(admin).expectAllSent();
  await openToday(admin);
  const seen = admin.getByTestId('alert').filter({ hasText: 'Disarankan isolasi mandiri' }).last();
  await expect(seen).toContainText('Siti Rahmawati');
  await expect(seen).toContainText('Sudah ditelepon, oleh Budi Santoso');
  // The admin refers her to the Puskesmas: the alert waits for the test result, not done.
  await seen.getByRole('button', { name: 'Dirujuk ke Puskesmas: Siti Rahmawati' }).click();
  await expect(seen).toContainText('Dirujuk ke Puskesmas, oleh Agus Wijaya');
  await expect(seen).toContainText('Menunggu hasil tes');
  await expect(seen).not.toContainText('Selesai');

  // The page's own words load with it, in either language, both ways.
  await admin.getByRole('button', { name: 'Ganti bahasa ke English' }).click();
  await expect(admin.getByTestId('alerts').getByRole('heading')).toHaveText(/^Suspect alerts today: \d+$/);
  await expect(seen).toContainText('Referred to the Puskesmas, by Agus Wijaya');
  await admin.getByRole('button', { name: 'Switch language to Bahasa Indonesia' }).click();
  await expect(seen).toContainText('Dirujuk ke Puskesmas, oleh Agus Wijaya');
  // A reload in English opens the page in English at once.
  await admin.getByRole('button', { name: 'Ganti bahasa ke English' }).click();
  await expect(seen).toContainText('Referred to the Puskesmas');
  await admin.reload();
  await expect(admin.getByTestId('roll-call').getByRole('heading')).toHaveText(/^Not screened today: \d+ people$/);
});

test('an employee has no day page: the link is not there', async ({ page }) => {
  await signIn(page, 'pegawai');
  await expect(page.getByRole('link', { name: SCREENING_ACTION })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Posko hari ini' })).toHaveCount(0);
});

test('an alert stays open when the answers are changed to fit, is said so to both sides, and is carried past midnight (issue #19)', async ({ browser }) => {
  // Siti corrects today's fever to fit: she is told the alert stays open.
  const employee = await (await browser.newContext()).newPage();
  await signIn(employee, 'pegawai');
  await submitScreening(employee, '38,7');
  await expect(employee.getByTestId('screening-result')).toContainText('Tetap di rumah');
  await expect(employee.getByTestId('alert-stays')).toHaveCount(0);
  await employee.getByLabel('Suhu tubuh (°C)').fill('36,5');
  await employee.getByRole('button', { name: 'Simpan skrining' }).click();
  await expect(employee.getByTestId('screening-result')).toContainText('Boleh bekerja di kantor');
  await expect(employee.getByTestId('alert-stays')).toContainText('Peringatan ke Crisis Center tetap terbuka');
  await employee.locator('a.brand').click();
  await expect(employee.getByTestId('today-result')).toContainText('Boleh bekerja di kantor');
  await expect(employee.getByTestId('alert-stays')).toBeVisible();
  await new SyncStrip(employee).expectAllSent();

  // The officer does the same with his own screening, which nobody has acted on yet.
  const officerContext = await browser.newContext();
  const officer = await officerContext.newPage();
  await signIn(officer, 'petugas');
  await waitForServiceWorker(officer);
  await submitScreening(officer, '38,9');
  await officer.getByLabel('Suhu tubuh (°C)').fill('36,6');
  await officer.getByRole('button', { name: 'Simpan skrining' }).click();
  await expect(officer.getByTestId('alert-stays')).toBeVisible();
  await new SyncStrip(officer).expectAllSent();
  await officer.locator('a.brand').click();
  await openToday(officer);
  // Both alerts are on the list, each saying its answers were changed since.
  // An alert's person is its first line, in bold (an action names who did it, too).
  const alertOf = (name: string) => officer.getByTestId('alert').filter({ has: officer.locator('strong', { hasText: name }) });
  for (const name of ['Siti Rahmawati', 'Budi Santoso']) {
    const alert = alertOf(name);
    await expect(alert).toContainText('Jawaban diubah menjadi sehat setelah peringatan ini');
    await expect(alert).toContainText('Boleh bekerja di kantor');
  }
  const budi = alertOf('Budi Santoso');
  await expect(budi).toContainText('Belum ditangani');
  await expect(budi.getByTestId('alert-since')).toHaveCount(0);

  // Past midnight, offline: his alert, still open, is carried to the new day, with its date in
  // words; nothing on the page is an all-digit date.
  const today = new Date();
  const inWords = today.toLocaleDateString('id-ID', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  await officerContext.setOffline(true);
  await officer.clock.install({ time: Date.now() + 24 * 60 * 60 * 1000 });
  await officer.reload();
  await expect(officer.getByRole('heading', { level: 1, name: 'Posko hari ini' })).toBeVisible();
  await expect(budi.getByTestId('alert-since')).toHaveText(`Sejak ${inWords}, belum selesai`);
  await expect(budi).toContainText('Belum ditangani');
  await expect(officer.locator('main')).not.toContainText(/\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}/);
  // Recorded, it is followed; settled, it leaves the next day's list.
  await budi.getByRole('button', { name: 'Dinyatakan aman: Budi Santoso' }).click();
  await expect(budi).toHaveCount(0);
});

test("an alert's card reaches its person and takes back a wrong tap; a referral waits for its result (issue #19)", async ({ browser }) => {
  const employee = await (await browser.newContext()).newPage();
  await signIn(employee, 'pegawai');
  await submitScreening(employee, '38,2');
  await new SyncStrip(employee).expectAllSent();

  const officer = await (await browser.newContext()).newPage();
  await signIn(officer, 'petugas');
  await new SyncStrip(officer).expectAllSent();
  await openToday(officer);
  const siti = officer.getByTestId('alert').filter({ has: officer.locator('strong', { hasText: 'Siti Rahmawati' }) });
  // Her phone from the roster: a call and a WhatsApp message, each named for her (the name
  // begins with what the button shows, for those who speak to their phone: axe-core's rule).
  const call = siti.getByRole('link', { name: /^Telepon 0812-\d{4}-\d{4} \(Siti Rahmawati\)$/ });
  await expect(call).toHaveAttribute('href', /^tel:0812\d{8}$/);
  await expect(siti.getByRole('link', { name: 'Kirim WhatsApp ke Siti Rahmawati' })).toHaveAttribute('href', /^https:\/\/wa\.me\/62812\d{8}$/);

  // A wrong tap is taken back: the action goes, on this phone and on the server.
  const before = await siti.locator('.actions-done li').count();
  await siti.getByRole('button', { name: 'Dinyatakan aman: Siti Rahmawati' }).click();
  await expect(siti.locator('.actions-done li')).toHaveCount(before + 1);
  await siti.getByRole('button', { name: 'Batalkan \u201cDinyatakan aman\u201d untuk Siti Rahmawati' }).click();
  await expect(siti.locator('.actions-done li')).toHaveCount(before);
  await expect(siti).not.toContainText('Dinyatakan aman, oleh');
  await new SyncStrip(officer).expectAllSent();
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, 'admin');
  await new SyncStrip(admin).expectAllSent();
  await openToday(admin);
  const seen = admin.getByTestId('alert').filter({ has: admin.locator('strong', { hasText: 'Siti Rahmawati' }) });
  await expect(seen.locator('.actions-done li')).toHaveCount(before);

  // Referred, then a call: still waiting for the result; cleared, done.
  await seen.getByRole('button', { name: 'Dirujuk ke Puskesmas: Siti Rahmawati' }).click();
  await seen.getByRole('button', { name: 'Sudah ditelepon: Siti Rahmawati' }).click();
  await expect(seen).toContainText('Menunggu hasil tes');
  await seen.getByRole('button', { name: 'Dinyatakan aman: Siti Rahmawati' }).click();
  await expect(seen).toContainText('Selesai');
  // Only its author takes an action back: the officer's phone offers no undo of the admin's.
  await new SyncStrip(admin).expectAllSent();
  await officer.reload();
  await new SyncStrip(officer).expectAllSent();
  await expect(siti).toContainText('Selesai');
  await expect(siti.getByRole('button', { name: /^Batalkan/ })).toHaveCount(0);
  // In English too, the controls name her.
  await admin.getByRole('button', { name: 'Ganti bahasa ke English' }).click();
  await expect(seen.getByRole('link', { name: 'Send Siti Rahmawati a WhatsApp message' })).toBeVisible();
  await expect(seen.getByRole('button', { name: 'Undo \u201cCleared\u201d for Siti Rahmawati' })).toBeVisible();
});

test("the day's page left open past midnight turns to the new day by itself", async ({ browser }) => {
  const context = await browser.newContext();
  const officer = await context.newPage();
  await officer.clock.install({ time: Date.now() });
  await signIn(officer, 'petugas');
  await new SyncStrip(officer).expectAllSent();
  await openToday(officer);
  const inWords = (date: Date) => date.toLocaleDateString('id-ID', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  const now = new Date(await officer.evaluate(() => Date.now()));
  const day = officer.locator('main section.card p.muted').first();
  await expect(day).toHaveText(inWords(now));

  // Left on the screen, offline, through the night.
  await context.setOffline(true);
  const untilMidnight = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).getTime() - now.getTime();
  await officer.clock.fastForward(untilMidnight - 60_000);
  await expect(day).toHaveText(inWords(now));
  await officer.clock.fastForward(62_000);
  await expect(day).toHaveText(inWords(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1)));
  await context.close();
});
