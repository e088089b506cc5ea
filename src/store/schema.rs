//! The IndexedDB layout, one function per schema version, so old layouts stay testable.
//!
//! IndexedDB only changes structure (stores, indexes) during a version upgrade; data changes
//! that a new version needs run right after opening, in `migrations.rs`, and are recorded in
//! the `meta` store so each runs once. A store left out of a version is deleted by the upgrade,
//! so a store whose data a migration still has to move stays listed until it is empty.

use rexie::{Index, ObjectStore, Rexie, RexieBuilder};

/// Synced records of every kind, `{id, record}` (version 3 also kept a `sync` state there).
pub const RECORDS: &str = "records";
/// The server's refusal of a record's latest pushed change, `{record_id, rejection}`, kept until
/// a later change is accepted or the user discards the record.
pub const REFUSALS: &str = "refusals";
/// Development builds before version 3 kept screenings here; still listed so that an upgrade
/// from one of them does not delete what it holds.
pub const SCREENINGS: &str = "screenings";
pub const OUTBOX: &str = "outbox";
pub const META: &str = "meta";
pub const SESSION: &str = "session";
/// Photos the device took, `{sha256, record_id, content_type, blob, sent}`: the bytes a record's
/// attachment field names, kept until the user's device no longer needs them.
pub const ATTACHMENTS: &str = "attachments";
/// The kinds read in thousands (`indexes::SUMMARISED`): one row a group, `{id: kind␀value,
/// kind, entries: {record id: its values without stamps packed in one text}}` (`rows.js`), a
/// tracer's contacts in one row, kept as the records change in the same transaction: what a
/// list reads instead of a row a record (`Store::summaries`).
pub const SUMMARIES: &str = "summaries";

/// Index on `[record.kind, record.owner_id]` (versions 3 and 4; `by_key` replaces it).
pub const RECORDS_BY_KIND_OWNER: &str = "by_kind_owner";
/// Multi-entry index on each row's `keys`, `[kind, field, value]` for every declared index of
/// its kind (`indexes.rs`): any declared query without a scan.
pub const RECORDS_BY_KEY: &str = "by_key";
/// Index on the outbox's `user_id`: what one user of a shared phone has waiting.
pub const OUTBOX_BY_USER: &str = "by_user";
/// Index on the outbox's `record_id`: whether a record still has a change waiting.
pub const OUTBOX_BY_RECORD: &str = "by_record";
/// Index on an attachment's `sent` (0 or 1): the photos still to upload, without a scan.
pub const ATTACHMENTS_BY_SENT: &str = "by_sent";

pub const CURRENT_VERSION: u32 = 7;

/// Version 3, the oldest layout this app upgrades from: one `records` store for every synced
/// kind (stamped fields, see `posko_core::sync`), and an outbox index by record.
pub fn version_3(name: &str) -> RexieBuilder {
    Rexie::builder(name)
        .version(3)
        .add_object_store(ObjectStore::new(RECORDS).key_path("id").add_index(Index::new_array(
            RECORDS_BY_KIND_OWNER,
            ["record.kind", "record.owner_id"],
        )))
        .add_object_store(ObjectStore::new(SCREENINGS).key_path("id"))
        .add_object_store(ObjectStore::new(SESSION).key_path("key"))
        .add_object_store(
            ObjectStore::new(OUTBOX)
                .key_path("seq")
                .auto_increment(true)
                .add_index(Index::new(OUTBOX_BY_RECORD, "record_id")),
        )
        .add_object_store(ObjectStore::new(META).key_path("key"))
}

/// Version 4: a record's sync state is no longer written into the record (acknowledging a push
/// would rewrite every pushed record); it follows from the outbox and the `refusals` store.
pub fn version_4(name: &str) -> RexieBuilder {
    version_3(name)
        .version(4)
        .add_object_store(ObjectStore::new(REFUSALS).key_path("record_id"))
}

/// Version 5, the record kit: the `by_key` index over the keys the registry declares (it also
/// answers "one person's records", so `by_kind_owner` goes), and the outbox by user (a shared
/// phone counts each user's own changes). Which
/// fields are indexed is data (`keys`), so a new declaration needs no new version.
pub fn version_5(name: &str) -> RexieBuilder {
    version_4(name)
        .version(5)
        .add_object_store(
            ObjectStore::new(RECORDS)
                .key_path("id")
                .add_index(Index::new(RECORDS_BY_KEY, super::indexes::KEYS).multi_entry(true)),
        )
        .add_object_store(
            ObjectStore::new(OUTBOX)
                .key_path("seq")
                .auto_increment(true)
                .add_index(Index::new(OUTBOX_BY_RECORD, "record_id"))
                .add_index(Index::new(OUTBOX_BY_USER, "user_id")),
        )
}

/// Version 6: photos (`attachments`), saved with the record that names them and uploaded after it.
pub fn version_6(name: &str) -> RexieBuilder {
    version_5(name).version(6).add_object_store(
        ObjectStore::new(ATTACHMENTS)
            .key_path("sha256")
            .add_index(Index::new(ATTACHMENTS_BY_SENT, "sent")),
    )
}

/// Version 7: the `summaries` store (issue #20 item 5: a tracer's day over 5,000 contacts read
/// whole rows for 200 ms, of it IndexedDB's `getAll` alone 120-157 ms; small rows, one a
/// record, still 64-85 ms). Filled by the first open's `reindex`, whose fingerprint counts the
/// summarised kinds.
pub fn version_7(name: &str) -> RexieBuilder {
    version_6(name)
        .version(7)
        .add_object_store(ObjectStore::new(SUMMARIES).key_path("id"))
}

pub fn current(name: &str) -> RexieBuilder {
    version_7(name)
}
