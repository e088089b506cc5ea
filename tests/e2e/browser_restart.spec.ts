// A screening survives closing the whole browser: IndexedDB and the service worker live in the
// profile on disk, so the relaunched browser opens the app offline with the data and the session.
import { chromium, expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HomePage, ScreeningPage, signIn, waitForServiceWorker } from './pages/app';

test('a screening is still there after the browser is closed and opened again offline', async ({}, testInfo) => {
  const { baseURL, launchOptions, viewport } = testInfo.project.use;
  const profile = mkdtempSync(join(tmpdir(), 'posko-profile-'));
  const launch = () => chromium.launchPersistentContext(profile, { ...launchOptions, baseURL, viewport });
  try {
    const first = await launch();
    const page = first.pages()[0] ?? (await first.newPage());
    await signIn(page, 'pegawai');
    await waitForServiceWorker(page);
    await page.goto('/skrining');
    const screening = new ScreeningPage(page);
    await screening.fill({ temperature: '36,9', travel: true });
    await screening.submit();
    await expect(screening.result()).toContainText('riwayat perjalanan');
    await first.close();

    const second = await launch();
    await second.setOffline(true);
    const again = second.pages()[0] ?? (await second.newPage());
    await again.goto('/');
    const home = new HomePage(again);
    await home.expectGreeting('Siti Rahmawati');
    await expect(home.history()).toContainText('36,9 °C');
    await expect(home.history()).toContainText('riwayat perjalanan');
    await second.close();
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});
