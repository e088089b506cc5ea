// Splits the client's WebAssembly into the module an employee's first load needs and the modules loaded later (src/later.rs).
//
// `wasm-split-cli` (wasm_split_cli_support) cuts the linked module (built with `--emit-relocs`)
// at each `#[wasm_split]` function: the main module keeps what the first screens reach, each
// split module the code only its functions reach, and a small loader script (`__wasm_split.js`)
// fetches them. wasm-bindgen then makes the glue for the main module (`--keep-lld-exports`, so
// the exports the split modules link to stay).
//
// The loader and the glue import each other, which would cost a round trip on the first load
// (the browser finds the loader only once it has parsed the glue) and make their hashed names
// depend on each other. So this step merges the loader into the glue: one script, whose wasm
// imports all come from one module, as tools/shrink-module.mjs expects. The JavaScript files the
// client's Rust names (`#[wasm_bindgen(module)]`, which wasm-bindgen copies under snippets/) are
// merged the same way, so they cost no request either. Each step checks the
// shape it rewrites and fails the build otherwise (`SplitShapeError`), so a new wasm-split or
// wasm-bindgen that writes something else stops here.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { name, rewriteSections, uleb } from './wasm-sections.mjs';

/** Thrown when the split tool's or wasm-bindgen's output does not look as this step expects. */
export class SplitShapeError extends Error {}

export const LOADER = '__wasm_split.js';

/**
 * Splits `linked` (a wasm file) into `outDir` and runs wasm-bindgen on the main module.
 * Returns `{ glue, wasm, loader, chunks: Map<file, Buffer>, snippets: Map<import path, text> }`,
 * the snippets being the JavaScript files the client's Rust names (`#[wasm_bindgen(module)]`).
 */
export function split(linked, outDir, name) {
  const splitDir = join(outDir, 'split');
  const bindgenDir = join(outDir, 'bindgen');
  execFileSync('wasm-split-cli', [linked, splitDir, '--out-name', name], { stdio: 'inherit' });
  execFileSync(
    'wasm-bindgen',
    ['--target', 'web', '--keep-lld-exports', '--no-typescript', '--out-dir', bindgenDir, join(splitDir, `${name}.wasm`)],
    { stdio: 'inherit' }
  );
  const chunks = new Map();
  for (const file of readdirSync(splitDir).filter((f) => f.endsWith('.wasm') && f !== `${name}.wasm`)) {
    chunks.set(file, readFileSync(join(splitDir, file)));
  }
  if (!chunks.size) throw new SplitShapeError('wasm-split-cli wrote no split module: is a #[wasm_split] function still reached?');
  return {
    glue: readFileSync(join(bindgenDir, `${name}.js`), 'utf8'),
    wasm: readFileSync(join(bindgenDir, `${name}_bg.wasm`)),
    loader: readFileSync(join(splitDir, LOADER), 'utf8'),
    chunks,
    snippets: new Map(filesUnder(join(bindgenDir, 'snippets')).map((file) => [`./${relative(bindgenDir, file).split(sep).join('/')}`, readFileSync(file, 'utf8')])),
  };
}

/** Every file under `dir`, none if it does not exist. */
function filesUnder(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/**
 * The glue without its imports of module `path` as a namespace (wasm-bindgen writes one per
 * function the module imports from it) and without passing them to the module; a glue that has
 * none, or does not pass one, stops the build (`what` names the module in the message).
 */
function dropNamespace(glue, path, what) {
  const quoted = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const imports = [...glue.matchAll(new RegExp(`^import \\* as (import\\d+) from "${quoted}";?$`, 'gm'))];
  if (!imports.length) throw new SplitShapeError(`the glue does not import ${what}`);
  for (const [line, ns] of imports) {
    glue = glue.replace(line + '\n', '');
    const key = new RegExp(`^\\s*"${quoted}": ${ns},\\n`, 'm');
    if (!key.test(glue)) throw new SplitShapeError(`the glue does not pass ${ns} (${what}) to the module`);
    glue = glue.replace(key, '');
  }
  return glue;
}

/** The glue with its own functions `names` passed to the module in its own import object. */
const passOwn = (glue, mainModule, names) => glue.replace(mainModule, (head) => head + names.map((n) => `        ${n}: ${n},\n`).join(''));

/**
 * The glue with each snippet inside it, as the loader is: the module imports a snippet's
 * functions directly (wasm-bindgen passes the snippet's namespace as an import module), so its
 * functions become the glue's own names, passed under the glue's own import module like the
 * loader's. A snippet must be only `export function`s (anything else fails the build).
 */
function inlineSnippets(glue, wasm, snippets, mainKey, mainModule) {
  for (const [path, text] of snippets) {
    const names = [...text.matchAll(/^export function (\w+)\(/gm)].map((m) => m[1]);
    const body = text.replace(/^export function /gm, 'function ');
    if (!names.length || /^\s*(import|export)\b/m.test(body)) {
      throw new SplitShapeError(`the snippet ${path} is not only exported functions`);
    }
    glue = passOwn(dropNamespace(glue, path, `the snippet ${path}`), mainModule, names) + '\n' + body;
    wasm = moveImports(wasm, path, mainKey);
  }
  return { glue, wasm };
}

/**
 * The glue with the loader inside it, and the main module importing the loader's functions from
 * the glue's own import module. `chunkUrl(file)` names where each split module will be served.
 */
export function merge({ glue, wasm, loader, snippets }, chunkUrl) {
  const mainModule = /^\s*const import0 = \{\n\s*__proto__: null,\n/m.exec(glue);
  const mainKey = /^\s*"(\.\/[\w-]+_bg\.js)": import0,$/m.exec(glue);
  if (!mainModule || !mainKey) throw new SplitShapeError("the glue's import object is not `import0` under its own module");
  const loads = [...loader.matchAll(/^export const (__wasm_split_load_\w+) = /gm)].map((m) => m[1]);
  if (!loads.length) throw new SplitShapeError('the loader exports no load function');

  // The glue imports the loader as a namespace, once per split function, and hands it to the
  // module under the loader's file name; its load functions become the glue's own.
  let merged = passOwn(dropNamespace(glue, `./${LOADER}`, 'the split loader'), mainModule[0], loads);

  // The loader: its import of the glue goes, its exports become the glue's own names, the
  // exports it took from `initSync()` are read as `wasm.<name>` (so shrink-module keeps and
  // renames them like any other), and each split module is fetched under its served name.
  const own = /^import \{ initSync \} from "\.\/[\w-]+\.js";\n/m;
  const shared =
    /^(\s*)const \{ ([\w, ]+?),?\s*\} = initSync\(undefined, undefined\);\n\s*Object\.assign\(sharedImports\.__wasm_split, \{ [\w, ]+? \}\);\n/m;
  const sharedMatch = shared.exec(loader);
  if (!own.test(loader) || !sharedMatch) throw new SplitShapeError('the loader does not take its imports from initSync() as expected');
  const names = sharedMatch[2].split(',').map((n) => n.trim()).filter(Boolean);
  let body = loader
    .replace(own, '')
    .replace(shared, `${sharedMatch[1]}Object.assign(sharedImports.__wasm_split, { ${names.map((n) => `${n}: wasm.${n}`).join(', ')} });\n`)
    .replace(/^export const (__wasm_split_load_\w+) = /gm, 'const $1 = ');
  const fetched = [...body.matchAll(/new URL\("\.\/([\w-]+\.wasm)", import\.meta\.url\)/g)].map((m) => m[1]);
  if (!fetched.length) throw new SplitShapeError('the loader fetches no split module by a relative URL');
  body = body.replace(/new URL\("\.\/([\w-]+\.wasm)", import\.meta\.url\)/g, (_, file) => `new URL(${JSON.stringify(chunkUrl(file))}, import.meta.url)`);
  merged += '\n' + body;

  const inlined = inlineSnippets(merged, moveImports(wasm, `./${LOADER}`, mainKey[1]), snippets ?? new Map(), mainKey[1], mainModule[0]);
  return { ...inlined, fetched };
}

/** The module with every import from module `from` taken from module `to` instead. */
export function moveImports(wasm, from, to) {
  let moved = 0;
  const result = rewriteSections(wasm, 2, (reader, end) => {
    const limits = () => {
      const flags = reader.byte();
      reader.leb();
      if (flags & 1) reader.leb();
    };
    const entries = [];
    for (let n = reader.leb(); n > 0; n--) {
      const module = reader.name();
      const field = reader.name();
      const descStart = reader.at;
      const kind = reader.byte();
      if (kind === 0) reader.leb();
      else if (kind === 1) {
        reader.byte();
        limits();
      } else if (kind === 2) limits();
      else if (kind === 3) reader.at += 2;
      else throw new SplitShapeError(`import ${module}.${field} is of kind ${kind}, which this step cannot read`);
      if (module === from) moved += 1;
      entries.push(Buffer.concat([name(module === from ? to : module), name(field), reader.since(descStart)]));
    }
    if (reader.at !== end) throw new SplitShapeError('the import section is not where its size says it ends');
    return Buffer.concat([uleb(entries.length), ...entries]);
  });
  if (!moved) throw new SplitShapeError(`the module imports nothing from ${from}`);
  return result;
}

/**
 * Each split function's module and the chunks it loads first, as the loader wires them:
 * `Map<split name, [wasm file, ...]>` (its own module first). The service worker precaches an
 * area's files from this, so they must be exactly what the loader fetches.
 */
export function areaFiles(loader) {
  const fileOf = (text) => /new URL\("\.\/([\w-]+\.wasm)", import\.meta\.url\)/.exec(text)?.[1];
  const chunks = new Map();
  for (const m of loader.matchAll(/^const (__chunk_\d+) = makeLoad\(([\s\S]*?)\n, \[\]\);$/gm)) {
    const file = fileOf(m[2]);
    if (!file) throw new SplitShapeError(`the loader's ${m[1]} fetches no module by a relative URL`);
    chunks.set(m[1], file);
  }
  const areas = new Map();
  for (const m of loader.matchAll(/^export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(([\s\S]*?)\n, \[([\w, ]*)\]\)\);$/gm)) {
    const own = fileOf(m[2]);
    const deps = m[3].split(',').map((d) => d.trim()).filter(Boolean);
    if (!own || deps.some((d) => !chunks.has(d))) throw new SplitShapeError(`the loader of ${m[1]} names a module or chunk it does not define`);
    areas.set(m[1], [own, ...deps.map((d) => chunks.get(d))]);
  }
  const exported = [...loader.matchAll(/^export const __wasm_split_load_(\w+) = /gm)].length;
  if (!areas.size || areas.size !== exported) throw new SplitShapeError('the loader defines its split loads in a shape this step cannot read');
  return areas;
}
