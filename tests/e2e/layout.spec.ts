// A 360 px phone: nothing scrolls sideways, the top bar stays one row, and everything a thumb
// must hit is at least 44 px tall.
import { expect, test, type Page } from '@playwright/test';
import { signIn, submitScreening } from './pages/app';
import { SyncStrip } from './pages/sync';

async function expectPhoneFriendly(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  const bar = await page.locator('header.top-bar').boundingBox();
  expect(bar!.height).toBeLessThanOrEqual(72);
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('button, a, input:not([type=checkbox]), label.check')]
      .filter((el) => (el as HTMLElement).offsetParent !== null)
      .map((el) => ({ what: el.outerHTML.slice(0, 80), height: el.getBoundingClientRect().height }))
      .filter(({ height }) => height < 44)
  );
  expect(small).toEqual([]);
}

test('the sign-in screen fits a 360 px phone with large touch targets', async ({ page }) => {
  await page.goto('/masuk');
  await expect(page.getByRole('heading', { name: 'Masuk' })).toBeVisible();
  await expectPhoneFriendly(page);
});

test('home and the screening form fit a 360 px phone with large touch targets', async ({ page }) => {
  await signIn(page, 'pegawai');
  await expectPhoneFriendly(page);
  await page.goto('/skrining');
  await expect(page.getByRole('heading', { name: 'Skrining kesehatan mandiri' })).toBeVisible();
  await expectPhoneFriendly(page);
});

test('the top bar and the sync strip take at most 90 px of a 360 px phone, one line each, in both languages, for every role (issue #19)', async ({ browser }) => {
  for (const username of ['pegawai', 'petugas', 'admin', 'ppk', 'pemantau']) {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, username);
    await new SyncStrip(page).expectAllSent();
    // The storage advice shows in the strip once, on the first load that has it; after that it
    // is on the home, and the strip is one line.
    await page.reload();
    await new SyncStrip(page).expectAllSent();
    for (const switchTo of [null, 'Ganti bahasa ke English']) {
      if (switchTo) {
        await page.getByRole('button', { name: switchTo }).click();
        await expect(page.getByTestId('sync-status').getByRole('status')).toContainText('All sent');
      }
      const bar = (await page.locator('header.top-bar').boundingBox())!;
      const strip = (await page.getByTestId('sync-status').boundingBox())!;
      expect(bar.height + strip.height, `${username}, ${switchTo ?? 'Indonesian'}`).toBeLessThanOrEqual(90);
      expect(await page.getByTestId('storage-note').locator('visible=true').count()).toBeLessThanOrEqual(1);
      expect(strip.y).toBeGreaterThanOrEqual(bar.y + bar.height - 1);
      // One line of sync state, and nothing in either cut off or pushed out.
      const clipped = await page.evaluate(() => {
        const summary = document.querySelector('.sync-summary') as HTMLElement;
        const lineHeight = parseFloat(getComputedStyle(summary).lineHeight) || summary.getBoundingClientRect().height;
        const inside = [...document.querySelectorAll('header.top-bar *, [data-testid=sync-status] > *')]
          .map((el) => el as HTMLElement)
          .filter((el) => el.offsetParent !== null)
          .filter((el) => el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > 361)
          .map((el) => el.outerHTML.slice(0, 80));
        return { lines: Math.round(summary.getBoundingClientRect().height / lineHeight), inside };
      });
      expect(clipped.lines).toBe(1);
      expect(clipped.inside).toEqual([]);
    }
    if (username === 'pegawai') {
      // Offline with a change waiting: still one line, nothing cut off.
      await page.getByRole('button', { name: 'Switch language to Bahasa Indonesia' }).click();
      await page.context().setOffline(true);
      await submitScreening(page, '36,5');
      await expect(page.getByTestId('sync-status').getByRole('status')).toHaveText('1 menunggu sinyal, aman di ponsel ini');
      const strip = (await page.getByTestId('sync-status').boundingBox())!;
      expect(strip.height).toBeLessThanOrEqual(45);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    }
    await page.context().close();
  }
});

test.describe(() => {
  // The held module must come from the network, not from the service worker's copy.
  test.use({ serviceWorkers: 'block' });
  test("before the client has loaded, a phone that has run Posko sees from the page itself that it is Posko and loading (issue #19 item 10)", async ({ page }) => {
    // A phone that has run Posko before (its database is there) starts the client at once
    // (src/boot.js); signed out, it shows the client's own sign-in.
    await signIn(page, 'pegawai');
    await page.getByRole('button', { name: 'Keluar' }).click();
    await expect(page.getByRole('heading', { name: 'Masuk' })).toBeVisible();
    // The client's module held back, as on a slow link before it arrives: no blank screen.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/posko-[0-9a-f]+_bg\.wasm$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.reload({ waitUntil: 'domcontentloaded' });
    await expect(page.locator('header.top-bar .brand-name')).toHaveText('Posko');
    await expect(page.getByRole('status')).toHaveText('Memuat Posko… (Loading…)');
    await expect(page.locator('#boot-sign-in')).toBeHidden();
    await expectPhoneFriendly(page);
    // Once it arrives, the app takes the page: the loading note gone, the sign-in there, one bar.
    release();
    await expect(page.getByLabel('Nama pengguna')).toBeVisible();
    await expect(page.locator('#boot')).toHaveCount(0);
    await expect(page.locator('header.top-bar')).toHaveCount(1);
  });
});
