//! Table-driven tests of the screening rule and its validation: one line per case.

use super::*;
use crate::kit::{self, Context, Invalid};
use crate::sync::{Stamp, SyncRecord, Value};
use crate::validation::{Field, Problem};

/// Noon of 2020-09-24 in Jakarta (WIB), on a device there.
fn ctx() -> Context {
    Context::device(1_600_923_600_000, 7 * 60)
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
        owner_id: "u-1".into(),
        agency_id: "a-1".into(),
        office_id: Some("o-1".into()),
        recorded_at: "2020-09-24T01:02:03.004Z".parse().unwrap(),
        alert_raised: false,
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
        let valid = validate(&draft(temperature, flags), &rules, origin(), &ctx())
            .unwrap_or_else(|e| panic!("{temperature} {flags}: unexpected errors {e:?}"));
        let expected = if reasons.is_empty() {
            ScreeningResult::FitForOffice
        } else {
            ScreeningResult::StayHomeAndReport {
                reasons: reasons.to_vec(),
            }
        };
        assert_eq!(valid.result(), expected, "temperature {temperature}, flags {flags:?}");
        assert_eq!(valid.rules_version, "KMK-328-2020");
    }
}

#[test]
fn rule_thresholds_are_data() {
    let stricter = ScreeningRules {
        fever_from_decicelsius: 370,
        version: "stricter",
        ..ScreeningRules::default()
    };
    let symptoms = Symptoms::default();
    assert!(!assess(&stricter, 370, &symptoms, false, false).is_fit());
    assert!(assess(&ScreeningRules::default(), 370, &symptoms, false, false).is_fit());
    assert_eq!(
        ScreeningRules::by_version("stricter"),
        None,
        "only published versions decide saved screenings"
    );
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
        let got = match validate(&d, &rules, origin(), &ctx()) {
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
    let errors = validate(&d, &ScreeningRules::default(), origin(), &ctx()).unwrap_err();
    assert_eq!(
        errors,
        vec![FieldError::new(Field::OtherSymptom, Problem::TooLong { max: 200 })]
    );
    d.other_symptom = "é".repeat(200);
    assert!(
        validate(&d, &ScreeningRules::default(), origin(), &ctx()).is_ok(),
        "counts characters, not bytes"
    );
}

#[test]
fn other_symptom_text_is_dropped_when_unticked() {
    let mut d = draft("36.5", "");
    d.other_symptom = "left over from an earlier tick".into();
    let valid = validate(&d, &ScreeningRules::default(), origin(), &ctx()).unwrap();
    assert_eq!(valid.other_symptom, None);
    assert!(valid.result().is_fit());
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
fn result_json_shape_is_stable() {
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

/// The record a screening makes is the one the version before the kit made, field for field,
/// so devices still running it push and pull screenings unchanged (issue #11, item 8), with
/// one field added since, which older versions keep as a later version's (issue #19: the
/// alert a stay-home answer raised, set here since these answers say stay home).
#[test]
fn the_synced_record_keeps_its_shape() {
    let mut d = draft("37.5", "co");
    d.other_symptom = "pusing".into();
    let screening = validate(&d, &ScreeningRules::default(), origin(), &ctx()).unwrap();
    let record = screening.to_new_record(&Stamp::new(1, 0, "dev"));
    let json = serde_json::to_value(&record).unwrap();
    let expected = serde_json::json!({
        "id": "0192a0f0-0000-7000-8000-000000000001",
        "kind": "screening",
        "agency_id": "a-1",
        "office_id": "o-1",
        "owner_id": "u-1",
        "fields": {
            "date": "2020-09-24",
            "temperature_decicelsius": 375,
            "fever": false,
            "cough": true,
            "sore_throat": false,
            "shortness_of_breath": false,
            "loss_of_smell_or_taste": false,
            "other_symptom": "pusing",
            "close_contact_14d": false,
            "travel_14d": false,
            "rules_version": "KMK-328-2020",
            "recorded_at": 1_600_909_323_004_i64,
            "alert_raised": true,
        }
    });
    let fields: serde_json::Map<_, _> = json["fields"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, f)| (k.clone(), f["v"].clone()))
        .collect();
    assert_eq!(serde_json::Value::Object(fields), expected["fields"]);
    for part in ["id", "kind", "agency_id", "office_id", "owner_id"] {
        assert_eq!(json[part], expected[part], "{part}");
    }
    assert!(json.get("parent_id").is_none(), "no parent, no parent_id on the wire");
}

#[test]
fn a_screening_round_trips_through_its_record() {
    let mut d = draft("37.5", "co");
    d.other_symptom = "pusing".into();
    let screening = validate(&d, &ScreeningRules::default(), origin(), &ctx()).unwrap();
    let record = screening.to_new_record(&Stamp::new(1, 0, "dev"));
    assert_eq!(record.owner_id.as_deref(), Some("u-1"));
    assert_eq!(Screening::from_record(&record), Ok(screening.clone()));
    // The form filled in from a saved screening validates back to the same screening.
    let again = validate(
        &ScreeningDraft::from_screening(&screening),
        &ScreeningRules::default(),
        origin(),
        &ctx(),
    )
    .unwrap();
    assert_eq!(again, screening);
}

#[test]
fn merged_answers_recompute_the_result() {
    let screening = validate(&draft("36.5", ""), &ScreeningRules::default(), origin(), &ctx()).unwrap();
    let mut record = screening.to_new_record(&Stamp::new(1, 0, "a"));
    record.set("cough", Value::Bool(true), &Stamp::new(2, 0, "b"));
    let merged = Screening::from_record(&record).unwrap();
    assert_eq!(
        merged.result(),
        ScreeningResult::StayHomeAndReport {
            reasons: vec![StayHomeReason::Symptoms]
        }
    );
}

/// What the server's check says about a stored screening with one field changed: the field
/// named, and the problem.
#[test]
fn bad_record_fields_are_refused_by_name() {
    let screening = validate(&draft("36.5", ""), &ScreeningRules::default(), origin(), &ctx()).unwrap();
    let server = Context::server(1_600_923_600_000);
    let stamp = Stamp::new(9, 0, "x");
    let range = Problem::OutOfRange {
        min: "34.0".into(),
        max: "43.0".into(),
    };
    #[rustfmt::skip]
    let cases: Vec<(&str, Value, &str, Problem)> = vec![
        ("temperature_decicelsius", Value::Int(600),             "temperature_decicelsius", range),
        ("temperature_decicelsius", Value::Text("37".into()),    "temperature_decicelsius", Problem::WrongType),
        ("date",                    Value::Text("24-09".into()), "date",                    Problem::BadFormat),
        ("date",                    Value::Text("2020-10-24".into()), "date",               Problem::InFuture),
        ("date",                    Value::Text("2020-08-25".into()), "date",               Problem::TooOld { days: 7 }),
        ("cough",                   Value::Null,                 "cough",                   Problem::Required),
        ("other_symptom",           Value::Text(" ".into()),     "other_symptom",           Problem::Required),
        ("other_symptom",           Value::Text("x".repeat(201)), "other_symptom",          Problem::TooLong { max: 200 }),
        ("rules_version",           Value::Text("v0".into()),    "rules_version",           Problem::NotAChoice),
        ("recorded_at",             Value::Int(1_600_923_600_000 + 3_600_000), "recorded_at", Problem::InFuture),
        ("nick name",               Value::Text("x".into()),     "",                        Problem::UnknownField),
    ];
    for (field, value, named, problem) in cases {
        let mut record = screening.to_new_record(&Stamp::new(1, 0, "a"));
        record.set(field, value.clone(), &stamp);
        if named.is_empty() {
            assert_eq!(kit::check_names(&SCREENING, [field]), Err(field.to_owned()));
            continue;
        }
        let errors = kit::check(&SCREENING, &record, &server);
        assert_eq!(errors, vec![Invalid::new(named, problem)], "{field} = {value:?}");
    }
    assert_eq!(
        kit::check(&SCREENING, &screening.to_new_record(&stamp), &server),
        vec![]
    );
}

/// Issue #11, item 2: the server stored screenings dated 30 days ahead or 30 days back, which
/// the form refused. Both now run `kit::check`; the server judges against its own clock.
#[test]
fn the_server_refuses_what_the_form_refuses() {
    let now = 1_600_923_600_000; // 2020-09-24 12:00 WIB
    let day = 86_400_000;
    #[rustfmt::skip]
    let cases: &[(&str, i64, Option<Problem>)] = &[
        // date,        recorded_at,       problem
        ("2020-09-24", now,                None),
        ("2020-10-24", now,                Some(Problem::InFuture)),
        ("2020-08-25", now,                Some(Problem::TooOld { days: 7 })),
        ("2020-10-24", now + 30 * day,     Some(Problem::InFuture)), // recorded "in the future" too
        ("2020-09-17", now,                None),
    ];
    for (date, recorded_at, problem) in cases {
        let mut d = draft("36.5", "");
        d.date = (*date).into();
        let mut o = origin();
        o.recorded_at = chrono::DateTime::from_timestamp_millis(*recorded_at).unwrap();
        let screening = Screening {
            date: crate::date::parse_ymd(date).unwrap(),
            recorded_at: o.recorded_at,
            ..validate(&draft("36.5", ""), &ScreeningRules::default(), origin(), &ctx()).unwrap()
        };
        let record = screening.to_new_record(&Stamp::new(1, 0, "a"));
        let server: Vec<Problem> = kit::check(&SCREENING, &record, &Context::server(now))
            .into_iter()
            .map(|e| e.problem)
            .collect();
        assert_eq!(
            server.first(),
            problem.as_ref(),
            "server: {date} recorded at {recorded_at}"
        );
        // The device in Jakarta at the same moment agrees, except on the WIT edge case.
        if *recorded_at <= now {
            let device = Context::device(now, 7 * 60);
            let form = validate(&d, &ScreeningRules::default(), o, &device);
            assert_eq!(form.is_ok(), problem.is_none(), "form: {date}");
        }
    }
    // At 00:30 WIT on the 25th (still the 24th in Jakarta) a phone in Jayapura dates its
    // screening the 25th: the server, not knowing the zone, accepts it.
    let jayapura = now + 10 * 3_600_000 + 1_800_000;
    let screening = Screening {
        date: crate::date::parse_ymd("2020-09-25").unwrap(),
        recorded_at: chrono::DateTime::from_timestamp_millis(jayapura).unwrap(),
        ..validate(&draft("36.5", ""), &ScreeningRules::default(), origin(), &ctx()).unwrap()
    };
    let record = screening.to_new_record(&Stamp::new(1, 0, "a"));
    assert_eq!(kit::check(&SCREENING, &record, &Context::server(jayapura)), vec![]);
}

#[test]
fn one_screening_id_per_person_and_day_table() {
    let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2020, 9, d).unwrap();
    let long = "x".repeat(60);
    #[rustfmt::skip]
    let cases: &[(&str, u32, &str, u32, bool)] = &[
        // owner, day, owner, day, same id
        ("u1", 24, "u1", 24, true),
        ("u1", 24, "u1", 25, false),
        ("u1", 24, "u2", 24, false),
        ("u-1", 24, "u", 24, false), // no owner's id runs into the date
    ];
    for (a, da, b, db, same) in cases {
        assert_eq!(
            screening_id(a, day(*da)) == screening_id(b, day(*db)),
            *same,
            "{a} {da} {b} {db}"
        );
    }
    assert!(screening_id("01a2359f-7e21-7787-974b-c8ecee407dc1", day(24)).is_some_and(|id| crate::kit::is_id(&id)));
    assert_eq!(
        screening_id(&long, day(24)),
        None,
        "too long for an id: a new one is made"
    );
}

#[test]
fn staying_home_follows_each_persons_latest_screening_table() {
    let on = |owner: &str, day: u32, temperature: &str| Screening {
        owner_id: Some(owner.into()),
        date: chrono::NaiveDate::from_ymd_opt(2020, 9, day).unwrap(),
        ..validate(&draft(temperature, ""), &ScreeningRules::default(), origin(), &ctx()).unwrap()
    };
    let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2020, 9, d).unwrap();
    #[rustfmt::skip]
    let cases: &[(&[(&str, u32, &str)], u32, &[&str])] = &[
        // screenings (owner, day, temperature), as of day, who stays home
        (&[],                                          24, &[]),
        (&[("a", 24, "38.5")],                          24, &["a"]),
        (&[("a", 23, "38.5")],                          24, &["a"]),        // yesterday's still holds
        (&[("a", 23, "38.5"), ("a", 24, "36.5")],       24, &[]),           // today's is the latest
        (&[("a", 24, "36.5"), ("a", 23, "38.5")],       24, &[]),           // in any order
        (&[("a", 25, "38.5")],                          24, &[]),           // after the day: not yet
        (&[("a", 24, "38.5"), ("b", 24, "36.5")],       24, &["a"]),
    ];
    for (screenings, as_of, expected) in cases {
        let list: Vec<Screening> = screenings.iter().map(|(o, d, t)| on(o, *d, t)).collect();
        assert_eq!(
            staying_home(&list, day(*as_of)),
            *expected,
            "{screenings:?} as of {as_of}"
        );
    }
}
