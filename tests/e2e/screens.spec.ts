// Every screen of every role, in both languages (issue #19, items 5, 8 and 11): found by
// following the links from each demo user's home, not from a hand-kept list, so a new screen is
// walked as soon as a link leads to it. On each: axe-core finds no serious or critical
// accessibility violation, no key or code of the program and no all-digit date reaches the
// screen, and every screen but the home has a way back.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './pages/app';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const ROLES = ['pegawai', 'petugas', 'pelacak', 'admin', 'ppk', 'pemantau'];

/** What a role's screens never lead to: what it may not do, and the generic forms of the kinds
 *  made on their own screens (issue #19 item 4). */
const NEVER_OFFERED: Record<string, RegExp[]> = {
  pegawai: [/^\/hari-ini/, /^\/daftar-periksa/, /^\/impor-pegawai/, /^\/rencana-wfo/, /^\/catatan\/checklist_template/, /\/baru$/, /\/ubah$/],
  ppk: [/\/baru$/, /\/ubah$/, /^\/impor-pegawai/],
  pemantau: [/^\/catatan/, /^\/hari-ini/, /^\/daftar-periksa/, /^\/rencana-wfo/],
};
const NEVER_FOR_ANYONE = [/^\/catatan\/(checklist|wfo_day)\/baru$/, /^\/catatan\/(checklist|wfo_day)\/.+\/ubah$/];

/** One screen per shape of path: a record page stands for every record of its kind. */
function shapeOf(path: string): string {
  const parts = path.split('/');
  if (parts[1] !== 'catatan' || parts.length < 4 || parts[3] === 'baru') return path;
  return ['', 'catatan', parts[2], '*', ...parts.slice(4)].join('/');
}

/** Words that are the program's, not the user's: snake_case keys, regulation and rule codes,
 *  dotted message keys, the kit's kind names. */
const RAW = [
  /\b[a-z]+_[a-z_]+\b/,
  /\b(KMK|POSKO)-[A-Z0-9-]+/,
  /\b[a-z]+\.[a-z_]+\.[a-z_]+\b/,
  /\bundefined\b|\bNaN\b|\bnull\b/,
];
/** 2026-12-06, 06-12-2026, 6/12/2026, 06.12.26, 13-12 (a day and month with no year). */
const ALL_DIGIT_DATE = /\b\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}\b|\b\d{1,2}-\d{1,2}\s+\d{1,2}[:.]\d{2}\b/;

/** How many of the page's requests (the service worker's answers included) have not ended. */
function inFlight(page: Page): () => number {
  let open = 0;
  page.on('request', () => open++);
  page.on('requestfinished', () => open--);
  page.on('requestfailed', () => open--);
  return () => open;
}

/** The screen is drawn whole: its heading shown, nothing still loading, and no request of the
 *  page open (its later module, words and data fetched). Counted, not Playwright's
 *  `networkidle`, which waits half a second of quiet on every screen: that was two thirds of
 *  this walk's time (pelacak 60 s with it, 21 s without, 2026-12-07). */
async function settled(page: Page, open: () => number) {
  await expect.poll(open).toBe(0);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByText(/^(Memuat…|Loading…)$/)).toHaveCount(0);
  // What drawing the screen asked for (a view's words, its data) has come too.
  await expect.poll(open).toBe(0);
}

/** What is wrong with the screen on `page`, in words a failing test can print. */
async function problems(page: Page, path: string, home: boolean): Promise<string[]> {
  const found: string[] = [];
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (o: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run({ resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  });
  found.push(...violations);
  // What a reader sees and what a screen reader says: text, labels, placeholders, titles.
  const words = await page.evaluate(() => {
    const shown = document.body.innerText;
    const attributes = [...document.querySelectorAll('[aria-label], [placeholder], [title], img[alt]')]
      .filter((el) => (el as HTMLElement).offsetParent !== null)
      .flatMap((el) => ['aria-label', 'placeholder', 'title', 'alt'].map((a) => el.getAttribute(a) ?? ''));
    const values = [...document.querySelectorAll('input:not([type=hidden]):not([type=date]):not([type=time]), select')]
      .filter((el) => (el as HTMLElement).offsetParent !== null)
      .map((el) => (el instanceof HTMLSelectElement ? el.selectedOptions[0]?.text ?? '' : ''));
    return [shown, ...attributes, ...values].join('\n');
  });
  for (const line of words.split('\n')) {
    for (const pattern of RAW) if (pattern.test(line)) found.push(`program word ${pattern}: "${line.trim().slice(0, 100)}"`);
    if (ALL_DIGIT_DATE.test(line)) found.push(`all-digit date: "${line.trim().slice(0, 100)}"`);
  }
  // A 360 px phone: nothing wider than the screen, every control big enough for a thumb.
  const fit = await page.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    small: [...document.querySelectorAll('button, a, select, textarea, input:not([type=checkbox]):not([type=radio]):not(.visually-hidden), label.check')]
      .filter((el) => (el as HTMLElement).offsetParent !== null)
      .filter((el) => el.getBoundingClientRect().height < 44)
      .map((el) => `${el.outerHTML.slice(0, 70)} ${Math.round(el.getBoundingClientRect().height)} px`),
  }));
  if (fit.width > 360) found.push(`${fit.width} px wide`);
  for (const small of fit.small) found.push(`under 44 px: ${small}`);
  if (!home) {
    const back = await page.locator('main a[data-back], main a.back').count();
    if (back === 0) found.push(`no way back from ${path}`);
  }
  return found;
}

for (const username of ROLES) {
  test(`every screen ${username} can reach passes axe-core and shows no program word or all-digit date, in both languages`, async ({ page }) => {
    test.setTimeout(240_000);
    const open = inFlight(page);
    await signIn(page, username);
    const seen = new Map<string, string>();
    const queue = ['/'];
    const report: string[] = [];
    // Indonesian while walking; then English over the screens found.
    while (queue.length > 0) {
      const path = queue.shift()!;
      if (seen.has(shapeOf(path))) continue;
      seen.set(shapeOf(path), path);
      await page.goto(path);
      await settled(page, open);
      for (const problem of await problems(page, path, path === '/')) report.push(`id ${path}: ${problem}`);
      const links = await page.evaluate(() =>
        [...document.querySelectorAll('a[href^="/"]')].map((a) => new URL((a as HTMLAnchorElement).href).pathname)
      );
      for (const link of links) if (!seen.has(shapeOf(link))) queue.push(link);
    }
    await page.evaluate(() => localStorage.setItem('posko.lang', 'en'));
    for (const path of seen.values()) {
      await page.goto(path);
      await settled(page, open);
      for (const problem of await problems(page, path, path === '/')) report.push(`en ${path}: ${problem}`);
    }
    for (const path of seen.values()) {
      for (const never of [...NEVER_FOR_ANYONE, ...(NEVER_OFFERED[username] ?? [])]) {
        if (never.test(path)) report.push(`offered ${path}, which ${username} may not have`);
      }
    }
    expect(report, [...seen.values()].join(' ')).toEqual([]);
  });
}
