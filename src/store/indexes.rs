//! The declared indexes on the device, from the registry: every row of the `records` store
//! carries `keys`, an array of `[kind, field, value]` under one multi-entry IndexedDB index
//! (`by_key`), so a query by any declared index (cases by status, follow-ups due by date, a
//! case's contacts by `parent_id`) reads only the rows it returns. A kind that declares a new
//! index needs no new IndexedDB version: when the registry's index list changes, `reindex`
//! recomputes the keys of every stored row once, on open.

use posko_core::kit::Indexes;
use posko_core::sync::Value;
use rexie::{KeyRange, TransactionMode};
use wasm_bindgen::JsValue;

use posko_core::sync::{Record, SyncRecord};

use super::records::StoredRecord;
use super::schema::{META, OUTBOX, RECORDS, RECORDS_BY_KEY, REFUSALS, SUMMARIES};
use super::{finish, from_js, keyed, keyed_value, LocalRecord, Store, StoreError, Typed};
use crate::js_codec::{property, ToJs};

/// The property of a stored row that the `by_key` index reads.
pub const KEYS: &str = "keys";
const FINGERPRINT_KEY: &str = "index_fingerprint";

/// The standard kinds' indexes as JSON text and their fingerprint, written by `build.rs` from
/// the declarations (`Indexes::json`, `Indexes::fingerprint`): the first load carries this
/// one string instead of a static per kind (each kind then costs it its names alone).
mod generated {
    include!(concat!(env!("OUT_DIR"), "/indexes.rs"));
}

/// An indexed value as an IndexedDB key: booleans are not keys, so they are stored as 0 and 1;
/// an empty value is not indexed.
pub fn key_value(value: &Value) -> Option<JsValue> {
    match value {
        Value::Null => None,
        Value::Bool(b) => Some(JsValue::from_f64(f64::from(u8::from(*b)))),
        Value::Int(i) => Some(i.to_js()),
        Value::Text(t) => Some(JsValue::from_str(t)),
    }
}

#[wasm_bindgen::prelude::wasm_bindgen(module = "/src/store/rows.js")]
extern "C" {
    #[wasm_bindgen(js_name = poskoIndexKeys)]
    fn index_keys(record: &JsValue, declared: &JsValue) -> js_sys::Array;
    #[wasm_bindgen(js_name = poskoPulledRows)]
    fn pulled_rows(records: &js_sys::Array, declared: &JsValue) -> js_sys::Array;
    // Values cross as `JsValue`s: the build passes the module this file's functions directly
    // (tools/split-module.mjs), which a `&str` would put an adapter in front of.
    #[wasm_bindgen(js_name = poskoDeclaredIndexes)]
    fn declared_indexes(json: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = poskoChildKinds)]
    fn child_kinds(declared: &JsValue, kind: &JsValue) -> js_sys::Array;
    #[wasm_bindgen(js_name = poskoSummarisedAny)]
    fn summarised_any(rows: &js_sys::Array, summarised: &JsValue) -> bool;
    #[wasm_bindgen(js_name = poskoSummariesApply)]
    fn summaries_apply(buckets: &js_sys::Array, rows: &js_sys::Array, summarised: &JsValue) -> js_sys::Array;
    #[wasm_bindgen(js_name = poskoSummariesForget)]
    fn summaries_forget(buckets: &js_sys::Array, ids: &js_sys::Array) -> js_sys::Array;
    #[wasm_bindgen(js_name = poskoSummaries)]
    fn summary_texts(buckets: &js_sys::Array) -> js_sys::Array;
}
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = JSON, js_name = stringify)]
    fn JSON_stringify(v: &JsValue) -> JsValue;
}

/// The kinds a screen shows in thousands, summarised also in the `summaries` store
/// (`schema::SUMMARIES`), each with the field its summaries are grouped by (one summary row a
/// value: a tracer's contacts; `""`: one row):
/// a tracer's contacts, and the cases whose revision each contact is judged by.
pub const SUMMARISED: [(&str, &str); 2] = [("case", ""), ("close_contact", "tracer")];
/// Counted into the fingerprint `reindex` compares, so the summaries are made again when
/// `SUMMARISED` or the summaries' shape changes: raise it then.
const SUMMARIES_REVISION: u32 = 1;

/// A list of kinds' indexes as `rows.js` reads them, made once per store from their JSON text
/// (`Indexes::json`): `{envelope: [field, ...], kinds: Map(kind => its indexed fields),
/// children: Map(kind => its child kinds)}`, with the list's fingerprint.
pub struct DeclaredIndexes {
    js: JsValue,
    fingerprint: u32,
    /// `SUMMARISED`, as an array for `rows.js`.
    summarised: JsValue,
}

impl DeclaredIndexes {
    /// The kinds the app ships with (`Indexes::standard()`, as `build.rs` wrote them).
    pub fn standard() -> DeclaredIndexes {
        DeclaredIndexes {
            js: declared_indexes(&JsValue::from_str(generated::INDEXES_JSON)),
            fingerprint: generated::INDEXES_FINGERPRINT,
            summarised: summarised(),
        }
    }

    /// Another list (a test's fixtures): the same reading of the same text.
    pub fn of(kinds: Indexes) -> DeclaredIndexes {
        DeclaredIndexes {
            js: declared_indexes(&JsValue::from_str(&kinds.json())),
            fingerprint: kinds.fingerprint(),
            summarised: summarised(),
        }
    }

    /// What the rows of the records' store and of the summaries are made for: the declared
    /// indexes, and which kinds are summarised.
    pub fn fingerprint(&self) -> u32 {
        self.fingerprint ^ SUMMARIES_REVISION.wrapping_mul(0x9e37_79b9)
    }

    /// Whether any of `rows` (records' rows) is of a summarised kind.
    pub fn any_summarised(&self, rows: &js_sys::Array) -> bool {
        summarised_any(rows, &self.summarised)
    }

    /// `buckets` (the summary rows of the kinds concerned) after `rows` are stored: those that changed.
    pub fn summaries_after(&self, buckets: &js_sys::Array, rows: &js_sys::Array) -> js_sys::Array {
        summaries_apply(buckets, rows, &self.summarised)
    }

    /// The kinds declared children of `kind`.
    pub fn children_of(&self, kind: &str) -> Vec<String> {
        child_kinds(&self.js, &JsValue::from_str(kind))
            .iter()
            .filter_map(|k| k.as_string())
            .collect()
    }

    /// The index keys of `record` (a `Record` in its JSON shape), each `[kind, field, value]`
    /// with values as `key_value` makes them. A deleted record has none, so no query returns it;
    /// a kind this app does not know is indexed by its envelope only.
    pub fn keys_of(&self, record: &JsValue) -> js_sys::Array {
        index_keys(record, &self.js)
    }

    /// A pulled page's records as new rows `{id, record, keys}`, with the greatest stamp among
    /// their fields (`""` for none) and the least and greatest of their ids (`None` for an
    /// empty page).
    pub fn pulled_rows(&self, records: &js_sys::Array) -> PulledRows {
        let made = pulled_rows(records, &self.js);
        PulledRows {
            rows: made.get(0).into(),
            latest: made.get(1).as_string().unwrap_or_default(),
            ids: (records.length() > 0).then(|| (made.get(2), made.get(3))),
        }
    }
}

/// `DeclaredIndexes::pulled_rows`' answer.
pub struct PulledRows {
    pub rows: js_sys::Array,
    pub latest: String,
    /// The least and greatest id of the page.
    pub ids: Option<(JsValue, JsValue)>,
}

fn summarised() -> JsValue {
    let summarised = js_sys::Object::new();
    for (kind, by) in SUMMARISED {
        let _ = js_sys::Reflect::set(&summarised, &JsValue::from_str(kind), &JsValue::from_str(by));
    }
    summarised.into()
}

/// The summary rows (of `schema::SUMMARIES`) that held any of `ids`, each without them: to put.
pub fn summaries_without(buckets: &js_sys::Array, ids: &js_sys::Array) -> js_sys::Array {
    summaries_forget(buckets, ids)
}

/// Sets `keys` on a stored row (`{id, record}`) from its record.
pub fn with_keys(declared: &DeclaredIndexes, row: &JsValue, op: &'static str) -> Result<(), StoreError> {
    let keys = declared.keys_of(&property(row, "record"));
    js_sys::Reflect::set(row, &JsValue::from_str(KEYS), &keys)
        .map(|_| ())
        .map_err(|_| StoreError::new(op, "DataError", "cannot index a record"))
}

/// The key range of `[kind, field, from]` to `[kind, field, to]`, both included.
pub fn range(kind: &str, field: &str, from: &JsValue, to: &JsValue) -> Result<KeyRange, idb::Error> {
    let at = |value: &JsValue| js_sys::Array::of3(&JsValue::from_str(kind), &JsValue::from_str(field), value);
    KeyRange::bound(&at(from), &at(to), Some(false), Some(false))
}

impl Store {
    /// The records of `kind` whose indexed `field` (declared `index()`, or `owner_id` and
    /// `parent_id`) lies between `from` and `to`, both included, in index order, with their
    /// sync states. Reads only the rows it returns.
    pub async fn query(
        &self,
        kind: &str,
        field: &str,
        from: &Value,
        to: &Value,
    ) -> Result<Vec<LocalRecord>, StoreError> {
        const OP: &str = "query records";
        let err = |e| StoreError::from_rexie(OP, e);
        let (Some(from), Some(to)) = (key_value(from), key_value(to)) else {
            return Ok(Vec::new());
        };
        let range = range(kind, field, &from, &to).map_err(|e| err(rexie::Error::IdbError(e)))?;
        let tx = self.tx(&[RECORDS, OUTBOX, REFUSALS], TransactionMode::ReadOnly, OP)?;
        let rows = tx
            .store(RECORDS)
            .map_err(err)?
            .index(RECORDS_BY_KEY)
            .map_err(err)?
            .get_all(Some(range), None)
            .await
            .map_err(err)?;
        let records = rows
            .iter()
            .map(|row| from_js::<StoredRecord>(OP, row).map(|stored| stored.record))
            .collect::<Result<Vec<_>, _>>()?;
        Self::with_sync_states(&tx, records, OP).await
    }

    /// The records whose `field` equals `value`.
    pub async fn query_eq(&self, kind: &str, field: &str, value: &Value) -> Result<Vec<LocalRecord>, StoreError> {
        self.query(kind, field, value, value).await
    }

    /// Every record of `kind` on the device, oldest first (by id), with their sync states.
    pub async fn all_of(&self, kind: &str) -> Result<Vec<LocalRecord>, StoreError> {
        self.query(
            kind,
            "id",
            &Value::Text(String::new()),
            &Value::Text("\u{10ffff}".into()),
        )
        .await
    }

    /// The records whose parent is `parent`, of every kind the registry declares as its child.
    pub async fn children(&self, parent: &Record) -> Result<Vec<LocalRecord>, StoreError> {
        let mut found = Vec::new();
        let parent_id = Value::Text(parent.id.clone());
        for kind in self.declared.children_of(&parent.kind) {
            found.extend(self.query_eq(&kind, "parent_id", &parent_id).await?);
        }
        Ok(found)
    }

    /// `query` read as records of `T`; one that no longer reads as its type is skipped.
    pub async fn query_typed<T: SyncRecord>(
        &self,
        field: &str,
        from: &Value,
        to: &Value,
    ) -> Result<Vec<Typed<T>>, StoreError> {
        let found = self.query(T::KIND, field, from, to).await?;
        Ok(found
            .into_iter()
            .filter_map(|local| {
                T::from_record(&local.record).ok().map(|value| Typed {
                    value,
                    sync: local.sync,
                })
            })
            .collect())
    }

    /// The records of a summarised kind (`SUMMARISED`) in the summary row of `value` of the field
    /// the kind is grouped by (a tracer's contacts), or in every row of the kind (`None`), as their
    /// type, read from the `summaries` store: their values without stamps or sync states, for a list that
    /// reads thousands (a tracer's day). Never to be saved back: a record to edit is read whole
    /// (`record`). A record that no longer reads as `T` is left out.
    pub async fn summaries<T: SyncRecord>(&self, value: Option<&str>) -> Result<Vec<T>, StoreError> {
        const OP: &str = "read summaries";
        let err = |e| StoreError::from_rexie(OP, e);
        let key = |value: &str| JsValue::from_str(&format!("{}\u{0}{value}", T::KIND));
        let tx = self.tx(&[SUMMARIES], TransactionMode::ReadOnly, OP)?;
        let summaries = tx.store(SUMMARIES).map_err(err)?;
        let buckets: js_sys::Array = match value {
            Some(value) => summaries
                .get(key(value))
                .await
                .map_err(err)?
                .into_iter()
                .filter(|b| !b.is_undefined())
                .collect(),
            None => {
                let range = KeyRange::bound(&key(""), &key("\u{10ffff}"), Some(false), Some(false))
                    .map_err(|e| err(rexie::Error::IdbError(e)))?;
                summaries
                    .get_all(Some(range), None)
                    .await
                    .map_err(err)?
                    .into_iter()
                    .collect()
            }
        };
        Ok(summary_texts(&buckets)
            .iter()
            .filter_map(|text| text.as_string())
            .filter_map(|text| crate::js_codec::summary_record(&text))
            .filter_map(|record| T::from_record(&record).ok())
            .collect())
    }

    /// Keeps the summaries of summarised kinds as `rows` (records' rows, as stored) leave them, in `tx`.
    pub(super) async fn follow_summaries(
        &self,
        tx: &rexie::Transaction,
        rows: &js_sys::Array,
        op: &'static str,
    ) -> Result<(), StoreError> {
        if !self.declared.any_summarised(rows) {
            return Ok(());
        }
        self.rewrite_summaries(tx, op, |buckets| self.declared.summaries_after(buckets, rows))
            .await
    }

    /// Takes `ids` out of the summary rows that held them, in `tx`.
    pub(super) async fn forget_in_summaries(
        &self,
        tx: &rexie::Transaction,
        ids: &js_sys::Array,
        op: &'static str,
    ) -> Result<(), StoreError> {
        self.rewrite_summaries(tx, op, |buckets| summaries_without(buckets, ids))
            .await
    }

    /// Reads every summary row, and puts back those `change` answers (the ones it changed), in `tx`.
    async fn rewrite_summaries(
        &self,
        tx: &rexie::Transaction,
        op: &'static str,
        change: impl FnOnce(&js_sys::Array) -> js_sys::Array,
    ) -> Result<(), StoreError> {
        let err = |e| StoreError::from_rexie(op, e);
        let summaries = tx.store(SUMMARIES).map_err(err)?;
        let buckets: js_sys::Array = summaries.get_all(None, None).await.map_err(err)?.into_iter().collect();
        let changed = change(&buckets);
        summaries
            .put_all(changed.iter().map(|row| (row, None)))
            .await
            .map_err(err)
    }

    /// Recomputes every row's keys when the registry's indexes are not those the rows were
    /// indexed for (the first open after an upgrade, or a new declaration), in one transaction.
    pub(super) async fn reindex(&self) -> Result<(), StoreError> {
        const OP: &str = "index records";
        let rexie = |e| StoreError::from_rexie(OP, e);
        let wanted = self.declared.fingerprint();
        let tx = self.tx(&[RECORDS, SUMMARIES, META], TransactionMode::ReadWrite, OP)?;
        let meta = tx.store(META).map_err(rexie)?;
        let indexed: Option<u32> = keyed_value(OP, meta.get(FINGERPRINT_KEY.into()).await.map_err(rexie)?)?;
        if indexed == Some(wanted) {
            return finish(tx, OP).await;
        }
        let records = tx.store(RECORDS).map_err(rexie)?;
        let rows = records.get_all(None, None).await.map_err(rexie)?;
        for row in &rows {
            with_keys(&self.declared, row, OP)?;
        }
        // The summaries made again from the records.
        let summaries = tx.store(SUMMARIES).map_err(rexie)?;
        summaries.clear().await.map_err(rexie)?;
        let made = self
            .declared
            .summaries_after(&js_sys::Array::new(), &rows.iter().collect());
        summaries
            .put_all(made.iter().map(|row| (row, None)))
            .await
            .map_err(rexie)?;
        records
            .put_all(rows.into_iter().map(|row| (row, None)))
            .await
            .map_err(rexie)?;
        meta.put(&keyed(FINGERPRINT_KEY, &wanted), None).await.map_err(rexie)?;
        finish(tx, OP).await
    }
}
