// The national morning, in small (issue #18): devices of many agencies each push one screening
// at a time, as civil servants submit theirs between 7 and 9, against a server (or a load
// balancer in front of several). Prints submissions per second and the latency of a submission
// at p50 and p99. Figures, not assertions; `scripts/morning-bench.sh` runs it against SQLite,
// PostgreSQL with one server, and PostgreSQL with three behind haproxy.
// Usage: node tools/morning-bench.mjs --url http://127.0.0.1:8080 --agencies FILE
//        [--devices 200] [--seconds 20] [--label NAME] [--rate N]
// Without --rate every device pushes again as soon as its last push is answered: the server's
// most (a closed loop, whose latency is the queue: devices / rate). With --rate N the
// submissions arrive on a schedule, N a second over all devices, as people submit at their own
// times (an open loop); a device still waiting on its last push sends the next when it can, and
// a submission's latency counts from when it was due, so a slow server cannot hide its queue.
// FILE: one agency a line, `agency_id office_id username password`, as create-agency made them.
// --cpu 'server=PID,PID;postgres=PID;proxy=PID' also prints the CPU each group of processes
// (and their children: PostgreSQL's backends) spent per submission, read from /proc over the
// run: a figure the box's noise moves less than the rate, since it counts work, not waiting.
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { randomUUID } from 'node:crypto';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const base = new URL(arg('url', 'http://127.0.0.1:8080'));
const devices = Number(arg('devices', 200));
const seconds = Number(arg('seconds', 20));
const label = arg('label', base.host);
const rate = arg('rate') === undefined ? undefined : Number(arg('rate'));
const cpuGroups = (arg('cpu') ?? '')
  .split(';')
  .filter(Boolean)
  .map((group) => {
    const [name, pids] = group.split('=');
    return { name, pids: pids.split(',').map(Number) };
  });
const agencies = readFileSync(arg('agencies'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => {
    const [agency, office, username, password] = l.trim().split(/\s+/);
    return { agency, office, username, password };
  });

// One connection a device, kept alive, as a phone keeps its own.
function request(agent, method, path, token, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        method,
        path,
        agent,
        headers: {
          'content-type': 'application/json',
          ...(data ? { 'content-length': data.length } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
      }
    );
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

const hex = (n, width) => n.toString(16).padStart(width, '0');
function screening(agency, office, owner, device, counter) {
  const now = Date.now();
  const s = `${hex(now, 12)}-${hex(counter % 65536, 4)}-${device}`;
  const today = new Date(now + 7 * 3600 * 1000).toISOString().slice(0, 10);
  const f = (v) => ({ v, s });
  return {
    // The id the kind declares for the person and day (core's `screening_id`).
    id: `screening-${today}-${owner}`,
    kind: 'screening',
    agency_id: agency,
    office_id: office,
    owner_id: owner,
    parent_id: null,
    fields: {
      date: f(today),
      temperature_decicelsius: f(365),
      fever: f(false),
      cough: f(false),
      sore_throat: f(false),
      shortness_of_breath: f(false),
      loss_of_smell_or_taste: f(false),
      close_contact_14d: f(false),
      travel_14d: f(false),
      rules_version: f('KMK-328-2020'),
      recorded_at: f(now),
    },
    deleted: null,
  };
}

// Sign every device in first (argon2 is not what is measured).
const sessions = [];
for (let d = 0; d < devices; d++) {
  const a = agencies[d % agencies.length];
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const reply = await request(agent, 'POST', '/api/auth/login', null, { username: a.username, password: a.password });
  if (reply.status !== 200) throw new Error(`sign-in of ${a.username}: ${reply.status} ${reply.body}`);
  sessions.push({ ...a, agent, token: JSON.parse(reply.body).token, device: `bench-${randomUUID().slice(0, 8)}` });
}

// Clock ticks (user and system) of every process now, with its parent: /proc/PID/stat fields
// 4 (ppid), 14 and 15 (utime, stime), counted after the command's closing parenthesis.
function processTicks() {
  const ticks = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(name)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks.set(Number(name), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
  }
  return ticks;
}
/** Ticks each group spent between two readings: its processes and their children. */
function groupTicks(before, after) {
  return cpuGroups.map(({ name, pids }) => {
    let spent = 0;
    for (const [pid, now] of after) {
      if (!pids.includes(pid) && !pids.includes(now.ppid)) continue;
      spent += now.ticks - (before.get(pid)?.ticks ?? 0);
    }
    return { name, spent };
  });
}
// Linux's USER_HZ, the unit of /proc's times on every architecture Debian ships.
const TICKS_PER_SECOND = 100;

const latencies = [];
let failures = 0;
const ticksBefore = cpuGroups.length ? processTicks() : undefined;
const until = Date.now() + seconds * 1000;
const started = process.hrtime.bigint();
await Promise.all(
  sessions.map(async (s, d) => {
    let seq = 0;
    // With a rate, device d is due at started + (d + k * devices) / rate seconds.
    const due = (k) => started + BigInt(Math.round(((d + k * devices) / rate) * 1e9));
    while (Date.now() < until) {
      let t0 = process.hrtime.bigint();
      if (rate !== undefined) {
        const next = due(seq);
        if (next > t0) await new Promise((r) => setTimeout(r, Number(next - t0) / 1e6));
        t0 = next;
        if (Date.now() >= until) break;
      }
      seq += 1;
      const record = screening(s.agency, s.office, randomUUID(), s.device, seq);
      const reply = await request(s.agent, 'POST', '/api/sync/push', s.token, {
        device_id: s.device,
        entries: [{ seq, record }],
      });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (reply.status === 200 && reply.body.includes('"applied"')) latencies.push(ms);
      else {
        failures += 1;
        if (failures <= 3) console.error(`push failed: ${reply.status} ${reply.body.slice(0, 200)}`);
      }
    }
  })
);
const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = ticksBefore ? groupTicks(ticksBefore, processTicks()) : [];
latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
console.log(
  `${label}: ${devices} devices over ${agencies.length} agencies, ${seconds} s, ` +
    `${rate === undefined ? 'back to back' : `${rate} due a second`}: ` +
    `${(latencies.length / elapsed).toFixed(0)} submissions/s, p50 ${at(0.5).toFixed(1)} ms, ` +
    `p99 ${at(0.99).toFixed(1)} ms, ${failures} failed`
);
if (cpu.length && latencies.length) {
  const perSubmission = (ticks) => ((ticks / TICKS_PER_SECOND) * 1000) / latencies.length;
  const total = cpu.reduce((sum, g) => sum + g.spent, 0);
  console.log(
    `  CPU per submission: ${cpu.map((g) => `${g.name} ${perSubmission(g.spent).toFixed(2)} ms`).join(', ')}` +
      `, together ${perSubmission(total).toFixed(2)} ms`
  );
}
for (const s of sessions) s.agent.destroy();
// A refused or failed push is not a figure but a fault (the test command's smoke run relies on it).
if (failures > 0 || latencies.length === 0) process.exit(1);
