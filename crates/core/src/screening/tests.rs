//! Table-driven tests of the screening rule and its validation: one line per case.

use chrono::NaiveDate;

use super::*;
use crate::validation::{Field, Problem};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 9, 24).unwrap()
}

/// Builds a draft from a compact description: temperature, then flags by letter
/// (f fever, c cough, s sore throat, b breath, l smell/taste, o other, k contact, t travel).
fn draft(temperature: &str, flags: &str) -> ScreeningDraft {
    ScreeningDraft {
        date: "2020-09-24".into(),
        temperature: temperature.into(),
        fever: flags.contains('f'),
        cough: flags.contains('c'),
        sore_throat: flags.contains('s'),
        shortness_of_breath: flags.contains('b'),
        loss_of_smell_or_taste: flags.contains('l'),
        has_other_symptom: flags.contains('o'),
        other_symptom: if flags.contains('o') {
            "pusing".into()
        } else {
            String::new()
        },
        close_contact_14d: flags.contains('k'),
        travel_14d: flags.contains('t'),
    }
}

fn origin() -> Origin {
    Origin {
        id: "0192a0f0-0000-7000-8000-000000000001".into(),
        employee_id: "u-1".into(),
        agency_id: "a-1".into(),
        office_id: Some("o-1".into()),
        recorded_at: "2020-09-24T01:02:03.004Z".parse().unwrap(),
    }
}

#[test]
fn screening_rule() {
    use StayHomeReason::*;
    #[rustfmt::skip]
    let cases: &[(&str, &str, &[StayHomeReason])] = &[
        // temperature, flags, reasons to stay home (empty: fit for office)
        ("36.5", "",     &[]),
        ("37,2", "",     &[]),
        ("37.3", "",     &[HighTemperature]),
        ("38",   "",     &[HighTemperature]),
        ("36.8", "f",    &[Symptoms]),
        ("36.8", "c",    &[Symptoms]),
        ("36.8", "s",    &[Symptoms]),
        ("36.8", "b",    &[Symptoms]),
        ("36.8", "l",    &[Symptoms]),
        ("36.8", "o",    &[Symptoms]),
        ("36.8", "k",    &[CloseContact]),
        ("36.8", "t",    &[Travel]),
        ("38.1", "fckt", &[HighTemperature, Symptoms, CloseContact, Travel]),
    ];
    let rules = ScreeningRules::kmk_328_2020();
    for (temperature, flags, reasons) in cases {
        let valid = validate(&draft(temperature, flags), &rules, today())
            .unwrap_or_else(|e| panic!("{temperature} {flags}: unexpected errors {e:?}"));
        let expected = if reasons.is_empty() {
            ScreeningResult::FitForOffice
        } else {
            ScreeningResult::StayHomeAndReport {
                reasons: reasons.to_vec(),
            }
        };
        assert_eq!(valid.result, expected, "temperature {temperature}, flags {flags:?}");
        assert_eq!(valid.rules_version, "KMK-328-2020");
    }
}

#[test]
fn rule_thresholds_are_data() {
    let stricter = ScreeningRules {
        fever_from_decicelsius: 370,
        version: "stricter".into(),
        ..ScreeningRules::default()
    };
    let valid = validate(&draft("37.0", ""), &stricter, today()).unwrap();
    assert!(!valid.result.is_fit());
    assert_eq!(valid.rules_version, "stricter");
    assert!(validate(&draft("37.0", ""), &ScreeningRules::default(), today())
        .unwrap()
        .result
        .is_fit());
}

#[test]
fn screening_validation() {
    let range = || Problem::OutOfRange {
        min: "34.0".into(),
        max: "43.0".into(),
    };
    #[rustfmt::skip]
    let cases: Vec<(&str, &str, bool, &str, Vec<(Field, Problem)>)> = vec![
        // date, temperature, other ticked, other text, expected errors
        ("2020-09-24", "36.5",  false, "",      vec![]),
        ("2020-09-17", "36.5",  false, "",      vec![]),
        ("",           "36.5",  false, "",      vec![(Field::Date, Problem::Required)]),
        ("24/09/2020", "36.5",  false, "",      vec![(Field::Date, Problem::BadFormat)]),
        ("2020-09-25", "36.5",  false, "",      vec![(Field::Date, Problem::InFuture)]),
        ("2020-09-16", "36.5",  false, "",      vec![(Field::Date, Problem::TooOld { days: 7 })]),
        ("2020-09-24", "",      false, "",      vec![(Field::Temperature, Problem::Required)]),
        ("2020-09-24", "   ",   false, "",      vec![(Field::Temperature, Problem::Required)]),
        ("2020-09-24", "hangat",false, "",      vec![(Field::Temperature, Problem::NotANumber)]),
        ("2020-09-24", "36.55", false, "",      vec![(Field::Temperature, Problem::NotANumber)]),
        ("2020-09-24", "-36",   false, "",      vec![(Field::Temperature, Problem::NotANumber)]),
        ("2020-09-24", "33.9",  false, "",      vec![(Field::Temperature, range())]),
        ("2020-09-24", "43.1",  false, "",      vec![(Field::Temperature, range())]),
        ("2020-09-24", "34",    false, "",      vec![]),
        ("2020-09-24", "43,0",  false, "",      vec![]),
        ("2020-09-24", "36.5",  true,  "",      vec![(Field::OtherSymptom, Problem::Required)]),
        ("2020-09-24", "36.5",  true,  "  ",    vec![(Field::OtherSymptom, Problem::Required)]),
        ("2020-09-24", "36.5",  false, "diare", vec![]),
        ("",           "",      true,  "",      vec![(Field::Date, Problem::Required), (Field::Temperature, Problem::Required), (Field::OtherSymptom, Problem::Required)]),
    ];
    let rules = ScreeningRules {
        plausible_max_decicelsius: 430,
        ..ScreeningRules::default()
    };
    for (date, temperature, has_other, other, expected) in cases {
        let mut d = draft(temperature, "");
        d.date = date.into();
        d.has_other_symptom = has_other;
        d.other_symptom = other.into();
        let got = match validate(&d, &rules, today()) {
            Ok(_) => vec![],
            Err(errors) => errors.into_iter().map(|e| (e.field, e.problem)).collect(),
        };
        assert_eq!(
            got, expected,
            "date {date:?}, temperature {temperature:?}, other {has_other} {other:?}"
        );
    }
}

#[test]
fn other_symptom_too_long() {
    let mut d = draft("36.5", "o");
    d.other_symptom = "x".repeat(201);
    let errors = validate(&d, &ScreeningRules::default(), today()).unwrap_err();
    assert_eq!(
        errors,
        vec![FieldError::new(Field::OtherSymptom, Problem::TooLong { max: 200 })]
    );
    d.other_symptom = "é".repeat(200);
    assert!(
        validate(&d, &ScreeningRules::default(), today()).is_ok(),
        "counts characters, not bytes"
    );
}

#[test]
fn other_symptom_text_is_dropped_when_unticked() {
    let mut d = draft("36.5", "");
    d.other_symptom = "left over from an earlier tick".into();
    let valid = validate(&d, &ScreeningRules::default(), today()).unwrap();
    assert_eq!(valid.symptoms.other, None);
    assert!(valid.result.is_fit());
}

#[test]
fn temperature_parsing() {
    #[rustfmt::skip]
    let cases: &[(&str, Option<u16>)] = &[
        ("37", Some(370)), ("37.0", Some(370)), ("37,4", Some(374)), (" 36.6 ", Some(366)),
        ("", None), (".5", None), ("37.", None), ("37.25", None), ("1234", None), ("3a", None),
        ("37.4.1", None), ("+37", None),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_decicelsius(text), *expected, "{text:?}");
    }
    assert_eq!(format_decicelsius(374, ','), "37,4");
    assert_eq!(format_decicelsius(360, '.'), "36.0");
}

#[test]
fn screening_json_shape_is_stable() {
    let screening = validate(&draft("36.5", ""), &ScreeningRules::default(), today())
        .unwrap()
        .into_screening(origin());
    let json = serde_json::to_value(&screening).unwrap();
    assert_eq!(json["date"], "2020-09-24");
    assert_eq!(json["recorded_at"], 1_600_909_323_004_i64);
    assert_eq!(serde_json::from_value::<Screening>(json).unwrap(), screening);

    let result = ScreeningResult::StayHomeAndReport {
        reasons: vec![StayHomeReason::Travel],
    };
    assert_eq!(
        serde_json::to_string(&result).unwrap(),
        r#"{"stay_home_and_report":{"reasons":["travel"]}}"#
    );
    assert_eq!(
        serde_json::to_string(&ScreeningResult::FitForOffice).unwrap(),
        r#""fit_for_office""#
    );
}

#[test]
fn a_screening_round_trips_through_its_record() {
    use crate::sync::{Stamp, SyncRecord};
    let mut d = draft("37.5", "co");
    d.other_symptom = "pusing".into();
    let screening = validate(&d, &ScreeningRules::default(), today())
        .unwrap()
        .into_screening(origin());
    let record = screening.to_new_record(&Stamp::new(1, 0, "dev"));
    assert_eq!(record.owner_id.as_deref(), Some(screening.employee_id.as_str()));
    assert_eq!(Screening::from_record(&record), Ok(screening.clone()));
    // The form filled in from a saved screening validates back to the same answers.
    let again = validate(
        &ScreeningDraft::from_screening(&screening),
        &ScreeningRules::default(),
        today(),
    )
    .unwrap();
    assert_eq!(again.into_screening(origin()), screening);
}

#[test]
fn merged_answers_recompute_the_result() {
    use crate::sync::{Stamp, SyncRecord, Value};
    let screening = validate(&draft("36.5", ""), &ScreeningRules::default(), today())
        .unwrap()
        .into_screening(origin());
    let mut record = screening.to_new_record(&Stamp::new(1, 0, "a"));
    record.set("cough", Value::Bool(true), &Stamp::new(2, 0, "b"));
    let merged = Screening::from_record(&record).unwrap();
    assert_eq!(
        merged.result,
        ScreeningResult::StayHomeAndReport {
            reasons: vec![StayHomeReason::Symptoms]
        }
    );
}

#[test]
fn bad_record_fields_are_refused_by_name() {
    use crate::sync::{RecordError, Stamp, SyncRecord, Value};
    let screening = validate(&draft("36.5", ""), &ScreeningRules::default(), today())
        .unwrap()
        .into_screening(origin());
    let stamp = Stamp::new(9, 0, "x");
    #[rustfmt::skip]
    let cases: Vec<(&str, Value, &str)> = vec![
        ("temperature_decicelsius", Value::Int(600),            "temperature_decicelsius"),
        ("temperature_decicelsius", Value::Text("37".into()),   "temperature_decicelsius"),
        ("date",                    Value::Text("24-09".into()), "date"),
        ("cough",                   Value::Null,                "cough"),
        ("other_symptom",           Value::Text(" ".into()),    "other_symptom"),
        ("rules_version",           Value::Text("v0".into()),   "rules_version"),
    ];
    for (field, value, named) in cases {
        let mut record = screening.to_new_record(&Stamp::new(1, 0, "a"));
        record.set(field, value.clone(), &stamp);
        let error = Screening::from_record(&record).unwrap_err();
        let name = match &error {
            RecordError::Missing(f) | RecordError::WrongType(f) | RecordError::Invalid { field: f, .. } => *f,
            RecordError::WrongKind { .. } => "kind",
        };
        assert_eq!(name, named, "{field} = {value:?}: {error}");
    }
}
