//! The office protocol checklist: one per office per day, completed by the protocol officers
//! (offline, on a phone), each item of its template passed, failed or not applicable, with a
//! note, evidence photos and the day's headcount in the office. Two officers filling in the same
//! day's checklist on two phones fill in one record (its id is the office and the day), and
//! their items merge one by one.
//!
//! A checklist keeps the template version it used (`template`), and a template version never
//! changes once published: a changed list is a new version, so an old checklist reads as it was
//! filled in. The built-in version is the KMK 328/2020 workplace protocol; the item names are
//! in `locales/kinds/` (`checklist.item.<code>`), loaded with the views. An agency's admin
//! makes the agency's own versions (`ChecklistTemplate`), each a record never changed once made.

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

/// The translation keys of every published item (`checklist.item.<code>`) and version
/// (`checklist.template.<version>`, and `checklist.template.other` for an agency's own, a
/// record id), which `locales/kinds/` must name (core's `kind_labels` test).
pub fn published_label_keys() -> Vec<String> {
    let mut keys: Vec<String> = TEMPLATES
        .iter()
        .flat_map(|t| t.items.iter().map(|code| format!("checklist.item.{code}")))
        .chain(TEMPLATES.iter().map(|t| format!("checklist.template.{}", t.version)))
        .chain(["checklist.template.other".to_owned()])
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
        ids: crate::kit::Ids::Daily { prefix: "checklist", holder: crate::kit::Holder::Office, date: "date" },
    }
    fields {
        date: NaiveDate = FieldType::Date { past_only: true }.spec().index().project(),
        /// The template version whose items are answered: a built-in version
        /// (`Template::version`) or the id of one of the agency's own (`ChecklistTemplate`).
        template: String = FieldType::Text { max_chars: 64 }.spec(),
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
/// checklist a day however many officers fill it in, offline or not: the kind's declared
/// ids, which the server checks on push. `None` for an office id too long to fit.
pub fn checklist_id(office_id: &str, date: NaiveDate) -> Option<String> {
    CHECKLIST.ids.id(office_id, date)
}

/// The template is a built-in version or an agency's own (a record id); answers and notes of a
/// built-in version name its items and nothing else. An agency's version is a record the check
/// does not read: its item codes are checked as member keys, like any map's.
fn checklist_rules(record: &Record, _: &Context, errors: &mut Vec<Invalid>) {
    let Ok(checklist) = Checklist::from_record(record) else {
        return;
    };
    let Some(template) = Template::by_version(&checklist.template) else {
        if !crate::kit::is_id(&checklist.template) {
            errors.push(Invalid::new("template", Problem::BadFormat));
        }
        return;
    };
    for (field, items) in [("answers", &checklist.answers), ("notes", &checklist.notes)] {
        if items.iter().any(|(code, _)| !template.items.contains(&code.as_str())) {
            errors.push(Invalid::new(field, Problem::UnknownField));
        }
    }
}

crate::record_kind! {
    /// One version of an agency's own checklist: its items, by code, in the order of their
    /// codes. Made by the Crisis Center admin and never changed (`Edits::Once`): a changed list
    /// is a new version, so a checklist filled in with this one reads as it was.
    pub struct ChecklistTemplate, CHECKLIST_TEMPLATE {
        kind: "checklist_template",
        envelope: Agency,
        parent: None,
        edits: Once,
        access: AgencyWide,
        rules: template_rules,
    }
    fields {
        /// 1 for the agency's first, one more for each after.
        version: i64 = FieldType::Integer { min: 1, max: 9_999 }.spec(),
        /// Each item's words by its code (`i01`, `i02`, …: the order they are asked in).
        items: Vec<(String, String)> = FieldType::Items { item: &FieldType::Text { max_chars: 200 }, max: 40 }.spec(),
    }
}

/// A template asks at least one item, and none in words left empty.
fn template_rules(record: &Record, _: &Context, errors: &mut Vec<Invalid>) {
    if let Ok(template) = ChecklistTemplate::from_record(record) {
        if template.items.is_empty() || template.items.iter().any(|(_, words)| words.trim().is_empty()) {
            errors.push(Invalid::new("items", Problem::Required));
        }
    }
}

/// The code of the `n`th item (from 0) of an agency's version: sorted as text, in order.
pub fn item_code(n: usize) -> String {
    format!("i{:02}", n + 1)
}

impl ChecklistTemplate {
    /// A new version of `agency_id`'s checklist asking `lines` (one item each, blank ones left
    /// out), after `latest`, the newest version the device knows (`None`: the first).
    pub fn next(id: String, agency_id: String, latest: Option<&ChecklistTemplate>, lines: &str) -> ChecklistTemplate {
        ChecklistTemplate {
            id,
            agency_id,
            office_id: None,
            owner_id: None,
            parent_id: None,
            version: latest.map_or(1, |t| t.version + 1),
            items: lines
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .enumerate()
                .map(|(n, words)| (item_code(n), words.to_owned()))
                .collect(),
        }
    }

    /// The newest of an agency's versions: the highest number (two made offline with the same
    /// number: the later id).
    pub fn newest<'a>(agency_id: &str, all: &'a [ChecklistTemplate]) -> Option<&'a ChecklistTemplate> {
        all.iter()
            .filter(|t| t.agency_id == agency_id)
            .max_by(|a, b| (a.version, &a.id).cmp(&(b.version, &b.id)))
    }
}

/// The items a checklist asks, in order: `(code, words)`, the words `None` for a built-in
/// version (they are in `locales/kinds/`, `checklist.item.<code>`). `None` when the version is
/// neither built in nor among `agency_versions` (not on this device yet).
pub fn asked_items(version: &str, agency_versions: &[ChecklistTemplate]) -> Option<Vec<(String, Option<String>)>> {
    if let Some(built_in) = Template::by_version(version) {
        return Some(built_in.items.iter().map(|c| (c.to_string(), None)).collect());
    }
    let own = agency_versions.iter().find(|t| t.id == version)?;
    let mut items: Vec<(String, Option<String>)> =
        own.items.iter().map(|(c, w)| (c.clone(), Some(w.clone()))).collect();
    crate::order::sort_by_key(&mut items, |(code, _)| code.clone());
    Some(items)
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

    /// The items of its template not answered yet (of a built-in template, or of one of
    /// `agency_versions`).
    pub fn unanswered(&self, agency_versions: &[ChecklistTemplate]) -> Vec<String> {
        asked_items(&self.template, agency_versions)
            .unwrap_or_default()
            .into_iter()
            .map(|(code, _)| code)
            .filter(|code| !self.answers.iter().any(|(c, _)| c == code))
            .collect()
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
            id: checklist_id("of", date).unwrap(),
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
            assert_eq!(value.unanswered(&[]).len(), *unanswered, "{answers:?}");
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
        assert!(checklist_id("demo-kec-klojen", day).is_some_and(|id| crate::kit::is_id(&id)));
        // Every published version is named once.
        let mut versions: Vec<&str> = TEMPLATES.iter().map(|t| t.version).collect();
        versions.dedup();
        assert_eq!(versions.len(), TEMPLATES.len());
        assert_eq!(published_label_keys().len(), 10);
    }

    fn version(id: &str, agency: &str, number: i64, items: &[&str]) -> ChecklistTemplate {
        let lines = items.join("\n");
        let mut made = ChecklistTemplate::next(id.into(), agency.into(), None, &lines);
        made.version = number;
        made
    }

    #[test]
    fn agency_versions_table() {
        let mine = [
            version("t1", "ag", 1, &["Suhu diperiksa", "Masker"]),
            version("t2", "ag", 2, &["Suhu diperiksa", "Masker", "Cuci tangan"]),
            version("t3", "other", 7, &["Lain"]),
        ];
        // The newest of an agency; the next after it numbered one more, blank lines left out.
        assert_eq!(
            ChecklistTemplate::newest("ag", &mine).map(|t| t.id.as_str()),
            Some("t2")
        );
        assert_eq!(ChecklistTemplate::newest("none", &mine), None);
        let next = ChecklistTemplate::next(
            "t4".into(),
            "ag".into(),
            ChecklistTemplate::newest("ag", &mine),
            " Suhu \n\n Jarak 1 m\n",
        );
        assert_eq!(next.version, 3);
        assert_eq!(
            next.items,
            vec![
                ("i01".to_string(), "Suhu".to_string()),
                ("i02".into(), "Jarak 1 m".into())
            ]
        );
        // Two made offline with one number: the later id is the newer.
        let twins = [version("b", "ag", 2, &["x"]), version("a", "ag", 2, &["y"])];
        assert_eq!(
            ChecklistTemplate::newest("ag", &twins).map(|t| t.id.as_str()),
            Some("b")
        );

        let words = |v: &str| {
            asked_items(v, &mine).map(|items| {
                items
                    .into_iter()
                    .map(|(c, w)| (c, w.unwrap_or_default()))
                    .collect::<Vec<_>>()
            })
        };
        #[rustfmt::skip]
        let cases: &[(&str, Option<usize>)] = &[
            (Template::KMK_328_2020.version, Some(8)),
            ("t1",                           Some(2)),
            ("t2",                           Some(3)),
            ("t9",                           None), // not on the device
        ];
        for (v, count) in cases {
            assert_eq!(words(v).map(|w| w.len()), *count, "{v}");
        }
        assert_eq!(words("t2").unwrap()[2], ("i03".to_string(), "Cuci tangan".to_string()));

        // A checklist of an agency's version: what is unanswered, and what the check refuses.
        let ctx = Context::server(1_600_923_600_000);
        let mut filled = checklist(&[("i01", "pass")], &[]);
        filled.template = "t2".into();
        assert_eq!(filled.unanswered(&mine), vec!["i02".to_string(), "i03".into()]);
        assert!(check(&CHECKLIST, &filled.to_new_record(&Stamp::new(1, 0, "d")), &ctx).is_empty());
        filled.template = String::new();
        let found: Vec<_> = check(&CHECKLIST, &filled.to_new_record(&Stamp::new(1, 0, "d")), &ctx)
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(found, vec!["template"]);
        // A version asks something, in words.
        for (items, ok) in [(vec!["Suhu"], true), (vec![], false)] {
            let record = version("t5", "ag", 1, &items).to_new_record(&Stamp::new(1, 0, "d"));
            assert_eq!(check(&CHECKLIST_TEMPLATE, &record, &ctx).is_empty(), ok, "{items:?}");
        }
    }
}
