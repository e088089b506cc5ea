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
  await alert.getByRole('button', { name: 'Sudah ditelepon' }).click();
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
  // The admin settles it: referred to the Puskesmas.
  await seen.getByRole('button', { name: 'Dirujuk ke Puskesmas' }).click();
  await expect(seen).toContainText('Dirujuk ke Puskesmas, oleh Agus Wijaya');
  await expect(seen).toContainText('Selesai');

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
