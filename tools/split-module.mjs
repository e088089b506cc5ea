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
// imports all come from one module, as tools/shrink-module.mjs expects. Each step checks the
// shape it rewrites and fails the build otherwise (`SplitShapeError`), so a new wasm-split or
// wasm-bindgen that writes something else stops here.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Thrown when the split tool's or wasm-bindgen's output does not look as this step expects. */
export class SplitShapeError extends Error {}

export const LOADER = '__wasm_split.js';

/**
 * Splits `linked` (a wasm file) into `outDir` and runs wasm-bindgen on the main module.
 * Returns `{ glue, wasm, loader, chunks: Map<file, Buffer> }`.
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
  };
}

/**
 * The glue with the loader inside it, and the main module importing the loader's functions from
 * the glue's own import module. `chunkUrl(file)` names where each split module will be served.
 */
export function merge({ glue, wasm, loader }, chunkUrl) {
  // The glue imports the loader as a namespace, once per split function, and hands it to the
  // module under the loader's file name.
  const namespaces = [...glue.matchAll(/^import \* as (import\d+) from "\.\/__wasm_split\.js";?$/gm)];
  if (!namespaces.length) throw new SplitShapeError('the glue does not import the split loader');
  const mainModule = /^\s*const import0 = \{\n\s*__proto__: null,\n/m.exec(glue);
  const mainKey = /^\s*"(\.\/[\w-]+_bg\.js)": import0,$/m.exec(glue);
  if (!mainModule || !mainKey) throw new SplitShapeError("the glue's import object is not `import0` under its own module");
  const loads = [...loader.matchAll(/^export const (__wasm_split_load_\w+) = /gm)].map((m) => m[1]);
  if (!loads.length) throw new SplitShapeError('the loader exports no load function');

  let merged = glue;
  for (const [line, ns] of namespaces) {
    merged = merged.replace(line + '\n', '');
    const key = new RegExp(`^\\s*"\\./__wasm_split\\.js": ${ns},\\n`, 'm');
    if (!key.test(merged)) throw new SplitShapeError(`the glue does not pass ${ns} to the module`);
    merged = merged.replace(key, '');
  }
  merged = merged.replace(mainModule[0], (head) => head + loads.map((l) => `        ${l}: ${l},\n`).join(''));

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

  return { glue: merged, wasm: moveImports(wasm, `./${LOADER}`, mainKey[1]), fetched };
}

/** The module with every import from module `from` taken from module `to` instead. */
export function moveImports(wasm, from, to) {
  const sections = [wasm.subarray(0, 8)];
  let at = 8;
  let moved = 0;
  const leb = () => {
    let value = 0;
    let shift = 0;
    let byte;
    do {
      byte = wasm[at++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return value;
  };
  const name = () => {
    const length = leb();
    const text = wasm.subarray(at, at + length).toString('utf8');
    at += length;
    return text;
  };
  const limits = () => {
    const flags = wasm[at++];
    leb();
    if (flags & 1) leb();
  };
  while (at < wasm.length) {
    const start = at;
    const id = wasm[at++];
    const size = leb();
    const end = at + size;
    if (id === 2) {
      const entries = [];
      for (let n = leb(); n > 0; n--) {
        const module = name();
        const field = name();
        const descStart = at;
        const kind = wasm[at++];
        if (kind === 0) leb();
        else if (kind === 1) {
          at++;
          limits();
        } else if (kind === 2) limits();
        else if (kind === 3) at += 2;
        else throw new SplitShapeError(`import ${module}.${field} is of kind ${kind}, which this step cannot read`);
        const moduleName = module === from ? to : module;
        if (module === from) moved += 1;
        entries.push(Buffer.concat([str(moduleName), str(field), wasm.subarray(descStart, at)]));
      }
      if (at !== end) throw new SplitShapeError('the import section is not where its size says it ends');
      const section = Buffer.concat([uleb(entries.length), ...entries]);
      sections.push(Buffer.from([2]), uleb(section.length), section);
    } else {
      sections.push(wasm.subarray(start, end));
    }
    at = end;
  }
  if (!moved) throw new SplitShapeError(`the module imports nothing from ${from}`);
  return Buffer.concat(sections);
}

function str(text) {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([uleb(bytes.length), bytes]);
}

function uleb(value) {
  const bytes = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    bytes.push(byte);
  } while (value);
  return Buffer.from(bytes);
}
