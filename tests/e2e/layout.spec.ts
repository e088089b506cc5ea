// A 360 px phone: nothing scrolls sideways, the top bar stays one row, and everything a thumb
// must hit is at least 44 px tall.
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './pages/app';

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
