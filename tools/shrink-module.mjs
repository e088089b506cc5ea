// Shrinks a wasm-bindgen module and its glue together, after the build's first wasm-opt round: drops what no caller can reach, shortens the names the two share, optimises once more.
//
// Each step checks the glue has the shape it expects and fails the build otherwise, so a new
// wasm-bindgen whose glue looks different stops here instead of shipping a module that cannot
// link. Steps, in order:
//
// 1. Exported classes go. The app exports no class of its own: the ones in the glue come from
//    a dependency's `#[wasm_bindgen]` structs (wasm-streams, through leptos' server functions,
//    which Posko does not use). Nothing imports them, since index.html only calls `init`.
// 2. The module keeps only the exports the remaining glue reads (`wasm.<name>`); wasm-opt then
//    removes the code they alone reached, and the imports that code alone called.
// 3. Import and export names become short (binaryen's `--minify-imports-and-exports-and-modules`),
//    and the glue follows the mapping it prints: import names are keys of the glue's import
//    object, exports are read as `wasm.<name>`, the one import module gets its new name. The glue
//    loses the import functions the module no longer imports.
// 4. A second optimisation round (flatten, rereloop, -Os) over the already optimised code.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'acorn';
import { rewriteSections, uleb } from './wasm-sections.mjs';

const WASM_OPT = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '.bin', 'wasm-opt');
const FEATURES = ['bulk-memory', 'nontrapping-float-to-int', 'reference-types', 'sign-ext', 'mutable-globals'];
// Flattening and re-running the relooper over code -Os already optimised finds 1.3 kB (brotli)
// that -Os alone leaves. The two flags repeat the promises of the first round (tools/build.mjs).
// A module's last round also drops the tools' notes (`producers`: which compiler and splitter;
// `target_features`: for linkers, and for wasm-opt, which reads from it which features it may
// use, so only the last round may drop it): no browser reads them, and every module carried
// about 200 bytes of them (1.6 kB brotli over the build, 0.8 kB of an employee's first day;
// measured 2026-12-07). tools/build.mjs fails if a shipped module still has a custom section.
export const STRIP_NOTES = ['--strip-producers', '--strip-target-features'];
const SECOND_ROUND = ['--flatten', '--rereloop', '-Os', '--low-memory-unused', '--ignore-implicit-traps', ...STRIP_NOTES];

/** Thrown when the glue does not look as this step expects. */
export class GlueShapeError extends Error {}

/** Returns the shrunk `{ wasm, glue }` for a wasm-bindgen (`--target web`) module and its glue. */
export function shrinkModule(wasm, glue) {
  glue = dropExportedClasses(glue);
  const read = exportsRead(glue);
  const module = new WebAssembly.Module(wasm);
  const exported = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
  const missing = [...read].filter((name) => !exported.has(name));
  if (missing.length) throw new GlueShapeError(`the glue reads exports the module lacks: ${missing.join(', ')}`);
  const imported = WebAssembly.Module.imports(module).map((i) => i.name);

  const { wasm: optimised, mapping: printed } = optimise(keepExports(wasm, read));
  const optimisedImports = WebAssembly.Module.imports(new WebAssembly.Module(optimised));
  // The mapping is printed before the optimisation round, which may drop more imports.
  const left = new Set(optimisedImports.map((i) => i.name));
  const mapping = { ...printed, imports: printed.imports.filter(([, , to]) => left.has(to)) };
  const kept = new Set(mapping.imports.map(([, from]) => from));
  glue = dropImports(
    glue,
    imported.filter((name) => !kept.has(name))
  );
  glue = rename(glue, optimisedImports, mapping);
  return { wasm: optimised, glue };
}

/** The glue without its exported classes and the top-level statements that only served them. */
function dropExportedClasses(glue) {
  const body = parseModule(glue).body;
  const dropped = new Set();
  const gone = new Set();
  for (const node of body) {
    if (node.type === 'ExportNamedDeclaration' && node.declaration?.type === 'ClassDeclaration') {
      dropped.add(node.declaration.id.name);
      gone.add(node);
    }
  }
  // Statements naming a dropped class (`if (Symbol.dispose) X.prototype[...] = ...`) go with it;
  // then declarations nothing left refers to, if a dropped statement referred to them (the
  // classes' FinalizationRegistry objects). Repeat until nothing changes.
  const text = (node) => glue.slice(node.start, node.end);
  const mentions = (node, name) => new RegExp(`(?<![\\w$])${escape(name)}(?![\\w$])`).test(text(node));
  for (let changed = true; changed; ) {
    changed = false;
    for (const node of body) {
      if (gone.has(node)) continue;
      const orphan =
        node.type === 'VariableDeclaration' &&
        node.declarations.every(({ id }) => {
          const name = id.name;
          const users = body.filter((other) => other !== node && mentions(other, name));
          return users.length > 0 && users.every((user) => gone.has(user));
        });
      if (orphan || [...dropped].some((name) => mentions(node, name))) {
        node.declarations?.forEach(({ id }) => dropped.add(id.name));
        gone.add(node);
        changed = true;
      }
    }
  }
  return cut(
    glue,
    [...gone].map((node) => [node.start, node.end])
  );
}

/** The export names the glue reads as `wasm.<name>`. */
function exportsRead(glue) {
  return new Set([...glue.matchAll(/(?<![\w$.])wasm\.([A-Za-z_$][\w$]*)/g)].map((m) => m[1]));
}

/** The glue without the import functions named (properties of its import object). */
function dropImports(glue, names) {
  const wanted = new Set(names);
  const found = [];
  walk(parseModule(glue), (node) => {
    if (node.type !== 'ObjectExpression') return;
    node.properties.forEach((prop) => {
      const key = prop.key?.name ?? prop.key?.value;
      if (prop.type === 'Property' && wanted.has(key)) {
        // The property and the comma after it, if one follows.
        const comma = /^\s*,/.exec(glue.slice(prop.end));
        found.push({ key, range: [prop.start, prop.end + (comma ? comma[0].length : 0)] });
      }
    });
  });
  for (const name of wanted) {
    const count = found.filter(({ key }) => key === name).length;
    if (count !== 1) throw new GlueShapeError(`import ${name} is ${count} properties of the glue, expected one`);
  }
  return cut(
    glue,
    found.map(({ range }) => range)
  );
}

/** The module with only the named exports left. Rewrites the export section, nothing else. */
function keepExports(wasm, keep) {
  return rewriteSections(wasm, 7, (reader) => {
    const entries = [];
    for (let n = reader.leb(); n > 0; n--) {
      const entryStart = reader.at;
      const exported = reader.name();
      reader.byte(); // its kind
      reader.leb(); // its index
      if (keep.has(exported)) entries.push(reader.since(entryStart));
    }
    return Buffer.concat([uleb(entries.length), ...entries]);
  });
}

/** Runs wasm-opt with `args` (and the features the module uses) over `wasm`; returns the result and what it printed. */
export function wasmOpt(wasm, args, printed = {}) {
  const scratch = mkdtempSync(join(tmpdir(), 'posko-shrink-'));
  try {
    const input = join(scratch, 'in.wasm');
    const output = join(scratch, 'out.wasm');
    writeFileSync(input, wasm);
    printed.text = execFileSync(WASM_OPT, [input, ...args, ...FEATURES.map((f) => `--enable-${f}`), '-o', output], {
      encoding: 'utf8',
    });
    return readFileSync(output);
  } finally {
    rmSync(scratch, { recursive: true });
  }
}

/** Runs binaryen's name minification and the second round; returns the module and the mapping. */
function optimise(wasm) {
  const printed = {};
  const optimised = wasmOpt(wasm, ['--minify-imports-and-exports-and-modules', ...SECOND_ROUND], printed);
  return { wasm: optimised, mapping: JSON.parse(printed.text) };
}

/** Applies binaryen's name mapping to the glue, each rename matching exactly as often as expected. */
function rename(glue, imports, mapping) {
  const modules = new Set(mapping.imports.map(([module]) => module));
  if (modules.size !== 1) throw new GlueShapeError(`expected one import module, found ${[...modules].join(', ')}`);
  const [module] = modules;
  const moduleKey = `${JSON.stringify(module)}:`;
  if (glue.split(moduleKey).length !== 2) throw new GlueShapeError(`the import module ${module} is not one key of the glue`);
  const renamed = new Set(imports.map((i) => i.module));
  if (renamed.size !== 1) throw new GlueShapeError(`expected one import module after renaming, found ${[...renamed].join(', ')}`);
  glue = glue.replace(moduleKey, () => `${JSON.stringify([...renamed][0])}:`);
  for (const [, from, to] of mapping.imports) {
    const key = new RegExp(`(?<![\\w$])${escape(from)}(?=\\s*:)`, 'g');
    if ((glue.match(key) || []).length !== 1) throw new GlueShapeError(`import ${from} is not exactly one key of the glue`);
    glue = glue.replace(key, () => to);
  }
  for (const [from, to] of mapping.exports) {
    const use = new RegExp(`(?<![\\w$.])wasm\\.${escape(from)}(?![\\w$])`, 'g');
    glue = glue.replace(use, () => `wasm.${to}`);
  }
  const shortNames = new Set(mapping.exports.map(([, to]) => to));
  const left = [...exportsRead(glue)].filter((name) => !shortNames.has(name));
  if (left.length) throw new GlueShapeError(`the glue reads exports the module no longer has: ${left.join(', ')}`);
  return glue;
}

function parseModule(code) {
  return parse(code, { ecmaVersion: 'latest', sourceType: 'module' });
}

function walk(node, visit) {
  visit(node);
  for (const value of Object.values(node)) {
    for (const child of Array.isArray(value) ? value : [value]) {
      if (child && typeof child.type === 'string') walk(child, visit);
    }
  }
}

/** `code` without the given [start, end) ranges (which do not overlap). */
function cut(code, ranges) {
  let out = code;
  for (const [start, end] of ranges.sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + out.slice(end);
  return out;
}

function escape(name) {
  return name.replace(/[$]/g, '\\$');
}
