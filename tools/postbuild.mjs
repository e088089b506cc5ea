// Trunk post_build hook: shrinks the WebAssembly module and its wasm-bindgen glue together
// (tools/shrink-module.mjs: unreachable exports and imports dropped, shared names shortened, a
// second wasm-opt round), minifies the glue (trunk 0.21 minifies the HTML and
// CSS but not it; terser takes 1.9 kB off its brotli size), renames both after their new content
// and updates index.html (names and integrity hashes), writes the service worker's revisioned
// precache list from the files this build actually produced, then precompresses every text
// asset (.br, .gz) for the server to send.
// Usage: run by trunk (TRUNK_STAGING_DIR set), or `node tools/postbuild.mjs <dist-dir>`.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { minify } from 'terser';
import { GlueShapeError, shrinkModule } from './shrink-module.mjs';

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!dir) {
  console.error('postbuild: no TRUNK_STAGING_DIR and no directory argument');
  process.exit(2);
}

const DEFAULT_LOCALE = 'id';

/** FNV-1a (32 bits, hex) of the keys, each followed by a newline, as build.rs computes it. */
function keysFnv(keys) {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(keys.map((k) => `${k}\n`).join(''), 'utf8')) {
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

const COMPRESSIBLE = /\.(html|js|mjs|css|wasm|json|webmanifest|svg|txt)$/;
const NEVER_PRECACHE = new Set(['sw.js']);

function walk(root) {
  const out = [];
  for (const name of readdirSync(root)) {
    const path = join(root, name);
    if (statSync(path).isDirectory()) out.push(...walk(path));
    else if (!/\.(br|gz)$/.test(name)) out.push(path);
  }
  return out.sort();
}

let files = walk(dir);

// The glue is `<crate>-<hash>.js` beside its `_bg.wasm`; index.html pins it by SRI hash.
const sri = (data) => 'sha384-' + createHash('sha384').update(data).digest('base64');
const indexPath = join(dir, 'index.html');
let index = readFileSync(indexPath, 'utf8');
for (const path of files.filter((p) => p.endsWith('.js') && files.includes(p.replace(/\.js$/, '_bg.wasm')))) {
  const wasmPath = path.replace(/\.js$/, '_bg.wasm');
  const source = readFileSync(path, 'utf8');
  const wasm = readFileSync(wasmPath);
  for (const data of [source, wasm]) {
    if (!index.includes(sri(data))) {
      console.error(`postbuild: index.html does not pin ${relative(dir, path)} and its module by their hashes; were they changed already?`);
      process.exit(1);
    }
  }
  let short;
  try {
    short = shrinkModule(wasm, source);
  } catch (error) {
    if (!(error instanceof GlueShapeError)) throw error;
    console.error(`postbuild: cannot shrink ${relative(dir, path)}: ${error.message}; has the wasm-bindgen glue changed shape?`);
    process.exit(1);
  }
  const { code } = await minify(short.glue, { module: true, compress: { passes: 2 }, mangle: true });
  index = index.replaceAll(sri(source), sri(code)).replaceAll(sri(wasm), sri(short.wasm));
  // The server caches hashed files as immutable, so the name must follow what is shipped:
  // trunk's hash is of its own output, which this step changes.
  const stem = basename(path, '.js');
  const content = createHash('sha256').update(code).update(short.wasm).digest('hex').slice(0, 16);
  const shipped = stem.replace(/-[0-9a-f]+$/, `-${content}`);
  if (shipped === stem || !index.includes(`/${stem}`)) {
    console.error(`postbuild: cannot rename ${stem}: no trunk hash in its name, or index.html does not load it`);
    process.exit(1);
  }
  rmSync(path);
  rmSync(wasmPath);
  writeFileSync(join(dirname(path), `${shipped}.js`), code);
  writeFileSync(join(dirname(path), `${shipped}_bg.wasm`), short.wasm);
  index = index.replaceAll(`/${stem}`, `/${shipped}`);
}
writeFileSync(indexPath, index);

// Every locale but the default (compiled in) as `lang/<code>.json`, loaded when a user asks for
// it: the keys' checksum (build.rs computes the same), then each message in key order, which is
// the field order of the app's `Strings`.
const localesDir = join(dirname(new URL(import.meta.url).pathname), '..', 'locales');
mkdirSync(join(dir, 'lang'), { recursive: true });
for (const name of readdirSync(localesDir).filter((n) => n.endsWith('.json') && n !== `${DEFAULT_LOCALE}.json`)) {
  const table = JSON.parse(readFileSync(join(localesDir, name), 'utf8'));
  const keys = Object.keys(table).sort();
  writeFileSync(join(dir, 'lang', name), JSON.stringify([keysFnv(keys), ...keys.map((k) => table[k])]));
}
files = walk(dir);

const precache = files
  .map((path) => ({ path, url: '/' + relative(dir, path).split(sep).join('/') }))
  .filter(({ url }) => !NEVER_PRECACHE.has(url.slice(1)))
  .map(({ path, url }) => ({
    url,
    revision: createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16),
  }));
const version = createHash('sha256')
  .update(precache.map((e) => `${e.url} ${e.revision}`).join('\n'))
  .digest('hex')
  .slice(0, 16);

const swPath = join(dir, 'sw.js');
const template = readFileSync(swPath, 'utf8');
const PRECACHE_MARK = '/* PRECACHE */ [];';
const VERSION_MARK = "'/* VERSION */'";
if (!template.includes(PRECACHE_MARK) || !template.includes(VERSION_MARK)) {
  console.error('postbuild: sw.js lacks its PRECACHE or VERSION placeholder');
  process.exit(1);
}
writeFileSync(
  swPath,
  template.replace(PRECACHE_MARK, JSON.stringify(precache) + ';').replace(VERSION_MARK, JSON.stringify(version))
);

let compressed = 0;
for (const path of files) {
  if (!COMPRESSIBLE.test(path)) continue;
  const data = readFileSync(path);
  writeFileSync(
    path + '.br',
    brotliCompressSync(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    })
  );
  writeFileSync(path + '.gz', gzipSync(data, { level: 9 }));
  compressed += 1;
}
console.log(`postbuild: ${precache.length} files precached (version ${version}), ${compressed} precompressed`);
