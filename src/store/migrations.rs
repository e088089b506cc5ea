//! Data migrations run after the database opens, each once, tracked by `data_version` in `meta`.

use posko_core::sync::{Stamp, SyncRecord};
use posko_core::Screening;
use rexie::{Rexie, TransactionMode};
use serde::Deserialize;
use wasm_bindgen::{JsCast, JsValue};

use super::records::{present, property, with_record, OutboxEntry, StoredRecord};
use super::schema::{META, OUTBOX, RECORDS, REFUSALS, SCREENINGS};
use super::{finish, keyed, to_js, KeyedValue, StoreError};

const DATA_VERSION: u32 = 4;

/// Version 2's shape of a screening on the device.
#[derive(Deserialize)]
struct V2Screening {
    record: Screening,
}

/// Brings the data up to `DATA_VERSION` and returns this device's id (made on first open).
pub async fn run(db: &Rexie) -> Result<String, StoreError> {
    const OP: &str = "migrate";
    let rexie = |e| StoreError::from_rexie(OP, e);
    let serde = |e| StoreError::from_serde(OP, e);
    let tx = db
        .transaction(
            &[META, SCREENINGS, RECORDS, OUTBOX, REFUSALS],
            TransactionMode::ReadWrite,
        )
        .map_err(rexie)?;
    let meta = tx.store(META).map_err(rexie)?;

    let device_id = match meta.get("device_id".into()).await.map_err(rexie)? {
        Some(value) if !value.is_undefined() => {
            serde_wasm_bindgen::from_value::<KeyedValue<String>>(value)
                .map_err(serde)?
                .value
        }
        _ => {
            let id = uuid::Uuid::now_v7().to_string();
            meta.put(&keyed(OP, "device_id", &id)?, None).await.map_err(rexie)?;
            id
        }
    };

    let data_version = match meta.get("data_version".into()).await.map_err(rexie)? {
        Some(value) if !value.is_undefined() => {
            serde_wasm_bindgen::from_value::<KeyedValue<u32>>(value)
                .map_err(serde)?
                .value
        }
        _ => 0,
    };

    if data_version < 3 {
        // Versions 1 and 2 kept screenings in their own store: version 1 the bare screening,
        // version 2 wrapped with a sync state. Both become stamped records (stamped at the time
        // they were recorded), and any version-2 outbox entry learns whose change it is. A
        // screening with no outbox entry (version 1) is queued, so it still reaches the server.
        let screenings = tx.store(SCREENINGS).map_err(rexie)?;
        let records = tx.store(RECORDS).map_err(rexie)?;
        let outbox = tx.store(OUTBOX).map_err(rexie)?;
        let mut owners = std::collections::BTreeMap::new();
        for value in screenings.get_all(None, None).await.map_err(rexie)? {
            let wrapped = js_sys::Reflect::has(&value, &JsValue::from_str("record")).unwrap_or(false);
            let screening: Screening = if wrapped {
                serde_wasm_bindgen::from_value::<V2Screening>(value)
                    .map_err(serde)?
                    .record
            } else {
                serde_wasm_bindgen::from_value(value).map_err(serde)?
            };
            let stamp = Stamp::new(screening.recorded_at.timestamp_millis().max(0) as u64, 0, &device_id);
            let stored = StoredRecord {
                id: screening.id.clone(),
                record: screening.to_new_record(&stamp),
            };
            records.put(&to_js(OP, &stored)?, None).await.map_err(rexie)?;
            owners.insert(screening.id.clone(), screening.employee_id.clone());
            if !wrapped {
                let entry = OutboxEntry {
                    seq: None,
                    record_id: screening.id.clone(),
                    user_id: screening.employee_id.clone(),
                    device_id: device_id.clone(),
                    queued_at: js_sys::Date::now(),
                };
                outbox.add(&to_js(OP, &entry)?, None).await.map_err(rexie)?;
            }
        }
        for value in outbox.get_all(None, None).await.map_err(rexie)? {
            let mut entry: OutboxEntry = serde_wasm_bindgen::from_value(value).map_err(serde)?;
            if entry.user_id.is_empty() {
                if let Some(owner) = owners.get(&entry.record_id) {
                    entry.user_id = owner.clone();
                    outbox.put(&to_js(OP, &entry)?, None).await.map_err(rexie)?;
                }
            }
        }
        screenings.clear().await.map_err(rexie)?;
    }
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
        meta.put(&keyed(OP, "data_version", DATA_VERSION)?, None)
            .await
            .map_err(rexie)?;
    }
    finish(tx, OP).await?;
    Ok(device_id)
}
