//! A breach of the health protocol by a person of the office: what, when, where, evidence photos,
//! recorded by a protocol officer (the history keeps who and when). Malang holds each head of
//! department answerable and handles violations under PP 53/2010 (ASN discipline): the level the
//! admin sets is one of the regulation's three (light, moderate, heavy). The violation names its
//! person on the roster and the head of their unit: both read it (`FieldDecl::reader`).

use chrono::NaiveDate;

use crate::kit::{Context, FieldType, Invalid};
use crate::roster::Person;
use crate::sync::{Record, SyncRecord, Value};
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
    /// A protocol violation, worked on by the office's officers and the agency's admin, and read
    /// by the person who committed it and by the head of their unit, who answers for it.
    pub struct Violation, VIOLATION {
        kind: "violation",
        envelope: Office,
        parent: None,
        edits: Shared,
        access: CrisisCenter,
        rules: violation_rules,
        fill: violation_fill,
    }
    fields {
        /// Who breached the protocol: a person of the roster, who reads the violation.
        person: String = FieldType::Reference("person").spec().reader(),
        /// Their name and unit as the roster had them when it was recorded.
        person_name: String = FieldType::Text { max_chars: 100 }.spec().index().derived(),
        unit: Option<String> = FieldType::Text { max_chars: 100 }.spec().derived(),
        /// The head of that unit, answerable for its discipline, who reads it too; none when the
        /// person heads the unit themselves or the roster names no head.
        answerable: Option<String> = FieldType::Reference("person").spec().reader().derived(),
        answerable_name: Option<String> = FieldType::Text { max_chars: 100 }.spec().derived(),
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

/// The person's name and unit, and the head of that unit in the person's office, from the
/// roster the device holds (`referenced`: people). Nothing when the person is not on it.
fn violation_fill(record: &Record, referenced: &[Record]) -> Vec<(&'static str, Value)> {
    let people: Vec<Person> = referenced
        .iter()
        .filter(|r| !r.is_deleted())
        .filter_map(|r| Person::from_record(r).ok())
        .collect();
    let chosen = record.get("person").and_then(Value::as_text);
    let Some(person) = people.iter().find(|p| Some(p.id.as_str()) == chosen) else {
        return Vec::new();
    };
    let head = crate::roster::unit_head(&people, person).filter(|head| head.id != person.id);
    let text = |t: Option<&String>| t.map_or(Value::Null, |t| Value::Text(t.clone()));
    vec![
        ("person_name", Value::Text(person.full_name.clone())),
        ("unit", Value::Text(person.unit.clone())),
        ("answerable", text(head.map(|h| &h.id))),
        ("answerable_name", text(head.map(|h| &h.full_name))),
    ]
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
            person: "p-ana".into(),
            person_name: "Ana".into(),
            unit: Some("Bagian Umum".into()),
            answerable: None,
            answerable_name: None,
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

    fn person(id: &str, office: &str, unit: &str, head: bool) -> Record {
        Person {
            id: id.into(),
            agency_id: "ag".into(),
            office_id: Some(office.into()),
            owner_id: None,
            parent_id: None,
            nip: "198503152010012003".into(),
            full_name: format!("Nama {id}"),
            unit: unit.into(),
            position: None,
            phone: None,
            kecamatan: None,
            kelurahan: None,
            unit_head: head,
        }
        .to_new_record(&Stamp::new(1, 0, "d"))
    }

    #[test]
    fn violation_fill_table() {
        let mut gone = person("gone-head", "of", "Bagian Umum", true);
        gone.delete(&Stamp::new(2, 0, "d"));
        let roster = [
            gone,
            person("ana", "of", "Bagian Umum", false),
            person("budi", "of", " bagian umum ", true),
            person("citra", "of2", "Bagian Umum", true),
            person("dodi", "of", "Bidang Kesehatan", false),
        ];
        let text = |t: &str| Value::Text(t.into());
        #[rustfmt::skip]
        let cases: &[(&str, &[(&str, Value)])] = &[
            // person, what the form fills in
            ("ana",   &[("person_name", text("Nama ana")), ("unit", text("Bagian Umum")),
                        ("answerable", text("budi")), ("answerable_name", text("Nama budi"))]),
            // the head's own violation names no one above them
            ("budi",  &[("person_name", text("Nama budi")), ("unit", text(" bagian umum ")),
                        ("answerable", Value::Null), ("answerable_name", Value::Null)]),
            // a unit with no head on the roster (another office's head does not answer for it)
            ("dodi",  &[("person_name", text("Nama dodi")), ("unit", text("Bidang Kesehatan")),
                        ("answerable", Value::Null), ("answerable_name", Value::Null)]),
            // not on the device's roster: nothing to fill
            ("zaki",  &[]),
        ];
        for (who, expected) in cases {
            let mut record = violation("no_mask", None, 20);
            record.set("person", text(who), &Stamp::new(3, 0, "d"));
            assert_eq!(violation_fill(&record, &roster), expected.to_vec(), "{who}");
        }
    }
}
