//! The local store: every read and write the UI makes goes here, never to the network.
//!
//! A record write and its outbox entry are one IndexedDB transaction, so a record can never be
//! saved without being queued for sync, nor queued without being saved. The sync engine's
//! writes (acknowledgements, pulled pages with their cursor) are each one transaction too.

mod error;
pub mod indexes;
mod migrations;
mod photos;
mod records;
pub mod schema;

pub use error::StoreError;
pub use photos::{Photo, UnsentPhoto};
pub use records::{LocalRecord, OutboxEntry, PushBatch, SyncState, Typed};

use std::cell::RefCell;

use posko_core::api::LoginResponse;
use posko_core::kit::Indexes;
use posko_core::sync::Clock;
use rexie::{Rexie, TransactionMode};
use wasm_bindgen::JsValue;

use crate::js_codec::{property, FromJs, JsObject, Malformed, ToJs};

pub const DEFAULT_DB_NAME: &str = "posko";

/// A `meta` or `session` entry: `{key, value}`, the key being the store's key path.
pub(crate) fn keyed(key: &str, value: &(impl ToJs + ?Sized)) -> JsValue {
    JsObject::new()
        .set("key", key.to_js())
        .set("value", value.to_js())
        .build()
}

pub struct Store {
    db: Rexie,
    device_id: String,
    /// This device's hybrid logical clock. Every change that ticks it writes it back in the
    /// same transaction, so a restart never reuses a stamp.
    clock: RefCell<Clock>,
    /// The record kinds this app knows, as the code that computes rows' index keys reads them.
    declared: indexes::DeclaredIndexes,
    /// Told after every local change is committed (a save, a discard), never after the sync
    /// engine's own writes: the sync engine listens, so no screen has to remember to call it.
    listener: RefCell<Option<Box<dyn Fn()>>>,
}

/// The value of a `{key, value}` entry read from `meta` or `session`, or `None` if there was none.
pub(crate) fn keyed_value<T: FromJs>(operation: &'static str, entry: Option<JsValue>) -> Result<Option<T>, StoreError> {
    records::present(entry)
        .map(|entry| from_js(operation, &property(&entry, "value")))
        .transpose()
}

/// Reads a stored value as `T`; a value of another shape is a `DataError` naming the property.
pub(crate) fn from_js<T: FromJs>(operation: &'static str, value: &JsValue) -> Result<T, StoreError> {
    T::from_js(value)
        .map_err(|Malformed(name)| StoreError::new(operation, "DataError", format!("unexpected shape at '{name}'")))
}

/// Waits for the transaction to end and reports an abort as an error (a quota error, say,
/// aborts the whole transaction: neither the record nor its outbox entry is kept).
pub(crate) async fn finish(tx: rexie::Transaction, operation: &'static str) -> Result<(), StoreError> {
    let result = tx.done().await.map_err(|e| StoreError::from_rexie(operation, e))?;
    if result.is_committed() {
        Ok(())
    } else {
        Err(StoreError::new(operation, "AbortError", "the transaction was aborted"))
    }
}

impl Store {
    /// Starts a transaction over `stores`; a failure names `operation`.
    pub(crate) fn tx(
        &self,
        stores: &[&str],
        mode: TransactionMode,
        operation: &'static str,
    ) -> Result<rexie::Transaction, StoreError> {
        self.db
            .transaction(stores, mode)
            .map_err(|e| StoreError::from_rexie(operation, e))
    }

    /// Opens (creating or upgrading) the database and runs any pending data migrations.
    pub async fn open(name: &str) -> Result<Store, StoreError> {
        Store::open_declared(name, indexes::DeclaredIndexes::standard()).await
    }

    /// `open` for a test that knows the kinds of `kinds`.
    pub async fn open_with(name: &str, kinds: Indexes) -> Result<Store, StoreError> {
        Store::open_declared(name, indexes::DeclaredIndexes::of(kinds)).await
    }

    async fn open_declared(name: &str, declared: indexes::DeclaredIndexes) -> Result<Store, StoreError> {
        let db = schema::current(name)
            .build()
            .await
            .map_err(|e| StoreError::from_rexie("open", e))?;
        let device_id = migrations::run(&db).await?;
        let store = Store {
            db,
            clock: RefCell::new(Clock::new(&device_id)),
            device_id,
            declared,
            listener: RefCell::new(None),
        };
        store.reindex().await?;
        if let Some(clock) = store.get_keyed::<Clock>(schema::META, "clock", "read clock").await? {
            *store.clock.borrow_mut() = clock;
        }
        Ok(store)
    }

    /// Sets who is told of every local change (one listener: the sync engine).
    pub fn on_local_change(&self, listener: impl Fn() + 'static) {
        *self.listener.borrow_mut() = Some(Box::new(listener));
    }

    fn announce(&self) {
        if let Some(listener) = &*self.listener.borrow() {
            listener();
        }
    }

    pub fn device_id(&self) -> &str {
        &self.device_id
    }

    pub fn clock(&self) -> Clock {
        self.clock.borrow().clone()
    }

    /// Closes the connection, so another version of the app (or a test) can upgrade it.
    pub fn close(self) {
        self.db.close();
    }

    pub async fn session(&self) -> Result<Option<LoginResponse>, StoreError> {
        self.get_keyed(schema::SESSION, "current", "read session").await
    }

    /// Keeps a session as the server sent it (a `LoginResponse` in JSON).
    pub async fn set_session(&self, session: &JsValue) -> Result<(), StoreError> {
        self.put_keyed(schema::SESSION, "current", session, "save session")
            .await
    }

    /// The offices the kept session lists for an agency-wide user (`LoginResponse::offices`);
    /// none for a session kept before the server sent them.
    pub async fn session_offices(&self) -> Result<Vec<posko_core::api::OfficeRef>, StoreError> {
        let offices = self.session_part("offices").await?;
        match wasm_bindgen::JsCast::dyn_into::<js_sys::Array>(offices) {
            Ok(list) => list.iter().map(|o| from_js("read session", &o)).collect(),
            Err(_) => Ok(Vec::new()),
        }
    }

    /// The region of the kept session's agency (`LoginResponse::region`): `""` for a session
    /// kept before the server sent it.
    pub async fn session_region(&self) -> Result<String, StoreError> {
        Ok(self.session_part("region").await?.as_string().unwrap_or_default())
    }

    /// A part of the kept session as the server sent it (`undefined` when absent): what the
    /// first load does not decode (`LoginResponse`'s `FromJs` leaves it out).
    async fn session_part(&self, name: &str) -> Result<JsValue, StoreError> {
        const OP: &str = "read session";
        let tx = self.tx(&[schema::SESSION], TransactionMode::ReadOnly, OP)?;
        let store = tx.store(schema::SESSION).map_err(|e| StoreError::from_rexie(OP, e))?;
        let entry = store
            .get("current".into())
            .await
            .map_err(|e| StoreError::from_rexie(OP, e))?;
        Ok(records::present(entry).map_or(JsValue::UNDEFINED, |e| property(&property(&e, "value"), name)))
    }

    pub async fn clear_session(&self) -> Result<(), StoreError> {
        const OP: &str = "clear session";
        let tx = self.tx(&[schema::SESSION], TransactionMode::ReadWrite, OP)?;
        let store = tx.store(schema::SESSION).map_err(|e| StoreError::from_rexie(OP, e))?;
        store
            .delete("current".into())
            .await
            .map_err(|e| StoreError::from_rexie(OP, e))?;
        finish(tx, OP).await?;
        Ok(())
    }

    /// A value kept in `meta` (sync cursor, last sync time), or `None` if never written.
    pub async fn meta<T: FromJs>(&self, key: &str) -> Result<Option<T>, StoreError> {
        self.get_keyed(schema::META, key, "read meta").await
    }

    pub async fn set_meta(&self, key: &str, value: &impl ToJs) -> Result<(), StoreError> {
        self.put_keyed(schema::META, key, value, "save meta").await
    }

    async fn get_keyed<T: FromJs>(
        &self,
        store_name: &str,
        key: &str,
        op: &'static str,
    ) -> Result<Option<T>, StoreError> {
        let tx = self.tx(&[store_name], TransactionMode::ReadOnly, op)?;
        let store = tx.store(store_name).map_err(|e| StoreError::from_rexie(op, e))?;
        keyed_value(
            op,
            store.get(key.into()).await.map_err(|e| StoreError::from_rexie(op, e))?,
        )
    }

    async fn put_keyed(
        &self,
        store_name: &str,
        key: &str,
        value: &impl ToJs,
        op: &'static str,
    ) -> Result<(), StoreError> {
        let tx = self.tx(&[store_name], TransactionMode::ReadWrite, op)?;
        let store = tx.store(store_name).map_err(|e| StoreError::from_rexie(op, e))?;
        store
            .put(&keyed(key, value), None)
            .await
            .map_err(|e| StoreError::from_rexie(op, e))?;
        finish(tx, op).await?;
        Ok(())
    }
}
