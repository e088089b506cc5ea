//! Data migrations run after the database opens, each once, tracked by `data_version` in `meta`.

use rexie::{Rexie, TransactionMode};
use wasm_bindgen::JsValue;

use super::schema::{META, OUTBOX, SCREENINGS};
use posko_core::Screening;

use super::{finish, to_js, KeyedValue, LocalScreening, OutboxEntry, StoreError, SyncState};

const DATA_VERSION: u32 = 2;

/// Brings the data up to `DATA_VERSION` and returns this device's id (made on first open).
pub async fn run(db: &Rexie) -> Result<String, StoreError> {
    const OP: &str = "migrate";
    let rexie = |e| StoreError::from_rexie(OP, e);
    let tx = db
        .transaction(&[META, SCREENINGS, OUTBOX], TransactionMode::ReadWrite)
        .map_err(rexie)?;
    let meta = tx.store(META).map_err(rexie)?;

    let device_id = match meta.get("device_id".into()).await.map_err(rexie)? {
        Some(value) if !value.is_undefined() => {
            serde_wasm_bindgen::from_value::<KeyedValue<String>>(value)
                .map_err(|e| StoreError::from_serde(OP, e))?
                .value
        }
        _ => {
            let id = uuid::Uuid::now_v7().to_string();
            meta.put(
                &to_js(
                    OP,
                    &KeyedValue {
                        key: "device_id".to_owned(),
                        value: id.clone(),
                    },
                )?,
                None,
            )
            .await
            .map_err(rexie)?;
            id
        }
    };

    let data_version = match meta.get("data_version".into()).await.map_err(rexie)? {
        Some(value) if !value.is_undefined() => {
            serde_wasm_bindgen::from_value::<KeyedValue<u32>>(value)
                .map_err(|e| StoreError::from_serde(OP, e))?
                .value
        }
        _ => 0,
    };

    if data_version < 2 {
        // Version 1 kept the bare screening and had no outbox: wrap each with its sync state and
        // queue it, so screenings saved before the outbox existed still reach the server.
        let screenings = tx.store(SCREENINGS).map_err(rexie)?;
        let outbox = tx.store(OUTBOX).map_err(rexie)?;
        for value in screenings.get_all(None, None).await.map_err(rexie)? {
            if js_sys::Reflect::has(&value, &JsValue::from_str("record")).unwrap_or(false) {
                continue;
            }
            let record: Screening = serde_wasm_bindgen::from_value(value).map_err(|e| StoreError::from_serde(OP, e))?;
            let entry = OutboxEntry {
                seq: None,
                store: SCREENINGS.to_owned(),
                record_id: record.id.clone(),
                device_id: device_id.clone(),
                queued_at: js_sys::Date::now(),
            };
            let local = LocalScreening {
                id: record.id.clone(),
                record,
                sync: SyncState::Pending,
            };
            screenings.put(&to_js(OP, &local)?, None).await.map_err(rexie)?;
            outbox.add(&to_js(OP, &entry)?, None).await.map_err(rexie)?;
        }
    }
    if data_version < DATA_VERSION {
        meta.put(
            &to_js(
                OP,
                &KeyedValue {
                    key: "data_version".to_owned(),
                    value: DATA_VERSION,
                },
            )?,
            None,
        )
        .await
        .map_err(rexie)?;
    }
    finish(tx, OP).await?;
    Ok(device_id)
}
