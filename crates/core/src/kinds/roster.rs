//! The roster: the people of an office (pegawai), each with a NIP checked for its embedded
//! birth date, appointment month and sex digit, their unit (bidang / bagian), position, phone,
//! residence down to kecamatan and kelurahan, and whether they head their unit (who answers for
//! the unit's violations). Employees, unit heads and officers are people of the roster.

use crate::identity::check_nip;
use crate::kit::{Context, FieldType, Invalid, Keyboard};
use crate::sync::Record;
use crate::validation::Problem;

crate::record_kind! {
    /// A person on an office's roster, kept by the Crisis Center admin and the office's officers.
    pub struct Person, PERSON {
        kind: "person",
        envelope: Office,
        parent: None,
        edits: Shared,
        access: Roster,
        rules: person_rules,
    }
    fields {
        /// 18 digits: birth date, appointment month, sex, serial number.
        nip: String = FieldType::Text { max_chars: 18 }.spec().index().project().keyboard(Keyboard::Digits),
        full_name: String = FieldType::Text { max_chars: 100 }.spec().title(),
        /// Bidang / bagian.
        unit: String = FieldType::Text { max_chars: 100 }.spec().index().project().title().suggested(),
        position: Option<String> = FieldType::Text { max_chars: 100 }.spec(),
        phone: Option<String> = FieldType::Text { max_chars: 20 }.spec().keyboard(Keyboard::Phone),
        /// Picked from the list of the agency's regency, typed otherwise (`place`).
        kecamatan: Option<String> = FieldType::Text { max_chars: 60 }.spec().project().place(crate::places::Level::Kecamatan),
        kelurahan: Option<String> = FieldType::Text { max_chars: 60 }.spec().project().place(crate::places::Level::Kelurahan),
        /// Heads their unit, and so answers for its protocol discipline.
        unit_head: bool = FieldType::Boolean.spec().project(),
    }
}

/// A NIP that is a real one (`identity::check_nip`), and a phone number of digits (a leading
/// `+` and spaces or dashes between allowed), at least 8 of them.
/// Each field is read on its own, so a form missing its name still hears about its NIP and
/// phone in the same round (issue #19: errors came one round at a time); a NIP that is absent
/// is the field check's `Required`, said once.
fn person_rules(record: &Record, _: &Context, errors: &mut Vec<Invalid>) {
    let text = |name| record.get(name).and_then(|v| v.as_text());
    if let Some(nip) = text("nip").filter(|nip| !nip.trim().is_empty()) {
        if let Err(problem) = check_nip(nip) {
            errors.push(Invalid::new("nip", problem));
        }
    }
    if text("phone").is_some_and(|phone| international_phone(phone).is_none()) {
        errors.push(Invalid::new("phone", Problem::NotAPhone));
    }
}

/// A roster phone number as the digits of its international form, for a message link
/// (`wa.me/<digits>`): "0812-3456-7890" and "+62 812 3456 7890" are both "6281234567890".
/// `None` for what is not a phone number (`person_rules` refuses it on the roster).
pub fn international_phone(phone: &str) -> Option<String> {
    let trimmed = phone.trim();
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    let valid = digits.len() >= 8
        && trimmed
            .strip_prefix('+')
            .unwrap_or(trimmed)
            .chars()
            .all(|c| c.is_ascii_digit() || c == ' ' || c == '-');
    if !valid {
        return None;
    }
    match digits.strip_prefix('0') {
        Some(national) if !trimmed.starts_with('+') => Some(format!("62{national}")),
        _ => Some(digits),
    }
}

/// The head of `person`'s unit: someone of the same office and unit (named alike, whatever
/// the case and spaces around) who heads it; the first such on the roster if it names several.
pub fn unit_head<'a>(people: &'a [Person], person: &Person) -> Option<&'a Person> {
    let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
    people
        .iter()
        .find(|p| p.unit_head && p.office_id == person.office_id && same(&p.unit, &person.unit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kit::check;
    use crate::sync::{Stamp, SyncRecord};

    fn person(nip: &str, phone: Option<&str>) -> Record {
        Person {
            id: "p1".into(),
            agency_id: "ag".into(),
            office_id: Some("of".into()),
            owner_id: None,
            parent_id: None,
            nip: nip.into(),
            full_name: "Siti Aminah".into(),
            unit: "Bagian Umum".into(),
            position: None,
            phone: phone.map(Into::into),
            kecamatan: Some("Klojen".into()),
            kelurahan: None,
            unit_head: false,
        }
        .to_new_record(&Stamp::new(1, 0, "d"))
    }

    #[test]
    fn international_phone_table() {
        #[rustfmt::skip]
        let cases = [
            ("0812-3456-7890",     Some("6281234567890")),
            ("+62 812 3456 7890",  Some("6281234567890")),
            (" 081234567890 ",     Some("6281234567890")),
            ("6281234567890",      Some("6281234567890")),
            ("(0341) 123456",      None),
            ("0812",               None),
            ("",                   None),
        ];
        for (phone, expected) in cases {
            assert_eq!(international_phone(phone).as_deref(), expected, "{phone:?}");
        }
    }

    #[test]
    fn person_rules_table() {
        let ctx = Context::server(1_600_923_600_000);
        #[rustfmt::skip]
        let cases: &[(&str, Option<&str>, &[(&str, Problem)])] = &[
            ("199001152015032001", None,                    &[]),
            ("199001152015032001", Some("+62 812-3456-7890"), &[]),
            ("199001152015032001", Some("0341 551234"),      &[]),
            ("199002302015032001", None,                    &[("nip", Problem::BadEmbeddedDate)]),
            ("19900115201503200",  None,                    &[("nip", Problem::Length { expected: 18, found: 17 })]),
            ("199001152015033001", None,                    &[("nip", Problem::BadFormat)]),
            ("199001152015032001", Some("12345"),           &[("phone", Problem::NotAPhone)]),
            ("199001152015032001", Some("0812 abc 4567"),   &[("phone", Problem::NotAPhone)]),
        ];
        for (nip, phone, expected) in cases {
            let found: Vec<(&str, Problem)> = check(&PERSON, &person(nip, *phone), &ctx)
                .into_iter()
                .map(|e| (e.field, e.problem))
                .collect();
            assert_eq!(&found, expected, "{nip} {phone:?}");
        }
    }

    #[test]
    fn every_problem_of_a_person_is_found_in_one_round() {
        let ctx = Context::server(1_600_923_600_000);
        let mut record = person("1990011520150320", Some("12345"));
        record.fields.remove("full_name");
        let found: Vec<(&str, Problem)> = check(&PERSON, &record, &ctx)
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect();
        assert_eq!(
            found,
            [
                ("full_name", Problem::Required),
                (
                    "nip",
                    Problem::Length {
                        expected: 18,
                        found: 16
                    }
                ),
                ("phone", Problem::NotAPhone),
            ]
        );
    }
}
