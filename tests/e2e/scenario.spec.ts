// Issue #20's scenario in one run, on a 360 px phone offline for a week: the tracing officer
// opens a confirmed case from a suspect alert, lists three contacts (one met outside the case's
// window is warned of, not refused), follows them up on two days, and one turns ill and is made
// a case; the other is followed every day of the week. Online again, every entry arrives on its
// day, the admin sees the office cluster and the chain with both cases, and an employee of the
// office sees none of it. The run has a server of its own (the real binary, its own demo),
// started again six days ahead for the last day (`--clock-shift-hours`,
// crates/server/src/clock.rs): the phone's clock moves a day at a time while offline, and the
// server it syncs with is that day's, as in the field. Two phones offline
// following up different contacts of one case: tracing.spec.ts.
import { expect, request as apiRequest, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ownEmployee } from './pages/activation';
import { signIn, submitScreening, waitForServiceWorker } from './pages/app';
import { apiToken, pullAll, SyncStrip } from './pages/sync';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The days the tracer works offline: the "a week of tracing with no connection". */
const WEEK = 7;

/** The machine's date `days` from today, `yyyy-mm-dd` (what a date input takes). */
function ymd(days: number): string {
  const day = new Date(Date.now() + days * DAY_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}

/** A port no one listens on, for this run's own server (the same one for both days). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** The real `posko-server` on a data directory of its own, `shiftHours` ahead; resolves once it
 *  says it listens (the line it prints when the demo is seeded). */
async function startServer(dataDir: string, port: number, shiftHours: number): Promise<ChildProcess> {
  const binary = process.env.POSKO_SERVER_BIN || 'target/debug/posko-server';
  const args = ['--addr', `127.0.0.1:${port}`, '--data-dir', dataDir, '--dist', 'dist', '--demo'];
  const child = spawn(binary, [...args, '--clock-shift-hours', String(shiftHours)], {
    env: { ...process.env, DATABASE_URL: '', POSKO_CLOCK_SHIFT_HOURS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (chunk) => (log += chunk));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      if (out.includes('Posko is running at')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`posko-server ended (${code}) before listening:\n${log}`)));
  });
  return child;
}

async function stopServer(child: ChildProcess) {
  const ended = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await ended;
}

/** A phone at `baseURL` whose clock runs from `shiftMs` ahead of now, and can be moved. */
async function phone(browser: Browser, baseURL: string, shiftMs = 0): Promise<[BrowserContext, Page]> {
  const context = await browser.newContext({ baseURL, viewport: { width: 360, height: 740 } });
  await context.clock.install({ time: Date.now() + shiftMs });
  return [context, await context.newPage()];
}

async function openDay(page: Page) {
  await page.goto('/');
  await page.getByRole('link', { name: 'Pemantauan kontak hari ini' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Pemantauan kontak erat hari ini' })).toBeVisible();
}

test('a tracer offline for a week opens a case from an alert, lists and follows its contacts, one becomes a case; once synced the admin sees both cases', async ({ browser }) => {
  test.setTimeout(180_000);
  const dataDir = join(mkdtempSync(join(tmpdir(), 'posko-scenario-')), 'data');
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  let server = await startServer(dataDir, port, 0);
  try {
    // Day one, online: an employee of the tracer's office screens with a fever (the demo's
    // Ratna Wulandari of Klojen, who has not screened today); the alert reaches the tracer's
    // phone with its last sync before the field.
    const api = await apiRequest.newContext({ baseURL });
    const me = await ownEmployee(api, 'demo-person-031');
    const [, employee] = await phone(browser, baseURL);
    await signIn(employee, me.username, me.password);
    await submitScreening(employee, '38,9');
    await new SyncStrip(employee).expectAllSent();

    const [tracerContext, tracer] = await phone(browser, baseURL);
    await signIn(tracer, 'pelacak');
    await waitForServiceWorker(tracer);
    await new SyncStrip(tracer).expectAllSent();
    // The phone and the server agree on the time, so the phone's days are the server's.
    await expect(tracer.getByTestId('clock-warning')).toHaveCount(0);
    await tracerContext.setOffline(true);

    // Offline from here to the end of the week. The case, from the alert: confirmed, ill since today.
    await tracer.getByRole('link', { name: 'Posko hari ini' }).click();
    const opener = tracer.getByTestId('alert').filter({ hasText: '38,9' }).getByRole('button', { name: /^Buka kasus untuk / });
    const ill = (await opener.getAttribute('aria-label'))!.replace('Buka kasus untuk ', '');
    await opener.click();
    await expect(tracer).toHaveURL(/\/catatan\/case\/[^/]+\/ubah$/);
    await tracer.getByLabel('Status', { exact: true }).selectOption({ label: 'Konfirmasi bergejala' });
    await tracer.getByLabel('Tanggal mulai gejala').fill(ymd(0));
    await tracer.getByRole('button', { name: 'Simpan', exact: true }).click();
    const record = tracer.getByTestId('record');
    await expect(record).toContainText('Konfirmasi bergejala');
    await expect(record).toContainText(ill);
    const caseUrl = tracer.url();

    // Three contacts: a co-worker met yesterday, one met three weeks ago (before the window,
    // warned of and listed all the same), and a household member by name and phone. Each is
    // followed from the day after they last met the case.
    const contacts = tracer.getByTestId('case-contacts');
    const heading = contacts.getByRole('heading', { level: 2 });
    await expect(heading).toHaveText('Kontak erat (0)');
    const coworkers = contacts.getByTestId('add-coworker');
    const pick = coworkers.getByLabel('Tambah rekan kerja dari daftar pegawai');
    const listCoworker = async (name: string) => {
      await pick.selectOption((await pick.locator('option', { hasText: name }).getAttribute('value'))!);
      await coworkers.getByRole('button', { name: 'Tambah kontak' }).click();
    };
    const coworker = 'Ahmad Hidayat';
    await coworkers.getByLabel('Kontak terakhir').fill(ymd(-1));
    await expect(coworkers.getByTestId('outside-window')).toHaveCount(0);
    await listCoworker(coworker);
    await expect(heading).toHaveText('Kontak erat (1)');
    await coworkers.getByLabel('Kontak terakhir').fill(ymd(-21));
    await expect(coworkers.getByTestId('outside-window')).toContainText('di luar jendela kontak kasus ini');
    await listCoworker('Hadi Susanti');
    await expect(heading).toHaveText('Kontak erat (2)');
    const others = contacts.getByTestId('add-other');
    const household = 'Wulan Sasmita';
    await others.getByLabel('Jenis kontak').selectOption({ label: 'Serumah' });
    await others.getByLabel('Kontak terakhir').fill(ymd(-1));
    await others.getByLabel('Nama', { exact: true }).fill(household);
    await others.getByLabel('Nomor HP (jika ada)').fill('081330002001');
    await others.getByRole('button', { name: 'Tambah kontak' }).click();
    await expect(others.getByTestId('other-added')).toHaveText(`${household} ditambahkan sebagai kontak erat.`);
    await expect(heading).toHaveText('Kontak erat (3)');

    // Day one's follow-up: the two still in quarantine are on the tracer's day (the one met
    // three weeks ago finished it a week ago), each healthy in one tap.
    await openDay(tracer);
    const day = tracer.getByTestId('contact');
    for (const name of [coworker, household]) {
      await day.filter({ hasText: name }).getByRole('button', { name: `Sehat: ${name}` }).click();
      await expect(day.filter({ hasText: name }).getByTestId('follow-up-state')).toHaveText('Sudah dilaporkan hari ini');
    }

    // Day two, still offline: the phone's clock has moved a day; both are due again.
    await tracerContext.clock.fastForward(DAY_MS);
    await openDay(tracer);
    for (const name of [coworker, household]) {
      await expect(day.filter({ hasText: name }).getByTestId('follow-up-state')).toHaveText('Belum dilaporkan hari ini');
    }
    await day.filter({ hasText: coworker }).getByRole('button', { name: `Sehat: ${coworker}` }).click();
    await expect(day.filter({ hasText: coworker }).getByTestId('follow-up-state')).toHaveText('Sudah dilaporkan hari ini');
    // The household member fell ill and tested positive: a case in one step, linked to the contact.
    const sick = day.filter({ hasText: household });
    await sick.getByText('Ada gejala atau keterangan lain').click();
    await sick.getByRole('button', { name: `Jadikan ${household} kasus` }).click();
    await expect(tracer).toHaveURL(/\/catatan\/case\/[^/]+\/ubah$/);
    await tracer.getByLabel('Status', { exact: true }).selectOption({ label: 'Konfirmasi bergejala' });
    await tracer.getByLabel('Tanggal mulai gejala').fill(ymd(1));
    await tracer.getByRole('button', { name: 'Simpan', exact: true }).click();
    await expect(record).toContainText('Konfirmasi bergejala');
    await expect(record).toContainText(household);
    await openDay(tracer);
    await expect(day.filter({ hasText: household })).toHaveCount(0);
    // The rest of the week, still offline: the co-worker followed each day, in one tap.
    for (let later = 2; later < WEEK; later++) {
      await tracerContext.clock.fastForward(DAY_MS);
      await openDay(tracer);
      await day.filter({ hasText: coworker }).getByRole('button', { name: `Sehat: ${coworker}` }).click();
      await expect(day.filter({ hasText: coworker }).getByTestId('follow-up-state')).toHaveText('Sudah dilaporkan hari ini');
    }
    // Kept on the phone across a reload, offline, and all of it waiting to be sent.
    await tracer.goto(caseUrl);
    await expect(heading).toHaveText('Kontak erat (3)');
    await expect(new SyncStrip(tracer).root().getByRole('status')).not.toHaveAttribute('data-pending', '0');

    // Back in signal on the seventh day: the server is that day's (the same data, six days on).
    await stopServer(server);
    server = await startServer(dataDir, port, 24 * (WEEK - 1));
    await tracerContext.setOffline(false);
    await new SyncStrip(tracer).syncNow();
    await new SyncStrip(tracer).expectAllSent();
    await expect(tracer.getByTestId('clock-warning')).toHaveCount(0);

    // Every entry arrived, each on its day: the co-worker followed on both, the household
    // member on the first and then made a case.
    const adminToken = await apiToken(api, 'admin');
    const held = await pullAll(api, adminToken);
    const contactOf = (name: string) => {
      const person = held.find((r) => (r.kind === 'outside_person' || r.kind === 'person') && r.fields.full_name?.v === name);
      expect(person, name).toBeTruthy();
      return held.find((r) => r.kind === 'close_contact' && [r.fields.person?.v, r.fields.outside_person?.v].includes(person.id));
    };
    const followed = contactOf(coworker);
    for (let on = 0; on < WEEK; on++) expect(followed.fields[`follow_up.${ymd(on)}`]?.v, ymd(on)).toBe('healthy');
    const turned = contactOf(household);
    expect(turned.fields[`follow_up.${ymd(0)}`]?.v).toBe('healthy');
    expect(turned.fields.became_case?.v).toBeTruthy();

    // The admin, on a phone of the seventh day: the office cluster holds both new cases, and the
    // chain links the household member's case to the first, each by name and status in words.
    const [, admin] = await phone(browser, baseURL, (WEEK - 1) * DAY_MS);
    await signIn(admin, 'admin');
    await new SyncStrip(admin).expectAllSent();
    await admin.getByRole('link', { name: 'Kasus dan klaster' }).click();
    const cluster = admin.getByTestId('cluster').filter({ hasText: ill });
    await expect(cluster).toContainText(`${ill} (Konfirmasi bergejala)`);
    await expect(cluster).toContainText(`${household} (Konfirmasi bergejala)`);
    const chain = admin.getByTestId('chain');
    for (const name of [ill, household]) {
      await expect(chain.locator('g.person', { hasText: name }).first()).toContainText('Konfirmasi bergejala');
    }
    await expect(chain.locator('g.person', { hasText: coworker }).first()).toBeVisible();

    // An employee of the office: no such screen, and no case or contact reaches their phone.
    const other = await ownEmployee(api, 'demo-person-033');
    const [, colleague] = await phone(browser, baseURL, (WEEK - 1) * DAY_MS);
    await signIn(colleague, other.username, other.password);
    await expect(colleague.getByRole('link', { name: 'Kasus dan klaster' })).toHaveCount(0);
    await colleague.goto('/kasus');
    await expect(colleague.getByRole('heading', { level: 1, name: 'Halaman tidak ditemukan.' })).toBeVisible();
    const theirs = await pullAll(api, await apiToken(api, other.username, other.password));
    expect(theirs.filter((r) => ['case', 'close_contact', 'outside_person'].includes(r.kind))).toEqual([]);
  } finally {
    await stopServer(server);
  }
});
