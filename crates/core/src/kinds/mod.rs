//! The record kinds Posko syncs, each declared with the kit (`record_kind!`), and the one list
//! of them (`STANDARD`) every loop reads: the server's checks and projections, the device's
//! indexes, the generic views. The kit below knows none of them (a test holds it to that).
//! A new kind is its file here and one line in `STANDARD` (ARCHITECTURE.md, "Adding a record
//! type"); the test fixtures (`fixtures`, feature `fixtures`) extend the list, never copy it.

pub mod alert;
pub mod checklist;
#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;
pub mod roster;
pub mod screening;
pub mod violation;
pub mod wfo;

use crate::kit::{Indexes, KindDecl, KindIndex, Registry};

/// Every kind Posko syncs.
pub static STANDARD: &[&KindDecl] = &[
    &screening::SCREENING,
    &roster::PERSON,
    &violation::VIOLATION,
    &alert::ALERT_ACTION,
    &checklist::CHECKLIST,
    &checklist::CHECKLIST_TEMPLATE,
    &wfo::WFO_DAY,
];

/// What the device indexes of the same kinds, read from the declarations when compiled, in the
/// same order (a test holds them to `STANDARD`): a `static` of its own, so the device's first
/// load links the kinds' names and indexes and none of their fields, checks or rules.
pub static STANDARD_INDEXES: &[&KindIndex] = &[
    screening::SCREENING.index,
    roster::PERSON.index,
    violation::VIOLATION.index,
    alert::ALERT_ACTION.index,
    checklist::CHECKLIST.index,
    checklist::CHECKLIST_TEMPLATE.index,
    wfo::WFO_DAY.index,
];

impl Registry {
    /// The kinds the app ships with.
    pub const fn standard() -> Registry {
        Registry::new(STANDARD)
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

    #[test]
    fn the_kit_names_the_person_kind_as_it_is_declared() {
        assert_eq!(roster::PERSON.name, crate::kit::PERSON_KIND);
    }
}
