// Giving a person of the roster a sign-in: the admin's code, and the person's activation.
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { apiToken } from './sync';

/** The admin makes a code for roster person `id`; returns the NIP and the code as shown. */
export async function issueCode(admin: Page, id: string): Promise<{ nip: string; code: string }> {
  await admin.goto(`/catatan/person/${id}`);
  await expect(admin.getByTestId('record')).toBeVisible();
  await admin.getByRole('button', { name: 'Buat kode aktivasi' }).click();
  const given = admin.getByTestId('activation').getByRole('status');
  await expect(given).toContainText('Masuk dengan NIP');
  const nip = /NIP (\d{18})/.exec((await given.textContent()) ?? '')![1];
  const code = (await admin.getByTestId('activation-code').textContent())!.trim();
  expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  return { nip, code };
}

/** Activates a roster person's account from the sign-in page, as they would. */
export async function activate(page: Page, nip: string, code: string, password: string) {
  await page.goto('/masuk');
  await page.getByRole('link', { name: 'Pegawai baru? Aktifkan akun dengan kode dari Crisis Center' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Aktifkan akun' })).toBeVisible();
  await page.getByLabel('NIP').fill(nip);
  await page.getByLabel('Kode aktivasi').fill(code);
  await page.getByLabel('Kata sandi baru', { exact: true }).fill(password);
  await page.getByLabel('Ulangi kata sandi baru').fill(password);
  await page.getByRole('button', { name: 'Aktifkan dan masuk' }).click();
}

/** An employee of their own for a test, so what it counts is only its own: roster person `id`
 *  (each test its own) given a sign-in through the API, as the admin and the person would.
 *  Returns the username (the NIP) and password to sign in with. */
export async function ownEmployee(request: APIRequestContext, id: string): Promise<{ username: string; password: string }> {
  const admin = await apiToken(request, 'admin');
  const issued = await request.post(`/api/people/${id}/activation`, { headers: { Authorization: `Bearer ${admin}` }, data: {} });
  expect(issued.ok()).toBeTruthy();
  const { code, username } = await issued.json();
  const password = `sandi-${id}`;
  const activated = await request.post('/api/auth/activate', { data: { username, code, password } });
  expect(activated.ok()).toBeTruthy();
  return { username, password };
}
