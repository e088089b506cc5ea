// The employee's daily screening, complete (issue #12, item 2): a few taps from home to the
// result, and one screening per person per day: screening again the same day changes that
// day's, and the server's history keeps the earlier answers.
import { expect, test } from '@playwright/test';
import { ownEmployee } from './pages/activation';
import { ScreeningPage, signIn, submitScreening } from './pages/app';
import { history, HistoryList, pullAll, SyncStrip } from './pages/sync';

test("a screening is three taps from home; a second one the same day changes that day's, whose history keeps the first", async ({
  page,
  request,
}) => {
  const me = await ownEmployee(request, 'demo-person-011');
  await signIn(page, me.username, me.password);
  await page.evaluate(() => {
    (window as any).taps = 0;
    document.addEventListener('pointerdown', () => (window as any).taps++, { capture: true });
  });

  // Home → the form → the temperature → save: the taps a phone user makes, and the typing.
  const started = Date.now();
  await page.getByRole('link', { name: 'Isi skrining hari ini' }).click();
  await page.getByLabel('Suhu tubuh (°C)').click();
  await page.keyboard.type('36,5');
  await page.getByRole('button', { name: 'Simpan skrining' }).click();
  const form = new ScreeningPage(page);
  await expect(form.result()).toContainText('Boleh bekerja di kantor');
  const taps = await page.evaluate(() => (window as any).taps);
  console.log(`screening: ${taps} taps, ${Date.now() - started} ms in the test browser`);
  expect(taps).toBe(3);

  // Later that day, a fever: the home's main action now opens the day's screening, changed,
  // with what to do next.
  await page.getByRole('link', { name: 'Posko' }).first().click();
  await expect(page.getByTestId('today-result')).toHaveText('Skrining hari ini sudah diisi. Boleh bekerja di kantor.');
  await page.getByRole('link', { name: 'Lihat atau ubah skrining hari ini' }).click();
  await expect(page.getByLabel('Suhu tubuh (°C)')).toHaveValue('36,5');
  await form.fill({ temperature: '38,1' });
  await form.submit();
  await expect(form.result()).toContainText('Tetap di rumah dan lapor ke Crisis Center');
  // The history, newest first, has one screening of today (the demo's month before it).
  const today = await page.evaluate(() => new Date().toLocaleDateString('sv'));
  const list = new HistoryList(page);
  await list.goto();
  const todays = list.items().filter({ has: page.locator(`time[datetime="${today}"]`) });
  await expect(todays).toHaveCount(1);
  await expect(list.items().first()).toContainText('38,1 °C');
  await new SyncStrip(page).expectAllSent();

  // On the server: one screening of this person today, and its history has both answers.
  const token = (await (await request.post('/api/auth/login', { data: me })).json()).token;
  const mine = (await pullAll(request, token)).filter((r) => r.kind === 'screening' && r.fields.date.v === today);
  expect(mine).toHaveLength(1);
  const temperatures = (await history(request, token, mine[0].id))
    .filter((r) => r.field === 'temperature_decicelsius')
    .map((r) => r.new);
  expect(temperatures).toEqual([365, 381]);
});

test('a screening made on another phone today is known to a new phone at once: the home says so and opens it', async ({
  browser,
  request,
}) => {
  const me = await ownEmployee(request, 'demo-person-020');
  const first = await (await browser.newContext()).newPage();
  await signIn(first, me.username, me.password);
  await first.getByRole('link', { name: 'Isi skrining hari ini' }).click();
  const form = new ScreeningPage(first);
  await form.fill({ temperature: '36,5' });
  await form.submit();
  await expect(form.result()).toContainText('Boleh bekerja di kantor');
  await new SyncStrip(first).expectAllSent();

  // Her new phone holds nothing of today's, and never asks for a second screening of the day:
  // the server answers that it has one, and the pull brings it.
  const second = await (await browser.newContext()).newPage();
  await signIn(second, me.username, me.password);
  await expect(second.getByTestId('today-result')).toHaveText('Skrining hari ini sudah diisi. Boleh bekerja di kantor.');
  await expect(second.getByTestId('after-screening')).toHaveCount(0);
  await second.getByRole('link', { name: 'Lihat atau ubah skrining hari ini' }).click();
  await expect(second.getByLabel('Suhu tubuh (°C)')).toHaveValue('36,5');
});

test("a phone left open past midnight asks for the new day's screening, not yesterday's answer", async ({ browser, request }) => {
  const me = await ownEmployee(request, 'demo-person-023');
  const context = await browser.newContext();
  const page = await context.newPage();
  // The page's clock runs on, and the test can move it (the first sync measures it against the
  // server's: no difference).
  await page.clock.install({ time: Date.now() });
  await signIn(page, me.username, me.password);
  await submitScreening(page, '36,5');
  await new SyncStrip(page).expectAllSent();
  await page.goto('/');
  await expect(page.getByTestId('today-result')).toHaveText('Skrining hari ini sudah diisi. Boleh bekerja di kantor.');

  // The phone stays on the home screen, visible and offline, through the night: nothing but
  // the clock moves.
  await context.setOffline(true);
  const untilMidnight = await page.evaluate(() => {
    const now = new Date();
    return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).getTime() - now.getTime();
  });
  // A minute before midnight (what timers were due have run): still today's answer.
  await page.clock.fastForward(untilMidnight - 60_000);
  await expect(page.getByTestId('today-result')).toHaveText('Skrining hari ini sudah diisi. Boleh bekerja di kantor.');
  await page.clock.fastForward(62_000);
  await expect(page.getByText('Anda belum mengisi skrining hari ini.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Isi skrining hari ini' })).toBeVisible();
  await expect(page.getByTestId('today-result')).toHaveCount(0);
  await context.close();
});
