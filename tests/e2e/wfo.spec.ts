// The work-from-office plan (src/pages/wfo.rs): an officer plans the office's day offline in a
// high-risk zone, is warned when over the cap (25 % of the headcount, SE Menpan-RB 67/2020), and
// once the plan is sent an employee of the office sees on the home screen where they work today.
import { expect, test } from '@playwright/test';
import { signIn, submitScreening, waitForServiceWorker } from './pages/app';
import { ownEmployee } from './pages/activation';
import { apiToken, pullAll, SyncStrip } from './pages/sync';

test('an officer plans the day within the cap, offline; the employee sees they work from the office', async ({ browser, request }) => {
  // An employee of the office not screened today anywhere, with a sign-in of her own.
  const me = await ownEmployee(request, 'demo-person-018');
  const person = (await pullAll(request, await apiToken(request, 'admin'))).find((r) => r.id === 'demo-person-018');
  const name: string = person.fields.full_name.v;
  const context = await browser.newContext();
  const officer = await context.newPage();
  await signIn(officer, 'petugas');
  await waitForServiceWorker(officer);
  await new SyncStrip(officer).expectAllSent();
  await context.setOffline(true);
  await officer.getByRole('link', { name: 'Rencana kerja dari kantor (WFO)' }).click();
  await expect(officer.getByRole('heading', { level: 1, name: 'Rencana kerja dari kantor (WFO)' })).toBeVisible();
  // The plan's day, today unless changed, said in words under the browser's digits.
  const words = await officer.evaluate(() =>
    new Date().toLocaleDateString('id-ID', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
  );
  await expect(officer.getByTestId('date-words')).toHaveText(words);
  await officer.getByLabel('Zona risiko kantor hari itu').selectOption({ label: 'Tinggi' });
  await officer.getByLabel('Jumlah pegawai kantor').fill('24');
  const count = officer.getByTestId('wfo-count');
  await expect(count).toHaveText('0 orang di kantor; batas 6 orang');

  // Seven in the office: one over a quarter of 24.
  const people = officer.locator('.wfo-people input[type=checkbox]');
  await officer.getByLabel(name, { exact: true }).check();
  for (let i = 0; (await officer.locator('.wfo-people input:checked').count()) < 7; i++) {
    const box = people.nth(i);
    if (!(await box.isChecked())) await box.check();
  }
  await expect(count).toHaveText('7 orang di kantor; batas 6 orang');
  await expect(officer.getByTestId('wfo-over')).toHaveText(
    'Melebihi batas WFO sebanyak 1 orang (SE Menpan-RB 67/2020). Kurangi yang bekerja dari kantor.',
  );
  // One goes home instead (not her): within the cap, saved on the phone.
  const others = officer.locator('.wfo-people li').filter({ hasNotText: name }).locator('input:checked');
  await others.first().uncheck();
  await expect(count).toHaveText('6 orang di kantor; batas 6 orang');
  await expect(officer.getByTestId('wfo-over')).toHaveCount(0);
  await officer.getByRole('button', { name: 'Simpan rencana' }).click();
  await expect(officer.getByRole('status').filter({ hasText: 'Tersimpan di perangkat ini' })).toBeVisible();
  await new SyncStrip(officer).expectPending(1);
  // Where it was made, the plan says where it stands with the server (issue #19 item 4).
  await expect(officer.getByTestId('sync-state')).toHaveText('Belum terkirim');

  await context.setOffline(false);
  await new SyncStrip(officer).expectAllSent();
  await expect(officer.getByTestId('sync-state')).toHaveText('Terkirim');

  // The employee's phone: the day starts with the screening, and the plan shows once it is
  // saved (the home never says where to work before the screening has said whether she may).
  const employee = await (await browser.newContext()).newPage();
  await signIn(employee, me.username, me.password);
  await expect(employee.getByTestId('after-screening')).toBeVisible();
  await expect(employee.getByTestId('wfo-today')).toHaveCount(0);
  await submitScreening(employee, '36,5');
  await employee.locator('a.brand').click();
  await expect(employee.getByTestId('wfo-today')).toHaveText('Hari ini Anda dijadwalkan bekerja dari kantor.');
});

test("a suspect planned in the office is told to stay home; the home says today's result at the top and opens today's answers (issue #19)", async ({ browser }) => {
  // The officer plans Siti in the office today.
  const officer = await (await browser.newContext()).newPage();
  await signIn(officer, 'petugas');
  await new SyncStrip(officer).expectAllSent();
  await officer.getByRole('link', { name: 'Rencana kerja dari kantor (WFO)' }).click();
  await officer.getByLabel('Zona risiko kantor hari itu').selectOption({ label: 'Tinggi' });
  await officer.getByLabel('Jumlah pegawai kantor').fill('24');
  await officer.getByLabel('Siti Rahmawati').check();
  await officer.getByRole('button', { name: 'Simpan rencana' }).click();
  await new SyncStrip(officer).expectAllSent();

  const context = await browser.newContext();
  const siti = await context.newPage();
  await signIn(siti, 'pegawai');
  await new SyncStrip(siti).expectAllSent();
  // Fit (she may have screened in an earlier test today): to the office, as planned.
  await submitScreening(siti, '36,4');
  await siti.locator('a.brand').click();
  await expect(siti.getByTestId('today-result')).toHaveText('Skrining hari ini sudah diisi. Boleh bekerja di kantor.');
  await expect(siti.getByTestId('wfo-today')).toHaveText('Hari ini Anda dijadwalkan bekerja dari kantor.');

  // Later, a fever: stay home, whatever the plan says.
  await submitScreening(siti, '38,5');
  await siti.locator('a.brand').click();
  await expect(siti.getByTestId('today-result')).toHaveText('Skrining hari ini sudah diisi. Tetap di rumah dan lapor ke Crisis Center.');
  await expect(siti.getByTestId('wfo-today')).toHaveText(
    'Hari ini Anda bekerja dari rumah: hasil skrining meminta Anda tetap di rumah, apa pun rencana kantor.'
  );
  await expect(siti.getByText('dijadwalkan bekerja dari kantor')).toHaveCount(0);
  await expect(siti.getByRole('link', { name: 'Isi skrining hari ini' })).toHaveCount(0);

  // The officer's plan warns: Siti is planned in the office though her screening says stay home.
  await new SyncStrip(siti).expectAllSent();
  await new SyncStrip(officer).syncNow();
  await officer.locator('a.brand').click();
  await officer.getByRole('link', { name: 'Rencana kerja dari kantor (WFO)' }).click();
  await expect(officer.getByTestId('wfo-stay-home')).toContainText('Siti Rahmawati');
  await expect(officer.locator('.wfo-people li').filter({ hasText: 'Siti Rahmawati' })).toContainText(
    'Skrining terakhir: tetap di rumah'
  );

  // The main action opens today's answers to view or change, not an empty form.
  await siti.getByRole('link', { name: 'Lihat atau ubah skrining hari ini' }).click();
  await expect(siti.getByRole('heading', { name: 'Ubah skrining' })).toBeVisible();
  await expect(siti.getByLabel('Suhu tubuh (°C)')).toHaveValue('38,5');

  // In English too.
  await siti.locator('a.brand').click();
  await siti.getByRole('button', { name: 'Ganti bahasa ke English' }).click();
  await expect(siti.getByTestId('today-result')).toHaveText("Today's screening is done. Stay home and report to the Crisis Center.");
  await expect(siti.getByTestId('wfo-today')).toHaveText(
    "Today you work from home: your screening asks you to stay home, whatever the office's plan says."
  );
  await context.close();
});
