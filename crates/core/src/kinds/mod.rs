//! The record kinds Posko syncs, each declared with the kit (`record_kind!`), and the one list
//! of them (`STANDARD`) every loop reads: the server's checks and projections, the device's
//! indexes, the generic views. The kit below knows none of them (a test holds it to that).
//! A new kind is its file here and one line in `STANDARD` (ARCHITECTURE.md, "Adding a record
//! type"); the test fixtures (`fixtures`, feature `fixtures`) extend the list, never copy it.

pub mod alert;
pub mod call_center;
#[cfg(feature = "cases")]
pub mod cases;
pub mod checklist;
#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;
pub mod roster;
pub mod screening;
pub mod violation;
pub mod wfo;

use crate::kit::{Indexes, KindDecl, KindIndex, Registry};

/// Writes the lists of kinds from one list of each: `STANDARD`, every kind Posko syncs (the
/// everyday kinds, then the health kinds with the `cases` feature); `EVERYDAY`, what the
/// Crisis Center's generic views (records, forms) of every role show, so they link no health
/// kind's declaration (the health kinds, `Access::is_health`, are shown by the screens of the
/// roles that trace); and `STANDARD_INDEXES`, what the device indexes of `STANDARD`, read from
/// the declarations when compiled, in the same order. The device's store reads the indexes as
/// the JSON text the client's build writes from them (`Indexes::json`), so no client links that
/// list.
macro_rules! kinds {
    (everyday: [$($everyday:path),* $(,)?], health: [$($health:path),* $(,)?] $(,)?) => {
        /// Every kind Posko syncs.
        pub static STANDARD: &[&KindDecl] = &[$(&$everyday,)* $(#[cfg(feature = "cases")] &$health,)*];
        /// The kinds the generic views show: all but the health kinds.
        pub static EVERYDAY: &[&KindDecl] = &[$(&$everyday,)*];
        /// What the device indexes of `STANDARD`, in its order.
        pub static STANDARD_INDEXES: &[&KindIndex] =
            &[$($everyday.index,)* $(#[cfg(feature = "cases")] $health.index,)*];
    };
}

kinds! {
    everyday: [
        screening::SCREENING,
        roster::PERSON,
        violation::VIOLATION,
        alert::ALERT_ACTION,
        checklist::CHECKLIST,
        checklist::CHECKLIST_TEMPLATE,
        wfo::WFO_DAY,
        call_center::CALL_CENTER,
    ],
    health: [
        cases::OUTSIDE_PERSON,
        cases::CASE,
        cases::LAB_TEST,
        cases::CLOSE_CONTACT,
        cases::CALL,
    ],
}

impl Registry {
    /// The kinds the app ships with: what the server takes.
    pub const fn standard() -> Registry {
        Registry::new(STANDARD)
    }

    /// The everyday kinds (`EVERYDAY`): what the device's generic views show.
    pub const fn everyday() -> Registry {
        Registry::new(EVERYDAY)
    }
}

impl Indexes {
    /// The kinds the app ships with, as the device's store sees them.
    pub const fn standard() -> Indexes {
        Indexes::new(STANDARD_INDEXES)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lists agree: the health kinds are those `Access::is_health` says, the indexes are the
    /// kinds' in the same order, and the device's JSON text of them is JSON naming each kind.
    #[test]
    fn the_lists_of_kinds_agree() {
        let names = |list: &[&KindDecl]| list.iter().map(|k| k.name).collect::<Vec<_>>();
        let everyday: Vec<&str> = names(STANDARD)
            .into_iter()
            .filter(|name| !Registry::standard().get(name).unwrap().access.is_health())
            .collect();
        assert_eq!(names(EVERYDAY), everyday);
        assert_eq!(STANDARD.len(), STANDARD_INDEXES.len());
        for (decl, index) in STANDARD.iter().zip(STANDARD_INDEXES) {
            assert_eq!(
                (decl.index.name, decl.index.parent, decl.index.indexed),
                (index.name, index.parent, index.indexed)
            );
        }
        let json: serde_json::Value = serde_json::from_str(&Indexes::standard().json()).unwrap();
        assert_eq!(json["envelope"], serde_json::json!(["id", "owner_id", "parent_id"]));
        let listed: Vec<&str> = json["kinds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k[0].as_str().unwrap())
            .collect();
        assert_eq!(listed, names(STANDARD));
        assert_eq!(
            json["kinds"][9],
            serde_json::json!(["case", null, ["person", "outside_person", "status", "alert"]])
        );
        assert_eq!(json["kinds"][11][1], "case", "a contact's parent");
    }

    #[test]
    fn the_kit_names_the_person_kind_as_it_is_declared() {
        assert_eq!(roster::PERSON.name, crate::kit::PERSON_KIND);
    }

    /// Issue #18, item 4: one screening per person and day, one checklist and one plan per
    /// office and day, as each kind declares; a made id only for the kinds that declare none.
    #[test]
    fn a_new_record_has_the_id_its_kind_declares_table() {
        use crate::kit::{check_id, Invalid};
        use crate::sync::{Record, Stamp, Value};
        use crate::Problem;
        let record = |kind: &str, id: &str, owner: Option<&str>, date: Option<&str>| {
            let mut r = Record::new(kind, id.into(), "ag".into(), Some("of1".into()), owner.map(Into::into));
            if let Some(date) = date {
                r.set("date", Value::Text(date.into()), &Stamp::new(1, 0, "d"));
            }
            r
        };
        let wrong = Err(Invalid::new("id", Problem::NotTheDaysId));
        let uuid = "0192a0f0-0000-7000-8000-000000000001";
        #[rustfmt::skip]
        let cases = [
            (&screening::SCREENING, "screening-2020-09-24-emp",  Some("emp"), Some("2020-09-24"), Ok(())),
            (&screening::SCREENING, uuid,                        Some("emp"), Some("2020-09-24"), wrong.clone()), // a second one that day
            (&screening::SCREENING, "screening-2020-09-23-emp",  Some("emp"), Some("2020-09-24"), wrong.clone()), // another day's id
            (&screening::SCREENING, "screening-2020-09-24-emp",  Some("ani"), Some("2020-09-24"), wrong.clone()), // another person's
            (&screening::SCREENING, "screening-2020-09-24-emp",  Some("emp"), None,               wrong.clone()), // no date
            (&checklist::CHECKLIST, "checklist-of1-2020-09-24",  None,        Some("2020-09-24"), Ok(())),
            (&checklist::CHECKLIST, "checklist-of2-2020-09-24",  None,        Some("2020-09-24"), wrong.clone()), // another office's
            (&checklist::CHECKLIST, uuid,                        None,        Some("2020-09-24"), wrong.clone()),
            (&wfo::WFO_DAY,         "wfo-of1-2020-09-24",        None,        Some("2020-09-24"), Ok(())),
            (&wfo::WFO_DAY,         "wfo-of1-2020-9-24",         None,        Some("2020-09-24"), wrong.clone()),
            (&violation::VIOLATION, uuid,                        None,        Some("2020-09-24"), Ok(())),        // made ids
            (&roster::PERSON,       uuid,                        None,        None,               Ok(())),
        ];
        for (kind, id, owner, date, expected) in cases {
            assert_eq!(
                check_id(kind, &record(kind.name, id, owner, date)),
                expected,
                "{} {id}",
                kind.name
            );
        }
        // The screens make the same ids.
        let day = chrono::NaiveDate::from_ymd_opt(2020, 9, 24).unwrap();
        assert_eq!(
            screening::screening_id("emp", day).as_deref(),
            Some("screening-2020-09-24-emp")
        );
        assert_eq!(
            checklist::checklist_id("of1", day).as_deref(),
            Some("checklist-of1-2020-09-24")
        );
        assert_eq!(wfo::wfo_day_id("of1", day).as_deref(), Some("wfo-of1-2020-09-24"));
        // An owner id too long to make an id of has none.
        assert_eq!(screening::screening_id(&"x".repeat(60), day), None);
    }

    #[test]
    fn who_is_offered_to_add_a_record_table() {
        use crate::kit::{may_add, KindShape};
        use crate::{Role, UserProfile};
        use call_center::CALL_CENTER;
        use checklist::CHECKLIST;
        use roster::PERSON;
        use violation::VIOLATION;
        use wfo::WFO_DAY;
        let office = Some("of1");
        #[rustfmt::skip]
        let table: &[(Role, Option<&str>, &KindShape, bool)] = &[
            // role,                    office, kind,          offered
            (Role::Employee,            office, &screening::SCREENING, true),
            (Role::Employee,            office, &PERSON,       false),
            (Role::Employee,            office, &VIOLATION,    false),
            (Role::Employee,            office, &CHECKLIST,    false),
            (Role::ProtocolOfficer,     office, &PERSON,       true),
            (Role::ProtocolOfficer,     office, &VIOLATION,    true),
            (Role::ProtocolOfficer,     office, &CHECKLIST,    true),
            (Role::ProtocolOfficer,     office, &WFO_DAY,      true),
            // Its number is the admin's alone to set, and it is required.
            (Role::ProtocolOfficer,     office, &CALL_CENTER,  false),
            (Role::CrisisAdmin,         None,   &CALL_CENTER,  true),
            (Role::CrisisAdmin,         None,   &PERSON,       true),
            (Role::Ppk,                 None,   &CHECKLIST,    false),
            (Role::Ppk,                 None,   &PERSON,       false),
            (Role::Ppk,                 None,   &screening::SCREENING, true),
            (Role::Monitor,             None,   &screening::SCREENING, false),
            (Role::Monitor,             None,   &VIOLATION,    false),
        ];
        for &(role, office, kind, offered) in table {
            assert_eq!(
                may_add(&UserProfile::in_test(role, "u1", office), kind),
                offered,
                "{role:?} adding a {}",
                kind.name
            );
        }
    }
}
