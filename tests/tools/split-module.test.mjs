// Tests for tools/split-module.mjs on a small main module, split module, glue, loader and snippet shaped as
// wasm-bindgen and wasm-split-cli write them: once merged and shrunk, the main module must still
// fetch the split module, link it to its memory, table and shared globals, and hear back.
// Run by the test command: `node --test tests/tools/`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compile } from './wat.mjs';
import { parse } from 'acorn';
import { areaFiles, merge, moveImports, SplitShapeError } from '../../tools/split-module.mjs';
import { shrinkModule } from '../../tools/shrink-module.mjs';

// The main module asks the loader for the `later` module and passes table slot 1 as the callback;
// the callback reports the outcome and what the split module wrote into the shared memory.
const MAIN = `(module
  (import "./posko_bg.js" "__wbg_log_5f971cbc6950ca4f" (func $log (param i32 i32)))
  (import "./__wasm_split.js" "__wasm_split_load_later" (func $load (param i32 i32)))
  (memory (export "memory") 1)
  (table (export "__indirect_function_table") 4 funcref)
  (global (export "__wasm_split_shared0") (mut i32) (i32.const 77))
  (elem (i32.const 1) $done)
  (func $done (param $data i32) (param $success i32)
    (call $log (local.get $success) (i32.load (i32.const 64))))
  (func (export "__wbindgen_start") (call $load (i32.const 1) (i32.const 0))))`;

// The split module writes the shared global's value into the shared memory when instantiated.
const LATER = `(module
  (import "__wasm_split" "memory" (memory 1))
  (import "__wasm_split" "__indirect_function_table" (table 4 funcref))
  (import "__wasm_split" "__wasm_split_shared0" (global $shared (mut i32)))
  (func $init (i32.store (i32.const 64) (global.get $shared)))
  (start $init))`;

const GLUE = `import * as import1 from "./__wasm_split.js"

let wasm;
function __wbg_get_imports(logged) {
    const import0 = {
        __proto__: null,
        __wbg_log_5f971cbc6950ca4f: function(arg0, arg1) {
            logged.push([arg0, arg1]);
        },
    };
    return {
        __proto__: null,
        "./posko_bg.js": import0,
        "./__wasm_split.js": import1,
    };
}
function initSync(module) {
    if (wasm !== undefined) return wasm;
    throw new Error('initSync without a module');
}
export function start(bytes, logged) {
    wasm = new WebAssembly.Instance(new WebAssembly.Module(bytes), __wbg_get_imports(logged)).exports;
    wasm.__wbindgen_start();
}
export { initSync };
`;

const LOADER = `import { initSync } from "./posko.js";

let sharedImports = undefined;
function getSharedImports() {
    if (sharedImports === undefined) {
        sharedImports = { __wasm_split: {  } };
        const { __indirect_function_table, __wasm_split_shared0, memory,  } = initSync(undefined, undefined);
        Object.assign(sharedImports.__wasm_split, { __indirect_function_table, __wasm_split_shared0, memory,  });
    }
    return sharedImports;
}
function wrapAsyncCb(callee) {
    return async (callbackIndex, callbackData) => {
        let success;
        try {
            await callee();
            success = true;
        } catch (e) {
            success = false;
        } finally {
            const sharedImports = getSharedImports();
            sharedImports.__wasm_split.__indirect_function_table.get(callbackIndex)(callbackData, success);
        }
    }
}
export const __wasm_split_load_later = wrapAsyncCb(async () => {
    const src = fetch(new URL("./split_later.wasm", import.meta.url));
    return WebAssembly.instantiate(await (await src).arrayBuffer(), getSharedImports());
});
`;


// Each run gets a module of its own: the same text would be the same, cached, module instance.
let runs = 0;
const load = (glue) => import(`data:text/javascript,${encodeURIComponent(`${glue}\n// run ${++runs}`)}`);
const SERVED = 'https://posko.test/split_later-0123456789abcdef.wasm';
const parts = () => ({ glue: GLUE, wasm: compile(MAIN), loader: LOADER });

/** Runs the merged, shrunk pair with `fetch` answering `answer(url)`; returns what was logged and fetched. */
async function run(answer) {
  const merged = merge(parts(), () => SERVED);
  const { wasm, glue } = shrinkModule(merged.wasm, merged.glue);
  const logged = [];
  const fetched = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (url) => {
    fetched.push(String(url));
    return answer(String(url));
  };
  try {
    (await load(glue)).start(wasm, logged);
    for (let i = 0; i < 50 && !logged.length; i++) await new Promise((resolve) => setImmediate(resolve));
  } finally {
    globalThis.fetch = realFetch;
  }
  return { logged, fetched };
}

test('merged and shrunk, the main module fetches the split module and links it to its own memory and globals', async () => {
  const { logged, fetched } = await run(() => new Response(compile(LATER)));
  assert.deepEqual(fetched, [SERVED]);
  assert.deepEqual(logged, [[1, 77]], 'success, and the split module read the shared global and wrote the memory');
});

test('a split module that cannot be fetched is reported to the main module as a failure', async () => {
  const { logged } = await run(() => Promise.reject(new TypeError('Failed to fetch')));
  assert.deepEqual(logged, [[0, 0]]);
});

test('the merged glue is one script: no import or export of the loader, its imports from one module', () => {
  const { glue, wasm, fetched } = merge(parts(), () => SERVED);
  assert.deepEqual(fetched, ['split_later.wasm']);
  assert.ok(!glue.includes('__wasm_split.js'), glue);
  parse(glue, { ecmaVersion: 'latest', sourceType: 'module' });
  const modules = new Set(WebAssembly.Module.imports(new WebAssembly.Module(wasm)).map((i) => i.module));
  assert.deepEqual([...modules], ['./posko_bg.js']);
});

test('a loader or glue of another shape is refused', () => {
  const noInitSync = { ...parts(), loader: LOADER.replace('initSync(undefined, undefined)', 'getExports()') };
  assert.throws(() => merge(noInitSync, () => SERVED), SplitShapeError);
  const noNamespace = { ...parts(), glue: GLUE.replace('import * as import1 from "./__wasm_split.js"\n', '') };
  assert.throws(() => merge(noNamespace, () => SERVED), SplitShapeError);
  assert.throws(() => moveImports(compile(MAIN), './elsewhere.js', './posko_bg.js'), SplitShapeError);
});

// Two split loads sharing a chunk, as wasm-split-cli 0.2 writes the loader for several areas.
const fetcher = (file) => `() => {
    const src = fetch(new URL("./${file}", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}`;
const AREA_LOADER = `/* center, home */
const __chunk_4 = makeLoad(${fetcher('chunk_4.wasm')}
, []);
export const __wasm_split_load_home = wrapAsyncCb(makeLoad(${fetcher('split_home.wasm')}
, [__chunk_4]));
export const __wasm_split_load_center = wrapAsyncCb(makeLoad(${fetcher('split_center.wasm')}
, [__chunk_4]));
export const __wasm_split_load_monitoring = wrapAsyncCb(makeLoad(${fetcher('split_monitoring.wasm')}
, []));
`;

test('each area is its own module and the chunks it loads first, exactly as the loader fetches them', () => {
  assert.deepEqual(
    [...areaFiles(AREA_LOADER)],
    [
      ['home', ['split_home.wasm', 'chunk_4.wasm']],
      ['center', ['split_center.wasm', 'chunk_4.wasm']],
      ['monitoring', ['split_monitoring.wasm']],
    ]
  );
});

test('a loader whose areas cannot be read stops the build', () => {
  assert.throws(() => areaFiles(AREA_LOADER.replace('[__chunk_4]));\nexport const __wasm_split_load_center', '[__chunk_9]));\nexport const __wasm_split_load_center')), SplitShapeError);
  assert.throws(() => areaFiles(AREA_LOADER.replaceAll('wrapAsyncCb(makeLoad(', 'wrapAsyncCb(load(')), SplitShapeError);
});

// A JavaScript file the client's Rust names (`#[wasm_bindgen(module = "/src/store/rows.js")]`):
// wasm-bindgen copies it under snippets/, imports it as a namespace once per function, and the
// module imports its functions directly.
const SNIPPET_PATH = './snippets/posko-0123abcd/src/store/rows.js';
const SNIPPET = `// The snippet's own comment.
/** Doubles. */
export function poskoDouble(n) {
  return n * 2;
}
export function poskoTriple(n) {
  return n * 3;
}
`;
const MAIN_WITH_SNIPPET = MAIN.replace(
  '(memory (export "memory") 1)',
  `(import "${SNIPPET_PATH}" "poskoDouble" (func $double (param i32) (result i32)))
  (import "${SNIPPET_PATH}" "poskoTriple" (func $triple (param i32) (result i32)))
  (memory (export "memory") 1)`
).replace('(func (export "__wbindgen_start")', '(func (export "__wbindgen_start") (call $log (call $double (i32.const 21)) (call $triple (i32.const 5)))');
const GLUE_WITH_SNIPPET = GLUE.replace(
  'import * as import1 from "./__wasm_split.js"\n',
  `import * as import1 from "./__wasm_split.js"\nimport * as import2 from "${SNIPPET_PATH}"\nimport * as import3 from "${SNIPPET_PATH}"\n`
).replace('"./__wasm_split.js": import1,\n', `"./__wasm_split.js": import1,\n        "${SNIPPET_PATH}": import2,\n        "${SNIPPET_PATH}": import3,\n`);
const snippetParts = (snippet = SNIPPET) => ({ glue: GLUE_WITH_SNIPPET, wasm: compile(MAIN_WITH_SNIPPET), loader: LOADER, snippets: new Map([[SNIPPET_PATH, snippet]]) });

test('a snippet goes into the glue: merged and shrunk, the main module calls its functions, and nothing imports the file', async () => {
  const merged = merge(snippetParts(), () => SERVED);
  assert.ok(!merged.glue.includes('snippets/'), merged.glue);
  const modules = new Set(WebAssembly.Module.imports(new WebAssembly.Module(merged.wasm)).map((i) => i.module));
  assert.deepEqual([...modules], ['./posko_bg.js']);
  const { wasm, glue } = shrinkModule(merged.wasm, merged.glue);
  const logged = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = async () => Promise.reject(new TypeError('Failed to fetch'));
  try {
    (await load(glue)).start(wasm, logged);
  } finally {
    globalThis.fetch = realFetch;
  }
  assert.deepEqual(logged[0], [42, 15], 'both functions answered through the glue');
});

test('a snippet that is more than exported functions, or that the glue does not import, stops the build', () => {
  assert.throws(() => merge(snippetParts(`${SNIPPET}export const limit = 3;\n`), () => SERVED), SplitShapeError);
  assert.throws(() => merge(snippetParts(`import { x } from './x.js';\n${SNIPPET}`), () => SERVED), SplitShapeError);
  const notImported = { ...snippetParts(), glue: GLUE };
  assert.throws(() => merge(notImported, () => SERVED), SplitShapeError);
});
