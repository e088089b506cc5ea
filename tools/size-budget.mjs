// Size check: the app shell over the wire (wasm + js + css, brotli) must stay within budget,
// because field phones load it over 3G. Prints each file and fails by how much it is over.
// Usage: node tools/size-budget.mjs [dist-dir] [budget-kB]   (defaults: dist, 150)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const dir = process.argv[2] || 'dist';
const budgetKb = Number(process.argv[3] || 150);
const budget = budgetKb * 1000;

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

if (!existsSync(dir)) {
  console.error(`size-budget: ${dir} does not exist; build the app first`);
  process.exit(2);
}
const shell = walk(dir).filter((p) => /\.(wasm|js|css)$/.test(p));
if (!shell.some((p) => p.endsWith('.wasm'))) {
  console.error(`size-budget: no .wasm in ${dir}; is it a trunk build?`);
  process.exit(2);
}
let total = 0;
for (const path of shell.sort()) {
  const raw = statSync(path).size;
  const br = brotliSize(path);
  total += br;
  console.log(`${relative(dir, path).padEnd(40)} ${(raw / 1000).toFixed(1).padStart(8)} kB raw ${(br / 1000).toFixed(1).padStart(7)} kB br`);
}
const verdict = total <= budget ? 'within' : 'OVER';
console.log(`app shell (wasm + js + css, brotli): ${(total / 1000).toFixed(1)} kB, budget ${budgetKb} kB: ${verdict}`);
if (total > budget) {
  console.error(`size-budget: over budget by ${((total - budget) / 1000).toFixed(1)} kB`);
  process.exit(1);
}
