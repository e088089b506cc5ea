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
use super::schema::{META, OUTBOX, RECORDS, RECORDS_BY_KEY, REFUSALS};
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
}

/// A list of kinds' indexes as `rows.js` reads them, made once per store from their JSON text
/// (`Indexes::json`): `{envelope: [field, ...], kinds: Map(kind => its indexed fields),
/// children: Map(kind => its child kinds)}`, with the list's fingerprint.
pub struct DeclaredIndexes {
    js: JsValue,
    fingerprint: u32,
}

impl DeclaredIndexes {
    /// The kinds the app ships with (`Indexes::standard()`, as `build.rs` wrote them).
    pub fn standard() -> DeclaredIndexes {
        DeclaredIndexes {
            js: declared_indexes(&JsValue::from_str(generated::INDEXES_JSON)),
            fingerprint: generated::INDEXES_FINGERPRINT,
        }
    }

    /// Another list (a test's fixtures): the same reading of the same text.
    pub fn of(kinds: Indexes) -> DeclaredIndexes {
        DeclaredIndexes {
            js: declared_indexes(&JsValue::from_str(&kinds.json())),
            fingerprint: kinds.fingerprint(),
        }
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

    /// Recomputes every row's keys when the registry's indexes are not those the rows were
    /// indexed for (the first open after an upgrade, or a new declaration), in one transaction.
    pub(super) async fn reindex(&self) -> Result<(), StoreError> {
        const OP: &str = "index records";
        let rexie = |e| StoreError::from_rexie(OP, e);
        let wanted = self.declared.fingerprint;
        let tx = self.tx(&[RECORDS, META], TransactionMode::ReadWrite, OP)?;
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
        records
            .put_all(rows.into_iter().map(|row| (row, None)))
            .await
            .map_err(rexie)?;
        meta.put(&keyed(FINGERPRINT_KEY, &wanted), None).await.map_err(rexie)?;
        finish(tx, OP).await
    }
}
