//! Data migrations run after the database opens, each once, tracked by `data_version` in `meta`.

use rexie::{Rexie, TransactionMode};
use wasm_bindgen::{JsCast, JsValue};

use super::records::{present, with_record};
use super::schema::{META, OUTBOX, RECORDS, REFUSALS};
use super::{finish, keyed, keyed_value, StoreError};
use crate::js_codec::property;

const DATA_VERSION: u32 = 4;

/// Brings the data up to `DATA_VERSION` and returns this device's id (made on first open).
pub async fn run(db: &Rexie) -> Result<String, StoreError> {
    const OP: &str = "migrate";
    let rexie = |e| StoreError::from_rexie(OP, e);
    let tx = db
        .transaction(&[META, RECORDS, OUTBOX, REFUSALS], TransactionMode::ReadWrite)
        .map_err(rexie)?;
    let meta = tx.store(META).map_err(rexie)?;

    let device_id = match keyed_value(OP, meta.get("device_id".into()).await.map_err(rexie)?)? {
        Some(id) => id,
        None => {
            let id = uuid::Uuid::now_v7().to_string();
            meta.put(&keyed("device_id", &id), None).await.map_err(rexie)?;
            id
        }
    };

    let data_version: u32 = keyed_value(OP, meta.get("data_version".into()).await.map_err(rexie)?)?.unwrap_or(0);

    // Data versions 1 and 2 (a `screenings` store of their own) never left development: a
    // database that old keeps that store as it is, and nothing is moved out of it.
    if data_version == 3 {
        // Version 3 kept each record's sync state in the record; version 4 derives it (pending
        // from the outbox) and keeps only refusals, in their own store. Records that had none
        // of the shape are left as they are: the state is ignored when read.
        let records = tx.store(RECORDS).map_err(rexie)?;
        let refusals = tx.store(REFUSALS).map_err(rexie)?;
        let sync_key = JsValue::from_str("sync");
        let (mut rewritten, mut refused) = (Vec::new(), Vec::new());
        for value in records.get_all(None, None).await.map_err(rexie)? {
            // The state was "pending", "synced" or {"refused": rejection}; the rejection moves as it is.
            let sync = property(&value, "sync");
            if sync.is_object() {
                let rejection = property(&sync, "refused");
                let refusal = js_sys::Object::new();
                js_sys::Reflect::set(&refusal, &JsValue::from_str("record_id"), &property(&value, "id"))
                    .and(js_sys::Reflect::set(
                        &refusal,
                        &JsValue::from_str("rejection"),
                        &rejection,
                    ))
                    .map_err(|_| StoreError::new(OP, "DataError", "cannot move a refusal"))?;
                if !rejection.is_undefined() {
                    refused.push((refusal.into(), None));
                }
            }
            if js_sys::Reflect::delete_property(value.unchecked_ref::<js_sys::Object>(), &sync_key).unwrap_or(false) {
                rewritten.push((value, None));
            }
        }
        records.put_all(rewritten.into_iter()).await.map_err(rexie)?;
        refusals.put_all(refused.into_iter()).await.map_err(rexie)?;
    }
    if data_version < 4 {
        // Version 4's outbox entries carry their record (what a push sends). Entries queued
        // before get the record as it is now, which is what those versions pushed.
        let records = tx.store(RECORDS).map_err(rexie)?;
        let outbox = tx.store(OUTBOX).map_err(rexie)?;
        let mut filled = Vec::new();
        for entry in outbox.get_all(None, None).await.map_err(rexie)? {
            if !property(&entry, "record").is_undefined() {
                continue;
            }
            let id = property(&entry, "record_id");
            if let Some(stored) = present(records.get(id).await.map_err(rexie)?) {
                with_record(&entry, &property(&stored, "record"))
                    .map_err(|_| StoreError::new(OP, "DataError", "cannot queue a record"))?;
                filled.push((entry, None));
            }
        }
        outbox.put_all(filled.into_iter()).await.map_err(rexie)?;
    }
    if data_version < DATA_VERSION {
        meta.put(&keyed("data_version", &DATA_VERSION), None)
            .await
            .map_err(rexie)?;
    }
    finish(tx, OP).await?;
    Ok(device_id)
}
