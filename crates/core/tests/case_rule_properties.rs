//! The date rules of a case (issue #20, item 3) as properties over any dates: the isolation of a
//! case with symptoms never ends before onset + 10 days, and one without never before its
//! specimen date + 10; a contact's quarantine covers the 14 days after the last exposure; the
//! contact window always holds the day 2 days before onset (specimen date, without symptoms)
//! and the 14 after it. Under revision 5 of 2020, whose figures these are.

use chrono::{Days, NaiveDate};
use posko_core::case_rules::{CaseDates, CaseRules, IsolationEnd};
use proptest::prelude::*;

/// A day from 2020 to about 2030.
fn day() -> impl Strategy<Value = NaiveDate> {
    (0u64..3_650).prop_map(|n| NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + Days::new(n))
}

fn end_day(end: IsolationEnd) -> NaiveDate {
    match end {
        IsolationEnd::On(day) | IsolationEnd::NotBefore(day) => day,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn isolation_never_ends_before_its_ten_days(
        onset in proptest::option::of(day()),
        specimen in day(),
        recovery in proptest::option::of(0u64..60),
    ) {
        let rules = CaseRules::KMK_413_2020;
        let case = CaseDates {
            onset,
            specimen: Some(specimen),
            symptoms_resolved: onset.zip(recovery).map(|(o, n)| o + Days::new(n)),
        };
        let end = end_day(rules.isolation_end(&case).expect("a specimen date is known"));
        let from = onset.unwrap_or(specimen);
        prop_assert!(end >= from + Days::new(10), "{case:?} ends {end}");
        if let Some(resolved) = case.symptoms_resolved {
            prop_assert!(end >= resolved + Days::new(3), "{case:?} ends {end}");
        }
    }

    #[test]
    fn quarantine_covers_the_fourteen_days_after_the_last_exposure(last in day(), n in 1u64..=14) {
        let end = CaseRules::KMK_413_2020.quarantine_end(last);
        prop_assert!(end >= last + Days::new(n));
    }

    #[test]
    fn the_contact_window_holds_two_days_before_and_fourteen_after(
        onset in proptest::option::of(day()),
        specimen in day(),
        before in 0u64..=2,
        after in 0u64..=14,
    ) {
        let case = CaseDates { onset, specimen: Some(specimen), symptoms_resolved: None };
        let window = CaseRules::KMK_413_2020.contact_window(&case).expect("a day to count from");
        let from = onset.unwrap_or(specimen);
        prop_assert!(window.contains(from - Days::new(before)));
        prop_assert!(window.contains(from + Days::new(after)));
        prop_assert!(!window.contains(from - Days::new(3)));
        prop_assert!(!window.contains(from + Days::new(15)));
    }
}
