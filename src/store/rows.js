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

/** A text as a summary's packed record holds it: the two separators it uses are spaces there
 *  (a summary shows what people typed; no one types those two). */
function poskoSummaryText(text) {
  return String(text).replace(/[\u0001\u0002]/g, ' ');
}

/** A record's values without their stamps packed into one text, as a summary keeps it
 *  (`js_codec::summary_record` reads it): the envelope's six values with `␁` between them, then
 *  each field as `␂name␁` and its value tagged `T` text, `I` number, `B` boolean (1 or 0) or
 *  `N` none. */
function poskoPack(record) {
  const envelope = [record.id, record.kind, record.agency_id, record.office_id, record.owner_id, record.parent_id];
  let packed = envelope.map((v) => (v == null ? '' : poskoSummaryText(v))).join('\u0001');
  const stamped = record.fields;
  if (stamped !== null && typeof stamped === 'object') {
    for (const name of Object.keys(stamped)) {
      const field = stamped[name];
      const v = field !== null && typeof field === 'object' ? field.v : null;
      const tagged =
        typeof v === 'string' ? 'T' + poskoSummaryText(v)
        : typeof v === 'number' ? 'I' + v
        : typeof v === 'boolean' ? (v ? 'B1' : 'B0')
        : 'N';
      packed += '\u0002' + poskoSummaryText(name) + '\u0001' + tagged;
    }
  }
  return packed;
}

/** Whether any of `rows` (`{id, record, keys}`) is of a summarised kind (`summarised`: `{kind:
 *  the field its summaries are grouped by, or ''}`, `indexes::SUMMARISED`). */
export function poskoSummarisedAny(rows, summarised) {
  for (const row of rows) {
    const kind = row !== null && typeof row === 'object' && row.record ? row.record.kind : undefined;
    if (typeof kind === 'string' && Object.hasOwn(summarised, kind)) return true;
  }
  return false;
}

/** The summaries (`buckets`, rows `{id: kind␀value, kind, entries: {record id: packed record}}`:
 *  one per value of the field the kind is summarised by, a tracer's contacts in one row) after
 *  `rows` are stored: each record of a summarised kind taken out of whichever summary row held it and, unless
 *  deleted, packed into the row of its value now (a contact handed to another tracer moves).
 *  Answers the rows that changed, to put. One row a tracer: a day of 5,000 contacts is one read,
 *  where a row each took IndexedDB 64-85 ms however small the rows (2026-12-07). */
export function poskoSummariesApply(buckets, rows, summarised) {
  const byId = new Map();
  for (const bucket of buckets) byId.set(bucket.id, bucket);
  const changed = new Set();
  for (const row of rows) {
    const record = row !== null && typeof row === 'object' ? row.record : undefined;
    if (record === null || typeof record !== 'object' || !Object.hasOwn(summarised, record.kind)) continue;
    for (const bucket of byId.values()) {
      if (bucket.kind === record.kind && Object.hasOwn(bucket.entries, record.id)) {
        delete bucket.entries[record.id];
        changed.add(bucket.id);
      }
    }
    if (record.deleted != null) continue;
    const by = summarised[record.kind];
    const field = by && record.fields ? record.fields[by] : undefined;
    const value = field !== null && typeof field === 'object' && typeof field.v === 'string' ? field.v : '';
    const id = record.kind + '\u0000' + value;
    let bucket = byId.get(id);
    if (bucket === undefined) {
      bucket = { id, kind: record.kind, entries: {} };
      byId.set(id, bucket);
    }
    bucket.entries[record.id] = poskoPack(record);
    changed.add(id);
  }
  return [...changed].map((id) => byId.get(id));
}

/** The summary rows that held any of `ids`, each without them: to put. */
export function poskoSummariesForget(buckets, ids) {
  const changed = [];
  for (const bucket of buckets) {
    let held = false;
    for (const id of ids) {
      if (Object.hasOwn(bucket.entries, id)) {
        delete bucket.entries[id];
        held = true;
      }
    }
    if (held) changed.push(bucket);
  }
  return changed;
}

/** The packed records of `buckets`, every one. */
export function poskoSummaries(buckets) {
  const out = [];
  for (const bucket of buckets) {
    if (bucket && bucket.entries) for (const packed of Object.values(bucket.entries)) out.push(packed);
  }
  return out;
}
