// Size check over the wire (brotli, as the server sends it), from the build alone (issue #11):
//   - the employee's first load: what a phone downloads before it can sign in and submit a
//     screening: the files index.html loads (js, css), the module its script starts and the
//     service worker it registers; fails above its budget, saying by how much;
//   - each area's modules (src/later.rs; the lists the service worker precaches per role), and
//     every other file, printed. What each role's phone actually fetches is measured by driving
//     each demo user's path in Chromium (tests/e2e/budgets.spec.ts), against the role budgets.
// Usage: node tools/size-budget.mjs [dist-dir] [first-load-kB]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const dir = process.argv[2] || 'dist';
const firstLoadKb = Number(process.argv[3] || 150);

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
// What the first load fetches: every file of the build that index.html names, and what the
// client's script names as a quoted address: the module src/boot.js starts and the worker
// src/register-sw.js registers (the areas' modules it names are relative, "./...").
const index = readFileSync(join(dir, 'index.html'), 'utf8');
const named = (text, url) => text.includes(url) || text.includes(url.slice(1));
const scripts = [...index.matchAll(/<script\b[^>]*>/g)]
  .filter(([tag]) => tag.includes('type=module'))
  .map(([tag]) => readFileSync(join(dir, /\bsrc=(\/[^ >]+)/.exec(tag)[1]), 'utf8'));
const firstLoad = new Set(
  app.filter(
    (url) =>
      named(index, url) ||
      scripts.some((script) => script.includes(`"${url}"`))
  )
);
if (![...firstLoad].some((p) => p.endsWith('.wasm'))) {
  console.error('size-budget: the first load names no .wasm of the build (index.html, or the script it loads); has its shape changed?');
  process.exit(2);
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
let first = 0;
for (const url of app) {
  const path = join(dir, url);
  const br = brotliSize(path);
  if (firstLoad.has(url)) first += br;
  const where = firstLoad.has(url) ? 'first load' : 'on request';
  console.log(`${url.slice(1).padEnd(40)} ${kb(statSync(path).size).padStart(9)} raw ${kb(br).padStart(8)} br  ${where}`);
}
// Each area's modules, as the worker lists them (tools/build.mjs writes `AREAS={...}`).
const worker = readFileSync(join(dir, 'sw.js'), 'utf8');
const areasLiteral = /AREAS=(\{.*?\]\})[,;]/s.exec(worker);
if (!areasLiteral) {
  console.error("size-budget: sw.js lists no AREAS; has the worker's shape changed?");
  process.exit(2);
}
for (const [area, entries] of Object.entries(new Function(`return ${areasLiteral[1]}`)())) {
  const modules = entries.filter((url) => url.endsWith('.wasm'));
  const total = modules.reduce((sum, url) => sum + brotliSize(join(dir, url)), 0);
  console.log(`area ${area}: ${kb(total)} in ${modules.length} modules (${modules.map((m) => m.slice(1).replace(/-[0-9a-f]{16}\.wasm$/, '')).join(', ')})`);
}
const name = "employee's first load (sign in, submit a screening)";
const limit = firstLoadKb * 1000;
if (first > limit) {
  console.error(`size-budget: ${name}: ${kb(first)}, over the ${firstLoadKb} kB budget by ${kb(first - limit)}`);
  process.exit(1);
}
console.log(`${name}: ${kb(first)}, within the ${firstLoadKb} kB budget (${kb(limit - first)} to spare)`);
