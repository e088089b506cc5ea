//! The office protocol checklist: one per office per day, completed by the protocol officers
//! (offline, on a phone), each item of its template passed, failed or not applicable, with a
//! note, evidence photos and the day's headcount in the office. Two officers filling in the same
//! day's checklist on two phones fill in one record (its id is the office and the day), and
//! their items merge one by one.
//!
//! A checklist keeps the template version it used (`template`), and a template version never
//! changes once published: a changed list is a new version, so an old checklist reads as it was
//! filled in. The built-in version is the KMK 328/2020 workplace protocol; the item names are
//! in `locales/kinds/` (`checklist.item.<code>`), loaded with the views.

use chrono::{DateTime, NaiveDate, Utc};

use crate::compliance::ChecklistTally;
use crate::kit::{Context, FieldType, Invalid};
use crate::sync::{Record, SyncRecord};
use crate::validation::Problem;

/// An item's answer.
pub const ANSWERS: &[&str] = &["pass", "fail", "not_applicable"];

/// One version of a checklist's items, in the order they are asked.
#[derive(Debug, PartialEq, Eq)]
pub struct Template {
    /// What a checklist records in `template`; never reused for another list.
    pub version: &'static str,
    pub items: &'static [&'static str],
}

impl Template {
    /// KMK HK.01.07/MENKES/328/2020, the workplace protocol: checks at the entrance, masks,
    /// hand-washing, distance, air, cleaning, gatherings, and the headcount within the
    /// work-from-office cap (SE Menpan-RB 67/2020).
    pub const KMK_328_2020: Template = Template {
        version: "KMK-328-2020-v1",
        items: &[
            "entrance_temperature",
            "masks",
            "hand_washing",
            "distance",
            "ventilation",
            "disinfection",
            "meetings_canteen",
            "headcount_cap",
        ],
    };

    pub fn by_version(version: &str) -> Option<&'static Template> {
        TEMPLATES.iter().find(|t| t.version == version)
    }

    /// The version a new checklist uses.
    pub fn current() -> &'static Template {
        &Template::KMK_328_2020
    }
}

/// Every published version; a checklist names one of them.
pub static TEMPLATES: &[Template] = &[Template::KMK_328_2020];
const VERSIONS: &[&str] = &[Template::KMK_328_2020.version];

/// The translation keys of every published item (`checklist.item.<code>`), which
/// `locales/kinds/` must name (core's `kind_labels` test).
pub fn item_label_keys() -> Vec<String> {
    let mut keys: Vec<String> = TEMPLATES
        .iter()
        .flat_map(|t| t.items.iter().map(|code| format!("checklist.item.{code}")))
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

crate::record_kind! {
    /// An office's protocol checklist for one day.
    pub struct Checklist, CHECKLIST {
        kind: "checklist",
        envelope: Office,
        parent: None,
        edits: Shared,
        access: CrisisCenter,
        rules: checklist_rules,
    }
    fields {
        date: NaiveDate = FieldType::Date { past_only: true }.spec().index().project(),
        /// The template version whose items are answered.
        template: String = FieldType::Choice(VERSIONS).spec(),
        /// Each item's answer by item code: two officers ticking different items both win.
        answers: Vec<(String, String)> = FieldType::Items { item: &FieldType::Choice(ANSWERS), max: 40 }.spec().project(),
        notes: Vec<(String, String)> = FieldType::Items { item: &FieldType::Text { max_chars: 300 }, max: 40 }.spec(),
        /// Evidence, taken with the phone's camera.
        photos: Vec<String> = FieldType::Attachments { max: 10 }.spec(),
        /// People working in the office today (for the work-from-office cap).
        headcount: Option<i64> = FieldType::Integer { min: 0, max: 10_000 }.spec().project(),
        /// When it was last saved (the device's clock, corrected by the server's).
        checked_at: DateTime<Utc> = FieldType::DateTime { past_only: true }.spec().project(),
    }
}

/// The id of an office's checklist for a day: the same on every device, so one office has one
/// checklist a day however many officers fill it in, offline or not.
pub fn checklist_id(office_id: &str, date: NaiveDate) -> String {
    format!("checklist-{office_id}-{date}")
}

/// Answers and notes name items of the checklist's template, and nothing else.
fn checklist_rules(record: &Record, _: &Context, errors: &mut Vec<Invalid>) {
    let Ok(checklist) = Checklist::from_record(record) else {
        return;
    };
    let Some(template) = Template::by_version(&checklist.template) else {
        return;
    };
    for (field, items) in [("answers", &checklist.answers), ("notes", &checklist.notes)] {
        if items.iter().any(|(code, _)| !template.items.contains(&code.as_str())) {
            errors.push(Invalid::new(field, Problem::UnknownField));
        }
    }
}

impl Checklist {
    /// The answers counted, for the compliance score; an item not answered counts for nothing.
    pub fn tally(&self) -> ChecklistTally {
        let count = |answer: &str| self.answers.iter().filter(|(_, a)| a == answer).count() as u32;
        ChecklistTally {
            pass: count("pass"),
            fail: count("fail"),
            not_applicable: count("not_applicable"),
        }
    }

    /// The items of its template not answered yet.
    pub fn unanswered(&self) -> Vec<&'static str> {
        Template::by_version(&self.template)
            .map(|t| {
                t.items
                    .iter()
                    .copied()
                    .filter(|code| !self.answers.iter().any(|(c, _)| c == code))
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kit::check;
    use crate::sync::Stamp;

    fn checklist(answers: &[(&str, &str)], notes: &[(&str, &str)]) -> Checklist {
        let date = NaiveDate::from_ymd_opt(2020, 9, 24).unwrap();
        Checklist {
            id: checklist_id("of", date),
            agency_id: "ag".into(),
            office_id: Some("of".into()),
            owner_id: None,
            parent_id: None,
            date,
            template: Template::current().version.into(),
            answers: answers.iter().map(|(c, a)| (c.to_string(), a.to_string())).collect(),
            notes: notes.iter().map(|(c, n)| (c.to_string(), n.to_string())).collect(),
            photos: Vec::new(),
            headcount: Some(12),
            checked_at: DateTime::from_timestamp_millis(1_600_923_600_000).unwrap(),
        }
    }

    #[test]
    fn checklist_table() {
        let ctx = Context::server(1_600_923_600_000);
        #[rustfmt::skip]
        let cases: &[(&[(&str, &str)], &[(&str, &str)], (u32, u32, u32), usize, &[(&str, Problem)])] = &[
            // answers, notes → tally (pass, fail, n/a), unanswered, errors
            (&[],                                                   &[],                       (0, 0, 0), 8, &[]),
            (&[("masks", "pass"), ("distance", "fail")],            &[("distance", "antre")],  (1, 1, 0), 6, &[]),
            (&[("masks", "pass"), ("meetings_canteen", "not_applicable")], &[],                (1, 0, 1), 6, &[]),
            (&[("masks", "maybe")],                                 &[],                       (0, 0, 0), 7, &[("answers", Problem::NotAChoice)]),
            (&[("karaoke", "pass")],                                &[],                       (1, 0, 0), 8, &[("answers", Problem::UnknownField)]),
            (&[],                                                   &[("karaoke", "x")],       (0, 0, 0), 8, &[("notes", Problem::UnknownField)]),
        ];
        for (answers, notes, (pass, fail, na), unanswered, expected) in cases {
            let value = checklist(answers, notes);
            let tally = value.tally();
            assert_eq!(
                (tally.pass, tally.fail, tally.not_applicable),
                (*pass, *fail, *na),
                "{answers:?}"
            );
            assert_eq!(value.unanswered().len(), *unanswered, "{answers:?}");
            let found: Vec<(String, Problem)> = check(&CHECKLIST, &value.to_new_record(&Stamp::new(1, 0, "d")), &ctx)
                .into_iter()
                .map(|e| (e.field.to_string(), e.problem))
                .collect();
            let expected: Vec<(String, Problem)> = expected.iter().map(|(f, p)| (f.to_string(), p.clone())).collect();
            assert_eq!(found, expected, "{answers:?} {notes:?}");
        }
    }

    #[test]
    fn one_checklist_per_office_per_day_and_versions_never_change() {
        let day = NaiveDate::from_ymd_opt(2020, 9, 24).unwrap();
        assert_eq!(checklist_id("of1", day), checklist_id("of1", day));
        assert_ne!(checklist_id("of1", day), checklist_id("of2", day));
        assert_ne!(checklist_id("of1", day), checklist_id("of1", day.succ_opt().unwrap()));
        assert!(crate::kit::is_id(&checklist_id("demo-kec-klojen", day)));
        // Every published version is named once.
        let mut versions: Vec<&str> = TEMPLATES.iter().map(|t| t.version).collect();
        versions.dedup();
        assert_eq!(versions.len(), TEMPLATES.len());
        assert_eq!(item_label_keys().len(), 8);
    }
}
