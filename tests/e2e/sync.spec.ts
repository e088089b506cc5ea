// Sync end to end: real Chromium contexts as devices, the real server, real IndexedDB.
import { expect, test, type Page } from '@playwright/test';
import { LoginPage, newRecord, SCREENING_ACTION, ScreeningPage, signIn, submitScreening } from './pages/app';
import { ownEmployee } from './pages/activation';
import { apiToken, deviceToken, history, HistoryList, pullAll, screeningRecord, SyncStrip } from './pages/sync';

// Most tests here edit pegawai's screening of today offline, and look at her history. A phone
// still waiting for the day's first screening keeps nothing past the first load (the history is
// the home area's: daily_screening.spec.ts), so she has screened today before they start,
// whichever specs ran before this one.
test.beforeAll(async ({ browser, request }) => {
  const now = new Date();
  const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  const held = await pullAll(request, await apiToken(request, 'pegawai'));
  if (held.some((r) => r.kind === 'screening' && r.fields.date?.v === today && !r.deleted)) return;
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'pegawai');
  await submitScreening(page, '36,5');
  await new SyncStrip(page).expectAllSent();
  await context.close();
});

test('a screening saved offline reaches the server once when the connection returns', async ({ page, context, request }) => {
  await signIn(page, 'pegawai');
  const strip = new SyncStrip(page);
  await strip.expectAllSent();

  await context.setOffline(true);
  await submitScreening(page, '36,6');
  await strip.expectPending(1);
  // Offline, no "sync now" that could do nothing (issue #19).
  await expect(page.getByTestId('sync-now')).toHaveCount(0);

  const list = new HistoryList(page);
  await page.getByRole('link', { name: 'Riwayat skrining' }).first().click();
  const id = await list.firstRecordId();
  await expect(list.item(id).getByTestId('sync-state')).toHaveText('Belum terkirim');

  // The push goes gzipped by the browser's own compressor.
  const pushed = page.waitForRequest((r) => r.url().endsWith('/api/sync/push'));
  await context.setOffline(false); // the `online` event starts a sync
  expect((await pushed).headers()['content-encoding']).toBe('gzip');
  await strip.expectAllSent();
  await expect(list.item(id).getByTestId('sync-state')).toHaveText('Terkirim');

  const token = await apiToken(request, 'admin');
  const onServer = (await pullAll(request, token)).filter((r) => r.id === id);
  expect(onServer).toHaveLength(1);
  expect(onServer[0].fields.temperature_decicelsius.v).toBe(366);
});

test('two devices edit one record offline and both end with the merged record', async ({ browser, request }) => {
  // An employee of this test's own: today's screening is theirs alone (one a day).
  const me = await ownEmployee(request, 'demo-person-010');
  // Two contexts are two devices: separate IndexedDB, separate device ids.
  const phone = await browser.newContext();
  const laptop = await browser.newContext();
  const a = await phone.newPage();
  const b = await laptop.newPage();
  await signIn(a, me.username, me.password);
  await signIn(b, me.username, me.password);

  await a.goto('/skrining');
  const formA = new ScreeningPage(a);
  await formA.fill({ temperature: '36,5' });
  await formA.submit();
  await expect(formA.result()).toBeVisible();
  await new SyncStrip(a).expectAllSent();

  const listA = new HistoryList(a);
  const listB = new HistoryList(b);
  await listA.goto();
  const id = await listA.firstRecordId();
  await new SyncStrip(b).syncNow();
  await listB.goto();
  await expect(listB.item(id)).toContainText('36,5 °C');

  await phone.setOffline(true);
  await laptop.setOffline(true);

  // The phone changes the temperature and ticks cough; then the laptop changes the same
  // temperature (later, so it wins) and ticks travel, a field the phone did not touch.
  await listA.edit(id);
  await a.getByLabel('Suhu tubuh (°C)').fill('37,0');
  await a.getByLabel('Batuk', { exact: true }).check();
  await formA.submit();
  await expect(formA.result()).toBeVisible();
  await new SyncStrip(a).expectPending(1);

  await listB.edit(id);
  const formB = new ScreeningPage(b);
  await b.getByLabel('Suhu tubuh (°C)').fill('36,8');
  await b.getByLabel('Melakukan perjalanan ke luar kota / daerah').check();
  await formB.submit();
  await expect(formB.result()).toBeVisible();
  await new SyncStrip(b).expectPending(1);

  await phone.setOffline(false);
  await new SyncStrip(a).expectAllSent();
  await laptop.setOffline(false);
  await new SyncStrip(b).expectAllSent();
  await new SyncStrip(a).syncNow();

  for (const [page, list] of [
    [a, listA],
    [b, listB],
  ] as const) {
    await list.goto();
    const item = list.item(id);
    await expect(item).toContainText('36,8 °C');
    await expect(item).toContainText('ada gejala, riwayat perjalanan');
    await expect(item.getByTestId('sync-state')).toHaveText('Terkirim');
    await list.edit(id);
    await expect(page.getByLabel('Batuk', { exact: true })).toBeChecked();
    await expect(page.getByLabel('Melakukan perjalanan ke luar kota / daerah')).toBeChecked();
  }

  // The overwritten temperature is kept in the server's history.
  const token = (await (await request.post('/api/auth/login', { data: me })).json()).token;
  const rows = await history(request, token, id);
  const temperature = rows.filter((r) => r.field === 'temperature_decicelsius');
  expect(temperature.map((r) => [r.old, r.new, r.won])).toEqual([
    [null, 365, true],
    [365, 370, true],
    [370, 368, true],
  ]);
  await phone.close();
  await laptop.close();
});

test('signing out with unsent changes warns, and the changes stay for the next sign-in', async ({ page, context }) => {
  await signIn(page, 'pegawai');
  await new SyncStrip(page).expectAllSent();
  await context.setOffline(true);
  await submitScreening(page, '36,7');

  // First the user cancels: still signed in.
  page.once('dialog', (dialog) => {
    expect(dialog.message()).toContain('1 perubahan belum terkirim');
    dialog.dismiss();
  });
  await page.getByRole('button', { name: 'Keluar' }).click();
  await expect(page.getByTestId('sync-status')).toBeVisible();

  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: 'Keluar' }).click();
  await expect(page.getByRole('heading', { name: 'Masuk' })).toBeVisible();

  await context.setOffline(false);
  await signIn(page, 'pegawai');
  await new SyncStrip(page).expectAllSent();
});

test("on a shared phone, the second user is told of their own unsent changes only", async ({ page, context }) => {
  await signIn(page, 'pegawai');
  await new SyncStrip(page).expectAllSent();
  await context.setOffline(true);
  await submitScreening(page, '36,6');
  await new SyncStrip(page).expectPending(1);
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: 'Keluar' }).click();
  await expect(page.getByRole('heading', { name: 'Masuk' })).toBeVisible();

  // Another user signs in on the same phone: the first user's change is not theirs to send.
  await context.setOffline(false);
  await signIn(page, 'petugas');
  await new SyncStrip(page).expectAllSent();
  let asked = false;
  page.once('dialog', (dialog) => {
    asked = true;
    dialog.accept();
  });
  await page.getByRole('button', { name: 'Keluar' }).click();
  await expect(page.getByRole('heading', { name: 'Masuk' })).toBeVisible();
  expect(asked).toBe(false);
});

test('a phone clock far off the server time is told to the user', async ({ page }) => {
  // The page's clock runs two hours ahead of the server's.
  await page.clock.install({ time: Date.now() + 2 * 60 * 60 * 1000 });
  await signIn(page, 'pegawai');
  await expect(page.getByTestId('clock-warning')).toContainText('selisih lebih dari 5 menit');
});

test("a phone a day ahead dates today's screening today, by the server's clock", async ({ page, request }) => {
  const ymd = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  // A new phone of an employee not screened today anywhere: it waits for the screening, and
  // learns the server's clock from the question it asks in place of the pull (asked first for
  // the phone's day, then again for the server's).
  const me = await ownEmployee(request, 'demo-person-021');
  await page.clock.install({ time: Date.now() + 24 * 60 * 60 * 1000 });
  await signIn(page, me.username, me.password);
  await expect(page.getByTestId('after-screening')).toBeVisible();
  // The first sync has measured the server's clock.
  await expect(page.getByTestId('clock-warning')).toBeVisible();
  const today = ymd(new Date());
  await page.goto('/skrining');
  await expect(page.getByLabel('Tanggal')).toHaveValue(today);
  const screening = new ScreeningPage(page);
  await screening.fill({ temperature: '36,4' });
  await screening.submit();
  await expect(screening.result()).toBeVisible();
  await new SyncStrip(page).expectAllSent();
  const list = new HistoryList(page);
  await list.goto();
  const id = await list.firstRecordId();
  const onServer = (await pullAll(request, await apiToken(request, 'admin'))).find((r) => r.id === id);
  expect(onServer.fields.date.v).toBe(today);
  await expect(list.item(id).getByTestId('sync-state')).toHaveText('Terkirim');
});

test('a reply cut off on the way is told as a broken connection, in Indonesian, and the change goes out later', async ({ page }) => {
  await signIn(page, 'pegawai');
  const strip = new SyncStrip(page);
  await strip.expectAllSent();
  await page.route('**/api/sync/push', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: '{"acks":[{"seq":1,"outc' }),
  );
  await submitScreening(page, '36,5');
  const problem = page.getByTestId('sync-problem');
  await expect(problem).toHaveText('Sambungan terputus sebelum balasan server lengkap. Data aman di ponsel ini dan dikirim lagi otomatis.');
  await expect(page.getByText('Server menolak')).toHaveCount(0);
  await strip.expectPending(1);
  await page.unroute('**/api/sync/push');
  await page.getByTestId('sync-now').click();
  await strip.expectAllSent();
  await expect(problem).toHaveCount(0);
});

test('a server that stops between the push and the pull: the change is said to be on the server, not to be sent again (issue #21)', async ({ page }) => {
  await signIn(page, 'pegawai');
  const strip = new SyncStrip(page);
  await strip.expectAllSent();
  // The push reaches the server and is acknowledged; then the server stops answering, so the
  // pull that follows it finds nobody.
  let pushed = 0;
  await page.route('**/api/sync/push', async (route) => {
    await route.continue();
    pushed += 1;
  });
  await page.route('**/api/sync/pull*', (route) => (pushed > 0 ? route.abort('connectionrefused') : route.continue()));
  await screenWithAChange(page);
  const problem = page.getByTestId('sync-problem');
  await expect(problem).toHaveText('Semua perubahan sudah di server. Data baru dari server menyusul saat server menjawab lagi.');
  await expect(problem).not.toContainText('dikirim');
  await expect(strip.root().getByRole('status')).toHaveAttribute('data-pending', '0');
  expect(pushed).toBe(1);
  const list = new HistoryList(page);
  await page.getByRole('link', { name: 'Riwayat skrining' }).first().click();
  await expect(list.item(await list.firstRecordId()).getByTestId('sync-state')).toHaveText('Terkirim');

  // The server answers again: the note goes with the next run.
  await page.unroute('**/api/sync/pull*');
  await strip.syncNow();
  await strip.expectAllSent();
  await expect(problem).toHaveCount(0);
});

test('a phone reported lost is signed out by the admin, keeps its queue, which goes out after signing in again', async ({ browser, page, context, request }) => {
  await signIn(page, 'pegawai');
  const strip = new SyncStrip(page);
  await strip.expectAllSent();
  await context.setOffline(true);
  await submitScreening(page, '36,8');
  await strip.expectPending(1);

  // While the phone is offline it is reported lost: the Crisis Center admin signs its user out
  // of every device, from the person's record.
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, 'admin');
  await admin.goto('/catatan/person/demo-pegawai');
  await expect(admin.getByTestId('record')).toContainText('Siti Rahmawati');
  admin.once('dialog', (dialog) => dialog.accept());
  await admin.getByRole('button', { name: 'Keluarkan dari semua perangkat' }).click();
  await expect(admin.getByTestId('sessions').getByRole('status')).toHaveText(/^Sudah dikeluarkan dari \d+ perangkat\.$/);
  await admin.context().close();
  await context.setOffline(false);
  await expect(page.getByTestId('sync-problem')).toContainText('Sesi Anda berakhir');
  await strip.expectPending(1);

  await page.getByRole('link', { name: 'Masuk lagi' }).click();
  await new LoginPage(page).login('pegawai');
  await expect(page.getByRole('heading', { name: /^Halo, / })).toBeVisible();
  await strip.expectAllSent();
  await expect(page.getByTestId('sync-problem')).toHaveCount(0);

  const list = new HistoryList(page);
  await list.goto();
  const id = await list.firstRecordId();
  const onServer = (await pullAll(request, await apiToken(request, 'admin'))).filter((r) => r.id === id);
  expect(onServer).toHaveLength(1);
  expect(onServer[0].fields.temperature_decicelsius.v).toBe(368);
});

/** Saves today's screening with another temperature than it has (a new one, or the day's
 *  changed: `pegawai` may have screened in an earlier test today), so there is a change to send. */
async function screenWithAChange(page: Page) {
  await page.getByRole('link', { name: SCREENING_ACTION }).click();
  const field = page.getByLabel('Suhu tubuh (°C)');
  await expect(field).toBeVisible();
  const temperature = (await field.inputValue()) === '36,5' ? '36,6' : '36,5';
  const form = new ScreeningPage(page);
  await form.fill({ temperature });
  await form.submit();
  await expect(form.result()).toBeVisible();
}

/** Saves a screening with the server's push endpoint unreachable: the run after the save fails. */
async function saveWhilePushFails(page: Page, strip: SyncStrip) {
  await page.route('**/api/sync/push', (route) => route.abort('connectionrefused'));
  await screenWithAChange(page);
  await expect(page.getByTestId('sync-problem')).toContainText('Server belum terjangkau');
  await strip.expectPending(1);
  await page.unroute('**/api/sync/push');
}

test('after a failed push, the backoff timer retries on its own', async ({ page }) => {
  await page.clock.install();
  await signIn(page, 'pegawai');
  const strip = new SyncStrip(page);
  await strip.expectAllSent();
  await saveWhilePushFails(page, strip);

  // No event will come (the browser never went offline): only the timer can send it. The first
  // retry is due 2–6 s after the failure.
  await page.clock.runFor(6_000);
  await strip.expectAllSent();
});

test('a page becoming visible again starts a sync', async ({ page }) => {
  await page.clock.install();
  await signIn(page, 'pegawai');
  const strip = new SyncStrip(page);
  await strip.expectAllSent();
  await saveWhilePushFails(page, strip);

  // Time stands still, so the backoff timer cannot be what sends it.
  await page.clock.pauseAt(await page.evaluate(() => Date.now() + 10));
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange', { bubbles: true })));
  await page.clock.runFor(100); // the run starts on the next turn of the event loop
  await strip.expectAllSent();
});

test('a change saved offline in a tab that was then closed goes out when the app next starts', async ({ context, request }) => {
  const first = await context.newPage();
  await signIn(first, 'pegawai');
  await new SyncStrip(first).expectAllSent();
  await context.setOffline(true);
  await submitScreening(first, '36,9');
  await new SyncStrip(first).expectPending(1);
  const list = new HistoryList(first);
  await first.getByRole('link', { name: 'Riwayat skrining' }).first().click();
  const id = await list.firstRecordId();
  await first.close(); // before any push could happen

  await context.setOffline(false);
  const next = await context.newPage();
  await next.goto('/');
  await new SyncStrip(next).expectAllSent();
  const onServer = (await pullAll(request, await apiToken(request, 'admin'))).filter((r) => r.id === id);
  expect(onServer).toHaveLength(1);
  expect(onServer[0].fields.temperature_decicelsius.v).toBe(369);
});

test('the storage note follows what the browser answered about persistent storage', async ({ page, request }) => {
  // Not screened today anywhere: the advice waits for the screening.
  const me = await ownEmployee(request, 'demo-person-017');
  await signIn(page, me.username, me.password);
  await new SyncStrip(page).expectAllSent();
  // Whatever this browser decides (headless Chromium decides by its own heuristics), the app
  // asked after sign-in, and tells the user only when the answer puts the data at risk.
  const answer = await page.evaluate(async () => {
    const { usage = 0, quota = 1 } = await navigator.storage.estimate();
    return { persisted: await navigator.storage.persisted(), nearlyFull: usage / quota > 0.9 };
  });
  const note = page.getByTestId('storage-note');
  const full = page.getByText('Memori ponsel hampir penuh');
  if (answer.nearlyFull) {
    await expect(full).toBeVisible();
  } else {
    await expect(full).toHaveCount(0);
    if (answer.persisted) await expect(note).toHaveCount(0);
    else {
      // The advice waits for today's screening (an employee's first job), then says it in one
      // line, opened to read the advice.
      await expect(page.getByTestId('after-screening')).toBeVisible();
      await expect(note).toHaveCount(0);
      await submitScreening(page, '36,5');
      await new SyncStrip(page).expectAllSent();
      const advice = page.getByText('Browser dapat menghapus data Posko');
      await expect(note).toContainText('belum dilindungi');
      await expect(advice).toBeHidden();
      await note.locator('summary').click();
      await expect(advice).toBeVisible();
    }
  }
});

test('a first sync of thousands of records shows how far it is', async ({ page, request }) => {
  // 2,500 screenings of the agency on the server, of 2,500 people of the admin's office (one a
  // day each): more than one page (2,000) for the admin.
  const admin = await apiToken(request, 'admin');
  const me = (await (await request.get('/api/me', { headers: { Authorization: `Bearer ${admin}` } })).json()) as any;
  const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');
  const now = Date.now() - 60_000;
  const today = new Date(now).toISOString().slice(0, 10);
  const run = hex(Date.now(), 12);
  const someone = (i: number) => ({ id: `p-${run}-${i}`, agency_id: me.agency_id, office_id: me.office_id ?? 'demo-balai-kota' });
  const entries = Array.from({ length: 2_500 }, (_, i) => ({
    seq: i + 1,
    record: screeningRecord(
      someone(i),
      today,
      now,
      `${hex(now, 12)}-${hex(i, 4)}-progress-seeder`
    ),
  }));
  const device = `progress-seeder-${Date.now()}`;
  for (const part of [entries.slice(0, 2_000), entries.slice(2_000)]) {
    const pushed = await request.post('/api/sync/push', {
      headers: { Authorization: `Bearer ${admin}` },
      data: { device_id: device, entries: part },
    });
    expect(pushed.ok(), await pushed.text()).toBeTruthy();
    expect((await pushed.json()).acks.every((a: any) => a.outcome === 'applied')).toBe(true);
  }

  // The second page is held until the progress has been seen.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/sync/pull?after=*', async (route) => {
    if (!/[?&]after=0(&|$)/.test(route.request().url())) await held;
    await route.continue();
  });
  await signIn(page, 'admin');
  const strip = page.getByTestId('sync-status').locator('.sync-summary');
  await expect(strip).toHaveText(/^Mengambil 2000 dari \d+$/);
  const total = Number((await strip.textContent())!.match(/dari (\d+)/)![1]);
  expect(total).toBeGreaterThanOrEqual(2_500);
  release();
  await new SyncStrip(page).expectAllSent();
});

test('a long push shows how far it is', async ({ page }) => {
  await signIn(page, 'pelacak');
  await new SyncStrip(page).expectAllSent();
  // 2,500 screenings queued on this device, as 2,500 saves would leave them (a tracing officer
  // back from days offline, who recorded them for 2,500 people): more than one push batch (2,000).
  const token = await deviceToken(page);
  const user = await (await page.request.get('/api/me', { headers: { Authorization: `Bearer ${token}` } })).json();
  const now = Date.now() - 60_000;
  const d = new Date(now);
  const today = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');
  const records = Array.from({ length: 2_500 }, (_, i) =>
    screeningRecord({ ...user, id: `q-${hex(now, 12)}-${i}` }, today, now, `${hex(now, 12)}-${hex(i, 4)}-queued`)
  );
  await page.evaluate(
    async ({ user, records, now }) => {
      const db: IDBDatabase = await new Promise((resolve, reject) => {
        const open = indexedDB.open('posko');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const tx = db.transaction(['records', 'outbox', 'meta'], 'readwrite');
      const meta = tx.objectStore('meta').get('device_id');
      await new Promise((resolve) => (meta.onsuccess = resolve));
      const device = meta.result.value;
      for (const record of records) {
        // Unindexed (`keys` empty): no list is looked at here, only the push.
        tx.objectStore('records').put({ id: record.id, record, keys: [] });
        tx.objectStore('outbox').add({ record_id: record.id, user_id: user.id, device_id: device, queued_at: now, record });
      }
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { user, records, now }
  );

  // The second batch is held until the progress has been seen.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let pushes = 0;
  await page.route('**/api/sync/push', async (route) => {
    if (++pushes > 1) await held;
    await route.continue();
  });
  await page.getByTestId('sync-now').click();
  const strip = page.getByTestId('sync-status').locator('.sync-summary');
  await expect(strip).toHaveText('Mengirim 2000 dari 2500');
  release();
  await new SyncStrip(page).expectAllSent();
  expect(pushes).toBe(2);
});

test("a change stamped a day ahead is refused by the server, stamped again by the server's time, and stored once", async ({ page, context, request }) => {
  await page.clock.install();
  await signIn(page, 'petugas');
  const strip = new SyncStrip(page);
  await strip.expectAllSent();
  // Offline, the phone's clock jumps a day ahead; its next change is stamped a day ahead too.
  await context.setOffline(true);
  await page.clock.setSystemTime(Date.now() + 24 * 60 * 60 * 1000);
  await newRecord(page, 'Pegawai (daftar)');
  await page.getByLabel('NIP').fill('198803142014021002');
  await page.getByLabel('Nama lengkap').fill('Bayu Prasetyo');
  await page.getByLabel('Unit (bidang / bagian)').fill('Seksi Kebersihan');
  await page.getByRole('button', { name: 'Simpan', exact: true }).click();
  await expect(page.getByTestId('record')).toContainText('Bayu Prasetyo');
  await strip.expectPending(1);

  // The replies are read as they pass (the page reads its body as a stream, which DevTools then
  // does not always keep for `response.json()`).
  const replies: any[] = [];
  await context.route('**/api/sync/push', async (route) => {
    const response = await route.fetch();
    replies.push(await response.json());
    await route.fulfill({ response });
  });
  await context.setOffline(false);
  await expect.poll(() => replies.length).toBeGreaterThan(0);
  expect(replies[0].acks.map((a: any) => a.outcome.rejected?.code)).toEqual(['clock_ahead']);
  // Stamped again by the server's time and sent again, with nothing for the user to do.
  await strip.expectAllSent();
  await expect(page.getByTestId('sync-state')).toHaveText('Terkirim');

  const token = await apiToken(request, 'admin');
  const stored = (await pullAll(request, token)).filter((r) => r.fields.nip?.v === '198803142014021002');
  expect(stored).toHaveLength(1);
  expect(stored[0].fields.full_name.v).toBe('Bayu Prasetyo');
  const latest = Date.now() + 5 * 60 * 1000;
  const stampMs = (stamp: string) => parseInt(stamp.slice(0, 12), 16);
  for (const [name, field] of Object.entries<any>(stored[0].fields)) {
    expect(stampMs(field.s), `${name} is stamped by the server's time`).toBeLessThanOrEqual(latest);
  }
  for (const entry of await history(request, token, stored[0].id)) {
    expect(stampMs(entry.stamp)).toBeLessThanOrEqual(latest);
  }
});
