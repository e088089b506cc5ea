//! The record kinds this server stores, and the check each merged record passes before it is kept.

use posko_core::sync::{FieldChange, Record, SyncRecord};
use posko_core::Screening;

/// A kind of record the server knows. A new synced record type adds a variant here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Screening,
}

impl Kind {
    pub fn of(name: &str) -> Option<Kind> {
        (name == Screening::KIND).then_some(Kind::Screening)
    }

    /// Whether `merged` is a valid record of this kind, checked by core's own `from_record`,
    /// and whether every field the push changed is one of the kind's fields (so a client cannot
    /// store arbitrary extra data). Fields already stored are not re-checked by name, so a
    /// field a later version drops does not make old records unwritable.
    pub fn check(self, merged: &Record, changes: &[FieldChange]) -> Result<(), String> {
        match self {
            Kind::Screening => check_as::<Screening>(merged, changes),
        }
    }
}

fn check_as<T: SyncRecord>(merged: &Record, changes: &[FieldChange]) -> Result<(), String> {
    let typed = T::from_record(merged).map_err(|e| e.to_string())?;
    let known = typed.to_fields();
    match changes.iter().find(|c| !known.iter().any(|(name, _)| *name == c.field)) {
        Some(unknown) => Err(format!("{} is not a field of a {}", unknown.field, T::KIND)),
        None => Ok(()),
    }
}
