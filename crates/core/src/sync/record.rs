//! The synced record: an envelope (identity and scope) plus stamped fields, and the merge that
//! every replica (device or server) runs, so all of them reach the same state.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::stamp::Stamp;
use super::value::Value;
use crate::kit::{Invalid, KindDecl};

/// A field's value and the stamp of the change that set it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = RecordField))]
pub struct Field {
    pub v: Value,
    pub s: Stamp,
}

impl Field {
    /// Which of two versions of a field wins: the later stamp; on an identical stamp (which a
    /// correct device never makes twice with different values) the larger value, so the choice
    /// is still the same on every replica.
    fn beats(&self, other: &Field) -> bool {
        (&self.s, &self.v) > (&other.s, &other.v)
    }
}

/// One record of any kind. The envelope (`id`, `kind`, `agency_id`, `office_id`, `owner_id`) is
/// fixed when the record is made; only `fields` and `deleted` change, each under its stamp.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Record {
    /// A UUIDv7 made by the client, so a record made offline has its identity at once.
    pub id: String,
    pub kind: String,
    pub agency_id: String,
    pub office_id: Option<String>,
    /// The person the record is about and who may always see it (the employee of a screening).
    pub owner_id: Option<String>,
    /// The record this one belongs to (a contact's case), for kinds that declare a parent.
    /// Absent on the wire when `None`, so records of kinds without a parent keep their shape.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    pub fields: BTreeMap<String, Field>,
    /// A tombstone: once deleted, always deleted, so a delete can never be lost to a late edit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<Stamp>,
}

/// What a merge did to one field: `incoming` was `won` (applied over `old`) or lost to a later
/// value already there. The server keeps both kinds in its history, so no edit vanishes unseen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<Field>,
    pub incoming: Field,
    pub won: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    #[error("record {id} changed its {part}, which is fixed when a record is made")]
    EnvelopeChanged { id: String, part: &'static str },
}

impl Record {
    pub fn new(
        kind: &str,
        id: String,
        agency_id: String,
        office_id: Option<String>,
        owner_id: Option<String>,
    ) -> Record {
        Record {
            id,
            kind: kind.to_owned(),
            agency_id,
            office_id,
            owner_id,
            parent_id: None,
            fields: BTreeMap::new(),
            deleted: None,
        }
    }

    pub fn get(&self, field: &str) -> Option<&Value> {
        self.fields.get(field).map(|f| &f.v)
    }

    /// A local edit: sets the field under `stamp` if its value differs. Returns whether it did.
    /// Unchanged fields keep their old stamp, so two devices editing different fields both win.
    pub fn set(&mut self, field: &str, value: Value, stamp: &Stamp) -> bool {
        if self.get(field) == Some(&value) {
            return false;
        }
        self.fields.insert(
            field.to_owned(),
            Field {
                v: value,
                s: stamp.clone(),
            },
        );
        true
    }

    pub fn delete(&mut self, stamp: &Stamp) {
        if self.deleted.as_ref().is_none_or(|d| stamp > d) {
            self.deleted = Some(stamp.clone());
        }
    }

    /// Gives every field (and the tombstone) stamped after `latest_ms` the stamp `stamp`,
    /// keeping its value: what a device does when the server refused its change for a clock
    /// ahead of the server's (`RejectCode::ClockAhead`). Returns how many it restamped.
    pub fn restamp_after(&mut self, latest_ms: u64, stamp: &Stamp) -> usize {
        let mut restamped = 0;
        for field in self.fields.values_mut() {
            if field.s.ms() > latest_ms {
                field.s = stamp.clone();
                restamped += 1;
            }
        }
        if self.deleted.as_ref().is_some_and(|d| d.ms() > latest_ms) {
            self.deleted = Some(stamp.clone());
            restamped += 1;
        }
        restamped
    }

    pub fn is_deleted(&self) -> bool {
        self.deleted.is_some()
    }

    /// The latest stamp anywhere in the record.
    pub fn latest_stamp(&self) -> Option<&Stamp> {
        self.fields.values().map(|f| &f.s).chain(self.deleted.as_ref()).max()
    }

    fn check_envelope(&self, other: &Record) -> Result<(), MergeError> {
        let changed = |part| {
            Err(MergeError::EnvelopeChanged {
                id: self.id.clone(),
                part,
            })
        };
        if self.id != other.id {
            return changed("id");
        }
        if self.kind != other.kind {
            return changed("kind");
        }
        if self.agency_id != other.agency_id {
            return changed("agency");
        }
        if self.office_id != other.office_id {
            return changed("office");
        }
        if self.owner_id != other.owner_id {
            return changed("owner");
        }
        if self.parent_id != other.parent_id {
            return changed("parent");
        }
        Ok(())
    }

    /// Merges `other` into `self`, field by field: the later stamp wins. Commutative,
    /// associative and idempotent, so replicas that see the same edits in any order, in any
    /// chunks, any number of times, end equal. Returns every field where `other` differed.
    pub fn merge(&mut self, other: &Record) -> Result<Vec<FieldChange>, MergeError> {
        self.check_envelope(other)?;
        let mut changes = Vec::new();
        for (name, incoming) in &other.fields {
            match self.fields.get_mut(name) {
                Some(current) if current == incoming => {}
                Some(current) => {
                    let won = incoming.beats(current);
                    changes.push(FieldChange {
                        field: name.clone(),
                        old: Some(current.clone()),
                        incoming: incoming.clone(),
                        won,
                    });
                    if won {
                        *current = incoming.clone();
                    }
                }
                None => {
                    changes.push(FieldChange {
                        field: name.clone(),
                        old: None,
                        incoming: incoming.clone(),
                        won: true,
                    });
                    self.fields.insert(name.clone(), incoming.clone());
                }
            }
        }
        if let Some(deleted) = &other.deleted {
            self.delete(deleted);
        }
        Ok(changes)
    }
}

/// A record's fixed envelope, borrowed from a typed record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordEnvelope<'a> {
    pub id: &'a str,
    pub agency_id: &'a str,
    pub office_id: Option<&'a str>,
    pub owner_id: Option<&'a str>,
    pub parent_id: Option<&'a str>,
}

/// A record type that travels through sync: how it maps onto stamped fields and back.
/// `record_kind!` implements it from the kind's declaration; nothing implements it by hand.
pub trait SyncRecord: Sized {
    const KIND: &'static str;

    fn decl() -> &'static KindDecl;
    fn envelope(&self) -> RecordEnvelope<'_>;
    /// Writes every declared field into `record`, stamping only those whose value changed.
    /// Returns how many record fields changed.
    fn write_into(&self, record: &mut Record, stamp: &Stamp) -> usize;
    /// Rebuilds the typed record from merged fields: every declared field present (or
    /// optional) and of its type. Bounds and rules are `kit::check`'s job.
    fn from_record(record: &Record) -> Result<Self, Invalid>;

    fn id(&self) -> &str {
        self.envelope().id
    }

    /// A new record carrying every field under `stamp`.
    fn to_new_record(&self, stamp: &Stamp) -> Record {
        let e = self.envelope();
        let mut record = Record::new(
            Self::KIND,
            e.id.to_owned(),
            e.agency_id.to_owned(),
            e.office_id.map(str::to_owned),
            e.owner_id.map(str::to_owned),
        );
        record.parent_id = e.parent_id.map(str::to_owned);
        self.write_into(&mut record, stamp);
        record
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> Record {
        Record::new("test", "r1".into(), "ag".into(), Some("of".into()), None)
    }

    #[test]
    fn the_later_stamp_wins_whichever_side_it_is_on() {
        let early = Stamp::new(1, 0, "a");
        let late = Stamp::new(2, 0, "b");
        let mut a = record();
        a.set("x", Value::Int(1), &early);
        let mut b = record();
        b.set("x", Value::Int(2), &late);

        let mut ab = a.clone();
        let changes = ab.merge(&b).unwrap();
        assert_eq!(ab.get("x"), Some(&Value::Int(2)));
        assert_eq!(changes.len(), 1);
        assert!(changes[0].won);
        assert_eq!(changes[0].old.as_ref().map(|f| &f.v), Some(&Value::Int(1)));

        let mut ba = b.clone();
        let changes = ba.merge(&a).unwrap();
        assert_eq!(ba, ab);
        assert!(!changes[0].won, "the late old edit is reported, not applied");
    }

    #[test]
    fn restamping_after_a_time_keeps_values_and_touches_only_later_stamps() {
        let now = Stamp::new(1_000, 0, "d");
        #[rustfmt::skip]
        let cases: [(&[(&str, u64)], Option<u64>, usize); 4] = [
            // fields (name, stamp ms),     tombstone ms, restamped
            (&[("x", 500), ("y", 400)],     None,         0),
            (&[("x", 5_000), ("y", 400)],   None,         1),
            (&[("x", 5_000), ("y", 9_000)], Some(7_000),  3),
            (&[("x", 1_000)],               Some(999),    0), // at the limit is not after it
        ];
        for (fields, tombstone, expected) in cases {
            let mut r = record();
            for (name, ms) in fields {
                r.set(name, Value::Int(*ms as i64), &Stamp::new(*ms, 0, "phone"));
            }
            r.deleted = tombstone.map(|ms| Stamp::new(ms, 0, "phone"));
            let before = r.clone();
            assert_eq!(r.restamp_after(1_000, &now), expected, "{fields:?}");
            for (name, ms) in fields {
                assert_eq!(r.get(name), before.get(name), "the value stays");
                let s = &r.fields[*name].s;
                assert_eq!(s, if *ms > 1_000 { &now } else { &before.fields[*name].s });
            }
        }
    }

    #[test]
    fn a_repeated_merge_changes_nothing() {
        let mut a = record();
        a.set("x", Value::Bool(true), &Stamp::new(5, 0, "a"));
        let copy = a.clone();
        assert!(a.merge(&copy).unwrap().is_empty());
        assert_eq!(a, copy);
    }

    #[test]
    fn set_stamps_only_changed_fields() {
        let mut a = record();
        let first = Stamp::new(1, 0, "a");
        assert!(a.set("x", Value::Int(1), &first));
        assert!(!a.set("x", Value::Int(1), &Stamp::new(2, 0, "a")));
        assert_eq!(a.fields["x"].s, first);
    }

    #[test]
    fn a_delete_survives_later_edits() {
        let mut a = record();
        a.set("x", Value::Int(1), &Stamp::new(1, 0, "a"));
        let mut deleted = a.clone();
        deleted.delete(&Stamp::new(2, 0, "a"));
        a.set("x", Value::Int(2), &Stamp::new(3, 0, "b"));
        a.merge(&deleted).unwrap();
        assert!(a.is_deleted());
    }

    #[test]
    fn the_envelope_cannot_change() {
        let mut a = record();
        let mut moved = record();
        moved.office_id = Some("elsewhere".into());
        assert_eq!(
            a.merge(&moved),
            Err(MergeError::EnvelopeChanged {
                id: "r1".into(),
                part: "office"
            })
        );
    }
}
