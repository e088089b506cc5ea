//! The record kinds of cases and contact tracing (issue #20): a person outside the roster (a
//! family member, an outside contact), a case with its laboratory tests, a close contact with
//! its daily follow-up, and a call to the 24-hour call center. Their rules are in
//! `case_rules` (versioned data); here are what each record holds and who reads it: health
//! details under UU 27/2022, so every kind is `Access::Health` (the agency's health team and
//! the person it is about) or, for a contact, `Access::Assigned` (the admin, the PPK, its
//! tracer and the person), never an office's protocol officers or other employees, never a
//! monitor. Compiled with core's `cases` feature. The device indexes only what its screens
//! look up or list by (`.index()`): a person outside the roster by NIK, a case by its person
//! and status and by the alert it was opened from, a tracer's contacts and a contact's person
//! and category, the day's calls; the list is JSON text in every client's first load.

use crate::case_rules::{CaseRules, CaseStatus, FollowUpCode, FollowUpDay};
use crate::identity::read_nik;
use crate::kit::{Context, FieldType, Invalid, Keyboard};
use crate::places::Level;
use crate::sync::Record;
use crate::validation::Problem;

/// A case's statuses, as `CaseStatus` codes them (a test holds the two to each other).
pub const CASE_STATUSES: &[&str] = &[
    "suspect",
    "probable",
    "confirmed_symptomatic",
    "confirmed_asymptomatic",
    "discarded",
    "isolation_done",
    "died",
];
/// The versions of the case rules a case may be judged by (`CASE_RULES`, held to it by a test).
pub const RULES_VERSIONS: &[&str] = &["KMK-413-2020"];
/// The national monitoring form's daily codes (`FollowUpCode`).
pub const FOLLOW_UP_CODES: &[&str] = &[
    "healthy",
    "fever",
    "cough",
    "short_of_breath",
    "other_symptom",
    "referred",
    "finished",
];
/// The close-contact criteria (`Criterion`).
pub const CRITERIA: &[&str] = &["near", "physical_contact", "care_without_ppe", "judged_by_team"];
pub const SEXES: &[&str] = &["male", "female"];
pub const RELATIONSHIPS: &[&str] = &["spouse", "child", "parent", "sibling", "other_family", "other"];
pub const ISOLATION_PLACES: &[&str] = &["home", "facility", "hospital"];
pub const CLUSTERS: &[&str] = &["family", "office", "pilkada", "other"];
pub const CONTACT_CATEGORIES: &[&str] = &[
    "household",
    "coworker",
    "meeting",
    "social",
    "vehicle",
    "health_facility",
    "other",
];
pub const TEST_METHODS: &[&str] = &["pcr", "antigen"];
pub const TEST_RESULTS: &[&str] = &["pending", "negative", "positive"];
pub const CALL_STATUSES: &[&str] = &["suspect", "probable", "confirmed", "close_contact", "question", "other"];
pub const CALL_ACTIONS: &[&str] = &["advice", "case_opened", "referred", "team_visit", "other"];

crate::record_kind! {
    /// A person outside the roster: a family member of someone on it, or an outside contact,
    /// kept by the office whose Crisis Center traces them.
    pub struct OutsidePerson, OUTSIDE_PERSON {
        kind: "outside_person",
        envelope: Office,
        parent: None,
        edits: Shared,
        access: Health,
        rules: outside_person_rules,
    }
    fields {
        full_name: String = FieldType::Text { max_chars: 100 }.spec().title(),
        /// The 16 digits of the identity card (KTP), when known: checked, and how the person is
        /// found again before a second one is written down (`same_person`).
        nik: Option<String> = FieldType::Text { max_chars: 16 }.spec().index().keyboard(Keyboard::Digits),
        sex: Option<String> = FieldType::Choice(SEXES).spec(),
        birth_date: Option<chrono::NaiveDate> = FieldType::Date { past_only: true }.spec(),
        /// In years, when the birth date is not known.
        age: Option<i64> = FieldType::Integer { min: 0, max: 130 }.spec(),
        phone: Option<String> = FieldType::Text { max_chars: 20 }.spec().keyboard(Keyboard::Phone),
        address: Option<String> = FieldType::Text { max_chars: 200 }.spec(),
        /// Picked from the list of the agency's regency and the places the device holds (the
        /// roster's residences, the people written down before), typed otherwise (`place`).
        kecamatan: Option<String> = FieldType::Text { max_chars: 60 }.spec().project().place(Level::Kecamatan),
        kelurahan: Option<String> = FieldType::Text { max_chars: 60 }.spec().project().place(Level::Kelurahan),
        /// The person of the roster whose family member they are.
        relative_of: Option<String> = FieldType::Reference("person").spec(),
        relationship: Option<String> = FieldType::Choice(RELATIONSHIPS).spec(),
    }
}

/// A NIK that is a real one and agrees with the sex and birth date given (a woman's NIK has 40
/// added to the day of birth), and a phone number as the roster takes one.
fn outside_person_rules(record: &Record, _: &Context, errors: &mut Vec<Invalid>) {
    let text = |name| record.get(name).and_then(|v| v.as_text());
    if let Some(nik) = text("nik").filter(|nik| !nik.trim().is_empty()) {
        match read_nik(nik) {
            Err(problem) => errors.push(Invalid::new("nik", problem)),
            Ok(holder) => {
                if text("sex").is_some_and(|sex| (sex == "female") != holder.female) {
                    errors.push(Invalid::new("sex", Problem::BadFormat));
                }
                let born = text("birth_date").and_then(crate::date::parse_ymd);
                if born.is_some_and(|born| !holder.born_on(born)) {
                    errors.push(Invalid::new("birth_date", Problem::BadEmbeddedDate));
                }
            }
        }
    }
    if text("phone").is_some_and(|phone| crate::roster::international_phone(phone).is_none()) {
        errors.push(Invalid::new("phone", Problem::NotAPhone));
    }
}

crate::record_kind! {
    /// A case: a person of the roster or outside it who is suspect, probable or confirmed,
    /// judged by one version of the case rules, kept by the office it is linked to.
    pub struct Case, CASE {
        kind: "case",
        envelope: Office,
        parent: None,
        edits: Shared,
        access: Health,
        rules: case_rules,
    }
    fields {
        /// The person of the roster it is about, who reads their own case.
        person: Option<String> = FieldType::Reference("person").spec().reader().index(),
        /// Or the person outside the roster.
        outside_person: Option<String> = FieldType::Reference("outside_person").spec().index(),
        status: String = FieldType::Choice(CASE_STATUSES).spec().index().project(),
        /// The case definition it was judged by (`CaseRules::version`), kept when a newer one
        /// is published.
        rules_version: String = FieldType::Choice(RULES_VERSIONS).spec(),
        onset: Option<chrono::NaiveDate> = FieldType::Date { past_only: true }.spec().project(),
        specimen: Option<chrono::NaiveDate> = FieldType::Date { past_only: true }.spec().project(),
        symptoms_resolved: Option<chrono::NaiveDate> = FieldType::Date { past_only: true }.spec(),
        isolation_place: Option<String> = FieldType::Choice(ISOLATION_PLACES).spec(),
        cluster: Option<String> = FieldType::Choice(CLUSTERS).spec().project(),
        /// The screening whose suspect alert the case was opened from.
        alert: Option<String> = FieldType::Reference("screening").spec().index(),
        /// The call it was opened from.
        call: Option<String> = FieldType::Reference("call").spec(),
        /// The close contact who became this case: contacts of contacts follow.
        from_contact: Option<String> = FieldType::Reference("close_contact").spec(),
        notes: Option<String> = FieldType::Text { max_chars: 500 }.spec(),
    }
}

/// A case is about one person, on the roster or outside it.
fn case_rules(record: &Record, _: &Context, errors: &mut Vec<Invalid>) {
    one_person(record, errors);
}

/// Exactly one of `person` and `outside_person`.
fn one_person(record: &Record, errors: &mut Vec<Invalid>) {
    let named = |name| {
        record
            .get(name)
            .and_then(|v| v.as_text())
            .is_some_and(|id| !id.is_empty())
    };
    match (named("person"), named("outside_person")) {
        (false, false) => errors.push(Invalid::new("person", Problem::Required)),
        (true, true) => errors.push(Invalid::new("outside_person", Problem::TooMany { max: 1 })),
        _ => {}
    }
}

crate::record_kind! {
    /// A laboratory test of a case: how, when the specimen was taken, and its result.
    pub struct LabTestRecord, LAB_TEST {
        kind: "lab_test",
        envelope: Office,
        parent: Some("case"),
        edits: Shared,
        access: Health,
        rules: crate::kit::no_rules,
    }
    fields {
        method: String = FieldType::Choice(TEST_METHODS).spec(),
        taken_at: chrono::DateTime<chrono::Utc> = FieldType::DateTime { past_only: true }.spec(),
        result: String = FieldType::Choice(TEST_RESULTS).spec().project(),
        laboratory: Option<String> = FieldType::Text { max_chars: 100 }.spec(),
    }
}

crate::record_kind! {
    /// A close contact of a case, assigned to one tracing officer, with a follow-up entry per
    /// day of quarantine (`follow_up`, by date: each day merges on its own, so two entries made
    /// offline on two phones both arrive).
    pub struct CloseContact, CLOSE_CONTACT {
        kind: "close_contact",
        envelope: Office,
        parent: Some("case"),
        edits: Shared,
        access: Assigned,
        rules: close_contact_rules,
    }
    fields {
        /// The tracing officer who follows them up (their person on the roster, whose id is the
        /// user's): they read it, and lose it when it is handed to another.
        tracer: String = FieldType::Reference("person").spec().reader().index(),
        /// The person of the roster exposed, who reads their own quarantine.
        person: Option<String> = FieldType::Reference("person").spec().reader().index(),
        outside_person: Option<String> = FieldType::Reference("outside_person").spec().index(),
        category: String = FieldType::Choice(CONTACT_CATEGORIES).spec().index().project(),
        /// To the case, in words ("anak", "rekan satu ruangan").
        relationship: Option<String> = FieldType::Text { max_chars: 60 }.spec(),
        /// The day the contact was listed: follow-up starts then, or the day after the last
        /// exposure if that is later.
        listed_on: chrono::NaiveDate = FieldType::Date { past_only: true }.spec(),
        first_exposure: Option<chrono::NaiveDate> = FieldType::Date { past_only: true }.spec(),
        last_exposure: chrono::NaiveDate = FieldType::Date { past_only: true }.spec().project(),
        minutes: Option<i64> = FieldType::Integer { min: 0, max: 10_080 }.spec(),
        distance_cm: Option<i64> = FieldType::Integer { min: 0, max: 10_000 }.spec(),
        /// Whether the contact wore a mask or other protection.
        ppe: Option<bool> = FieldType::Boolean.spec(),
        criteria: Vec<String> = FieldType::ChoiceSet(CRITERIA).spec(),
        /// The day's code of the national monitoring form, by date (`yyyy-mm-dd`).
        follow_up: Vec<(String, String)> = FieldType::Items { item: &FieldType::Choice(FOLLOW_UP_CODES), max: 31 }.spec(),
        /// The case they became.
        became_case: Option<String> = FieldType::Reference("case").spec(),
    }
}

/// One person exposed; follow-up kept by day (a key that is not a date is refused), never for
/// a day before the first exposure's.
fn close_contact_rules(record: &Record, _: &Context, errors: &mut Vec<Invalid>) {
    one_person(record, errors);
    let prefix = format!("follow_up{}", crate::kit::MEMBER_SEPARATOR);
    let bad_day = record
        .fields
        .keys()
        .filter_map(|name| name.strip_prefix(prefix.as_str()))
        .any(|day| crate::date::parse_ymd(day).is_none());
    if bad_day {
        errors.push(Invalid::new("follow_up", Problem::BadFormat));
    }
}

crate::record_kind! {
    /// A call to the office's 24-hour call center, as its answerer wrote it down (the owner).
    pub struct Call, CALL {
        kind: "call",
        envelope: Office,
        parent: None,
        edits: AppendOnly,
        access: Health,
        rules: call_rules,
    }
    fields {
        at: chrono::DateTime<chrono::Utc> = FieldType::DateTime { past_only: true }.spec().index().project(),
        caller: String = FieldType::Text { max_chars: 100 }.spec().title(),
        /// How to reach the caller back.
        caller_phone: Option<String> = FieldType::Text { max_chars: 20 }.spec().keyboard(Keyboard::Phone),
        /// Whom the call concerns, in words, when not the caller.
        concerns: Option<String> = FieldType::Text { max_chars: 100 }.spec(),
        /// The person of the roster it concerns, if one.
        person: Option<String> = FieldType::Reference("person").spec(),
        status_reported: String = FieldType::Choice(CALL_STATUSES).spec().project(),
        advice: Option<String> = FieldType::Text { max_chars: 500 }.spec(),
        action: String = FieldType::Choice(CALL_ACTIONS).spec().project(),
    }
}

/// A call-back number is a phone number.
fn call_rules(record: &Record, _: &Context, errors: &mut Vec<Invalid>) {
    let phone = record.get("caller_phone").and_then(|v| v.as_text());
    if phone.is_some_and(|phone| crate::roster::international_phone(phone).is_none()) {
        errors.push(Invalid::new("caller_phone", Problem::NotAPhone));
    }
}

impl Case {
    /// A new suspect in `office_id` of `agency_id`, judged by the latest revision of the rules and
    /// isolated at home until the team says otherwise, about no one and from nothing yet: who
    /// opens it names the person and the alert, call or contact it came from.
    pub fn suspect(id: String, agency_id: String, office_id: Option<String>) -> Case {
        Case {
            id,
            agency_id,
            office_id,
            owner_id: None,
            parent_id: None,
            person: None,
            outside_person: None,
            status: CaseStatus::Suspect.code().to_owned(),
            rules_version: CaseRules::latest().version.to_owned(),
            onset: None,
            specimen: None,
            symptoms_resolved: None,
            isolation_place: Some(ISOLATION_PLACES[0].to_owned()),
            cluster: None,
            alert: None,
            call: None,
            from_contact: None,
            notes: None,
        }
    }

    /// Its status as the rules read it.
    pub fn status(&self) -> Option<CaseStatus> {
        CaseStatus::from_code(&self.status)
    }

    /// The day the office cluster rule counts it on: its onset, or for a case without symptoms
    /// its specimen date (as the contact window does); the server's SQL counts the same
    /// (`COALESCE(onset, specimen)`).
    pub fn cluster_day(&self) -> Option<chrono::NaiveDate> {
        self.onset.or(self.specimen)
    }
}

/// What a contact's day on a tracer's list is judged from: the dates of their exposure, listing
/// and entries, whether they became a case, and the revision of the rules their case is judged
/// by. Read from a `CloseContact` (`days`), or from the few fields a device reads of thousands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactDays {
    pub last_exposure: chrono::NaiveDate,
    pub listed_on: chrono::NaiveDate,
    /// The days with a follow-up entry.
    pub entries: Vec<chrono::NaiveDate>,
    pub became_case: bool,
    pub rules: CaseRules,
}

/// A tracer's list of `today` from their contacts (issue #20, item 5): the index in `contacts`
/// of each one whose follow-up runs today and where it stands, the most urgent first (lost to
/// follow-up, then overdue by the most days, then due, then done), each kept in the order
/// given within its rank; a contact who became a case, whose quarantine is over, or whose
/// follow-up starts later is not on it. Ranked by buckets rather than sorted, so 5,000
/// contacts cost one pass (the bench in `tests/browser/bench_store.rs`).
pub fn todays_list(contacts: &[ContactDays], today: chrono::NaiveDate) -> Vec<(usize, FollowUpDay)> {
    // Overdue days rank below lost ones up to the most any revision here allows.
    let lost = contacts
        .iter()
        .map(|c| c.rules.lost_after_days.max(1))
        .max()
        .unwrap_or(1);
    let rank = |day: FollowUpDay| -> Option<u32> {
        match day {
            FollowUpDay::Lost(_) => Some(0),
            FollowUpDay::Overdue(n) => Some(lost.saturating_sub(n.min(lost))),
            FollowUpDay::Due => Some(lost),
            FollowUpDay::Done => Some(lost + 1),
            FollowUpDay::NotStarted | FollowUpDay::Ended => None,
        }
    };
    let mut buckets: Vec<Vec<(usize, FollowUpDay)>> = vec![Vec::new(); lost as usize + 2];
    for (i, contact) in contacts.iter().enumerate().filter(|(_, c)| !c.became_case) {
        let day = contact
            .rules
            .follow_up_day(contact.last_exposure, contact.listed_on, &contact.entries, today);
        if let Some(r) = rank(day) {
            buckets[r as usize].push((i, day));
        }
    }
    buckets.into_iter().flatten().collect()
}

impl CloseContact {
    /// What its day on a tracer's list is judged from, under its case's revision of the rules.
    pub fn days(&self, rules: CaseRules) -> ContactDays {
        ContactDays {
            rules,
            last_exposure: self.last_exposure,
            listed_on: self.listed_on,
            entries: self.entries().into_iter().map(|(day, _)| day).collect(),
            became_case: self.became_case.is_some(),
        }
    }

    /// Its follow-up entries as the rules read them, by date (entries whose date or code is
    /// not one are left out: the record's check refuses them).
    pub fn entries(&self) -> Vec<(chrono::NaiveDate, FollowUpCode)> {
        let mut out: Vec<_> = self
            .follow_up
            .iter()
            .filter_map(|(day, code)| Some((crate::date::parse_ymd(day)?, FollowUpCode::from_code(code)?)))
            .collect();
        out.sort_by_key(|(day, _)| *day);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The admin's merge of a person written down twice (the client's `people::merge`) repoints
    /// the cases and close contacts that name the one gone: no other kind may name such a person.
    #[test]
    fn only_cases_and_contacts_name_a_person_outside_the_roster() {
        let naming: Vec<(&str, &str)> = crate::kit::Registry::standard()
            .kinds()
            .iter()
            .flat_map(|kind| kind.fields.iter().map(move |f| (kind.name, f)))
            .filter(|(_, f)| matches!(f.ty, FieldType::Reference(target) if target == OUTSIDE_PERSON.name))
            .map(|(kind, f)| (kind, f.name))
            .collect();
        assert_eq!(
            naming,
            [("case", "outside_person"), ("close_contact", "outside_person")]
        );
    }

    #[test]
    fn the_choices_are_the_rules_codes() {
        use crate::case_rules::{Criterion, FollowUpCode, CASE_RULES};
        assert_eq!(
            CASE_STATUSES,
            CaseStatus::ALL.map(CaseStatus::code).as_slice(),
            "case statuses"
        );
        assert_eq!(FOLLOW_UP_CODES, FollowUpCode::ALL.map(FollowUpCode::code).as_slice());
        assert_eq!(CRITERIA, Criterion::ALL.map(Criterion::code).as_slice());
        let versions: Vec<&str> = CASE_RULES.iter().map(|r| r.version).collect();
        assert_eq!(RULES_VERSIONS, versions.as_slice());
    }

    /// The problems `kit::check` finds in a record of `decl` whose fields are `fields` (every
    /// other field left out), judged on 1 December 2020.
    fn problems(decl: &crate::kit::KindDecl, fields: &[(&str, &str)]) -> Vec<(String, Problem)> {
        use crate::sync::{Stamp, Value};
        let mut record = Record::new(decl.name, "r".into(), "ag".into(), Some("of1".into()), None);
        record.parent_id = decl.parent.map(|_| "p".into());
        for (name, value) in fields {
            let value = match value.parse::<i64>() {
                Ok(n) if ["age", "minutes", "at"].contains(name) => Value::Int(n),
                _ => Value::Text((*value).into()),
            };
            record.set(name, value, &Stamp::new(1, 0, "d"));
        }
        let now = chrono::NaiveDate::from_ymd_opt(2020, 12, 1)
            .unwrap()
            .and_hms_opt(5, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp_millis();
        crate::kit::check(decl, &record, &Context::server(now))
            .into_iter()
            .map(|i| (i.field.to_string(), i.problem))
            .collect()
    }

    #[test]
    fn a_person_outside_the_roster_table() {
        // 35 is Jawa Timur, 73 Malang; born 12 March 1988, a woman (52 = 12 + 40).
        let woman = "3573015203880001";
        let man = "3573011203880001";
        #[rustfmt::skip]
        let cases: &[(&[(&str, &str)], &[(&str, Problem)])] = &[
            (&[("full_name", "Rina"), ("nik", woman), ("sex", "female"), ("birth_date", "1988-03-12")], &[]),
            (&[("full_name", "Budi"), ("nik", man), ("sex", "male")],                                   &[]),
            (&[("full_name", "Budi"), ("nik", man), ("sex", "female")],                                 &[("sex", Problem::BadFormat)]),
            (&[("full_name", "Rina"), ("nik", woman), ("birth_date", "1988-03-13")],                    &[("birth_date", Problem::BadEmbeddedDate)]),
            (&[("full_name", "Rina"), ("nik", "9973015203880001")],                                     &[("nik", Problem::BadFormat)]),
            (&[("full_name", "Rina"), ("nik", "357301520388")],                                         &[("nik", Problem::Length { expected: 16, found: 12 })]),
            (&[("full_name", "Rina"), ("age", "34"), ("phone", "0812 3456 7890")],                      &[]),
            (&[("full_name", "Rina"), ("phone", "12-ab")],                                              &[("phone", Problem::NotAPhone)]),
            (&[("nik", woman)],                                                                         &[("full_name", Problem::Required)]),
        ];
        for (fields, expected) in cases {
            let got = problems(&OUTSIDE_PERSON, fields);
            let expected: Vec<(String, Problem)> = expected.iter().map(|(f, p)| ((*f).to_owned(), p.clone())).collect();
            assert_eq!(got, expected, "{fields:?}");
        }
    }

    #[test]
    fn a_case_and_a_contact_are_about_one_person_table() {
        let case = [("status", "suspect"), ("rules_version", "KMK-413-2020")];
        let contact = [
            ("tracer", "trc"),
            ("category", "household"),
            ("listed_on", "2020-11-21"),
            ("last_exposure", "2020-11-20"),
        ];
        let with = |base: &[(&'static str, &'static str)], more: &[(&'static str, &'static str)]| {
            base.iter().chain(more).copied().collect::<Vec<_>>()
        };
        #[rustfmt::skip]
        let cases: Vec<(&crate::kit::KindDecl, Vec<(&str, &str)>, Vec<(&str, Problem)>)> = vec![
            (&CASE,          with(&case, &[("person", "emp")]),                                   vec![]),
            (&CASE,          with(&case, &[("outside_person", "op")]),                            vec![]),
            (&CASE,          with(&case, &[]),                                                    vec![("person", Problem::Required)]),
            (&CASE,          with(&case, &[("person", "emp"), ("outside_person", "op")]),         vec![("outside_person", Problem::TooMany { max: 1 })]),
            (&CASE,          vec![("person", "emp"), ("status", "suspect"), ("rules_version", "KMK-1-2099")], vec![("rules_version", Problem::NotAChoice)]),
            (&CLOSE_CONTACT, with(&contact, &[("person", "emp"), ("follow_up.2020-11-21", "fever")]), vec![]),
            (&CLOSE_CONTACT, with(&contact, &[("person", "emp"), ("follow_up.besok", "fever")]),  vec![("follow_up", Problem::BadFormat)]),
            (&CLOSE_CONTACT, with(&contact, &[("person", "emp"), ("follow_up.2020-11-21", "flu")]), vec![("follow_up", Problem::NotAChoice)]),
            (&CLOSE_CONTACT, with(&contact, &[]),                                                 vec![("person", Problem::Required)]),
            (&CALL,          vec![("at", "1606698000000"), ("caller", "Budi"), ("status_reported", "suspect"), ("action", "advice"), ("caller_phone", "0341-551234")], vec![]),
            (&CALL,          vec![("at", "1606698000000"), ("caller", "Budi"), ("status_reported", "suspect"), ("action", "advice"), ("caller_phone", "ring me")], vec![("caller_phone", Problem::NotAPhone)]),
        ];
        for (decl, fields, expected) in cases {
            let got = problems(decl, &fields);
            let expected: Vec<(String, Problem)> = expected.into_iter().map(|(f, p)| (f.to_owned(), p)).collect();
            assert_eq!(got, expected, "{} {fields:?}", decl.name);
        }
    }

    /// A case opened in one step (from an alert, a call or a contact) is a suspect under the latest
    /// revision; it passes the check once it names its person, and not before.
    #[test]
    fn a_new_suspect_is_valid_once_it_names_its_person() {
        use crate::sync::{Stamp, SyncRecord};
        let now = Context::server(1_606_800_000_000);
        let blank = Case::suspect("c1".into(), "ag".into(), Some("of".into()));
        assert_eq!(blank.status(), Some(CaseStatus::Suspect));
        assert_eq!(blank.rules_version, CaseRules::latest().version);
        let problems = |case: &Case| -> Vec<(&str, Problem)> {
            crate::kit::check(&CASE, &case.to_new_record(&Stamp::new(1, 0, "d")), &now)
                .into_iter()
                .map(|i| (i.field, i.problem))
                .collect()
        };
        assert_eq!(problems(&blank), [("person", Problem::Required)]);
        let about = Case {
            outside_person: Some("op".into()),
            ..blank
        };
        assert_eq!(problems(&about), []);
    }

    #[test]
    fn a_tracer_s_list_of_the_day_table() {
        use chrono::NaiveDate;
        let day = |d: u32| NaiveDate::from_ymd_opt(2020, 11, d).unwrap();
        let contact = |id: &str, last: u32, listed: u32, entries: &[u32], became: bool| CloseContact {
            id: id.into(),
            agency_id: "ag".into(),
            office_id: Some("of1".into()),
            owner_id: None,
            parent_id: Some("case".into()),
            tracer: "trc".into(),
            person: None,
            outside_person: Some("op".into()),
            category: "household".into(),
            relationship: None,
            listed_on: day(listed),
            first_exposure: None,
            last_exposure: day(last),
            minutes: None,
            distance_cm: None,
            ppe: None,
            criteria: Vec::new(),
            follow_up: entries
                .iter()
                .map(|d| (crate::date::format_ymd(day(*d)), "healthy".to_owned()))
                .collect(),
            became_case: became.then(|| "case2".into()),
        };
        // Today is the 20th; every contact but the first two exposed on the 10th.
        let contacts = [
            contact("ended", 1, 2, &[], false),   // quarantine through the 15th
            contact("later", 19, 21, &[], false), // listed for tomorrow
            contact("done", 10, 11, &[19, 20], false),
            contact("due", 10, 11, &[18, 19], false),
            contact("due2", 10, 20, &[], false),      // listed today
            contact("overdue", 10, 11, &[18], false), // nothing on the 19th
            contact("lost", 10, 11, &[16], false),    // nothing since the 16th
            contact("case", 10, 11, &[], true),       // became a case
            contact("lost2", 10, 11, &[], false),
            contact("slow", 10, 11, &[17], false), // nothing on the 18th and 19th
        ];
        // The last contact's case is judged by a revision that loses a contact after 3 days.
        let patient = CaseRules {
            version: "TEST-3-DAYS",
            lost_after_days: 3,
            ..CaseRules::KMK_413_2020
        };
        let days: Vec<ContactDays> = contacts
            .iter()
            .enumerate()
            .map(|(i, c)| {
                c.days(if i == contacts.len() - 1 {
                    patient
                } else {
                    CaseRules::KMK_413_2020
                })
            })
            .collect();
        let list = todays_list(&days, day(20));
        let got: Vec<(&str, FollowUpDay)> = list.iter().map(|(i, day)| (contacts[*i].id.as_str(), *day)).collect();
        assert_eq!(
            got,
            [
                ("lost", FollowUpDay::Lost(3)),
                ("lost2", FollowUpDay::Lost(9)),
                ("slow", FollowUpDay::Overdue(2)),
                ("overdue", FollowUpDay::Overdue(1)),
                ("due", FollowUpDay::Due),
                ("due2", FollowUpDay::Due),
                ("done", FollowUpDay::Done),
            ]
        );
    }
}
