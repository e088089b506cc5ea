// Tests for tools/shrink-module.mjs on a small module and glue shaped as wasm-bindgen writes them:
// the shrunk pair must still link and run, and lose exactly what nothing could reach.
// Run by the test command: `node --test tests/tools/`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compile } from './wat.mjs';
import { GlueShapeError, shrinkModule } from '../../tools/shrink-module.mjs';
import { customSectionNames, name, uleb } from '../../tools/wasm-sections.mjs';

// Two imports: `log` is called from the start function, `pull_chunk` only from an export that
// only an exported class (as wasm-streams' are) calls.
const WAT = `(module
  (import "./posko_bg.js" "__wbg_log_5f971cbc6950ca4f" (func $log (param i32)))
  (import "./posko_bg.js" "__wbg_pull_chunk_0123456789abcdef" (func $pull_chunk (param i32)))
  (memory (export "memory") 1)
  (func (export "__wbindgen_start") (call $log (i32.const 42)))
  (func (export "add_one") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func (export "intounderlyingsource_pull") (param i32) (call $pull_chunk (local.get 0)))
  (func (export "__wbg_intounderlyingsource_free") (param i32 i32)))`;

const GLUE = `let wasm;
export class IntoUnderlyingSource {
    free() {
        IntoUnderlyingSourceFinalization.unregister(this);
        wasm.__wbg_intounderlyingsource_free(this.__wbg_ptr, 0);
    }
    pull(controller) {
        return wasm.intounderlyingsource_pull(this.__wbg_ptr, controller);
    }
}
if (Symbol.dispose) IntoUnderlyingSource.prototype[Symbol.dispose] = IntoUnderlyingSource.prototype.free;
const IntoUnderlyingSourceFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_intounderlyingsource_free(ptr, 1));
function __wbg_get_imports(logged) {
    const import0 = {
        __proto__: null,
        __wbg_log_5f971cbc6950ca4f: function(arg0) {
            logged.push(arg0);
        },
        __wbg_pull_chunk_0123456789abcdef: function(arg0) {
            throw new Error('pull_chunk ' + arg0);
        },
    };
    return {
        __proto__: null,
        "./posko_bg.js": import0,
    };
}
export function start(bytes, logged) {
    wasm = new WebAssembly.Instance(new WebAssembly.Module(bytes), __wbg_get_imports(logged)).exports;
    wasm.__wbindgen_start();
}
export function addOne(n) {
    return wasm.add_one(n);
}
export function memoryBytes() {
    return wasm.memory.buffer.byteLength;
}
`;


const load = (glue) => import(`data:text/javascript,${encodeURIComponent(glue)}`);

test('the shrunk module and glue still link and run', async () => {
  const { wasm, glue } = shrinkModule(compile(WAT), GLUE);
  const logged = [];
  const shrunk = await load(glue);
  shrunk.start(wasm, logged);
  assert.deepEqual(logged, [42]);
  assert.equal(shrunk.addOne(41), 42);
  assert.equal(shrunk.memoryBytes(), 65536);
});

test('exported classes go, with what only they used, in the glue and in the module', () => {
  const { wasm, glue } = shrinkModule(compile(WAT), GLUE);
  for (const gone of ['IntoUnderlyingSource', 'FinalizationRegistry', 'intounderlying', 'pull_chunk']) {
    assert.ok(!glue.includes(gone), `the glue still mentions ${gone}:\n${glue}`);
  }
  const module = new WebAssembly.Module(wasm);
  assert.equal(WebAssembly.Module.imports(module).length, 1, 'pull_chunk is no longer imported');
  assert.equal(WebAssembly.Module.exports(module).length, 3, 'memory, start and add_one are left');
});

test("the shrunk module carries none of the tools' notes (custom sections)", () => {
  const note = (title, payload) => {
    const content = Buffer.concat([name(title), Buffer.from(payload)]);
    return Buffer.concat([Buffer.from([0]), uleb(content.length), content]);
  };
  const noted = Buffer.concat([compile(WAT), note('producers', [0]), note('target_features', [0])]);
  assert.deepEqual(customSectionNames(noted), ['producers', 'target_features']);
  const { wasm } = shrinkModule(noted, GLUE);
  assert.deepEqual(customSectionNames(wasm), []);
});

test('names shared by the module and the glue are shortened', () => {
  const { wasm, glue } = shrinkModule(compile(WAT), GLUE);
  const module = new WebAssembly.Module(wasm);
  for (const { name } of [...WebAssembly.Module.imports(module), ...WebAssembly.Module.exports(module)]) {
    assert.ok(name.length <= 2, `${name} was not shortened`);
  }
  assert.ok(!glue.includes('5f971cbc6950ca4f'));
  assert.ok(!glue.includes('wasm.add_one'));
});

test('a glue reading an export the module lacks is refused', () => {
  const reads = GLUE.replace('wasm.add_one(n)', 'wasm.add_two(n)');
  assert.throws(() => shrinkModule(compile(WAT), reads), GlueShapeError);
});

test('a glue without one property per import is refused', () => {
  const twice = GLUE.replace(
    '__wbg_pull_chunk_0123456789abcdef: function(arg0) {',
    '__wbg_pull_chunk_0123456789abcdef: 1, __wbg_pull_chunk_0123456789abcdef: function(arg0) {'
  );
  assert.throws(() => shrinkModule(compile(WAT), twice), GlueShapeError);
});
