// The rows of the `records` store made in JavaScript (src/store/indexes.rs calls it): a row's
// index keys, and a pulled page's rows with the latest stamp among them. Made in Rust, through a
// hundred calls across the wasm boundary per record, a first sync of 20,049 screenings spent
// 883 ms of its main thread in those calls (`node tools/sync-bench.mjs --profile`, 2026-12-07);
// this loop makes the same records' rows in 21 ms in the same Chromium. `declared` is
// `indexes::DeclaredIndexes`, read from the kinds' JSON text by `poskoDeclaredIndexes`:
// `{envelope: [name, ...], kinds: Map(kind => [field, ...]), children: Map(kind => [kind, ...])}`.
// The build puts this file into the glue (tools/split-module.mjs), so it costs the page no
// request.

/** The kinds' indexes as the functions below read them, from their JSON text (`Indexes::json`:
 *  `{"envelope": [field, ...], "kinds": [[kind, parent or null, [field, ...]], ...]}`). */
export function poskoDeclaredIndexes(json) {
  const list = JSON.parse(json);
  const kinds = new Map();
  const children = new Map();
  for (const [kind, parent, fields] of list.kinds) {
    kinds.set(kind, fields);
    if (parent !== null) children.set(parent, (children.get(parent) ?? []).concat([kind]));
  }
  return { envelope: list.envelope, kinds, children };
}

/** The kinds declared children of `kind`. */
export function poskoChildKinds(declared, kind) {
  return declared.children.get(kind) ?? [];
}

/** An indexed value as an IndexedDB key: booleans are not keys, so they are 0 and 1; a text or
 *  a number is itself; anything else (an empty value) is not indexed. As `indexes::key_value`. */
function poskoKeyValue(value) {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' || typeof value === 'number') return value;
  return undefined;
}

/** The index keys of `record` (a `Record` in its JSON shape), each `[kind, field, value]`: the
 *  envelope's, then the kind's declared fields'. A deleted record has none, so no query returns
 *  it; a kind the registry does not know is indexed by its envelope only. */
export function poskoIndexKeys(record, declared) {
  const keys = [];
  if (record === null || typeof record !== 'object' || record.deleted != null) return keys;
  const kind = record.kind;
  if (typeof kind !== 'string') return keys;
  for (const name of declared.envelope) {
    const value = record[name];
    if (typeof value === 'string') keys.push([kind, name, value]);
  }
  const indexed = declared.kinds.get(kind);
  const fields = record.fields;
  if (indexed === undefined || fields === null || typeof fields !== 'object') return keys;
  for (const name of indexed) {
    const field = fields[name];
    const value = field !== null && typeof field === 'object' ? poskoKeyValue(field.v) : undefined;
    if (value !== undefined) keys.push([kind, name, value]);
  }
  return keys;
}

/** A pulled page's records as new rows `{id, record, keys}`, with what storing them needs:
 *  `[rows, latest, low, high]`, `latest` the greatest stamp among the records' fields ('' for
 *  none: stamp order is string order) and `low`/`high` the least and greatest id. */
export function poskoPulledRows(records, declared) {
  const rows = new Array(records.length);
  let latest = '';
  let low;
  let high;
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    const id = record === null || typeof record !== 'object' ? undefined : record.id;
    const fields = id === undefined ? undefined : record.fields;
    if (fields !== null && typeof fields === 'object') {
      for (const name of Object.keys(fields)) {
        const field = fields[name];
        const stamp = field !== null && typeof field === 'object' ? field.s : undefined;
        if (typeof stamp === 'string' && stamp > latest) latest = stamp;
      }
    }
    if (low === undefined || id < low) low = id;
    if (high === undefined || id > high) high = id;
    rows[i] = { id, record, keys: poskoIndexKeys(record, declared) };
  }
  return [rows, latest, low, high];
}
