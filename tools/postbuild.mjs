// Trunk post_build hook: writes the service worker's revisioned precache list from the files this
// build actually produced, then precompresses every text asset (.br, .gz) for the server to send.
// Usage: run by trunk (TRUNK_STAGING_DIR set), or `node tools/postbuild.mjs <dist-dir>`.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

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
