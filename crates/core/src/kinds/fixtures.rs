//! Kinds declared only for tests, so the kit is proven on the shapes the next issues need
//! before they exist: a checklist (a map of items, notes, photos) and a case with its close
//! contacts (a parent link, a choice, a set of choices, a reference). Compiled for core's own
//! tests and, through the `fixtures` feature, for the server's and the client's tests.

use chrono::{DateTime, NaiveDate, Utc};

use crate::kit::{no_rules, Context, FieldType, Indexes, Invalid, KindDecl, KindIndex, Registry};
use crate::sync::{Record, SyncRecord};
use crate::validation::Problem;

pub const ITEM_ANSWERS: &[&str] = &["pass", "fail", "not_applicable"];
pub const CASE_STATUSES: &[&str] = &["suspect", "probable", "confirmed", "discarded"];
pub const SYMPTOMS: &[&str] = &["fever", "cough", "sore_throat", "breath", "smell"];

crate::record_kind! {
    /// An office protocol checklist, as the daily-checks issue will need it.
    pub struct FixtureChecklist, FIXTURE_CHECKLIST {
        kind: "fixture_checklist",
        envelope: Office,
        parent: None,
        edits: Shared,
        access: CrisisCenter,
        rules: no_rules,
    }
    fields {
        date: NaiveDate = FieldType::Date { past_only: true }.spec().index().project(),
        /// Each item's answer by item code: two officers ticking different items both win.
        answers: Vec<(String, String)> = FieldType::Items { item: &FieldType::Choice(ITEM_ANSWERS), max: 40 }.spec(),
        notes: Vec<(String, String)> = FieldType::Items { item: &FieldType::Text { max_chars: 200 }, max: 40 }.spec(),
        photos: Vec<String> = FieldType::Attachments { max: 10 }.spec(),
        headcount: Option<i64> = FieldType::Integer { min: 0, max: 10_000 }.spec().project(),
    }
}

crate::record_kind! {
    /// A case, as the tracing issue will need it.
    pub struct FixtureCase, FIXTURE_CASE {
        kind: "fixture_case",
        envelope: Office,
        parent: None,
        edits: Shared,
        access: Personal,
        rules: onset_not_after_report,
    }
    fields {
        name: String = FieldType::Text { max_chars: 100 }.spec(),
        status: String = FieldType::Choice(CASE_STATUSES).spec().index().project(),
        symptoms: Vec<String> = FieldType::ChoiceSet(SYMPTOMS).spec(),
        onset: Option<NaiveDate> = FieldType::Date { past_only: true }.spec().project(),
        reported_at: DateTime<Utc> = FieldType::DateTime { past_only: true }.spec().project(),
        isolated: bool = FieldType::Boolean.spec(),
        /// Body temperature in tenths of a degree.
        temperature: Option<i64> = FieldType::Decimal { scale: 1, min: 340, max: 430 }.spec(),
    }
}

/// A case's own rule: symptoms cannot start after the case was reported.
fn onset_not_after_report(record: &Record, ctx: &Context, errors: &mut Vec<Invalid>) {
    if let Ok(case) = FixtureCase::from_record(record) {
        if case
            .onset
            .is_some_and(|onset| onset > ctx.latest_date_at(case.reported_at.timestamp_millis()))
        {
            errors.push(Invalid::new("onset", Problem::InFuture));
        }
    }
}

crate::record_kind! {
    /// A close contact, child of a case.
    pub struct FixtureContact, FIXTURE_CONTACT {
        kind: "fixture_contact",
        envelope: Office,
        parent: Some("fixture_case"),
        edits: Shared,
        access: CrisisCenter,
        rules: no_rules,
    }
    fields {
        name: String = FieldType::Text { max_chars: 100 }.spec(),
        last_contact: NaiveDate = FieldType::Date { past_only: true }.spec().index().project(),
        exposures: Vec<String> = FieldType::ChoiceSet(&["household", "office", "travel"]).spec(),
        /// The case the contact is another case of, once they become one.
        became_case: Option<String> = FieldType::Reference("fixture_case").spec(),
    }
}

/// The test-only kinds, which the fixtures' lists add to the standard ones.
static FIXTURES: [&KindDecl; 3] = [&FIXTURE_CHECKLIST, &FIXTURE_CASE, &FIXTURE_CONTACT];

impl Registry {
    /// The standard kinds plus the fixtures: the standard list extended, never copied, so a kind
    /// added to `kinds::STANDARD` is in every test's registry too.
    pub fn with_fixtures() -> Registry {
        static KINDS: std::sync::OnceLock<&'static [&'static KindDecl]> = std::sync::OnceLock::new();
        Registry::new(KINDS.get_or_init(|| {
            let kinds: Vec<&'static KindDecl> = super::STANDARD.iter().chain(FIXTURES.iter()).copied().collect();
            Box::leak(kinds.into_boxed_slice())
        }))
    }
}

impl Indexes {
    /// The standard kinds plus the fixtures, as the device's store sees them.
    pub fn with_fixtures() -> Indexes {
        static KINDS: std::sync::OnceLock<&'static [&'static KindIndex]> = std::sync::OnceLock::new();
        Indexes::new(KINDS.get_or_init(|| {
            let kinds: Vec<&'static KindIndex> = Registry::with_fixtures().kinds().iter().map(|k| k.index).collect();
            Box::leak(kinds.into_boxed_slice())
        }))
    }
}
