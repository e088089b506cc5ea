//! A breach of the health protocol by a person of the office: what, when, where, evidence photos,
//! recorded by a protocol officer (the history keeps who and when). Malang holds each head of
//! department answerable and handles violations under PP 53/2010 (ASN discipline): the level the
//! admin sets is one of the regulation's three (light, moderate, heavy).

use chrono::NaiveDate;

use crate::kit::{Context, FieldType, Invalid};
use crate::sync::{Record, SyncRecord};
use crate::validation::Problem;

/// What was breached: the items of the workplace protocol (KMK 328/2020) people break most.
pub const BREACHES: &[&str] = &[
    "no_mask",
    "no_distancing",
    "crowding",
    "no_hand_washing",
    "skipped_screening",
    "other",
];

/// PP 53/2010's three levels of discipline (hukuman disiplin ringan, sedang, berat).
pub const DISCIPLINE_LEVELS: &[&str] = &["light", "moderate", "heavy"];

crate::record_kind! {
    /// A protocol violation, worked on by the office's officers and the agency's admin.
    pub struct Violation, VIOLATION {
        kind: "violation",
        envelope: Office,
        parent: None,
        edits: Shared,
        access: CrisisCenter,
        rules: violation_rules,
    }
    fields {
        person_name: String = FieldType::Text { max_chars: 100 }.spec(),
        unit: Option<String> = FieldType::Text { max_chars: 100 }.spec(),
        breach: String = FieldType::Choice(BREACHES).spec().index().project(),
        happened_on: NaiveDate = FieldType::Date { past_only: true }.spec().index().project(),
        place: Option<String> = FieldType::Text { max_chars: 100 }.spec(),
        /// What happened, in words; required when the breach is "other".
        detail: Option<String> = FieldType::Text { max_chars: 500 }.spec(),
        /// Evidence, taken with the phone's camera.
        photos: Vec<String> = FieldType::Attachments { max: 3 }.spec(),
        /// Set by the Crisis Center admin once the case is weighed.
        discipline: Option<String> = FieldType::Choice(DISCIPLINE_LEVELS).spec().project().admin_only(),
    }
}

/// A violation of another kind than those listed must say what it was.
fn violation_rules(record: &Record, _: &Context, errors: &mut Vec<Invalid>) {
    if let Ok(violation) = Violation::from_record(record) {
        if violation.breach == "other" && violation.detail.as_deref().is_none_or(|d| d.trim().is_empty()) {
            errors.push(Invalid::new("detail", Problem::Required));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kit::check;
    use crate::sync::Stamp;

    fn violation(breach: &str, detail: Option<&str>, day: u32) -> Record {
        Violation {
            id: "v1".into(),
            agency_id: "ag".into(),
            office_id: Some("of".into()),
            owner_id: None,
            parent_id: None,
            person_name: "Ana".into(),
            unit: Some("Bagian Umum".into()),
            breach: breach.into(),
            happened_on: NaiveDate::from_ymd_opt(2020, 9, day).unwrap(),
            place: None,
            detail: detail.map(Into::into),
            photos: vec!["a".repeat(64)],
            discipline: None,
        }
        .to_new_record(&Stamp::new(1, 0, "d"))
    }

    #[test]
    fn violation_rules_table() {
        let ctx = Context::server(1_600_923_600_000); // 2020-09-24
        #[rustfmt::skip]
        let cases: &[(&str, Option<&str>, u32, &[(&str, Problem)])] = &[
            ("no_mask",   None,                       20, &[]),
            ("other",     Some("Makan bersama di ruang rapat"), 20, &[]),
            ("other",     None,                       20, &[("detail", Problem::Required)]),
            ("other",     Some("  "),                 20, &[("detail", Problem::Required)]),
            ("no_mask",   None,                       28, &[("happened_on", Problem::InFuture)]),
            ("sleeping",  None,                       20, &[("breach", Problem::NotAChoice)]),
        ];
        for (breach, detail, day, expected) in cases {
            let found = check(&VIOLATION, &violation(breach, *detail, *day), &ctx);
            let found: Vec<(&str, Problem)> = found.into_iter().map(|e| (e.field, e.problem)).collect();
            assert_eq!(&found, expected, "{breach} {detail:?} on the {day}th");
        }
    }
}
