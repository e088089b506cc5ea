//! The IndexedDB layout, one function per schema version, so old layouts stay testable.
//!
//! IndexedDB only changes structure (stores, indexes) during a version upgrade; data changes
//! that a new version needs run right after opening, in `migrations.rs`, and are recorded in
//! the `meta` store so each runs once.

use rexie::{Index, ObjectStore, Rexie, RexieBuilder};

pub const SCREENINGS: &str = "screenings";
pub const OUTBOX: &str = "outbox";
pub const META: &str = "meta";
pub const SESSION: &str = "session";

/// Index on `[record.employee_id, record.date]`: one employee's history, in date order, without a scan.
pub const SCREENINGS_BY_EMPLOYEE_DATE: &str = "by_employee_date";

pub const CURRENT_VERSION: u32 = 2;

/// Version 1 (first release): screenings by id (the bare record), and the signed-in session.
pub fn version_1(name: &str) -> RexieBuilder {
    Rexie::builder(name)
        .version(1)
        .add_object_store(ObjectStore::new(SCREENINGS).key_path("id"))
        .add_object_store(ObjectStore::new(SESSION).key_path("key"))
}

/// Version 2: screenings wrapped with their sync state (`{id, record, sync}`, see
/// `LocalScreening`), the outbox (one entry per local write, its auto-increment key being the
/// device's sequence number), the meta store (device id, data-migration level), the history index.
pub fn version_2(name: &str) -> RexieBuilder {
    Rexie::builder(name)
        .version(2)
        .add_object_store(ObjectStore::new(SCREENINGS).key_path("id").add_index(Index::new_array(
            SCREENINGS_BY_EMPLOYEE_DATE,
            ["record.employee_id", "record.date"],
        )))
        .add_object_store(ObjectStore::new(SESSION).key_path("key"))
        .add_object_store(ObjectStore::new(OUTBOX).key_path("seq").auto_increment(true))
        .add_object_store(ObjectStore::new(META).key_path("key"))
}

pub fn current(name: &str) -> RexieBuilder {
    version_2(name)
}
