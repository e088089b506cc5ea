// Page objects: one per screen, locating elements by role and accessible name.
import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'posko-demo';

export class LoginPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto('/masuk');
    await expect(this.page.getByRole('heading', { name: 'Masuk' })).toBeVisible();
  }

  async login(username: string, password = DEMO_PASSWORD) {
    await this.page.getByLabel('Nama pengguna').fill(username);
    await this.page.getByLabel('Kata sandi').fill(password);
    await this.page.getByRole('button', { name: 'Masuk', exact: true }).click();
  }

  error() {
    return this.page.getByRole('alert');
  }
}

export class HomePage {
  constructor(private readonly page: Page) {}

  async expectGreeting(fullName: string) {
    await expect(this.page.getByRole('heading', { name: `Halo, ${fullName}` })).toBeVisible();
  }

  role() {
    return this.page.getByTestId('role');
  }

  async startScreening() {
    await this.page.getByRole('link', { name: SCREENING_ACTION }).click();
  }

  history() {
    return this.page.getByTestId('screening-history');
  }
}

export class ScreeningPage {
  constructor(private readonly page: Page) {}

  async fill(answers: { temperature: string; symptoms?: string[]; closeContact?: boolean; travel?: boolean }) {
    await this.page.getByLabel('Suhu tubuh (°C)').fill(answers.temperature);
    for (const symptom of answers.symptoms ?? []) {
      await this.page.getByLabel(symptom, { exact: true }).check();
    }
    if (answers.closeContact) await this.page.getByLabel('Kontak erat dengan kasus konfirmasi COVID-19').check();
    if (answers.travel) await this.page.getByLabel('Melakukan perjalanan ke luar kota / daerah').check();
  }

  async submit() {
    await this.page.getByRole('button', { name: 'Simpan skrining' }).click();
  }

  result() {
    return this.page.getByTestId('screening-result');
  }
}

/** The home's main action: a new screening, or today's once there is one (issue #19). */
export const SCREENING_ACTION = /^(Isi skrining hari ini|Lihat atau ubah skrining hari ini)$/;

/** Opens the screening form from the home page's link (in-app navigation, so it works offline),
 *  submits `temperature` with no symptoms, and waits for the result. */
export async function submitScreening(page: Page, temperature: string) {
  await page.getByRole('link', { name: SCREENING_ACTION }).click();
  const screening = new ScreeningPage(page);
  await screening.fill({ temperature });
  await screening.submit();
  await expect(screening.result()).toBeVisible();
}

/** Waits until a service worker controls the page and, once a user is signed in, keeps the
 *  modules of their role's areas (public/sw.js), so the app can open offline. */
export async function waitForServiceWorker(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const kept = await page.evaluate(async () => (window as any).poskoPrecached);
  if (kept !== undefined) expect(kept).toBe('kept');
}

export async function signIn(page: Page, username: string, password = DEMO_PASSWORD) {
  const login = new LoginPage(page);
  await login.goto();
  await login.login(username, password);
  await expect(page.getByRole('heading', { name: /^Halo, / })).toBeVisible();
}

/** Opens the records of one kind from the home screen ("Catatan di perangkat ini"), in-app. */
export async function openRecords(page: Page, kindName: string) {
  await page.getByRole('link', { name: 'Catatan di perangkat ini' }).click();
  await page.getByRole('link', { name: kindName }).click();
  await expect(page.getByRole('heading', { level: 1, name: kindName })).toBeVisible();
}

/** Opens the generic form for a new record of one kind. */
export async function newRecord(page: Page, kindName: string) {
  await openRecords(page, kindName);
  await page.getByRole('link', { name: 'Tambah' }).click();
}
