// Trunk post_build hook: minifies the wasm-bindgen JavaScript glue (trunk 0.21 minifies the HTML
// and CSS but not it; terser takes 1.9 kB off its brotli size) and updates its integrity hash in
// index.html, writes the service worker's revisioned precache list from the files this build
// actually produced, then precompresses every text asset (.br, .gz) for the server to send.
// Usage: run by trunk (TRUNK_STAGING_DIR set), or `node tools/postbuild.mjs <dist-dir>`.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { minify } from 'terser';

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!dir) {
  console.error('postbuild: no TRUNK_STAGING_DIR and no directory argument');
  process.exit(2);
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

const files = walk(dir);

// The glue is `<crate>-<hash>.js` beside its `_bg.wasm`; index.html pins it by SRI hash.
const sri = (data) => 'sha384-' + createHash('sha384').update(data).digest('base64');
const indexPath = join(dir, 'index.html');
let index = readFileSync(indexPath, 'utf8');
for (const path of files.filter((p) => p.endsWith('.js') && files.includes(p.replace(/\.js$/, '_bg.wasm')))) {
  const source = readFileSync(path, 'utf8');
  const { code } = await minify(source, { module: true, compress: { passes: 2 }, mangle: true });
  const before = sri(source);
  if (!index.includes(before)) {
    console.error(`postbuild: index.html does not pin ${relative(dir, path)} by its hash; was it minified already?`);
    process.exit(1);
  }
  writeFileSync(path, code);
  index = index.replaceAll(before, sri(code));
}
writeFileSync(indexPath, index);
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
