//! Synced records on the device: saving with an outbox entry, reading by owner, and the two
//! transactions the sync engine needs (acknowledged pushes, pulled pages with their cursor).

use futures::future::join_all;
use posko_core::sync::protocol::{Ack, Outcome, RejectCode, Rejection};
use posko_core::sync::{Record, Stamp, SyncRecord, Value};
use rexie::{KeyRange, TransactionMode};
use wasm_bindgen::JsValue;

use super::schema::{ATTACHMENTS, META, OUTBOX, OUTBOX_BY_RECORD, OUTBOX_BY_USER, RECORDS, REFUSALS, SUMMARIES};
use super::{finish, from_js, keyed, Store, StoreError};
use crate::js_codec::{field, property, FromJs, JsObject, Malformed, ToJs};

/// Whether the server has the record's latest local change. Derived when a record is read, never
/// stored in it: pending while the outbox holds a change for it, refused while the `refusals`
/// store holds the server's reason, synced otherwise.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum SyncState {
    /// A change is in the outbox.
    #[default]
    Pending,
    Synced,
    /// The server refused the latest change. The record stays, with the reason, until the
    /// user fixes it (a new change) or discards it.
    Refused(Rejection),
}

/// A record as kept on the device, with its sync state.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalRecord {
    pub record: Record,
    pub sync: SyncState,
}

/// A record's shape in the `records` store: the id is repeated at the top level as the key path.
pub(super) struct StoredRecord {
    pub id: String,
    pub record: Record,
}

impl ToJs for StoredRecord {
    fn to_js(&self) -> JsValue {
        JsObject::new()
            .set("id", self.id.to_js())
            .set("record", self.record.to_js())
            .build()
    }
}

impl FromJs for StoredRecord {
    fn from_js(value: &JsValue) -> Result<Self, Malformed> {
        // The record repeats the id: read once, from it.
        let record: Record = field(value, "record")?;
        Ok(StoredRecord {
            id: record.id.clone(),
            record,
        })
    }
}

/// A refusal in the `refusals` store.
pub(super) struct StoredRefusal {
    pub record_id: String,
    pub rejection: Rejection,
}

impl ToJs for StoredRefusal {
    fn to_js(&self) -> JsValue {
        JsObject::new()
            .set("record_id", self.record_id.to_js())
            .set("rejection", self.rejection.to_js())
            .build()
    }
}

impl FromJs for StoredRefusal {
    fn from_js(value: &JsValue) -> Result<Self, Malformed> {
        Ok(StoredRefusal {
            record_id: field(value, "record_id")?,
            rejection: field(value, "rejection")?,
        })
    }
}

/// A record read back as its type, with its sync state.
#[derive(Debug, Clone, PartialEq)]
pub struct Typed<T> {
    pub value: T,
    pub sync: SyncState,
}

/// One queued change. `seq` (the store's auto-increment key) is the device's sequence number:
/// IndexedDB never reuses it, even after entries are deleted. Entries are deleted only once
/// the server has acknowledged them. The stored entry also holds `record`, the record as the
/// change left it (what the push sends); it is read only as a JavaScript object.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEntry {
    /// `None` for an entry not stored yet: the key is then left out, and IndexedDB assigns it.
    pub seq: Option<u64>,
    pub record_id: String,
    /// Who made the change: only their session pushes it (a shared phone never sends one
    /// user's changes under another's name).
    pub user_id: String,
    pub device_id: String,
    /// Unix milliseconds when the change was made.
    pub queued_at: f64,
}

/// The next changes to push. The records stay the JavaScript objects IndexedDB returned: they
/// go into the request body as they are, never through Rust (a push of thousands of queued
/// records is mostly that).
pub struct PushBatch {
    /// `[{seq, record}]`: the push request's `entries`.
    pub entries: js_sys::Array,
    /// Each entry's sequence number and record id, in the same order.
    pub items: Vec<(u64, String)>,
}

impl PushBatch {
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn seqs(&self) -> Vec<u64> {
        self.items.iter().map(|(seq, _)| *seq).collect()
    }

    /// The sequence number of the batch's last entry (0 when empty).
    pub fn last_seq(&self) -> u64 {
        self.items.last().map_or(0, |(seq, _)| *seq)
    }

    /// Entry `i`'s record, decoded (for checks; the push itself sends the raw object).
    pub fn record(&self, i: u32) -> Result<Record, StoreError> {
        from_js("read push batch", &property(&self.entries.get(i), "record"))
    }
}

/// A record's sync state: pending while a change is queued (a refusal of an earlier change
/// waits behind it), refused while the server's reason is kept, synced otherwise.
fn sync_state(queued: bool, refusal: Option<Rejection>) -> SyncState {
    match (queued, refusal) {
        (true, _) => SyncState::Pending,
        (false, Some(rejection)) => SyncState::Refused(rejection),
        (false, None) => SyncState::Synced,
    }
}

impl ToJs for OutboxEntry {
    fn to_js(&self) -> JsValue {
        let object = match self.seq {
            Some(seq) => JsObject::new().set("seq", seq.to_js()),
            None => JsObject::new(),
        };
        object
            .set("record_id", self.record_id.to_js())
            .set("user_id", self.user_id.to_js())
            .set("device_id", self.device_id.to_js())
            .set("queued_at", self.queued_at.to_js())
            .build()
    }
}

impl FromJs for OutboxEntry {
    fn from_js(value: &JsValue) -> Result<Self, Malformed> {
        Ok(OutboxEntry {
            seq: field(value, "seq")?,
            record_id: field(value, "record_id")?,
            user_id: field(value, "user_id")?,
            device_id: field(value, "device_id")?,
            queued_at: field(value, "queued_at")?,
        })
    }
}

/// Sets `record` on a JavaScript object (an outbox entry, a push entry).
pub(super) fn with_record(object: &JsValue, record: &JsValue) -> Result<bool, JsValue> {
    js_sys::Reflect::set(object, &JsValue::from_str("record"), record)
}

fn rexie_error(operation: &'static str) -> impl Fn(rexie::Error) -> StoreError {
    move |e| StoreError::from_rexie(operation, e)
}

/// A key range holding one key; a bad key is a `DataError` naming `operation`.
fn only(operation: &'static str, key: &JsValue) -> Result<KeyRange, StoreError> {
    KeyRange::only(key).map_err(|e| StoreError::from_rexie(operation, rexie::Error::IdbError(e)))
}

pub(super) fn present(value: Option<JsValue>) -> Option<JsValue> {
    value.filter(|v| !v.is_undefined())
}

impl Store {
    /// Saves a new or edited record and queues it, atomically. Only the fields whose value
    /// changed get a new stamp, so another device's edit of another field is not overwritten.
    /// Returns `false` (and writes nothing) when nothing changed.
    pub async fn save<T: SyncRecord>(&self, value: &T, user_id: &str) -> Result<bool, StoreError> {
        const OP: &str = "save";
        let err = rexie_error(OP);
        let tx = self.tx(&[RECORDS, SUMMARIES, OUTBOX, META], TransactionMode::ReadWrite, OP)?;
        let records = tx.store(RECORDS).map_err(&err)?;
        let stamp = self.clock.borrow_mut().tick(js_sys::Date::now() as i64);
        let record = match present(records.get(value.id().into()).await.map_err(&err)?) {
            Some(existing) => {
                let mut record = from_js::<StoredRecord>(OP, &existing)?.record;
                if value.write_into(&mut record, &stamp) == 0 {
                    return Ok(false);
                }
                record
            }
            None => value.to_new_record(&stamp),
        };
        self.write_change(&tx, record, user_id, OP).await?;
        finish(tx, OP).await?;
        self.announce();
        Ok(true)
    }

    /// Deletes the record `id` (a tombstone, which syncs like any change; the server's history
    /// keeps who deleted it, and when) and queues it, atomically: an action on an alert undone.
    /// `false` when the device has no such record, or it is deleted already.
    pub async fn delete(&self, id: &str, user_id: &str) -> Result<bool, StoreError> {
        const OP: &str = "delete";
        let err = rexie_error(OP);
        let tx = self.tx(&[RECORDS, SUMMARIES, OUTBOX, META], TransactionMode::ReadWrite, OP)?;
        let records = tx.store(RECORDS).map_err(&err)?;
        let Some(existing) = present(records.get(id.into()).await.map_err(&err)?) else {
            return Ok(false);
        };
        let mut record = from_js::<StoredRecord>(OP, &existing)?.record;
        if record.is_deleted() {
            return Ok(false);
        }
        let stamp = self.clock.borrow_mut().tick(js_sys::Date::now() as i64);
        record.delete(&stamp);
        self.write_change(&tx, record, user_id, OP).await?;
        finish(tx, OP).await?;
        self.announce();
        Ok(true)
    }

    /// Saves `values` (record fields and members, as a generic form gives them) into the record
    /// with `template`'s id, or into `template` itself when the device has no such record yet,
    /// and queues it, atomically. As with `save`, only a value that changed gets a new stamp, an
    /// empty value (or an unticked member of a set) is not written where there was none, and
    /// nothing is written when nothing changed (`false`). `photos` (newly taken, named by the
    /// values) are kept in the same transaction.
    pub async fn save_values(
        &self,
        template: Record,
        values: &[(String, Value)],
        photos: &[super::Photo],
        user_id: &str,
    ) -> Result<bool, StoreError> {
        const OP: &str = "save";
        let err = rexie_error(OP);
        let tx = self.tx(
            &[RECORDS, SUMMARIES, OUTBOX, META, ATTACHMENTS],
            TransactionMode::ReadWrite,
            OP,
        )?;
        let records = tx.store(RECORDS).map_err(&err)?;
        let mut record = match present(records.get(template.id.as_str().into()).await.map_err(&err)?) {
            Some(existing) => from_js::<StoredRecord>(OP, &existing)?.record,
            None => template,
        };
        let stamp = self.clock.borrow_mut().tick(js_sys::Date::now() as i64);
        let mut changed = 0;
        for (key, value) in values {
            // A member left out (an unticked choice of a set) is no member; a plain `false`
            // is a value (a required tick-box answered "no").
            let member = key.contains(posko_core::kit::MEMBER_SEPARATOR);
            let empty = *value == Value::Null || (member && *value == Value::Bool(false));
            if !(empty && record.get(key).is_none()) {
                changed += usize::from(record.set(key, value.clone(), &stamp));
            }
        }
        if changed == 0 {
            return Ok(false);
        }
        let attachments = tx.store(ATTACHMENTS).map_err(&err)?;
        for photo in photos {
            attachments
                .put(&super::photos::photo_row(photo, &record.id), None)
                .await
                .map_err(&err)?;
        }
        self.write_change(&tx, record, user_id, OP).await?;
        finish(tx, OP).await?;
        self.announce();
        Ok(true)
    }

    /// Saves many records at once, new or edited (an imported roster), all or none: one
    /// transaction, each changed record queued as `save` would. Returns how many changed.
    /// `progress` hears how many are done every hundred (the page repaints between the
    /// transaction's requests, so a bar moves).
    pub async fn save_all<T: SyncRecord>(
        &self,
        values: &[T],
        user_id: &str,
        progress: &dyn Fn(usize),
    ) -> Result<u32, StoreError> {
        const OP: &str = "save";
        let err = rexie_error(OP);
        let tx = self.tx(&[RECORDS, SUMMARIES, OUTBOX, META], TransactionMode::ReadWrite, OP)?;
        let records = tx.store(RECORDS).map_err(&err)?;
        let mut changed = 0;
        for (i, value) in values.iter().enumerate() {
            if i % 100 == 0 {
                progress(i);
            }
            let stamp = self.clock.borrow_mut().tick(js_sys::Date::now() as i64);
            let record = match present(records.get(value.id().into()).await.map_err(&err)?) {
                Some(existing) => {
                    let mut record = from_js::<StoredRecord>(OP, &existing)?.record;
                    if value.write_into(&mut record, &stamp) == 0 {
                        continue;
                    }
                    record
                }
                None => value.to_new_record(&stamp),
            };
            self.write_change(&tx, record, user_id, OP).await?;
            changed += 1;
        }
        finish(tx, OP).await?;
        if changed > 0 {
            self.announce();
        }
        Ok(changed)
    }

    /// Saves a record made just now (a new id), without reading first: the common case of a
    /// save, kept to one round of writes.
    pub async fn create<T: SyncRecord>(&self, value: &T, user_id: &str) -> Result<(), StoreError> {
        const OP: &str = "save";
        let tx = self.tx(&[RECORDS, SUMMARIES, OUTBOX, META], TransactionMode::ReadWrite, OP)?;
        let stamp = self.clock.borrow_mut().tick(js_sys::Date::now() as i64);
        self.write_change(&tx, value.to_new_record(&stamp), user_id, OP).await?;
        finish(tx, OP).await?;
        self.announce();
        Ok(())
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
        let stored = StoredRecord {
            id: record.id.clone(),
            record,
        };
        let clock = keyed("clock", &*self.clock.borrow());
        // Issued together, awaited once: the transaction keeps them in order.
        let records = tx.store(RECORDS).map_err(&err)?;
        let outbox = tx.store(OUTBOX).map_err(&err)?;
        let meta = tx.store(META).map_err(&err)?;
        let (stored, entry) = (stored.to_js(), entry.to_js());
        super::indexes::with_keys(&self.declared, &stored, op)?;
        // The entry carries the record as this change left it, so a push reads the outbox alone.
        with_record(&entry, &property(&stored, "record"))
            .map_err(|_| StoreError::new(op, "DataError", "cannot queue the record"))?;
        let (a, b, c) = futures::join!(
            records.put(&stored, None),
            outbox.add(&entry, None),
            meta.put(&clock, None)
        );
        a.and(b).and(c).map_err(&err)?;
        // A summarised kind's summary follows its record in the same transaction.
        self.follow_summaries(tx, &std::iter::once(stored).collect(), op).await
    }

    /// One person's records of one kind, as their type (the `owner_id` index). Deleted records
    /// are left out, and a record that no longer reads as its type is skipped, not fatal.
    pub async fn records_of<T: SyncRecord>(&self, owner_id: &str) -> Result<Vec<Typed<T>>, StoreError> {
        let owner = posko_core::sync::Value::Text(owner_id.to_owned());
        self.query_typed::<T>("owner_id", &owner, &owner).await
    }

    /// `records` with their sync states, read within `tx` (which spans the outbox and the
    /// refusals) in a fixed number of requests, whatever the number of records: the refusals
    /// (few: each waits on its user) and the ids the outbox holds changes for (none to read when
    /// it is empty, the usual case). One request per record cost 390 ms for a list of 1,000.
    pub(super) async fn with_sync_states(
        tx: &rexie::Transaction,
        records: Vec<Record>,
        op: &'static str,
    ) -> Result<Vec<LocalRecord>, StoreError> {
        let err = rexie_error(op);
        let outbox = tx.store(OUTBOX).map_err(&err)?;
        let refusals = tx.store(REFUSALS).map_err(&err)?;
        let refusals = refusals.get_all(None, None).await;
        let queued = js_sys::Set::new(&JsValue::UNDEFINED);
        if outbox.count(None).await.map_err(&err)? > 0 {
            for entry in outbox.get_all(None, None).await.map_err(&err)? {
                queued.add(&property(&entry, "record_id"));
            }
        }
        let refusals: Vec<StoredRefusal> = refusals
            .map_err(&err)?
            .iter()
            .map(|value| from_js(op, value))
            .collect::<Result<_, _>>()?;
        // Nothing queued (most reads of a long list): no record's id asked of the set.
        let any_queued = queued.size() > 0;
        Ok(records
            .into_iter()
            .map(|record| LocalRecord {
                sync: sync_state(
                    any_queued && queued.has(&JsValue::from_str(&record.id)),
                    refusals
                        .iter()
                        .find(|r| r.record_id == record.id)
                        .map(|r| r.rejection.clone()),
                ),
                record,
            })
            .collect())
    }

    /// The record alone, without its sync state: one read, no outbox or refusal lookup. What the
    /// first screens read (today's screening), so that lookup stays out of the first load.
    /// (`record` reads the same way in its own transaction; one helper for both cost the first
    /// load 0.3 kB, measured, so the read is written twice.)
    pub async fn bare_record(&self, id: &str) -> Result<Option<Record>, StoreError> {
        const OP: &str = "read record";
        let err = rexie_error(OP);
        let tx = self.tx(&[RECORDS], TransactionMode::ReadOnly, OP)?;
        let value = tx.store(RECORDS).map_err(&err)?.get(id.into()).await.map_err(&err)?;
        present(value)
            .map(|value| Ok(from_js::<StoredRecord>(OP, &value)?.record))
            .transpose()
    }

    pub async fn record(&self, id: &str) -> Result<Option<LocalRecord>, StoreError> {
        const OP: &str = "read record";
        let err = rexie_error(OP);
        let tx = self.tx(&[RECORDS, OUTBOX, REFUSALS], TransactionMode::ReadOnly, OP)?;
        let Some(value) = present(tx.store(RECORDS).map_err(&err)?.get(id.into()).await.map_err(&err)?) else {
            return Ok(None);
        };
        let record = from_js::<StoredRecord>(OP, &value)?.record;
        Ok(Self::with_sync_states(&tx, vec![record], OP).await?.pop())
    }

    /// Removes a refused record from this device, on the user's say-so. Otherwise local data
    /// leaves only when it left the user's reach (`drop_out_of_reach`): a record the server
    /// refused is never dropped silently.
    pub async fn discard_refused(&self, id: &str) -> Result<bool, StoreError> {
        const OP: &str = "discard";
        let err = rexie_error(OP);
        let tx = self.tx(&[RECORDS, SUMMARIES, OUTBOX, REFUSALS], TransactionMode::ReadWrite, OP)?;
        let refusals = tx.store(REFUSALS).map_err(&err)?;
        if present(refusals.get(id.into()).await.map_err(&err)?).is_none() {
            return Ok(false);
        }
        let queued = tx
            .store(OUTBOX)
            .map_err(&err)?
            .index(OUTBOX_BY_RECORD)
            .map_err(&err)?
            .count(Some(only(OP, &id.into())?))
            .await
            .map_err(&err)?;
        if queued > 0 {
            return Ok(false);
        }
        let records = tx.store(RECORDS).map_err(&err)?;
        let (a, b) = futures::join!(records.delete(id.into()), refusals.delete(id.into()));
        a.and(b).map_err(&err)?;
        self.forget_in_summaries(&tx, &std::iter::once(JsValue::from_str(id)).collect(), OP)
            .await?;
        finish(tx, OP).await?;
        self.announce();
        Ok(true)
    }

    /// Drops the records that left `user_id`'s reach (issue #18): those a pulled page names
    /// `gone`, or, on a reset (the user's reach changed: the pages start again and bring back
    /// what is still in it), every record. A record with a change still queued, or a refusal the
    /// user has not seen to, stays. When any record goes, the phone's other users pull again
    /// from the start (it may be in their reach). Answers how many went. Reached only through
    /// the pull (`later::pull`), so its code is in the home area's module.
    pub async fn drop_out_of_reach(&self, user_id: &str, gone: &js_sys::Array, reset: bool) -> Result<u32, StoreError> {
        const OP: &str = "drop records out of reach";
        let err = rexie_error(OP);
        let tx = self.tx(
            &[RECORDS, SUMMARIES, OUTBOX, REFUSALS, META],
            TransactionMode::ReadWrite,
            OP,
        )?;
        let records = tx.store(RECORDS).map_err(&err)?;
        // What this device holds: all of it on a reset, else those named.
        let held = records.get_all_keys(None, None).await.map_err(&err)?;
        let candidates = held.into_iter().filter(|id| reset || gone.includes(id, 0));
        let outbox = tx.store(OUTBOX).map_err(&err)?.index(OUTBOX_BY_RECORD).map_err(&err)?;
        let refusals = tx.store(REFUSALS).map_err(&err)?;
        let mut dropped = 0;
        let went = js_sys::Array::new();
        for id in candidates {
            let queued = outbox.count(Some(only(OP, &id)?)).await.map_err(&err)?;
            let refused = present(refusals.get(id.clone()).await.map_err(&err)?).is_some();
            if queued == 0 && !refused {
                records.delete(id.clone()).await.map_err(&err)?;
                went.push(&id);
                dropped += 1;
            }
        }
        if dropped > 0 {
            self.forget_in_summaries(&tx, &went, OP).await?;
            let own = crate::sync::engine::cursor_key(user_id);
            let meta = tx.store(META).map_err(&err)?;
            for key in meta.get_all_keys(None, None).await.map_err(&err)? {
                if key.as_string().is_some_and(|k| k.starts_with("cursor:") && k != own) {
                    meta.delete(key).await.map_err(&err)?;
                }
            }
        }
        finish(tx, OP).await?;
        if dropped > 0 {
            self.announce();
        }
        Ok(dropped)
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
        values.iter().map(|value| from_js(OP, value)).collect()
    }

    /// How many changes wait to be pushed, of every user of this device.
    pub async fn pending_count(&self) -> Result<u32, StoreError> {
        const OP: &str = "count outbox";
        let err = rexie_error(OP);
        let tx = self.tx(&[OUTBOX], TransactionMode::ReadOnly, OP)?;
        tx.store(OUTBOX).map_err(&err)?.count(None).await.map_err(&err)
    }

    /// How many of `user_id`'s own changes wait to be pushed: on a shared phone, what this user
    /// can send (another user's go out when that user signs in).
    /// How many records on this device hold a refusal of the server not yet fixed or discarded.
    pub async fn refused_count(&self) -> Result<u32, StoreError> {
        const OP: &str = "count refusals";
        let err = rexie_error(OP);
        let tx = self.tx(&[REFUSALS], TransactionMode::ReadOnly, OP)?;
        tx.store(REFUSALS).map_err(&err)?.count(None).await.map_err(&err)
    }

    pub async fn pending_count_of(&self, user_id: &str) -> Result<u32, StoreError> {
        const OP: &str = "count outbox";
        let err = rexie_error(OP);
        let tx = self.tx(&[OUTBOX], TransactionMode::ReadOnly, OP)?;
        let by_user = tx.store(OUTBOX).map_err(&err)?.index(OUTBOX_BY_USER).map_err(&err)?;
        by_user.count(Some(only(OP, &user_id.into())?)).await.map_err(&err)
    }

    /// The next changes to push: the user's oldest `limit` entries (another user's on a shared
    /// phone are passed over, not waited behind: the server keeps each user's sequence on this
    /// device apart), each with its record as the change left it. One read of the outbox: the
    /// records are not looked up one by one.
    pub async fn next_push(&self, user_id: &str, limit: u32) -> Result<PushBatch, StoreError> {
        self.next_push_after(user_id, 0, limit).await
    }

    /// Like `next_push`, but only entries after sequence number `after`: the batch that follows
    /// one still in flight (its entries stay queued until acknowledged).
    pub async fn next_push_after(&self, user_id: &str, after: u64, limit: u32) -> Result<PushBatch, StoreError> {
        const OP: &str = "read push batch";
        let err = rexie_error(OP);
        let tx = self.tx(&[OUTBOX], TransactionMode::ReadOnly, OP)?;
        let by_user = tx.store(OUTBOX).map_err(&err)?.index(OUTBOX_BY_USER).map_err(&err)?;
        let mut items: Vec<(u64, String)> = Vec::new();
        let entries = js_sys::Array::new();
        let seq_key = JsValue::from_str("seq");
        // The user's entries in key order. Those up to `after` are the batch in flight (at
        // most `limit`), still queued until acknowledged, so twice the limit reaches past it.
        let queued = by_user
            .get_all(Some(only(OP, &user_id.into())?), Some(limit * 2))
            .await
            .map_err(&err)?;
        for queued in &queued {
            if property(queued, "seq").as_f64().is_none_or(|seq| seq <= after as f64) {
                continue;
            }
            if items.len() as u32 == limit {
                break;
            }
            self.push_item(queued, &entries, &mut items, &seq_key, OP)?;
        }
        Ok(PushBatch { entries, items })
    }

    /// Adds one outbox entry to a push batch being read.
    fn push_item(
        &self,
        queued: &JsValue,
        entries: &js_sys::Array,
        items: &mut Vec<(u64, String)>,
        seq_key: &JsValue,
        op: &'static str,
    ) -> Result<(), StoreError> {
        let seq = property(queued, "seq");
        let record = property(queued, "record");
        let (Some(seq_number), Some(record_id), false) = (
            seq.as_f64(),
            property(queued, "record_id").as_string(),
            record.is_undefined(),
        ) else {
            return Err(StoreError::new(
                op,
                "DataError",
                "an outbox entry lacks its seq, record id or record",
            ));
        };
        let entry = js_sys::Object::new();
        js_sys::Reflect::set(&entry, seq_key, &seq)
            .and(with_record(&entry, &record))
            .map_err(|_| StoreError::new(op, "DataError", "cannot build a push entry"))?;
        entries.push(&entry);
        items.push((seq_number as u64, record_id));
        Ok(())
    }

    /// Stores the server's acknowledgements in one transaction: acknowledged entries leave the
    /// outbox, a refused record keeps the reason, and a record whose later change was accepted
    /// loses its old refusal. The records themselves are not rewritten (see `SyncState`). An
    /// entry refused for a clock ahead of the server's stays queued: its sequence numbers are
    /// returned for `restamp`, and until it has run, a push sends the entry again and the
    /// server repeats the refusal.
    pub async fn apply_acks(&self, acks: &[Ack], pushed: &PushBatch) -> Result<Vec<u64>, StoreError> {
        const OP: &str = "store acknowledgements";
        let err = rexie_error(OP);
        let tx = self.tx(&[OUTBOX, REFUSALS], TransactionMode::ReadWrite, OP)?;
        let outbox = tx.store(OUTBOX).map_err(&err)?;
        let refusals = tx.store(REFUSALS).map_err(&err)?;
        let refused_before = refusals.get_all_keys(None, None).await;
        // The acknowledged entries leave, by runs of consecutive keys: one run, but on a shared
        // phone, where another user's entries lie between and stay, or around an entry refused
        // for a clock ahead of the server's, which stays queued to be stamped again.
        let mut clock_ahead = Vec::new();
        let mut run: Option<(u64, u64)> = None;
        for ack in acks.iter().map(Some).chain([None]) {
            let seq = match ack {
                Some(ack) if matches!(&ack.outcome, Outcome::Rejected(r) if r.code == RejectCode::ClockAhead) => {
                    clock_ahead.push(ack.seq);
                    None
                }
                Some(ack) => Some(ack.seq),
                None => None,
            };
            match (run, seq) {
                (Some((first, last)), Some(seq)) if seq == last + 1 => run = Some((first, seq)),
                (Some((first, last)), _) => {
                    // Keys are JavaScript numbers; a u64 would become a BigInt, not a valid key.
                    let range =
                        KeyRange::bound(&(first as f64).into(), &(last as f64).into(), Some(false), Some(false))
                            .map_err(|e| StoreError::from_rexie(OP, rexie::Error::IdbError(e)))?;
                    outbox.delete(range.into()).await.map_err(&err)?;
                    run = seq.map(|seq| (seq, seq));
                }
                (None, seq) => run = seq.map(|seq| (seq, seq)),
            }
        }
        let refused_before = js_sys::Set::new(&refused_before.map_err(&err)?.into_iter().collect::<js_sys::Array>());

        // The latest outcome per record decides: the acknowledgements are walked newest first,
        // and a record already decided is skipped. `pushed.items` is in sequence order (the
        // outbox's key order), so an acknowledgement finds its entry by binary search.
        let decided = js_sys::Set::new(&JsValue::UNDEFINED);
        let mut refused_now = Vec::new();
        let mut cleared = Vec::new();
        for ack in acks.iter().rev() {
            let Ok(i) = pushed.items.binary_search_by_key(&ack.seq, |(seq, _)| *seq) else {
                continue;
            };
            let record_id = &pushed.items[i].1;
            let id = JsValue::from_str(record_id);
            if decided.has(&id) {
                continue;
            }
            decided.add(&id);
            match &ack.outcome {
                Outcome::Rejected(rejection) if rejection.code == RejectCode::ClockAhead => {}
                Outcome::Rejected(rejection) => {
                    let refusal = StoredRefusal {
                        record_id: record_id.clone(),
                        rejection: rejection.clone(),
                    };
                    refused_now.push((refusal.to_js(), None));
                }
                Outcome::Applied | Outcome::Duplicate if refused_before.has(&id) => cleared.push(id),
                Outcome::Applied | Outcome::Duplicate => {}
            }
        }
        refusals.put_all(refused_now.into_iter()).await.map_err(&err)?;
        // One by one: a cleared refusal is rare (a fix accepted), and a join of deletes would
        // add its own future machinery to the bundle (1.5 kB of brotli).
        for id in cleared {
            refusals.delete(id).await.map_err(&err)?;
        }
        finish(tx, OP).await?;
        Ok(clock_ahead)
    }

    /// The outbox entries `seqs` (refused for a clock ahead of the server's), stamped again and
    /// queued anew, each in one transaction with the removal of the old entry: the clock
    /// forgets the late stamps, and each late stamp of the record becomes one of now, by the
    /// server's time; the values stay. Reached only through `later::restamp`, so its code is
    /// in the later module: a clock that far off is rare.
    pub async fn restamp(&self, seqs: &[u64]) -> Result<(), StoreError> {
        const OP: &str = "stamp again";
        let err = rexie_error(OP);
        let device_now = js_sys::Date::now() as i64;
        self.clock.borrow_mut().rewind(device_now);
        let latest = self.clock.borrow().corrected(device_now);
        for seq in seqs {
            let tx = self.tx(&[RECORDS, SUMMARIES, OUTBOX, META], TransactionMode::ReadWrite, OP)?;
            let outbox = tx.store(OUTBOX).map_err(&err)?;
            let key: JsValue = (*seq as f64).into();
            let Some(entry) = present(outbox.get(key.clone()).await.map_err(&err)?) else {
                continue;
            };
            let (Some(record_id), Some(user_id)) = (
                property(&entry, "record_id").as_string(),
                property(&entry, "user_id").as_string(),
            ) else {
                continue;
            };
            outbox.delete(key).await.map_err(&err)?;
            let records = tx.store(RECORDS).map_err(&err)?;
            if let Some(existing) = present(records.get(record_id.into()).await.map_err(&err)?) {
                let mut record = from_js::<StoredRecord>(OP, &existing)?.record;
                let stamp = self.clock.borrow_mut().tick(device_now);
                record.restamp_after(latest, &stamp);
                // Queued again even when no stamp was late any more (another device's pull
                // brought a later one): the server judges it afresh.
                self.write_change(&tx, record, &user_id, OP).await?;
            }
            finish(tx, OP).await?;
        }
        self.announce();
        Ok(())
    }

    /// Stores a pulled page and the cursor after it, in one transaction: either both are kept
    /// or neither, so a crash between pages re-pulls a page rather than skipping one. Pulled
    /// records merge with local ones field by field; a local change not yet pushed survives.
    /// `page` holds records as the browser parsed them (`Record`'s JSON shape): one new to this
    /// device is stored as it came, and only one that meets a local copy goes through Rust.
    ///
    /// `reach` is kept with the cursor: the reach the cursor counts as reached under
    /// (`PullResponse::reach`; a run that starts again from the beginning keeps the one before
    /// until its last page).
    pub async fn apply_pull(
        &self,
        page: &js_sys::Array,
        cursor_key: &str,
        cursor: u64,
        reach: &str,
    ) -> Result<(), StoreError> {
        const OP: &str = "store pulled records";
        let err = rexie_error(OP);
        let tx = self.tx(&[RECORDS, SUMMARIES, META], TransactionMode::ReadWrite, OP)?;
        let records = tx.store(RECORDS).map_err(&err)?;
        // Every record made into its new row at once (`rows.js`: made here field by field, the
        // calls across the wasm boundary took most of a first sync's main thread).
        let pulled = self.declared.pulled_rows(page);
        let Some((low, high)) = pulled.ids else {
            return self.store_cursor(tx, cursor_key, cursor, reach, OP).await;
        };
        // Which of the page's records this device already has: one read of the keys between the
        // page's lowest and highest id (ids are strings) instead of a read per record, then a
        // read of each record that meets a local copy, merged into it. On a first sync that is
        // none of them.
        let range = KeyRange::bound(&low, &high, Some(false), Some(false))
            .map_err(|e| StoreError::from_rexie(OP, rexie::Error::IdbError(e)))?;
        let known = records.get_all_keys(Some(range), None).await.map_err(&err)?;
        let rows = pulled.rows;
        if !known.is_empty() {
            let known = js_sys::Set::new(&known.into_iter().collect::<js_sys::Array>());
            let id_key = JsValue::from_str("id");
            let ids: Vec<(u32, JsValue)> = (0..rows.length())
                .map(|i| {
                    (
                        i,
                        js_sys::Reflect::get(&rows.get(i), &id_key).unwrap_or(JsValue::UNDEFINED),
                    )
                })
                .filter(|(_, id)| known.has(id))
                .collect();
            let existing = join_all(ids.iter().map(|(_, id)| records.get(id.clone()))).await;
            for ((i, _), local) in ids.into_iter().zip(existing) {
                let Some(value) = present(local.map_err(&err)?) else {
                    continue;
                };
                let mut local: StoredRecord = from_js(OP, &value)?;
                let remote: Record = from_js(OP, &page.get(i))?;
                let merged = match local.record.merge(&remote) {
                    Ok(_) => local.to_js(),
                    // The server never sends a record whose envelope changed; if it did,
                    // keeping the local copy loses nothing.
                    Err(_) => value,
                };
                super::indexes::with_keys(&self.declared, &merged, OP)?;
                rows.set(i, merged);
            }
        }
        if let Ok(latest) = Stamp::parse(&pulled.latest) {
            self.clock.borrow_mut().observe(&latest);
        }
        records
            .put_all(rows.iter().map(|row| (row, None)))
            .await
            .map_err(&err)?;
        // The summarised kinds' summaries, as the rows were stored (merged where merged).
        self.follow_summaries(&tx, &rows, OP).await?;
        self.store_cursor(tx, cursor_key, cursor, reach, OP).await
    }

    /// Ends a pull's transaction by storing the cursor and the clock with the page.
    async fn store_cursor(
        &self,
        tx: rexie::Transaction,
        cursor_key: &str,
        cursor: u64,
        reach: &str,
        op: &'static str,
    ) -> Result<(), StoreError> {
        let err = rexie_error(op);
        let meta = tx.store(META).map_err(&err)?;
        // The clock is serialised before any await: a save in another task may tick it meanwhile.
        let (cursor, clock) = (keyed(cursor_key, &cursor), keyed("clock", &*self.clock.borrow()));
        // The reach the cursor was reached under rides on the cursor's row.
        js_sys::Reflect::set(&cursor, &"reach".into(), &reach.into())
            .map_err(|_| StoreError::new(op, "DataError", "cannot keep the reach"))?;
        let (a, b) = futures::join!(meta.put(&cursor, None), meta.put(&clock, None));
        a.and(b).map_err(&err)?;
        finish(tx, op).await
    }

    /// Where a user's pull stands: the cursor under `cursor_key` and the reach it was reached
    /// under (empty before the first pull that told it).
    pub async fn pull_position(&self, cursor_key: &str) -> Result<(u64, String), StoreError> {
        const OP: &str = "read the pull's position";
        let err = rexie_error(OP);
        let tx = self.tx(&[META], TransactionMode::ReadOnly, OP)?;
        let row = tx
            .store(META)
            .map_err(&err)?
            .get(cursor_key.into())
            .await
            .map_err(&err)?;
        let reach = row
            .as_ref()
            .and_then(|row| property(row, "reach").as_string())
            .unwrap_or_default();
        let cursor = super::keyed_value::<u64>(OP, row)?.unwrap_or(0);
        Ok((cursor, reach))
    }

    /// `observe_server_time` for a pulled page, in memory only: `apply_pull` keeps the clock with
    /// the page, so a page needs no transaction of its own for it (one that would queue behind the
    /// page before it, and the next page behind it; three runs each of the sync bench: within the
    /// noise, 4.06–4.77 s against 4.00–4.56 s, and 0.1 kB off the first load).
    pub fn observe_server_time_for_pull(&self, server_ms: i64, sent_ms: i64, received_ms: i64) {
        self.clock
            .borrow_mut()
            .observe_server_time(server_ms, sent_ms, received_ms);
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
