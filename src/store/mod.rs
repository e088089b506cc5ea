//! The local store: every read and write the UI makes goes here, never to the network.
//!
//! A record write and its outbox entry are one IndexedDB transaction, so a record can never be
//! saved without being queued for sync, nor queued without being saved.

mod error;
mod migrations;
pub mod schema;

pub use error::StoreError;

use posko_core::api::LoginResponse;
use posko_core::Screening;
use rexie::{KeyRange, Rexie, TransactionMode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

pub const DEFAULT_DB_NAME: &str = "posko";

/// Whether the server has this record yet. Refused records keep their reason (issue #3).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncState {
    #[default]
    Pending,
    Synced,
    Refused {
        reason: String,
    },
}

/// A screening as kept on the device: the shared record plus its local sync state. The id is
/// repeated at the top level because it is the object store's key path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocalScreening {
    pub id: String,
    pub record: Screening,
    pub sync: SyncState,
}

/// One queued change, waiting to be pushed. `seq` (the store's auto-increment key) is the
/// device's sequence number: IndexedDB never reuses it, even after entries are deleted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seq: Option<u64>,
    pub store: String,
    pub record_id: String,
    pub device_id: String,
    /// Unix milliseconds when the change was made.
    pub queued_at: f64,
}

#[derive(Serialize, Deserialize)]
struct KeyedValue<T> {
    key: String,
    value: T,
}

pub struct Store {
    db: Rexie,
    device_id: String,
}

fn to_js<T: Serialize>(operation: &'static str, value: &T) -> Result<JsValue, StoreError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| StoreError::from_serde(operation, e))
}

fn from_js<T: DeserializeOwned>(operation: &'static str, value: JsValue) -> Result<T, StoreError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| StoreError::from_serde(operation, e))
}

/// Waits for the transaction to end and reports an abort as an error (a quota error, say,
/// aborts the whole transaction: neither the record nor its outbox entry is kept).
async fn finish(tx: rexie::Transaction, operation: &'static str) -> Result<(), StoreError> {
    let result = tx.done().await.map_err(|e| StoreError::from_rexie(operation, e))?;
    if result.is_committed() {
        Ok(())
    } else {
        Err(StoreError::new(operation, "AbortError", "the transaction was aborted"))
    }
}

impl Store {
    /// Opens (creating or upgrading) the database and runs any pending data migrations.
    pub async fn open(name: &str) -> Result<Store, StoreError> {
        let db = schema::current(name)
            .build()
            .await
            .map_err(|e| StoreError::from_rexie("open", e))?;
        let device_id = migrations::run(&db).await?;
        Ok(Store { db, device_id })
    }

    pub fn device_id(&self) -> &str {
        &self.device_id
    }

    /// Closes the connection, so another version of the app (or a test) can upgrade it.
    pub fn close(self) {
        self.db.close();
    }

    /// Saves a screening and queues it for sync, atomically.
    pub async fn save_screening(&self, screening: &Screening) -> Result<(), StoreError> {
        const OP: &str = "save screening";
        let tx = self
            .db
            .transaction(&[schema::SCREENINGS, schema::OUTBOX], TransactionMode::ReadWrite)
            .map_err(|e| StoreError::from_rexie(OP, e))?;
        let screenings = tx
            .store(schema::SCREENINGS)
            .map_err(|e| StoreError::from_rexie(OP, e))?;
        let outbox = tx.store(schema::OUTBOX).map_err(|e| StoreError::from_rexie(OP, e))?;
        let local = LocalScreening {
            id: screening.id.clone(),
            record: screening.clone(),
            sync: SyncState::Pending,
        };
        screenings
            .put(&to_js(OP, &local)?, None)
            .await
            .map_err(|e| StoreError::from_rexie(OP, e))?;
        let entry = OutboxEntry {
            seq: None,
            store: schema::SCREENINGS.to_owned(),
            record_id: screening.id.clone(),
            device_id: self.device_id.clone(),
            queued_at: js_sys::Date::now(),
        };
        outbox
            .add(&to_js(OP, &entry)?, None)
            .await
            .map_err(|e| StoreError::from_rexie(OP, e))?;
        finish(tx, OP).await?;
        Ok(())
    }

    /// One employee's screenings, newest date first.
    pub async fn screenings_of(&self, employee_id: &str) -> Result<Vec<LocalScreening>, StoreError> {
        const OP: &str = "read screenings";
        let tx = self
            .db
            .transaction(&[schema::SCREENINGS], TransactionMode::ReadOnly)
            .map_err(|e| StoreError::from_rexie(OP, e))?;
        let store = tx
            .store(schema::SCREENINGS)
            .map_err(|e| StoreError::from_rexie(OP, e))?;
        let index = store
            .index(schema::SCREENINGS_BY_EMPLOYEE_DATE)
            .map_err(|e| StoreError::from_rexie(OP, e))?;
        // Every [employee_id, date] key for this employee sorts between these two bounds.
        let lower = js_sys::Array::of2(&employee_id.into(), &"".into());
        let upper = js_sys::Array::of2(&employee_id.into(), &"\u{ffff}".into());
        let range = KeyRange::bound(&lower, &upper, Some(false), Some(false))
            .map_err(|e| StoreError::from_rexie(OP, rexie::Error::IdbError(e)))?;
        let values = index
            .get_all(Some(range), None)
            .await
            .map_err(|e| StoreError::from_rexie(OP, e))?;
        let mut screenings = values
            .into_iter()
            .map(|value| from_js::<LocalScreening>(OP, value))
            .collect::<Result<Vec<_>, _>>()?;
        screenings.reverse();
        Ok(screenings)
    }

    /// Queued changes in sequence order.
    pub async fn outbox(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        const OP: &str = "read outbox";
        let tx = self
            .db
            .transaction(&[schema::OUTBOX], TransactionMode::ReadOnly)
            .map_err(|e| StoreError::from_rexie(OP, e))?;
        let store = tx.store(schema::OUTBOX).map_err(|e| StoreError::from_rexie(OP, e))?;
        let values = store
            .get_all(None, None)
            .await
            .map_err(|e| StoreError::from_rexie(OP, e))?;
        values.into_iter().map(|value| from_js(OP, value)).collect()
    }

    pub async fn session(&self) -> Result<Option<LoginResponse>, StoreError> {
        self.get_keyed(schema::SESSION, "current", "read session").await
    }

    pub async fn set_session(&self, session: &LoginResponse) -> Result<(), StoreError> {
        self.put_keyed(schema::SESSION, "current", session, "save session")
            .await
    }

    pub async fn clear_session(&self) -> Result<(), StoreError> {
        const OP: &str = "clear session";
        let tx = self
            .db
            .transaction(&[schema::SESSION], TransactionMode::ReadWrite)
            .map_err(|e| StoreError::from_rexie(OP, e))?;
        let store = tx.store(schema::SESSION).map_err(|e| StoreError::from_rexie(OP, e))?;
        store
            .delete("current".into())
            .await
            .map_err(|e| StoreError::from_rexie(OP, e))?;
        finish(tx, OP).await?;
        Ok(())
    }

    async fn get_keyed<T: DeserializeOwned>(
        &self,
        store_name: &str,
        key: &str,
        op: &'static str,
    ) -> Result<Option<T>, StoreError> {
        let tx = self
            .db
            .transaction(&[store_name], TransactionMode::ReadOnly)
            .map_err(|e| StoreError::from_rexie(op, e))?;
        let store = tx.store(store_name).map_err(|e| StoreError::from_rexie(op, e))?;
        match store.get(key.into()).await.map_err(|e| StoreError::from_rexie(op, e))? {
            Some(value) if !value.is_undefined() => Ok(Some(from_js::<KeyedValue<T>>(op, value)?.value)),
            _ => Ok(None),
        }
    }

    async fn put_keyed<T: Serialize>(
        &self,
        store_name: &str,
        key: &str,
        value: &T,
        op: &'static str,
    ) -> Result<(), StoreError> {
        let tx = self
            .db
            .transaction(&[store_name], TransactionMode::ReadWrite)
            .map_err(|e| StoreError::from_rexie(op, e))?;
        let store = tx.store(store_name).map_err(|e| StoreError::from_rexie(op, e))?;
        store
            .put(
                &to_js(
                    op,
                    &KeyedValue {
                        key: key.to_owned(),
                        value,
                    },
                )?,
                None,
            )
            .await
            .map_err(|e| StoreError::from_rexie(op, e))?;
        finish(tx, op).await?;
        Ok(())
    }
}
