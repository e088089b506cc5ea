//! Synced records on the device: saving with an outbox entry, reading by owner, and the two
//! transactions the sync engine needs (acknowledged pushes, pulled pages with their cursor).

use std::collections::{BTreeMap, BTreeSet};

use futures::future::join_all;
use posko_core::sync::protocol::{Ack, Outcome, Rejection};
use posko_core::sync::{Record, Stamp, SyncRecord};
use rexie::{KeyRange, TransactionMode};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

use super::schema::{META, OUTBOX, OUTBOX_BY_RECORD, RECORDS, RECORDS_BY_KIND_OWNER};
use super::{finish, from_js, keyed, to_js, Store, StoreError};

/// Whether the server has the record's latest local change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncState {
    /// A change is in the outbox.
    #[default]
    Pending,
    Synced,
    /// The server refused the latest change. The record stays, with the reason, until the
    /// user fixes it (a new change) or discards it.
    Refused(Rejection),
}

/// A record as kept on the device. The id is repeated at the top level as the store's key path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocalRecord {
    pub id: String,
    pub record: Record,
    pub sync: SyncState,
}

/// A record read back as its type, with its sync state.
#[derive(Debug, Clone, PartialEq)]
pub struct Typed<T> {
    pub value: T,
    pub sync: SyncState,
}

/// One queued change. `seq` (the store's auto-increment key) is the device's sequence number:
/// IndexedDB never reuses it, even after entries are deleted. Entries are deleted only once
/// the server has acknowledged them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seq: Option<u64>,
    pub record_id: String,
    /// Who made the change: only their session pushes it (a shared phone never sends one
    /// user's changes under another's name).
    #[serde(default)]
    pub user_id: String,
    pub device_id: String,
    /// Unix milliseconds when the change was made.
    pub queued_at: f64,
}

/// A queued change and the record as it is now, ready to push.
#[derive(Debug, Clone, PartialEq)]
pub struct PushItem {
    pub seq: u64,
    pub record: Record,
}

fn rexie_error(operation: &'static str) -> impl Fn(rexie::Error) -> StoreError {
    move |e| StoreError::from_rexie(operation, e)
}

/// A key range holding one key; a bad key is a `DataError` naming `operation`.
fn only(operation: &'static str, key: &JsValue) -> Result<KeyRange, StoreError> {
    KeyRange::only(key).map_err(|e| StoreError::from_rexie(operation, rexie::Error::IdbError(e)))
}

fn present(value: Option<JsValue>) -> Option<JsValue> {
    value.filter(|v| !v.is_undefined())
}

impl Store {
    /// Saves a new or edited record and queues it, atomically. Only the fields whose value
    /// changed get a new stamp, so another device's edit of another field is not overwritten.
    /// Returns `false` (and writes nothing) when nothing changed.
    pub async fn save<T: SyncRecord>(&self, value: &T, user_id: &str) -> Result<bool, StoreError> {
        const OP: &str = "save";
        let err = rexie_error(OP);
        let tx = self.tx(&[RECORDS, OUTBOX, META], TransactionMode::ReadWrite, OP)?;
        let records = tx.store(RECORDS).map_err(&err)?;
        let stamp = self.clock.borrow_mut().tick(js_sys::Date::now() as i64);
        let record = match present(records.get(value.id().into()).await.map_err(&err)?) {
            Some(existing) => {
                let mut record = from_js::<LocalRecord>(OP, existing)?.record;
                if value.write_into(&mut record, &stamp) == 0 {
                    return Ok(false);
                }
                record
            }
            None => value.to_new_record(&stamp),
        };
        self.write_change(&tx, record, user_id, OP).await?;
        finish(tx, OP).await?;
        Ok(true)
    }

    /// Saves a record made just now (a new id), without reading first: the common case of a
    /// save, kept to one round of writes.
    pub async fn create<T: SyncRecord>(&self, value: &T, user_id: &str) -> Result<(), StoreError> {
        const OP: &str = "save";
        let tx = self.tx(&[RECORDS, OUTBOX, META], TransactionMode::ReadWrite, OP)?;
        let stamp = self.clock.borrow_mut().tick(js_sys::Date::now() as i64);
        self.write_change(&tx, value.to_new_record(&stamp), user_id, OP).await?;
        finish(tx, OP).await
    }

    async fn write_change(
        &self,
        tx: &rexie::Transaction,
        record: Record,
        user_id: &str,
        op: &'static str,
    ) -> Result<(), StoreError> {
        let err = rexie_error(op);
        let entry = OutboxEntry {
            seq: None,
            record_id: record.id.clone(),
            user_id: user_id.to_owned(),
            device_id: self.device_id.clone(),
            queued_at: js_sys::Date::now(),
        };
        let local = LocalRecord {
            id: record.id.clone(),
            record,
            sync: SyncState::Pending,
        };
        let clock = keyed(op, "clock", &*self.clock.borrow())?;
        // Issued together, awaited once: the transaction keeps them in order.
        let records = tx.store(RECORDS).map_err(&err)?;
        let outbox = tx.store(OUTBOX).map_err(&err)?;
        let meta = tx.store(META).map_err(&err)?;
        let (local, entry) = (to_js(op, &local)?, to_js(op, &entry)?);
        let (a, b, c) = futures::join!(
            records.put(&local, None),
            outbox.add(&entry, None),
            meta.put(&clock, None)
        );
        a.and(b).and(c).map_err(&err)?;
        Ok(())
    }

    /// One person's records of one kind, as their type. Deleted records are left out, and a
    /// record that no longer reads as its type (an older app's shape) is skipped, not fatal.
    pub async fn records_of<T: SyncRecord>(&self, owner_id: &str) -> Result<Vec<Typed<T>>, StoreError> {
        const OP: &str = "read records";
        let err = rexie_error(OP);
        let tx = self.tx(&[RECORDS], TransactionMode::ReadOnly, OP)?;
        let index = tx
            .store(RECORDS)
            .map_err(&err)?
            .index(RECORDS_BY_KIND_OWNER)
            .map_err(&err)?;
        let key = js_sys::Array::of2(&T::KIND.into(), &owner_id.into());
        let range = only(OP, &key)?;
        let values = index.get_all(Some(range), None).await.map_err(&err)?;
        let mut typed = Vec::with_capacity(values.len());
        for value in values {
            let local: LocalRecord = from_js(OP, value)?;
            if local.record.is_deleted() {
                continue;
            }
            if let Ok(value) = T::from_record(&local.record) {
                typed.push(Typed {
                    value,
                    sync: local.sync,
                });
            }
        }
        Ok(typed)
    }

    pub async fn record(&self, id: &str) -> Result<Option<LocalRecord>, StoreError> {
        const OP: &str = "read record";
        let err = rexie_error(OP);
        let tx = self.tx(&[RECORDS], TransactionMode::ReadOnly, OP)?;
        let value = tx.store(RECORDS).map_err(&err)?.get(id.into()).await.map_err(&err)?;
        present(value).map(|v| from_js(OP, v)).transpose()
    }

    /// Removes a refused record from this device, on the user's say-so. Nothing else deletes
    /// local data: a record the server refused is never dropped silently.
    pub async fn discard_refused(&self, id: &str) -> Result<bool, StoreError> {
        const OP: &str = "discard";
        let err = rexie_error(OP);
        let tx = self.tx(&[RECORDS, OUTBOX], TransactionMode::ReadWrite, OP)?;
        let records = tx.store(RECORDS).map_err(&err)?;
        let Some(value) = present(records.get(id.into()).await.map_err(&err)?) else {
            return Ok(false);
        };
        let local: LocalRecord = from_js(OP, value)?;
        let queued = tx
            .store(OUTBOX)
            .map_err(&err)?
            .index(OUTBOX_BY_RECORD)
            .map_err(&err)?
            .count(Some(only(OP, &id.into())?))
            .await
            .map_err(&err)?;
        if queued > 0 || !matches!(local.sync, SyncState::Refused(_)) {
            return Ok(false);
        }
        records.delete(id.into()).await.map_err(&err)?;
        finish(tx, OP).await?;
        Ok(true)
    }

    /// Queued changes in sequence order.
    pub async fn outbox(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        const OP: &str = "read outbox";
        let err = rexie_error(OP);
        let tx = self.tx(&[OUTBOX], TransactionMode::ReadOnly, OP)?;
        let values = tx
            .store(OUTBOX)
            .map_err(&err)?
            .get_all(None, None)
            .await
            .map_err(&err)?;
        values.into_iter().map(|value| from_js(OP, value)).collect()
    }

    /// How many changes wait to be pushed.
    pub async fn pending_count(&self) -> Result<u32, StoreError> {
        const OP: &str = "count outbox";
        let err = rexie_error(OP);
        let tx = self.tx(&[OUTBOX], TransactionMode::ReadOnly, OP)?;
        tx.store(OUTBOX).map_err(&err)?.count(None).await.map_err(&err)
    }

    /// The next changes to push: the oldest `limit` entries, stopping at the first one made by
    /// another user, each with the record as it is now.
    pub async fn next_push(&self, user_id: &str, limit: u32) -> Result<Vec<PushItem>, StoreError> {
        const OP: &str = "read push batch";
        let err = rexie_error(OP);
        let tx = self.tx(&[OUTBOX, RECORDS], TransactionMode::ReadOnly, OP)?;
        let entries = tx
            .store(OUTBOX)
            .map_err(&err)?
            .get_all(None, Some(limit))
            .await
            .map_err(&err)?;
        let mut batch: Vec<(u64, String)> = Vec::with_capacity(entries.len());
        for value in entries {
            let entry: OutboxEntry = from_js(OP, value)?;
            if entry.user_id != user_id {
                break;
            }
            batch.push((entry.seq.unwrap_or_default(), entry.record_id));
        }
        let ids: BTreeSet<&str> = batch.iter().map(|(_, id)| id.as_str()).collect();
        let records_store = tx.store(RECORDS).map_err(&err)?;
        let found = join_all(ids.iter().map(|id| records_store.get((*id).into()))).await;
        let mut records = BTreeMap::new();
        for (id, value) in ids.iter().zip(found) {
            if let Some(value) = present(value.map_err(&err)?) {
                records.insert(*id, from_js::<LocalRecord>(OP, value)?.record);
            }
        }
        // Every queued record is on the device (only refused records with nothing queued can be
        // discarded), but if one were missing the batch stops before it: skipping an entry
        // would leave a gap in the sequence that the server refuses.
        Ok(batch
            .iter()
            .map_while(|(seq, id)| {
                records.get(id.as_str()).map(|record| PushItem {
                    seq: *seq,
                    record: record.clone(),
                })
            })
            .collect())
    }

    /// Stores the server's acknowledgements: acknowledged entries leave the outbox, and each
    /// record with nothing left queued becomes synced or refused (with the reason).
    pub async fn apply_acks(&self, acks: &[Ack], pushed: &[PushItem]) -> Result<(), StoreError> {
        const OP: &str = "store acknowledgements";
        let err = rexie_error(OP);
        let (Some(first), Some(last)) = (acks.first(), acks.last()) else {
            return Ok(());
        };
        let tx = self.tx(&[OUTBOX, RECORDS], TransactionMode::ReadWrite, OP)?;
        let outbox = tx.store(OUTBOX).map_err(&err)?;
        // Keys are JavaScript numbers; a u64 would become a BigInt, which is not a valid key.
        let range = KeyRange::bound(
            &(first.seq as f64).into(),
            &(last.seq as f64).into(),
            Some(false),
            Some(false),
        )
        .map_err(|e| StoreError::from_rexie(OP, rexie::Error::IdbError(e)))?;
        outbox.delete(range.into()).await.map_err(&err)?;

        // The latest outcome per record decides its state.
        let record_of: BTreeMap<u64, &str> = pushed.iter().map(|p| (p.seq, p.record.id.as_str())).collect();
        let mut outcome_of: BTreeMap<&str, &Outcome> = BTreeMap::new();
        for ack in acks {
            if let Some(id) = record_of.get(&ack.seq) {
                outcome_of.insert(id, &ack.outcome);
            }
        }
        let by_record = outbox.index(OUTBOX_BY_RECORD).map_err(&err)?;
        let records = tx.store(RECORDS).map_err(&err)?;
        // Every lookup is issued at once and awaited together: one pass through IndexedDB's
        // queue rather than a round trip per record.
        let ids: Vec<&str> = outcome_of.keys().copied().collect();
        let ranges = ids
            .iter()
            .map(|id| only(OP, &(*id).into()))
            .collect::<Result<Vec<_>, _>>()?;
        let queued = join_all(ranges.into_iter().map(|range| by_record.count(Some(range)))).await;
        let settled: Vec<&str> = ids
            .iter()
            .zip(queued)
            .filter_map(|(id, count)| match count {
                Ok(0) => Some(Ok(*id)),
                Ok(_) => None,
                Err(e) => Some(Err(e)),
            })
            .collect::<Result<_, _>>()
            .map_err(&err)?;
        let found = join_all(settled.iter().map(|id| records.get((*id).into()))).await;
        let mut writes = Vec::with_capacity(settled.len());
        for (id, value) in settled.iter().zip(found) {
            let Some(value) = present(value.map_err(&err)?) else {
                continue;
            };
            let mut local: LocalRecord = from_js(OP, value)?;
            local.sync = match outcome_of[id] {
                Outcome::Applied | Outcome::Duplicate => SyncState::Synced,
                Outcome::Rejected(rejection) => SyncState::Refused(rejection.clone()),
            };
            writes.push((to_js(OP, &local)?, None));
        }
        records.put_all(writes.into_iter()).await.map_err(&err)?;
        finish(tx, OP).await
    }

    /// Stores a pulled page and the cursor after it, in one transaction: either both are kept
    /// or neither, so a crash between pages re-pulls a page rather than skipping one. Pulled
    /// records merge with local ones field by field; a local change not yet pushed survives.
    /// `page` holds records as the browser parsed them (`Record`'s JSON shape): one new to this
    /// device is stored as it came, and only one that meets a local copy goes through Rust.
    pub async fn apply_pull(&self, page: &js_sys::Array, cursor_key: &str, cursor: u64) -> Result<(), StoreError> {
        const OP: &str = "store pulled records";
        let err = rexie_error(OP);
        let tx = self.tx(&[RECORDS, META], TransactionMode::ReadWrite, OP)?;
        let records = tx.store(RECORDS).map_err(&err)?;
        let key = |name: &str| JsValue::from_str(name);
        let (id_key, fields_key, stamp_key) = (key("id"), key("fields"), key("s"));
        let ids: Vec<JsValue> = page
            .iter()
            .map(|remote| js_sys::Reflect::get(&remote, &id_key).unwrap_or(JsValue::UNDEFINED))
            .collect();
        let existing = join_all(ids.iter().map(|id| records.get(id.clone()))).await;
        // The latest stamp of the page, compared as JavaScript strings (stamp order is string order).
        let mut latest = JsValue::from_str("");
        let mut writes = Vec::with_capacity(ids.len());
        for ((remote, id), local) in page.iter().zip(ids).zip(existing) {
            if let Ok(fields) = js_sys::Reflect::get(&remote, &fields_key) {
                for field in js_sys::Object::values(&fields.unchecked_into()).iter() {
                    if let Ok(stamp) = js_sys::Reflect::get(&field, &stamp_key) {
                        if stamp.gt(&latest) {
                            latest = stamp;
                        }
                    }
                }
            }
            match present(local.map_err(&err)?) {
                None => {
                    let wrapped = js_sys::Object::new();
                    let set = |name: &str, value: &JsValue| js_sys::Reflect::set(&wrapped, &key(name), value);
                    set("id", &id)
                        .and(set("record", &remote))
                        .and(set("sync", &key("synced")))
                        .map_err(|_| StoreError::new(OP, "DataError", "cannot wrap a pulled record"))?;
                    writes.push((wrapped.into(), None));
                }
                Some(value) => {
                    let mut local: LocalRecord = from_js(OP, value)?;
                    let remote: Record = from_js(OP, remote)?;
                    if local.record.merge(&remote).is_err() {
                        // The server never sends a record whose envelope changed; if it did,
                        // keeping the local copy loses nothing.
                        continue;
                    }
                    writes.push((to_js(OP, &local)?, None));
                }
            }
        }
        if let Some(latest) = latest.as_string().and_then(|s| Stamp::parse(&s).ok()) {
            self.clock.borrow_mut().observe(&latest);
        }
        records.put_all(writes.into_iter()).await.map_err(&err)?;
        let meta = tx.store(META).map_err(&err)?;
        meta.put(&keyed(OP, cursor_key, cursor)?, None).await.map_err(&err)?;
        // Serialised before the await: a save in another task may tick the clock meanwhile.
        let clock = keyed(OP, "clock", &*self.clock.borrow())?;
        meta.put(&clock, None).await.map_err(&err)?;
        finish(tx, OP).await
    }

    /// Takes in the server's time from an exchange (see `Clock::observe_server_time`) and keeps it.
    pub async fn observe_server_time(&self, server_ms: i64, sent_ms: i64, received_ms: i64) -> Result<(), StoreError> {
        self.clock
            .borrow_mut()
            .observe_server_time(server_ms, sent_ms, received_ms);
        let clock = self.clock();
        self.set_meta("clock", &clock).await
    }
}
