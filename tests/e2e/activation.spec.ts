// A sign-in for a person of the roster (src/pages/activate.rs, crates/server/src/activation.rs):
// the admin makes a one-time code on the person's record, the person activates their account
// with their NIP, the code and a password of their own, and is signed in as an employee.
import { expect, test } from '@playwright/test';
import { activate, issueCode } from './pages/activation';
import { signIn } from './pages/app';
import { SyncStrip } from './pages/sync';

test('the admin makes an activation code; the person activates their account and signs in with their NIP', async ({ browser }) => {
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, 'admin');
  await new SyncStrip(admin).expectAllSent();
  const { nip, code } = await issueCode(admin, 'demo-person-009');
  const name = (await admin.getByTestId('record').locator('dt', { hasText: 'Nama lengkap' }).locator('+ dd').textContent())!;
  // The code goes to the person's own number as a message with everything they need (issue #19).
  const whatsapp = admin.getByRole('link', { name: `Kirim lewat WhatsApp ke ${name}` });
  const href = decodeURIComponent((await whatsapp.getAttribute('href'))!);
  expect(href).toMatch(/^https:\/\/wa\.me\/62\d{9,12}\?text=/);
  expect(href).toContain(`Kode aktivasi Posko Anda: ${code}.`);
  expect(href).toContain(`masuk dengan NIP ${nip}`);
  expect(href).toContain('/aktivasi');
  await expect(admin.getByRole('link', { name: `Kirim SMS ke ${name}` })).toHaveAttribute('href', /^sms:0\d+\?body=/);

  const person = await (await browser.newContext()).newPage();
  // Mistakes are said on the page, and what was typed stays.
  await activate(person, nip, code, 'pendek');
  await expect(person.getByRole('alert')).toHaveText('Kata sandi paling sedikit 8 karakter.');
  await expect(person.getByLabel('Kode aktivasi')).toHaveValue(code);
  await person.getByLabel('Kode aktivasi').fill('ABCD-EFGH');
  await person.getByLabel('Kata sandi baru', { exact: true }).fill('sandi-rahasia-9');
  await person.getByLabel('Ulangi kata sandi baru').fill('sandi-rahasia-9');
  await person.getByRole('button', { name: 'Aktifkan dan masuk' }).click();
  await expect(person.getByRole('alert')).toContainText('NIP atau kode aktivasi salah');
  // The right code: signed in, as an employee of the person's office.
  await person.getByLabel('Kode aktivasi').fill(code.toLowerCase());
  await person.getByRole('button', { name: 'Aktifkan dan masuk' }).click();
  await expect(person.getByRole('heading', { name: `Halo, ${name}` })).toBeVisible();
  await expect(person.getByTestId('role')).toContainText('Pegawai');

  // From now on, NIP and password, like anyone.
  const again = await (await browser.newContext()).newPage();
  await again.goto('/masuk');
  await again.getByLabel('Nama pengguna').fill(nip);
  await again.getByLabel('Kata sandi').fill('sandi-rahasia-9');
  await again.getByRole('button', { name: 'Masuk', exact: true }).click();
  await expect(again.getByRole('heading', { name: `Halo, ${name}` })).toBeVisible();
});
