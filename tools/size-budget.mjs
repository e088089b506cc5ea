// Size check: the app shell over the wire (wasm + js + css, brotli). Field phones load it over 3G.
// Prints each file, the distance to the target, and fails when the shell is over the limit,
// saying by how much.
// Usage: node tools/size-budget.mjs [dist-dir] [limit-kB] [target-kB]
//   limit: fail above this (defaults to the target); target: the goal to report against.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const dir = process.argv[2] || 'dist';
const limitKb = Number(process.argv[3] || 150);
const targetKb = Number(process.argv[4] || limitKb);

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
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
console.log(`app shell (wasm + js + css, brotli): ${kb(total)}`);
const target = targetKb * 1000;
const limit = limitKb * 1000;
if (target !== limit) {
  console.log(
    total <= target ? `target ${targetKb} kB: met, ${kb(target - total)} to spare` : `target ${targetKb} kB: NOT MET, over by ${kb(total - target)}`
  );
}
if (total > limit) {
  console.error(`size-budget: over the ${limitKb} kB limit by ${kb(total - limit)}`);
  process.exit(1);
}
console.log(`limit ${limitKb} kB: within, ${kb(limit - total)} to spare`);
