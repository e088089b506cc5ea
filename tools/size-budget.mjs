// Size check over the wire (brotli, as the server sends it), two budgets (issue #11):
//   - the employee's first load: what a phone downloads before it can sign in and submit a
//     screening: the files index.html loads (wasm, js, css), the service-worker registration
//     and the worker it registers;
//   - the whole app: every script, module, style sheet and loaded-on-request file of the build
//     (every screen of every role, the translations beyond the default).
// Prints each file and both totals; fails when either is over, saying which and by how much.
// Usage: node tools/size-budget.mjs [dist-dir] [first-load-kB] [whole-app-kB]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const dir = process.argv[2] || 'dist';
const firstLoadKb = Number(process.argv[3] || 150);
const wholeAppKb = Number(process.argv[4] || 300);

function walk(root) {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

function brotliSize(path) {
  // The server sends the precompressed file when it exists; measure exactly that.
  if (existsSync(path + '.br')) return statSync(path + '.br').size;
  return brotliCompressSync(readFileSync(path), {
    params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
  }).length;
}

if (!existsSync(join(dir, 'index.html'))) {
  console.error(`size-budget: no ${dir}/index.html; build the app first`);
  process.exit(2);
}
const app = walk(dir)
  .filter((p) => /\.(wasm|js|css|json)$/.test(p))
  .map((p) => '/' + relative(dir, p).split('\\').join('/'))
  .sort();
if (!app.some((p) => p.endsWith('.wasm'))) {
  console.error(`size-budget: no .wasm in ${dir}; is it a build of tools/build.mjs?`);
  process.exit(2);
}
// What the first load fetches: every file of the build that index.html names, and the worker
// that register-sw.js registers.
const index = readFileSync(join(dir, 'index.html'), 'utf8');
const registration = existsSync(join(dir, 'register-sw.js')) ? readFileSync(join(dir, 'register-sw.js'), 'utf8') : '';
const named = (text, url) => text.includes(url) || text.includes(url.slice(1));
const firstLoad = new Set(app.filter((url) => named(index, url) || (index.includes('register-sw.js') && named(registration, url))));
if (![...firstLoad].some((p) => p.endsWith('.wasm'))) {
  console.error('size-budget: index.html names no .wasm of the build; has its shape changed?');
  process.exit(2);
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
let first = 0;
let whole = 0;
for (const url of app) {
  const path = join(dir, url);
  const br = brotliSize(path);
  whole += br;
  if (firstLoad.has(url)) first += br;
  const where = firstLoad.has(url) ? 'first load' : 'on request';
  console.log(`${url.slice(1).padEnd(40)} ${kb(statSync(path).size).padStart(9)} raw ${kb(br).padStart(8)} br  ${where}`);
}
let failed = false;
for (const [name, total, limitKb] of [
  ["employee's first load (sign in, submit a screening)", first, firstLoadKb],
  ['whole app (every screen of every role)', whole, wholeAppKb],
]) {
  const limit = limitKb * 1000;
  if (total > limit) {
    console.error(`size-budget: ${name}: ${kb(total)}, over the ${limitKb} kB budget by ${kb(total - limit)}`);
    failed = true;
  } else {
    console.log(`${name}: ${kb(total)}, within the ${limitKb} kB budget (${kb(limit - total)} to spare)`);
  }
}
process.exit(failed ? 1 : 0);
