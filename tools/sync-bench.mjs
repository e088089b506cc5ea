// Sync throughput bench (issues #3, #11): prints figures, asserts nothing about speed.
//   0. server ingest: N new screenings pushed through the API in pushes of 1,000 from one
//      client (records per second, on the embedded SQLite);
//   1. initial sync of N screening records (default 20,000) into a fresh browser, over loopback,
//      and beside it the floor: the same records written into IndexedDB in one transaction;
//   2. push of M records (default 10,000) queued offline on another fresh browser, with the
//      bytes it sent (gzipped by the browser) beside the JSON they carry.
// The real release server (SQLite in a temp dir) serves the built app; Debian's Chromium runs it.
// Usage: node tools/sync-bench.mjs [--records 20000] [--push 10000] [--ingest-only] [--runs 1] [--profile] [--timeline]
//   (POSKO_BENCH_SERVER=path runs another build of the server, POSKO_BENCH_DIST=dir another build
//   of the app, to compare two in one sitting)
//   (needs `scripts/build-client.sh` and `cargo build --profile server -p posko-server` first)
import { chromium } from '@playwright/test';
import { spawn, execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RECORDS = arg('records', 20000);
const PUSH = arg('push', 10000);
const PORT = arg('port', 8391);
const BASE = `http://127.0.0.1:${PORT}`;
const BATCH = 1000;
/** The office of the screenings (the officer's, in the demo agency). */
const OFFICE = 'demo-balai-kota';
const INGEST_ONLY = process.argv.includes('--ingest-only');
const PROFILE = process.argv.includes('--profile');
const TIMELINE = process.argv.includes('--timeline');
// A sync run has ended well once the strip says when (`sync_last`, "pukul 08:54"): its words up
// to the time, read from the app's own messages so a change of wording cannot stall the bench.
const SYNCED = JSON.parse(readFileSync(new URL('../locales/id.json', import.meta.url), 'utf8')).sync_last.split('{{')[0];
/** Waits until the page's sync strip says a sync run ended well. */
const synced = (page) =>
  page.waitForFunction(
    (words) => document.querySelector('[data-testid=sync-status] [role=status]')?.textContent?.includes(words),
    SYNCED,
    { timeout: 120_000, polling: 20 }
  );

/** The profile's functions by the time the samples saw each run itself, busiest first. */
function printProfile(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  profile.samples.forEach((id, i) => {
    const { functionName, url } = byId.get(id).callFrame;
    const name = `${functionName || '(anonymous)'} ${url.split('/').pop()}`.trim();
    self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`profile of the initial sync (${total.toFixed(0)} ms sampled), busiest first:`);
  for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${name}`);
  }
}
const RUNS = arg('runs', 1);

const dir = mkdtempSync(join(tmpdir(), 'posko-bench-'));
const server = spawn(process.env.POSKO_BENCH_SERVER ?? 'target/server/posko-server', ['--addr', `127.0.0.1:${PORT}`, '--data-dir', join(dir, 'data'), '--dist', process.env.POSKO_BENCH_DIST ?? 'dist', '--demo'], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, DATABASE_URL: '', RUST_LOG: 'warn' },
});
const stop = () => {
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
};

/** Resolves when the server prints that it listens (no polling). */
function waitForServer() {
  return new Promise((resolve, reject) => {
    let seen = '';
    server.stdout.on('data', (chunk) => {
      seen += chunk;
      if (seen.includes('Posko is running at')) resolve();
    });
    server.on('exit', (code) => reject(new Error(`server exited (${code}) before listening`)));
  });
}

async function login(username) {
  const reply = await fetch(`${BASE}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: 'posko-demo' }),
  });
  if (!reply.ok) throw new Error(`login ${reply.status}`);
  return reply.json();
}

const hex = (n, width) => n.toString(16).padStart(width, '0');
const stamp = (ms, counter, device) => `${hex(ms, 12)}-${hex(counter, 4)}-${device}`;

/** A screening record as core's `Screening::to_new_record` makes it: the `i`th of a week of
 *  screenings of an office's people (seven days each, one a day), recorded by `user` for them,
 *  under the id the kind declares for the person and day (core's `screening_id`). */
function screeningRecord(people, user, i, device, ms) {
  const s = stamp(ms, i % 65536, device);
  const day = new Date(ms - (i % 7) * 86400000).toISOString().slice(0, 10);
  const owner = `${people}-${Math.floor(i / 7)}`;
  const f = (v) => ({ v, s });
  return {
    id: `screening-${day}-${owner}`,
    kind: 'screening',
    agency_id: user.agency_id,
    office_id: OFFICE,
    owner_id: owner,
    fields: {
      close_contact_14d: f(false),
      cough: f(i % 5 === 0),
      date: f(day),
      fever: f(false),
      loss_of_smell_or_taste: f(false),
      other_symptom: f(null),
      recorded_at: f(ms),
      rules_version: f('KMK-328-2020'),
      shortness_of_breath: f(false),
      sore_throat: f(false),
      temperature_decicelsius: f(360 + (i % 12)),
      travel_14d: f(i % 11 === 0),
    },
  };
}

/** The push bodies of `count` new screenings, in pushes of BATCH, from one client. */
function seedBodies(session, count, run) {
  const device = `bench-seeder-${run}`;
  const now = Date.now() - 60_000;
  const bodies = [];
  for (let start = 0, seq = 1; start < count; start += BATCH) {
    const entries = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++, seq++) {
      entries.push({ seq, record: screeningRecord(`bench-${run}`, session.user, i, device, now) });
    }
    bodies.push(JSON.stringify({ device_id: device, entries }));
  }
  return bodies;
}

/** Sends the bodies one push after another; the time this takes is the server's ingest. */
async function seedServer(session, bodies) {
  for (const body of bodies) {
    const reply = await fetch(`${BASE}/api/sync/push`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${session.token}` },
      body,
    });
    if (!reply.ok) throw new Error(`seed push ${reply.status}: ${await reply.text()}`);
  }
}

const chromiumPath = execSync('command -v chromium', { shell: '/bin/bash' }).toString().trim();

async function signInUi(page, username) {
  await page.goto(`${BASE}/masuk`);
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi').fill('posko-demo');
}

function countRecords(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('posko');
        open.onsuccess = () => {
          const tx = open.result.transaction('records', 'readonly');
          const req = tx.objectStore('records').count();
          req.onsuccess = () => {
            open.result.close();
            resolve(req.result);
          };
          req.onerror = () => reject(req.error);
        };
        open.onerror = () => reject(open.error);
      }),
  );
}

try {
  await waitForServer();
  // The admin's first sync holds the agency's screenings; the officer records them for the
  // people of the office (a screening is one a day per person).
  const admin = await login('admin');
  // (The floor below reads what the admin's first sync reads, with this session.)
  const officer = await login('petugas');
  let t;
  // Each run pushes RECORDS new records (another range of ids); the first run's are what the
  // browser parts below sync.
  for (let run = 0; run < RUNS; run++) {
    const bodies = seedBodies(admin, RECORDS, run);
    t = performance.now();
    await seedServer(admin, bodies);
    const seedSeconds = (performance.now() - t) / 1000;
    console.log(`ingest: ${RECORDS} new records in ${Math.ceil(RECORDS / BATCH)} pushes of ${BATCH} in ${seedSeconds.toFixed(2)} s = ${Math.round(RECORDS / seedSeconds)} records/s (target ≥ 28,000/s, issue #18)`);
  }
  if (INGEST_ONLY) {
    stop();
    process.exit(0);
  }

  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });

  // 1. Initial sync into a fresh browser: from pressing "Masuk" until every record is stored.
  {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInUi(page, 'admin');
    // --profile: the page's main thread sampled while it syncs (Chrome's own profiler), its
    // busiest functions printed by the time spent in them (where the time goes, not a figure).
    const cdp = PROFILE ? await context.newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    // --timeline: each request of the sync, when it left and when its reply ended, from the
    // press of "Masuk" (where the wire waits and where the page does).
    const requests = [];
    if (TIMELINE) {
      page.on('requestfinished', (request) => requests.push({ request, ended: performance.now() }));
    }
    t = performance.now();
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await synced(page);
    const seconds = (performance.now() - t) / 1000;
    for (const { request, ended } of requests) {
      const timing = request.timing();
      const sent = timing.startTime + timing.requestStart - (performance.timeOrigin + t);
      const path = new URL(request.url()).pathname + new URL(request.url()).search.replace(/&reach=[^&]*/, '');
      console.log(`  ${sent.toFixed(0).padStart(6)} → ${(ended - t).toFixed(0).padStart(6)} ms  first byte at ${(timing.startTime - performance.timeOrigin - t + timing.responseStart).toFixed(0).padStart(6)}  ${path}`);
    }
    if (cdp) printProfile((await cdp.send('Profiler.stop')).profile);
    const stored = await countRecords(page);
    console.log(`initial sync: ${stored} records into a fresh browser in ${seconds.toFixed(2)} s (target ≤ 4 s)`);
    if (stored < RECORDS) throw new Error(`only ${stored} of ${RECORDS} records arrived`);
    await context.close();

    // The floor (issue #18, item 12): the same records, as the server sends them, written into
    // IndexedDB directly in one transaction by a fresh browser, with nothing else done.
    const records = [];
    for (let after = 0; ; ) {
      const reply = await fetch(`${BASE}/api/sync/pull?after=${after}&limit=5000`, { headers: { Authorization: `Bearer ${admin.token}` } });
      const page = await reply.json();
      records.push(...page.records);
      after = page.cursor;
      if (!page.more) break;
    }
    // `indexed`: the same, into a store laid out as the app's (each row with the index keys a
    // screening has, under a multi-entry index, computed before the clock starts), to tell
    // what the index itself costs IndexedDB from what the app spends around it.
    const floor = async (indexed) => {
      const floorContext = await browser.newContext();
      const floorPage = await floorContext.newPage();
      await floorPage.goto(`${BASE}/masuk`);
      const ms = await floorPage.evaluate(
        ({ records, indexed }) =>
          new Promise((resolve, reject) => {
            const rows = records.map((record) =>
              indexed
                ? { id: record.id, record, keys: [[record.kind, 'id', record.id], [record.kind, 'owner_id', record.owner_id ?? ''], [record.kind, 'date', record.fields.date?.v ?? '']] }
                : { id: record.id, record }
            );
            const open = indexedDB.open('floor', 1);
            open.onupgradeneeded = () => {
              const store = open.result.createObjectStore('records', { keyPath: 'id' });
              if (indexed) store.createIndex('by_key', 'keys', { multiEntry: true });
            };
            open.onsuccess = () => {
              const started = performance.now();
              const tx = open.result.transaction('records', 'readwrite');
              const store = tx.objectStore('records');
              for (const row of rows) store.put(row);
              tx.oncomplete = () => resolve(performance.now() - started);
              tx.onerror = () => reject(tx.error);
            };
            open.onerror = () => reject(open.error);
          }),
        { records, indexed }
      );
      await floorContext.close();
      return ms / 1000;
    };
    const plain = await floor(false);
    console.log(`floor: ${records.length} records written into IndexedDB in one transaction in ${plain.toFixed(2)} s; the initial sync took ${(seconds / plain).toFixed(2)}× that (target ≤ 1.15×)`);
    const indexed = await floor(true);
    console.log(`floor with the app's index: the same rows with their index keys in ${indexed.toFixed(2)} s; the initial sync took ${(seconds / indexed).toFixed(2)}× that`);
  }

  // 2. Push of records queued while the server could not be reached: written straight into
  //    IndexedDB in the app's own layout (a record and its outbox entry), then "sync now" once it
  //    can; timed until the pending count is 0.
  {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInUi(page, 'petugas');
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await synced(page);
    // Queued while the server cannot be reached: the pushes refused on the way (no sync button
    // is offered offline, issue #19), so a sync attempt fails and the strip counts them.
    const unreachable = (route) => route.abort('internetdisconnected');
    await page.route('**/api/sync/push', unreachable);
    const records = [];
    const now = Date.now();
    for (let i = 0; i < PUSH; i++) {
      records.push(screeningRecord('bench-queued', officer.user, i, 'bench-device', now));
    }
    await page.evaluate(
      ({ records, userId }) =>
        new Promise((resolve, reject) => {
          const open = indexedDB.open('posko');
          open.onsuccess = () => {
            const db = open.result;
            const tx = db.transaction(['records', 'outbox'], 'readwrite');
            for (const record of records) {
              tx.objectStore('records').put({ id: record.id, record });
              tx.objectStore('outbox').add({ record_id: record.id, user_id: userId, device_id: 'bench', queued_at: Date.now(), record });
            }
            tx.oncomplete = () => {
              db.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
      { records, userId: officer.user.id },
    );
    // A sync attempt that cannot reach the server fails, and leaves the app showing the count.
    await page.getByTestId('sync-now').click();
    await page.waitForFunction((n) => document.querySelector('[data-testid=sync-status] [role=status]')?.getAttribute('data-pending') === String(n), PUSH, { timeout: 60_000 });
    // What the pushes put on the wire, and the JSON that went into them.
    let sent = 0;
    let encodings = new Set();
    page.on('request', (request) => {
      if (!request.url().endsWith('/api/sync/push')) return;
      sent += request.postDataBuffer()?.length ?? 0;
      encodings.add(request.headers()['content-encoding'] ?? 'identity');
    });
    const json = Buffer.byteLength(JSON.stringify(records.map((record, i) => ({ seq: i + 1, record }))));
    t = performance.now();
    await page.unroute('**/api/sync/push', unreachable);
    await page.getByTestId('sync-now').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=sync-status] [role=status]')?.getAttribute('data-pending') === '0', null, { timeout: 120_000, polling: 20 });
    const seconds = (performance.now() - t) / 1000;
    console.log(`push: ${PUSH} records queued unsent, sent in ${seconds.toFixed(2)} s (target ≤ 2 s)`);
    const mib = (n) => (n / 1048576).toFixed(2);
    console.log(`push bytes: ${mib(sent)} MiB sent (${[...encodings].join(', ')}) for ${mib(json)} MiB of JSON entries`);
    await context.close();
  }
  await browser.close();
} finally {
  stop();
}
