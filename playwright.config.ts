// End-to-end tests: Debian's Chromium (never a downloaded browser) against the real server
// (POSKO_SERVER_BIN, else the one `cargo test -p posko-server` builds), serving a private copy of the built app from a fresh SQLite database per run.
import { defineConfig } from '@playwright/test';
import { execSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const port = Number(process.env.POSKO_E2E_PORT || 8181);
const server = process.env.POSKO_SERVER_BIN || 'target/debug/posko-server';

// The demo is seeded as of the day the server starts, and the tests read "today" as the browser
// sees it: a run that crosses midnight compares yesterday's demo with today's screens (stop 39's
// CI run began at 23:5x and failed at 00:0x). The whole suite takes about 11 minutes on two cores,
// so a run that would start within RUN_MINUTES of midnight (the machine's, which the server and
// the browser share) starts just after it. The midnight rules themselves are tested with moved
// page clocks (alerts.spec.ts, daily_screening.spec.ts).
const RUN_MINUTES = 25;
function startWithinOneDay() {
  const now = new Date();
  const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  const left = midnight.getTime() - now.getTime();
  if (left > RUN_MINUTES * 60_000) return;
  const seconds = Math.ceil(left / 1000) + 5;
  console.log(`e2e: ${Math.ceil(seconds / 60)} min to midnight; the run starts after it, on one day`);
  execSync(`sleep ${seconds}`);
}

// The config is evaluated by every worker; only the first evaluation makes the directories.
if (!process.env.POSKO_E2E_DIR) {
  startWithinOneDay();
  const dir = mkdtempSync(join(tmpdir(), 'posko-e2e-'));
  if (!existsSync('dist/index.html')) throw new Error('dist/ is missing: run `scripts/build-client.sh` first');
  // A copy, so the update test can publish a "new version" without touching the real build.
  cpSync('dist', join(dir, 'dist'), { recursive: true });
  process.env.POSKO_E2E_DIR = dir;
}
const e2eDir = process.env.POSKO_E2E_DIR;

function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || execSync('command -v chromium', { shell: '/bin/bash' }).toString().trim();
}

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 360, height: 740 },
    locale: 'id-ID',
    serviceWorkers: 'allow',
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `${server} --addr 127.0.0.1:${port} --data-dir ${e2eDir}/data --dist ${e2eDir}/dist --demo`,
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: { DATABASE_URL: '' },
  },
});
