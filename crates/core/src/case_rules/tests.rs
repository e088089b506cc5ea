//! The case rules as tables: one line per case, in the words of the guideline.

// A table's row type is spelled out where the table is, so it reads as one.
#![allow(clippy::type_complexity)]

use chrono::{NaiveDate, TimeZone, Utc};

use super::*;

fn d(text: &str) -> NaiveDate {
    crate::date::parse_ymd(text).expect("a yyyy-mm-dd date")
}

fn dates(onset: Option<&str>, specimen: Option<&str>, resolved: Option<&str>) -> CaseDates {
    CaseDates {
        onset: onset.map(d),
        specimen: specimen.map(d),
        symptoms_resolved: resolved.map(d),
    }
}

const REV5: CaseRules = CaseRules::KMK_413_2020;

#[test]
fn contact_window_table() {
    #[rustfmt::skip]
    let cases: &[(Option<&str>, Option<&str>, Option<(&str, &str)>)] = &[
        // onset,             specimen,          window
        (Some("2020-09-10"), None,               Some(("2020-09-08", "2020-09-24"))),
        // symptoms: onset decides, whatever the specimen's date
        (Some("2020-09-10"), Some("2020-09-12"), Some(("2020-09-08", "2020-09-24"))),
        // no symptoms: around the specimen date
        (None,               Some("2020-09-12"), Some(("2020-09-10", "2020-09-26"))),
        // across a month and a year
        (Some("2020-12-31"), None,               Some(("2020-12-29", "2021-01-14"))),
        (None,               None,               None),
    ];
    for (onset, specimen, expected) in cases {
        let window = REV5.contact_window(&dates(*onset, *specimen, None));
        assert_eq!(
            window,
            expected.map(|(from, to)| ContactWindow {
                from: d(from),
                to: d(to)
            }),
            "{onset:?} {specimen:?}"
        );
    }
}

#[test]
fn contact_window_includes_both_ends() {
    let window = REV5.contact_window(&dates(Some("2020-09-10"), None, None)).unwrap();
    #[rustfmt::skip]
    let cases = [
        ("2020-09-07", false), ("2020-09-08", true), ("2020-09-10", true),
        ("2020-09-24", true),  ("2020-09-25", false),
    ];
    for (day, inside) in cases {
        assert_eq!(window.contains(d(day)), inside, "{day}");
    }
}

#[test]
fn isolation_end_table() {
    use IsolationEnd::*;
    #[rustfmt::skip]
    let cases: &[(Option<&str>, Option<&str>, Option<&str>, Option<IsolationEnd>)] = &[
        // onset,             specimen,          resolved,          end
        // no symptoms: specimen + 10 days
        (None,               Some("2020-09-12"), None,               Some(On(d("2020-09-22")))),
        (None,               None,               None,               None),
        // symptoms resolved early: onset + 10 days is later
        (Some("2020-09-10"), Some("2020-09-11"), Some("2020-09-14"), Some(On(d("2020-09-20")))),
        // resolved on day 7: resolved + 3 = onset + 10, the same day
        (Some("2020-09-10"), None,               Some("2020-09-17"), Some(On(d("2020-09-20")))),
        // resolved late: resolved + 3 days is later
        (Some("2020-09-10"), None,               Some("2020-09-25"), Some(On(d("2020-09-28")))),
        // symptoms still there: not before onset + 10 days
        (Some("2020-09-10"), Some("2020-09-11"), None,               Some(NotBefore(d("2020-09-20")))),
    ];
    for (onset, specimen, resolved, expected) in cases {
        assert_eq!(
            REV5.isolation_end(&dates(*onset, *specimen, *resolved)),
            *expected,
            "{onset:?} {specimen:?} {resolved:?}"
        );
    }
}

#[test]
fn quarantine_and_contact_discard_table() {
    let none = FollowUp::default();
    let fever = FollowUp {
        had_symptoms: true,
        ..none
    };
    let positive = FollowUp {
        tested_positive: true,
        ..none
    };
    assert_eq!(REV5.quarantine_end(d("2020-09-10")), d("2020-09-24"));
    #[rustfmt::skip]
    let cases: &[(&str, FollowUp, &str, bool)] = &[
        // last exposure, follow-up, today,      discarded
        ("2020-09-10",    none,      "2020-09-24", false), // the quarantine's last day
        ("2020-09-10",    none,      "2020-09-25", true),
        ("2020-09-10",    fever,     "2020-09-30", false),
        ("2020-09-10",    positive,  "2020-09-30", false),
        ("2020-09-10",    none,      "2020-09-11", false),
    ];
    for (exposure, follow_up, today, expected) in cases {
        assert_eq!(
            REV5.contact_discarded(d(exposure), *follow_up, d(today)),
            *expected,
            "{exposure} {follow_up:?} {today}"
        );
    }
}

fn lab_test(kind: LabTestKind, taken: &str, result: LabResult) -> LabTest {
    let taken = chrono::NaiveDateTime::parse_from_str(taken, "%Y-%m-%d %H:%M").expect("a date and time");
    LabTest {
        kind,
        taken: Utc.from_utc_datetime(&taken),
        result,
    }
}

#[test]
fn suspect_discard_table() {
    use LabResult::*;
    use LabTestKind::*;
    #[rustfmt::skip]
    let cases: &[(&[(LabTestKind, &str, LabResult)], bool)] = &[
        (&[], false),
        (&[(Pcr, "2020-09-10 08:00", Negative)], false),
        // two negative PCR results, 25 hours apart
        (&[(Pcr, "2020-09-10 08:00", Negative), (Pcr, "2020-09-11 09:00", Negative)], true),
        // in any order
        (&[(Pcr, "2020-09-11 09:00", Negative), (Pcr, "2020-09-10 08:00", Negative)], true),
        // exactly 24 hours is not more than 24 hours
        (&[(Pcr, "2020-09-10 08:00", Negative), (Pcr, "2020-09-11 08:00", Negative)], false),
        // a day apart on the calendar, 23 hours on the clock
        (&[(Pcr, "2020-09-10 10:00", Negative), (Pcr, "2020-09-11 09:00", Negative)], false),
        // antigen results never discard
        (&[(Antigen, "2020-09-10 08:00", Negative), (Pcr, "2020-09-12 08:00", Negative)], false),
        // a result still pending does not count
        (&[(Pcr, "2020-09-10 08:00", Negative), (Pcr, "2020-09-12 08:00", Pending)], false),
        // any positive result keeps the case
        (&[(Pcr, "2020-09-10 08:00", Negative), (Pcr, "2020-09-12 08:00", Negative), (Antigen, "2020-09-13 08:00", Positive)], false),
        // three negatives, the first and the last far enough apart
        (&[(Pcr, "2020-09-10 08:00", Negative), (Pcr, "2020-09-10 20:00", Negative), (Pcr, "2020-09-11 20:00", Negative)], true),
    ];
    for (tests, expected) in cases {
        let tests: Vec<LabTest> = tests.iter().map(|(k, t, r)| lab_test(*k, t, *r)).collect();
        assert_eq!(REV5.suspect_discarded(&tests), *expected, "{tests:?}");
    }
}

#[test]
fn close_contact_criteria_table() {
    use Criterion::*;
    let nothing = Exposure::default();
    #[rustfmt::skip]
    let cases: &[(Exposure, &[Criterion])] = &[
        (nothing, &[]),
        (Exposure { distance_cm: Some(100), minutes: Some(15), ..nothing }, &[Near]),
        (Exposure { distance_cm: Some(50),  minutes: Some(90), ..nothing }, &[Near]),
        (Exposure { distance_cm: Some(101), minutes: Some(60), ..nothing }, &[]),
        (Exposure { distance_cm: Some(50),  minutes: Some(14), ..nothing }, &[]),
        // how near, with no time written down, is not enough to say
        (Exposure { distance_cm: Some(50),  minutes: None,     ..nothing }, &[]),
        (Exposure { physical_contact: true, ..nothing }, &[PhysicalContact]),
        (Exposure { care_without_ppe: true, ..nothing }, &[CareWithoutPpe]),
        (Exposure { judged_by_team: true, ..nothing }, &[JudgedByTeam]),
        (Exposure { distance_cm: Some(30), minutes: Some(20), physical_contact: true, care_without_ppe: true, judged_by_team: true },
            &[Near, PhysicalContact, CareWithoutPpe, JudgedByTeam]),
    ];
    for (exposure, expected) in cases {
        assert_eq!(REV5.criteria_met(exposure), expected.to_vec(), "{exposure:?}");
    }
}

#[test]
fn criteria_codes_read_back() {
    for criterion in Criterion::ALL {
        assert_eq!(Criterion::from_code(criterion.code()), Some(criterion));
    }
    assert_eq!(Criterion::from_code("close"), None);
}

/// A later revision that differs in every figure a rule reads (the guidelines were revised
/// after 2020: shorter quarantine, another window), added to a book of its own.
const LATER: CaseRules = CaseRules {
    version: "TEST-REVISION-2",
    window_days_before: 3,
    window_days_after: 10,
    isolation_days_without_symptoms: 7,
    isolation_days_after_onset: 7,
    isolation_days_after_recovery: 1,
    quarantine_days: 5,
    discard_negative_pcr: 1,
    discard_hours_apart: 0,
    near_within_cm: 200,
    near_for_minutes: 10,
    close_contact_criteria: &[Criterion::Near, Criterion::PhysicalContact],
    cluster_min_cases: 3,
    cluster_days: 7,
    lost_after_days: 3,
};

#[test]
fn a_case_keeps_the_revision_it_was_judged_by() {
    let book = [REV5, LATER];
    // A case judged in 2020 names revision 5; one judged after the new revision names it.
    let old_case = REV5.version;
    let new_case = *book.last().unwrap();
    assert_eq!(new_case.version, "TEST-REVISION-2");
    let old = CaseRules::in_book(&book, old_case).expect("revision 5 is still in the book");
    let new = CaseRules::in_book(&book, new_case.version).unwrap();
    let case = dates(Some("2020-09-10"), Some("2020-09-11"), Some("2020-09-12"));
    let exposure = Exposure {
        distance_cm: Some(150),
        minutes: Some(12),
        care_without_ppe: true,
        ..Exposure::default()
    };
    let pcr = [lab_test(LabTestKind::Pcr, "2020-09-10 08:00", LabResult::Negative)];

    // The same facts, judged by each case's own revision.
    assert_eq!(
        old.contact_window(&case),
        Some(ContactWindow {
            from: d("2020-09-08"),
            to: d("2020-09-24")
        })
    );
    assert_eq!(
        new.contact_window(&case),
        Some(ContactWindow {
            from: d("2020-09-07"),
            to: d("2020-09-20")
        })
    );
    assert_eq!(old.isolation_end(&case), Some(IsolationEnd::On(d("2020-09-20"))));
    assert_eq!(new.isolation_end(&case), Some(IsolationEnd::On(d("2020-09-17"))));
    assert_eq!(old.quarantine_end(d("2020-09-10")), d("2020-09-24"));
    assert_eq!(new.quarantine_end(d("2020-09-10")), d("2020-09-15"));
    assert!(!old.suspect_discarded(&pcr));
    assert!(new.suspect_discarded(&pcr));
    assert_eq!(old.criteria_met(&exposure), vec![Criterion::CareWithoutPpe]);
    assert_eq!(new.criteria_met(&exposure), vec![Criterion::Near]);
    let office = [
        OfficeCase {
            id: "a",
            office: "o",
            status: CaseStatus::ConfirmedSymptomatic,
            onset: d("2020-09-01"),
        },
        OfficeCase {
            id: "b",
            office: "o",
            status: CaseStatus::Probable,
            onset: d("2020-09-10"),
        },
    ];
    assert_eq!(old.office_clusters(&office).len(), 1);
    assert_eq!(new.office_clusters(&office), vec![]);
    let missed_two = old.follow_up_day(d("2020-09-01"), d("2020-09-01"), &[d("2020-09-02")], d("2020-09-05"));
    assert_eq!(missed_two, FollowUpDay::Lost(2));
    let same_for_new = new.follow_up_day(d("2020-09-01"), d("2020-09-01"), &[d("2020-09-02")], d("2020-09-05"));
    assert_eq!(same_for_new, FollowUpDay::Overdue(2));
}

#[test]
fn the_book_names_each_revision_once_and_revision_5_first() {
    assert_eq!(CASE_RULES.first().map(|r| r.version), Some("KMK-413-2020"));
    assert_eq!(CaseRules::latest(), *CASE_RULES.last().unwrap());
    for (i, rules) in CASE_RULES.iter().enumerate() {
        assert!(
            CASE_RULES[..i].iter().all(|r| r.version != rules.version),
            "{} twice",
            rules.version
        );
        assert_eq!(CaseRules::by_version(rules.version), Some(*rules));
    }
    assert_eq!(CaseRules::by_version("KMK-413-2019"), None);
}

#[test]
fn status_codes_read_back_and_what_a_cluster_counts() {
    use CaseStatus::*;
    #[rustfmt::skip]
    let cases = [
        (Suspect, "suspect", false), (Probable, "probable", true),
        (ConfirmedSymptomatic, "confirmed_symptomatic", true), (ConfirmedAsymptomatic, "confirmed_asymptomatic", true),
        (Discarded, "discarded", false), (IsolationDone, "isolation_done", true), (Died, "died", true),
    ];
    assert_eq!(cases.len(), CaseStatus::ALL.len());
    for (status, code, counts) in cases {
        assert_eq!(status.code(), code);
        assert_eq!(CaseStatus::from_code(code), Some(status));
        assert_eq!(status.probable_or_confirmed(), counts, "{code}");
    }
    assert_eq!(CaseStatus::from_code("positive"), None);
}

fn office_case<'a>(id: &'a str, office: &'a str, status: CaseStatus, onset: &str) -> OfficeCase<'a> {
    OfficeCase {
        id,
        office,
        status,
        onset: d(onset),
    }
}

#[test]
fn office_cluster_table() {
    use CaseStatus::*;
    #[rustfmt::skip]
    let cases: &[(&[(&str, &str, CaseStatus, &str)], &[(&str, &[&str])])] = &[
        // one case is no cluster
        (&[("a", "bkd", ConfirmedSymptomatic, "2020-09-01")], &[]),
        // two confirmed cases 14 days apart: a cluster
        (&[("a", "bkd", ConfirmedSymptomatic, "2020-09-01"), ("b", "bkd", ConfirmedAsymptomatic, "2020-09-15")], &[("bkd", &["a", "b"])]),
        // 15 days apart: none
        (&[("a", "bkd", ConfirmedSymptomatic, "2020-09-01"), ("b", "bkd", ConfirmedSymptomatic, "2020-09-16")], &[]),
        // a probable case counts, a suspect does not, nor a discarded one
        (&[("a", "bkd", Probable, "2020-09-01"), ("b", "bkd", Suspect, "2020-09-02"), ("c", "bkd", Discarded, "2020-09-03")], &[]),
        (&[("a", "bkd", Probable, "2020-09-01"), ("b", "bkd", IsolationDone, "2020-09-03")], &[("bkd", &["a", "b"])]),
        // two offices are two places: no cluster across them
        (&[("a", "bkd", ConfirmedSymptomatic, "2020-09-01"), ("b", "dinkes", ConfirmedSymptomatic, "2020-09-02")], &[]),
        // a chain: each within 14 days of the one before, in any order of listing
        (&[("c", "bkd", ConfirmedSymptomatic, "2020-09-25"), ("a", "bkd", ConfirmedSymptomatic, "2020-09-01"), ("b", "bkd", Died, "2020-09-13")],
            &[("bkd", &["a", "b", "c"])]),
        // a gap splits an office's cases into two clusters
        (&[("a", "bkd", ConfirmedSymptomatic, "2020-09-01"), ("b", "bkd", ConfirmedSymptomatic, "2020-09-05"),
           ("c", "bkd", ConfirmedSymptomatic, "2020-10-20"), ("d", "bkd", ConfirmedSymptomatic, "2020-10-21")],
            &[("bkd", &["a", "b"]), ("bkd", &["c", "d"])]),
    ];
    for (listed, expected) in cases {
        let listed: Vec<OfficeCase> = listed.iter().map(|(c, o, s, d)| office_case(c, o, *s, d)).collect();
        let found: Vec<(&str, Vec<&str>)> = REV5
            .office_clusters(&listed)
            .into_iter()
            .map(|c| (c.office, c.cases))
            .collect();
        let expected: Vec<(&str, Vec<&str>)> = expected.iter().map(|(o, c)| (*o, c.to_vec())).collect();
        assert_eq!(found, expected, "{listed:?}");
    }
}

#[test]
fn a_cluster_names_its_first_and_last_onset() {
    let listed = [
        office_case("b", "bkd", CaseStatus::ConfirmedSymptomatic, "2020-09-10"),
        office_case("a", "bkd", CaseStatus::ConfirmedSymptomatic, "2020-09-03"),
    ];
    let clusters = REV5.office_clusters(&listed);
    assert_eq!(
        (clusters[0].first_onset, clusters[0].last_onset),
        (d("2020-09-03"), d("2020-09-10"))
    );
}

#[test]
fn follow_up_day_table() {
    use FollowUpDay::*;
    // Exposed on 1 September: follow-up from the 2nd through the 15th.
    #[rustfmt::skip]
    let cases: &[(&str, &[&str], &str, FollowUpDay)] = &[
        // listed,      entries,                      today,        state
        ("2020-09-01", &[],                           "2020-09-01", NotStarted),
        ("2020-09-01", &[],                           "2020-09-02", Due),
        ("2020-09-01", &["2020-09-02"],               "2020-09-02", Done),
        ("2020-09-01", &[],                           "2020-09-03", Overdue(1)),
        ("2020-09-01", &["2020-09-02"],               "2020-09-03", Due),
        ("2020-09-01", &["2020-09-02"],               "2020-09-04", Overdue(1)),
        // no entry for two days: lost
        ("2020-09-01", &["2020-09-02"],               "2020-09-05", Lost(2)),
        ("2020-09-01", &[],                           "2020-09-04", Lost(2)),
        // found again: today's entry made, or an entry yesterday
        ("2020-09-01", &["2020-09-02", "2020-09-06"], "2020-09-06", Done),
        ("2020-09-01", &["2020-09-02", "2020-09-06"], "2020-09-07", Due),
        // listed days after the exposure: counted from the day listed
        ("2020-09-06", &[],                           "2020-09-06", Due),
        ("2020-09-06", &[],                           "2020-09-05", NotStarted),
        // the quarantine's last day, and after it
        ("2020-09-01", &["2020-09-14"],               "2020-09-15", Due),
        ("2020-09-01", &[],                           "2020-09-16", Ended),
    ];
    for (listed, entries, today, expected) in cases {
        let entries: Vec<NaiveDate> = entries.iter().map(|e| d(e)).collect();
        let state = REV5.follow_up_day(d("2020-09-01"), d(listed), &entries, d(today));
        assert_eq!(state, *expected, "listed {listed}, entries {entries:?}, today {today}");
    }
}

#[test]
fn follow_up_codes_read_back_and_which_are_symptoms() {
    use FollowUpCode::*;
    #[rustfmt::skip]
    let cases = [
        (Healthy, "healthy", false), (Fever, "fever", true), (Cough, "cough", true),
        (ShortOfBreath, "short_of_breath", true), (OtherSymptom, "other_symptom", true),
        (Referred, "referred", false), (Finished, "finished", false),
    ];
    assert_eq!(cases.len(), FollowUpCode::ALL.len());
    for (code, text, symptom) in cases {
        assert_eq!(code.code(), text);
        assert_eq!(FollowUpCode::from_code(text), Some(code));
        assert_eq!(code.is_symptom(), symptom, "{text}");
    }
    let entries = [(d("2020-09-02"), Healthy), (d("2020-09-03"), Cough)];
    assert_eq!(
        FollowUp::from_entries(&entries, false),
        FollowUp {
            had_symptoms: true,
            tested_positive: false
        }
    );
    assert_eq!(
        FollowUp::from_entries(&entries[..1], true),
        FollowUp {
            had_symptoms: false,
            tested_positive: true
        }
    );
}

#[test]
fn followed_to_the_end_table() {
    use FollowUpCode::*;
    // Exposed on 1 September: quarantine through the 15th.
    #[rustfmt::skip]
    let cases: &[(&[(&str, FollowUpCode)], &str, Option<bool>)] = &[
        // entries,                                          today,        followed
        (&[("2020-09-02", Healthy)],                         "2020-09-15", None),
        (&[("2020-09-02", Healthy), ("2020-09-15", Finished)], "2020-09-16", Some(true)),
        (&[("2020-09-02", Healthy), ("2020-09-15", Healthy)],  "2020-09-16", Some(true)),
        // last seen on the 10th: lost before the end
        (&[("2020-09-02", Healthy), ("2020-09-10", Healthy)],  "2020-09-16", Some(false)),
        (&[],                                                "2020-09-20", Some(false)),
        // referred on day 4: followed to its end, whatever the date
        (&[("2020-09-04", Referred)],                        "2020-09-05", Some(true)),
    ];
    for (entries, today, expected) in cases {
        let entries: Vec<(NaiveDate, FollowUpCode)> = entries.iter().map(|(day, code)| (d(day), *code)).collect();
        assert_eq!(
            REV5.followed_to_the_end(d("2020-09-01"), &entries, d(today)),
            *expected,
            "{entries:?} {today}"
        );
    }
}

#[test]
fn completion_per_officer_counts_only_ended_follow_ups() {
    let contacts = [
        ("ani", Some(true)),
        ("budi", Some(false)),
        ("ani", None),
        ("ani", Some(false)),
        ("budi", Some(true)),
        ("ani", Some(true)),
        ("citra", None),
    ];
    let figures = Completion::by(contacts);
    assert_eq!(
        figures,
        vec![
            ("ani", Completion { ended: 3, followed: 2 }),
            ("budi", Completion { ended: 2, followed: 1 }),
        ]
    );
    assert_eq!(figures[0].1.percent(), Some(66));
    assert_eq!(Completion { ended: 4, followed: 4 }.percent(), Some(100));
    assert_eq!(Completion::default().percent(), None);
}
