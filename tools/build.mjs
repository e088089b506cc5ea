// Builds the PWA into dist/: the page, styles and static files (what trunk did before issue
// #18: HTML and CSS minified, the main stylesheet named after its content with an integrity
// hash, public/ copied), then the client: links the WebAssembly with cargo, splits it into the
// employee's first module and the module loaded later (tools/split-module.mjs, src/later.rs),
// optimises each, shrinks the main module and its wasm-bindgen glue together
// (tools/shrink-module.mjs: unreachable exports and imports dropped, shared names shortened, a
// second wasm-opt round), minifies the glue (terser takes 1.9 kB off its brotli size), names
// every file after its content and adds the tags that load the client to index.html (with
// integrity hashes), writes the service worker's precache lists (versioned by the files' revisions) from the files this
// build actually produced, then precompresses every text asset (.br, .gz) for the server to send.
// Usage: `node tools/build.mjs [dist-dir]` (default dist/); `POSKO_PROFILE=debug` links a debug
// client (unoptimised, for looking at panics).
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { minify as minifyHtml } from 'html-minifier-terser';
import { transform as transformCss } from 'lightningcss-wasm';
import { minify } from 'terser';
import { GlueShapeError, shrinkModule, STRIP_NOTES, wasmOpt } from './shrink-module.mjs';
import { areaFiles, merge, split, SplitShapeError } from './split-module.mjs';
import { customSectionNames } from './wasm-sections.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = process.argv[2] ?? join(root, 'dist');

const DEFAULT_LOCALE = 'id';
const CRATE = 'posko';
// The first optimisation round: -Os beats -Oz here after brotli; low memory is
// the stack's far end (stack-first layout), never data; Rust never relies on an implicit trap
// (a load or a division). See tools/wasm-profile.sh.
const FIRST_ROUND = ['-Os', '--low-memory-unused', '--ignore-implicit-traps'];
const sri = (data) => 'sha384-' + createHash('sha384').update(data).digest('base64');
const contentHash = (...parts) => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest('hex').slice(0, 16);

/** FNV-1a (32 bits, hex) of the keys, each followed by a newline, as build.rs computes it. */
function keysFnv(keys) {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(keys.map((k) => `${k}\n`).join(''), 'utf8')) {
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

const COMPRESSIBLE = /\.(html|js|mjs|css|wasm|json|webmanifest|svg|txt)$/;
// The worker itself, and the home-screen icons: the browser fetches the one it needs when the
// app is installed, and the app never shows them (every phone precached all three, 8.6 kB).
const NEVER_PRECACHE = (url) => url === '/sw.js' || url.startsWith('/icons/');

function walk(root) {
  const out = [];
  for (const name of readdirSync(root)) {
    const path = join(root, name);
    if (statSync(path).isDirectory()) out.push(...walk(path));
    else if (!/\.(br|gz)$/.test(name)) out.push(path);
  }
  return out.sort();
}

const fail = (message) => {
  console.error(`build: ${message}`);
  process.exit(1);
};

/** `wasm`, once it is checked to carry no custom section: each module's last round drops them
 *  (`STRIP_NOTES`: a chunk's only round here, the main module's second in shrink-module.mjs). */
function shipIt(file, wasm) {
  const custom = customSectionNames(wasm);
  if (custom.length) fail(`${file} still has custom sections (${custom.join(', ')}): has wasm-opt stopped stripping them?`);
  return wasm;
}

// The page and its static files. public/ is copied as it is (the manifest, icons, the service
// worker template and its registration script); the later views' stylesheets keep their names
// (src/later.rs links `/home.css`, and `/later.css` for the other areas); the main one is named after its content, with an integrity
// hash, since the server caches hashed names as immutable. CSS is minified by lightningcss (the
// engine trunk used) and the page by html-minifier-terser.
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
cpSync(join(root, 'public'), dir, { recursive: true });
const minifyCss = (file) => Buffer.from(transformCss({ filename: file, code: readFileSync(join(root, 'style', file)), minify: true }).code);
for (const sheet of ['home.css', 'later.css']) writeFileSync(join(dir, sheet), minifyCss(sheet));
const mainCss = minifyCss('main.css');
const mainCssName = `main-${contentHash(mainCss)}.css`;
writeFileSync(join(dir, mainCssName), mainCss);
const STYLE_TAG = '<link rel="stylesheet" href="/style/main.css" />';
const page = readFileSync(join(root, 'index.html'), 'utf8');
if (!page.includes(STYLE_TAG)) fail(`index.html lacks ${STYLE_TAG}`);
// The words of the page's own sign-in form (src/boot.js), `{{key}}`, are the default locale's
// messages, so the page says what the app's sign-in says.
const words = JSON.parse(readFileSync(join(root, 'locales', 'id.json'), 'utf8'));
const html = (text) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const worded = page.replace(/\{\{(\w+)\}\}/g, (_, key) => {
  if (typeof words[key] !== 'string') fail(`index.html names the message ${key}, which locales/id.json lacks`);
  return html(words[key]);
});
// Minified once the client's tags are in (below).
writeFileSync(
  join(dir, 'index.html'),
  worded.replace(STYLE_TAG, `<link rel="stylesheet" href="/${mainCssName}" integrity="${sri(mainCss)}" />`)
);

let files = walk(dir);

// The client: linked by cargo, split (tools/split-module.mjs), optimised, shrunk with its glue
// (tools/shrink-module.mjs), and named after its content, since the server caches hashed files
// as immutable. index.html gets the tags that load it, pinned by integrity hashes.
const release = (process.env.POSKO_PROFILE ?? 'release') === 'release';
execFileSync('cargo', ['build', '--locked', '--target', 'wasm32-unknown-unknown', '--bin', CRATE, ...(release ? ['--release'] : [])], {
  cwd: root,
  stdio: 'inherit',
});
const targetDir = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
const linked = join(targetDir, 'wasm32-unknown-unknown', release ? 'release' : 'debug', `${CRATE}.wasm`);
const scratch = mkdtempSync(join(tmpdir(), 'posko-split-'));
let shipped;
const areaModules = new Map();
try {
  const parts = split(linked, scratch, CRATE);
  const chunkNames = new Map();
  for (const [file, data] of parts.chunks) {
    const optimised = shipIt(file, wasmOpt(data, [...FIRST_ROUND, ...STRIP_NOTES]));
    const name = `${basename(file, '.wasm')}-${contentHash(optimised)}.wasm`;
    chunkNames.set(file, name);
    writeFileSync(join(dir, name), optimised);
  }
  // Each area's modules as served, for the service worker to precache per role (src/later.rs).
  for (const [area, files] of areaFiles(parts.loader)) areaModules.set(area, files.map((file) => `/${chunkNames.get(file)}`));
  const merged = merge(parts, (file) => `./${chunkNames.get(file)}`);
  const short = shrinkModule(wasmOpt(merged.wasm, FIRST_ROUND), merged.glue);
  shipIt(CRATE, short.wasm);
  // The glue starts the module itself, so the page has no inline script and its content security
  // policy allows none (issue #18): `src/boot.js` goes after wasm-bindgen's default export, the
  // init, and decides when to call it (at once, or once a new phone's user signs in).
  const init = /^export default (\w+);$/m.exec(short.glue) ?? /^export \{[^}]*\b(\w+) as default\b[^}]*\};?$/m.exec(short.glue);
  if (!init) fail("the glue exports no default (its init): has wasm-bindgen's output changed shape?");
  const boot = readFileSync(join(root, 'src', 'boot.js'), 'utf8');
  if (!/^function boot\(start, wasm\) \{$/m.test(boot)) fail('src/boot.js does not define `function boot(start, wasm) {`');
  const wasmName = `${CRATE}-${contentHash(short.wasm)}_bg.wasm`;
  const start = `boot((source) => ${init[1]}({ module_or_path: source }), "/${wasmName}");`;
  // Nothing imports the glue: the page runs it, and the line above calls its init. Without its
  // export list the minifier drops what only that list kept (`initSync`, 0.1 kB of brotli).
  const exportList = /^export (?:default \w+|\{[^}]*\});?$/gm;
  if (!exportList.test(short.glue)) fail("the glue has no export list to drop: has wasm-bindgen's output changed shape?");
  // The service worker's registration (src/register-sw.js) goes in the same file: one request
  // fewer on the first load, and 0.1 kB of brotli.
  const registration = readFileSync(join(root, 'src', 'register-sw.js'), 'utf8');
  const { code } = await minify(`${short.glue.replace(exportList, '')}\n${registration}\n${boot}\n${start}\n`, {
    module: true,
    compress: { passes: 2 },
    mangle: true,
  });
  const jsName = `${CRATE}-${contentHash(code)}.js`;
  writeFileSync(join(dir, jsName), code);
  writeFileSync(join(dir, wasmName), short.wasm);
  shipped = { jsName, code };
} catch (error) {
  if (!(error instanceof GlueShapeError || error instanceof SplitShapeError)) throw error;
  console.error(`build: cannot split or shrink the client: ${error.message}; has wasm-split-cli's or wasm-bindgen's output changed shape?`);
  process.exit(1);
} finally {
  rmSync(scratch, { recursive: true });
}
const indexPath = join(dir, 'index.html');
const index = readFileSync(indexPath, 'utf8');
if (!index.includes('</head>') || index.includes(`/${CRATE}-`)) {
  fail('index.html has no </head>, or loads a client already');
}
const { jsName, code } = shipped;
// No preload of the module: a new phone fetches it only once its user starts typing (src/boot.js);
// Lighthouse's simulated load counts every request a page starts, so a preload alone held the
// sign-in page's interactive time at 6.1 s (2026-12-07).
const tags = `<script type=module src=/${jsName} crossorigin integrity=${sri(code)}></script>`;
writeFileSync(
  indexPath,
  await minifyHtml(index.replace('</head>', tags + '</head>'), {
    collapseWhitespace: true,
    removeComments: true,
    removeAttributeQuotes: true,
    removeRedundantAttributes: true,
    useShortDoctype: true,
    collapseBooleanAttributes: true,
    removeOptionalTags: true,
    sortAttributes: true,
  })
);

// Every locale but the default (compiled in) as `lang/<code>.json`, loaded when a user asks for
// it: the keys' checksum (build.rs computes the same), then each message in key order, which is
// the field order of the app's `Strings`.
const localesDir = join(root, 'locales');
mkdirSync(join(dir, 'lang'), { recursive: true });
for (const name of readdirSync(localesDir).filter((n) => n.endsWith('.json') && n !== `${DEFAULT_LOCALE}.json`)) {
  const table = JSON.parse(readFileSync(join(localesDir, name), 'utf8'));
  const keys = Object.keys(table).sort();
  writeFileSync(join(dir, 'lang', name), JSON.stringify([keysFnv(keys), ...keys.map((k) => table[k])]));
}
// The later modules' messages (`i18n::Words`: `HomeStrings` for the home area's views,
// `LaterStrings` for the others'), in every locale, the default too: none is compiled in, so
// they load with the views, in the same shape as above.
for (const words of ['home', 'later']) {
  for (const name of readdirSync(join(localesDir, words)).filter((n) => n.endsWith('.json'))) {
    const table = JSON.parse(readFileSync(join(localesDir, words, name), 'utf8'));
    const keys = Object.keys(table).sort();
    writeFileSync(join(dir, 'lang', `${words}-${name}`), JSON.stringify([keysFnv(keys), ...keys.map((k) => table[k])]));
  }
}
// The names of record kinds, fields and choices, in every locale, for the generic views (which
// are in the later module, so these are not part of the first load either).
// The health kinds' names (`locales/cases/`) apart, for the roles that read them alone.
for (const words of ['kinds', 'cases']) {
  for (const name of readdirSync(join(localesDir, words)).filter((n) => n.endsWith('.json'))) {
    const table = JSON.parse(readFileSync(join(localesDir, words, name), 'utf8'));
    writeFileSync(join(dir, 'lang', `${words}-${name}`), JSON.stringify(table));
  }
}
files = walk(dir);

// The service worker's lists: the shell every visitor gets (the page, the first module, its
// styles, icons), and per area (src/later.rs) what its views load: its modules, and for the
// home area, which every role keeps, the home views' styles and words; the other areas' views
// also read the other styles and words, the Crisis Center's generic views the kinds' names. `{lang}` is the user's language. A file of neither (another language's words) is
// kept when first fetched.
const urlOf = (path) => '/' + relative(dir, path).split(sep).join('/');
const revision = (...paths) => paths.reduce((h, p) => h.update(readFileSync(p)), createHash('sha256')).digest('hex').slice(0, 16);
const AREA_WORDS = {
  home: ['/home.css', '/lang/home-{lang}.json'],
  center: ['/later.css', '/lang/later-{lang}.json', '/lang/kinds-{lang}.json'],
  monitoring: ['/later.css', '/lang/later-{lang}.json'],
  tracing: ['/later.css', '/lang/later-{lang}.json', '/lang/kinds-{lang}.json', '/lang/cases-{lang}.json'],
};
const languages = readdirSync(join(localesDir, 'later')).filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5));
const areas = {};
for (const [area, modules] of areaModules) {
  areas[area] = [...modules, ...(AREA_WORDS[area] ?? [])].map((url) => {
    const paths = (url.includes('{lang}') ? languages.map((lang) => url.replace('{lang}', lang)) : [url]).map((u) => join(dir, u));
    if (!paths.every((p) => existsSync(p))) fail(`area ${area} names ${url}, which the build did not write`);
    return { url, revision: revision(...paths) };
  });
}
for (const area of Object.keys(AREA_WORDS)) if (!areas[area]) fail(`no split module of area ${area}: is its constructor in src/later.rs still reached?`);
const inArea = new Set(Object.values(areas).flat().map((e) => e.url));
const precache = files
  .map((path) => ({ path, url: urlOf(path) }))
  .filter(({ url }) => !NEVER_PRECACHE(url) && !inArea.has(url) && !url.startsWith('/lang/'))
  .map(({ path, url }) => ({ url, revision: revision(path) }));
const version = createHash('sha256')
  .update([...precache, ...Object.values(areas).flat()].map((e) => `${e.url} ${e.revision}`).join('\n'))
  .digest('hex')
  .slice(0, 16);

const swPath = join(dir, 'sw.js');
const template = readFileSync(swPath, 'utf8');
const PRECACHE_MARK = '/* PRECACHE */ [];';
const VERSION_MARK = "'/* VERSION */'";
const AREAS_MARK = '/* AREAS */ {};';
if (!template.includes(PRECACHE_MARK) || !template.includes(VERSION_MARK) || !template.includes(AREAS_MARK)) {
  fail('sw.js lacks its PRECACHE, AREAS or VERSION placeholder');
}
// Minified like the glue: the worker and its registration are part of every first load.
const worker = await minify(
  template
    // Paths only: the worker needs no revision, since every file's revision is in the version
    // (and in a hashed file's name), and a new version is a new cache.
    .replace(PRECACHE_MARK, JSON.stringify(precache.map((e) => e.url)) + ';')
    .replace(AREAS_MARK, JSON.stringify(Object.fromEntries(Object.entries(areas).map(([area, entries]) => [area, entries.map((e) => e.url)]))) + ';')
    .replace(VERSION_MARK, JSON.stringify(version)),
  // Its own names are nobody else's (a worker shares its scope with no script), so they are
  // shortened too, but for the three lists the tests read from it.
  { compress: { passes: 2 }, mangle: { toplevel: true, reserved: ['PRECACHE', 'AREAS', 'VERSION'] } }
);
writeFileSync(swPath, worker.code);

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
console.log(`build: ${precache.length} files precached, areas ${Object.entries(areas).map(([a, f]) => `${a} (${f.length} files)`).join(', ')} (version ${version}), ${compressed} precompressed`);
