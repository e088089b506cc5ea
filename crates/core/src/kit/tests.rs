//! Table tests of the kit: each value type through a record and back, each type's checks, the
//! envelope and parent rules, and the registries' own consistency.

use chrono::{DateTime, NaiveDate};

use super::*;
use crate::kinds::fixtures::{
    FixtureCase, FixtureChecklist, FixtureContact, FIXTURE_CASE, FIXTURE_CHECKLIST, FIXTURE_CONTACT,
};
use crate::sync::{Record, Stamp, SyncRecord, Value};
use crate::validation::Problem;

fn ctx() -> Context {
    Context::server(1_600_923_600_000) // 2020-09-24 05:00 UTC
}

fn case() -> FixtureCase {
    FixtureCase {
        id: "case-1".into(),
        agency_id: "ag".into(),
        office_id: Some("of".into()),
        owner_id: None,
        parent_id: None,
        name: "Budi".into(),
        status: "confirmed".into(),
        symptoms: vec!["cough".into(), "fever".into()],
        onset: NaiveDate::from_ymd_opt(2020, 9, 20),
        reported_at: DateTime::from_timestamp_millis(1_600_900_000_000).unwrap(),
        isolated: true,
        temperature: Some(381),
    }
}

fn checklist() -> FixtureChecklist {
    FixtureChecklist {
        id: "list-1".into(),
        agency_id: "ag".into(),
        office_id: Some("of".into()),
        owner_id: None,
        parent_id: None,
        date: NaiveDate::from_ymd_opt(2020, 9, 24).unwrap(),
        answers: vec![("distance".into(), "fail".into()), ("masks".into(), "pass".into())],
        notes: vec![("distance".into(), "antrean rapat".into())],
        photos: vec!["ab".repeat(32)],
        headcount: Some(40),
    }
}

fn contact() -> FixtureContact {
    FixtureContact {
        id: "contact-1".into(),
        agency_id: "ag".into(),
        office_id: Some("of".into()),
        owner_id: None,
        parent_id: Some("case-1".into()),
        name: "Sari".into(),
        last_contact: NaiveDate::from_ymd_opt(2020, 9, 22).unwrap(),
        exposures: vec!["household".into()],
        became_case: Some("case-2".into()),
    }
}

#[test]
fn every_value_type_round_trips_through_a_record() {
    let stamp = Stamp::new(1, 0, "d");
    let c = case();
    assert_eq!(FixtureCase::from_record(&c.to_new_record(&stamp)), Ok(c.clone()));
    let l = checklist();
    assert_eq!(FixtureChecklist::from_record(&l.to_new_record(&stamp)), Ok(l.clone()));
    let k = contact();
    let record = k.to_new_record(&stamp);
    assert_eq!(record.parent_id.as_deref(), Some("case-1"));
    assert_eq!(FixtureContact::from_record(&record), Ok(k));
    // Optional fields left empty stay absent; members are one record field each.
    let empty = FixtureChecklist {
        answers: vec![],
        notes: vec![],
        photos: vec![],
        headcount: None,
        ..l
    };
    let record = empty.to_new_record(&stamp);
    assert_eq!(record.fields.keys().collect::<Vec<_>>(), vec!["date"]);
    assert_eq!(FixtureChecklist::from_record(&record), Ok(empty));
    let record = c.to_new_record(&stamp);
    assert_eq!(record.get("symptoms.fever"), Some(&Value::Bool(true)));
    assert_eq!(record.get("temperature"), Some(&Value::Int(381)));
    assert_eq!(record.get("reported_at"), Some(&Value::Int(1_600_900_000_000)));
}

#[test]
fn removing_members_leaves_a_mark_that_merges() {
    let mut record = checklist().to_new_record(&Stamp::new(1, 0, "d"));
    let mut l = FixtureChecklist::from_record(&record).unwrap();
    l.answers.retain(|(k, _)| k != "masks");
    l.photos.clear();
    assert_eq!(l.write_into(&mut record, &Stamp::new(2, 0, "d")), 2);
    assert_eq!(record.get("answers.masks"), Some(&Value::Null));
    assert_eq!(
        record.get(&format!("photos.{}", "ab".repeat(32))),
        Some(&Value::Bool(false))
    );
    assert_eq!(FixtureChecklist::from_record(&record), Ok(l.clone()));
    assert_eq!(
        l.write_into(&mut record, &Stamp::new(3, 0, "d")),
        0,
        "nothing changed, nothing stamped"
    );
}

#[test]
fn scalar_checks() {
    use FieldType::*;
    let now = ctx().now_ms;
    let range = |min: &str, max: &str| {
        Err(Problem::OutOfRange {
            min: min.into(),
            max: max.into(),
        })
    };
    #[rustfmt::skip]
    let cases: Vec<(FieldType, Value, Result<(), Problem>)> = vec![
        (Text { max_chars: 3 },              Value::Text("abc".into()),        Ok(())),
        (Text { max_chars: 3 },              Value::Text("abcd".into()),       Err(Problem::TooLong { max: 3 })),
        (Text { max_chars: 3 },              Value::Text("  ".into()),         Err(Problem::Required)),
        (Text { max_chars: 3 },              Value::Int(1),                    Err(Problem::WrongType)),
        (Integer { min: 0, max: 5 },         Value::Int(5),                    Ok(())),
        (Integer { min: 0, max: 5 },         Value::Int(6),                    range("0", "5")),
        (Integer { min: 0, max: 5 },         Value::Text("5".into()),          Err(Problem::WrongType)),
        (Decimal { scale: 1, min: 340, max: 430 }, Value::Int(339),            range("34.0", "43.0")),
        (Decimal { scale: 2, min: -150, max: 5 }, Value::Int(-151),            range("-1.50", "0.05")),
        (Decimal { scale: 1, min: 340, max: 430 }, Value::Int(366),            Ok(())),
        (Boolean,                            Value::Bool(false),               Ok(())),
        (Boolean,                            Value::Int(0),                    Err(Problem::WrongType)),
        (Date { past_only: true },           Value::Text("2020-09-24".into()), Ok(())),
        (Date { past_only: true },           Value::Text("2020-09-25".into()), Err(Problem::InFuture)), // 14:00 in WIT
        (Date { past_only: true },           Value::Text("2020-09-26".into()), Err(Problem::InFuture)),
        (Date { past_only: false },          Value::Text("2020-12-31".into()), Ok(())),
        (Date { past_only: false },          Value::Text("2020-02-30".into()), Err(Problem::BadFormat)),
        (DateTime { past_only: true },       Value::Int(now + 60_000),         Ok(())),
        (DateTime { past_only: true },       Value::Int(now + 600_000),        Err(Problem::InFuture)),
        (DateTime { past_only: false },      Value::Int(now + 600_000),        Ok(())),
        (Choice(&["a", "b"]),                Value::Text("b".into()),          Ok(())),
        (Choice(&["a", "b"]),                Value::Text("c".into()),          Err(Problem::NotAChoice)),
        (Reference("fixture_case"),          Value::Text("case-1".into()),     Ok(())),
        (Reference("fixture_case"),          Value::Text("".into()),           Err(Problem::BadFormat)),
        (Reference("fixture_case"),          Value::Text("x".repeat(65)),      Err(Problem::BadFormat)),
    ];
    for (i, (ty, value, expected)) in cases.into_iter().enumerate() {
        assert_eq!(
            check_scalar(&ty, &value, &ctx()),
            expected,
            "case {i}: {ty:?} {value:?}"
        );
    }
}

/// Each case changes one record field of a valid record and names what `check` says.
#[test]
fn record_checks() {
    let photo = format!("photos.{}", "cd".repeat(32));
    #[rustfmt::skip]
    let cases: Vec<(&str, &str, Value, Vec<Invalid>)> = vec![
        // kind,       record field,            value,                       errors
        ("case",      "status",                 Value::Text("sick".into()),  vec![Invalid::new("status", Problem::NotAChoice)]),
        ("case",      "status",                 Value::Null,                 vec![Invalid::new("status", Problem::Required)]),
        ("case",      "symptoms.headache",      Value::Bool(true),           vec![Invalid::new("symptoms", Problem::NotAChoice)]),
        ("case",      "symptoms.fever",         Value::Int(1),               vec![Invalid::new("symptoms", Problem::WrongType)]),
        ("case",      "onset",                  Value::Text("2020-09-23".into()), vec![Invalid::new("onset", Problem::InFuture)]), // reported the 22nd: see below
        ("checklist", "answers.masks",          Value::Text("maybe".into()), vec![Invalid::new("answers", Problem::NotAChoice)]),
        ("checklist", "answers.Masks!",         Value::Text("pass".into()),  vec![Invalid::new("answers", Problem::BadFormat)]),
        ("checklist", "answers.masks",          Value::Null,                 vec![]),
        ("checklist", "notes.masks",            Value::Text("x".repeat(201)), vec![Invalid::new("notes", Problem::TooLong { max: 200 })]),
        ("checklist", "photos.not-a-hash",      Value::Bool(true),           vec![Invalid::new("photos", Problem::BadFormat)]),
        ("checklist", &photo,                    Value::Bool(true),           vec![]),
        ("checklist", "headcount",              Value::Int(-1),              vec![Invalid::new("headcount", Problem::OutOfRange { min: "0".into(), max: "10000".into() })]),
        ("contact",   "became_case",            Value::Int(3),               vec![Invalid::new("became_case", Problem::WrongType)]),
        ("contact",   "exposures.office",       Value::Bool(false),          vec![]),
    ];
    for (kind, field, value, expected) in cases {
        let stamp = Stamp::new(1, 0, "d");
        let (decl, mut record) = match kind {
            "case" => (&FIXTURE_CASE, case().to_new_record(&stamp)),
            "checklist" => (&FIXTURE_CHECKLIST, checklist().to_new_record(&stamp)),
            _ => (&FIXTURE_CONTACT, contact().to_new_record(&stamp)),
        };
        if kind == "case" && field == "onset" {
            // Reported on the 22nd; symptoms that started on the 23rd started after it.
            record.set("reported_at", Value::Int(1_600_700_000_000), &stamp);
        }
        record.set(field, value.clone(), &Stamp::new(2, 0, "d"));
        assert_eq!(check(decl, &record, &ctx()), expected, "{kind}.{field} = {value:?}");
    }
}

#[test]
fn envelope_and_parent_checks() {
    let stamp = Stamp::new(1, 0, "d");
    let mut orphan = contact().to_new_record(&stamp);
    orphan.parent_id = None;
    assert_eq!(
        check(&FIXTURE_CONTACT, &orphan, &ctx()),
        vec![Invalid::new("parent_id", Problem::Required)]
    );
    let mut adopted = case().to_new_record(&stamp);
    adopted.parent_id = Some("case-0".into());
    assert_eq!(
        check(&FIXTURE_CASE, &adopted, &ctx()),
        vec![Invalid::new("parent_id", Problem::UnknownField)]
    );
    let mut homeless = checklist().to_new_record(&stamp);
    homeless.office_id = None;
    assert_eq!(
        check(&FIXTURE_CHECKLIST, &homeless, &ctx()),
        vec![Invalid::new("office_id", Problem::Required)]
    );
    let mut bloated = case().to_new_record(&stamp);
    bloated.office_id = Some("o".repeat(MAX_ID_LEN + 1));
    assert_eq!(
        check(&FIXTURE_CASE, &bloated, &ctx()),
        vec![Invalid::new("office_id", Problem::BadFormat)]
    );
    assert!(is_id(&"o".repeat(MAX_ID_LEN)) && !is_id("") && !is_id(&"o".repeat(MAX_ID_LEN + 1)));
    let wrong: Record = case().to_new_record(&stamp);
    assert_eq!(
        check(&FIXTURE_CONTACT, &wrong, &ctx()),
        vec![Invalid::new("kind", Problem::WrongType)]
    );
}

#[test]
fn changed_field_names_must_be_declared() {
    #[rustfmt::skip]
    let cases: &[(&str, bool)] = &[
        ("status", true), ("symptoms.fever", true), ("symptoms", false), ("status.x", false),
        ("temperature", true),
        // A later version's field is kept (rolling upgrades), if it is named as a field is.
        ("nickname", true), ("blood_group.a_pos", true),
        ("Nickname", false), ("nick name", false), ("2nd", false), ("nickname.Bad Key", false),
    ];
    for (name, ok) in cases {
        assert_eq!(check_names(&FIXTURE_CASE, [*name]).is_ok(), *ok, "{name}");
    }
}

#[test]
fn registries_are_consistent() {
    assert_eq!(Registry::standard().problems(), Vec::<String>::new());
    assert_eq!(Registry::with_fixtures().problems(), Vec::<String>::new());
    assert!(
        Registry::standard().get("fixture_case").is_none(),
        "fixtures never ship"
    );
    static BAD: KindDecl = KindDecl {
        shape: &KindShape {
            name: "Bad Kind",
            envelope: Envelope::Office,
            parent: Some("nothing"),
            edits: Edits::Shared,
            access: Access::CrisisCenter,
            ids: crate::kit::Ids::Made,
            fields: &[
                FieldDecl::new("tags", false, FieldType::ChoiceSet(&["a"]).spec().project()),
                FieldDecl::new("who", false, FieldType::Text { max_chars: 9 }.spec().reader()),
            ],
        },
        index: &KindIndex {
            name: "Bad Kind",
            parent: Some("nothing"),
            indexed: &[],
        },
        checks: &[],
        rules: no_rules,
        fill: None,
    };
    static BAD_KINDS: &[&KindDecl] = &[&BAD];
    // A bad name, an undeclared parent, a projected set, no check per field, and a reader that
    // is not a reference.
    assert_eq!(Registry::new(BAD_KINDS).problems().len(), 5);
}

#[test]
fn contexts_say_what_today_is() {
    // 2020-09-24 16:30 UTC: the 25th in WIT (01:30), still the 24th in WIB (23:30).
    let ms = 1_600_965_000_000;
    assert_eq!(
        Context::server(ms).today(),
        NaiveDate::from_ymd_opt(2020, 9, 25).unwrap()
    );
    assert_eq!(
        Context::server(ms).earliest_date_at(ms),
        NaiveDate::from_ymd_opt(2020, 9, 24).unwrap()
    );
    assert_eq!(
        Context::device(ms, 7 * 60).today(),
        NaiveDate::from_ymd_opt(2020, 9, 24).unwrap()
    );
    assert_eq!(format_fixed(-5, 1), "-0.5");
}

#[test]
fn a_day_ends_at_midnight_where_the_user_is() {
    // 2020-09-24 16:30 UTC.
    let ms = 1_600_965_000_000;
    let minutes = |m: i64| m * 60_000;
    for (context, left, why) in [
        (
            Context::device(ms, 7 * 60),
            minutes(30),
            "WIB: 23:30, half an hour left",
        ),
        (
            Context::device(ms, 8 * 60),
            minutes(23 * 60 + 30),
            "WITA: 00:30, the day just began",
        ),
        (Context::device(ms, 0), minutes(7 * 60 + 30), "UTC: 16:30"),
        (
            Context::device(ms, -5 * 60),
            minutes(12 * 60 + 30),
            "a zone west of UTC: 11:30",
        ),
        (
            Context::server(ms),
            minutes(22 * 60 + 30),
            "the server: WIT's day, 01:30",
        ),
        (
            Context::device(ms + minutes(30), 7 * 60),
            86_400_000,
            "WIB at midnight: a whole day",
        ),
        (
            Context::device(ms + minutes(30) - 1, 7 * 60),
            1,
            "WIB a millisecond before",
        ),
    ] {
        assert_eq!(context.ms_until_tomorrow(), left, "{why}");
        // Then it is the next day, and a moment before it was not.
        let at = Context {
            now_ms: context.now_ms + left,
            ..context
        };
        let before = Context {
            now_ms: context.now_ms + left - 1,
            ..context
        };
        assert_eq!(at.today(), before.today().succ_opt().unwrap(), "{why}");
    }
}

#[test]
fn indexes_list_the_registrys_kinds_in_its_order() {
    for (registry, indexes) in [
        (Registry::standard(), Indexes::standard()),
        (Registry::with_fixtures(), Indexes::with_fixtures()),
    ] {
        assert_eq!(registry.kinds().len(), indexes.kinds().len());
        // The same data (not necessarily the same address: a build may emit a constant's
        // data once per unit that uses it).
        for (decl, index) in registry.kinds().iter().zip(indexes.kinds()) {
            assert_eq!((decl.name, decl.parent), (index.name, index.parent));
            let indexed: Vec<_> = decl
                .fields
                .iter()
                .filter(|f| f.index && !f.is_composite())
                .map(|f| f.name)
                .collect();
            assert_eq!(indexed, index.indexed, "{}", decl.name);
        }
    }
}

#[test]
fn a_map_of_choices_is_the_one_composite_field_projected_as_counts() {
    /// A registry of one kind with `fields`, each checked as declared.
    fn problems(fields: Vec<FieldDecl>) -> Vec<String> {
        let checks: Vec<FieldCheck> = fields.iter().map(|f| super::check::checker_for(&f.ty)).collect();
        let shape: &'static KindShape = Box::leak(Box::new(KindShape {
            name: "tally",
            envelope: Envelope::Office,
            parent: None,
            edits: Edits::Shared,
            access: Access::CrisisCenter,
            ids: crate::kit::Ids::Made,
            fields: Box::leak(fields.into_boxed_slice()),
        }));
        let decl: &'static KindDecl = Box::leak(Box::new(KindDecl {
            shape,
            index: &KindIndex {
                name: "tally",
                parent: None,
                indexed: &[],
            },
            checks: Box::leak(checks.into_boxed_slice()),
            rules: no_rules,
            fill: None,
        }));
        Registry::new(Box::leak(Box::new([decl]))).problems()
    }
    const ANSWERS: FieldType = FieldType::Items {
        item: &FieldType::Choice(&["pass", "fail"]),
        max: 9,
    };
    let field = |name, spec| FieldDecl::new(name, false, spec);
    #[rustfmt::skip]
    let cases: Vec<(Vec<FieldDecl>, &[&str], usize)> = vec![
        // fields, count columns of the first, problems
        (vec![field("answers", ANSWERS.spec().project())],                  &["answers_pass", "answers_fail"], 0),
        (vec![field("answers", ANSWERS.spec())],                            &["answers_pass", "answers_fail"], 0),
        (vec![field("answers", ANSWERS.spec().index())],                    &["answers_pass", "answers_fail"], 1),
        (vec![field("notes", FieldType::Items { item: &FieldType::Text { max_chars: 9 }, max: 9 }.spec().project())], &[], 1),
        (vec![field("tags", FieldType::ChoiceSet(&["a"]).spec().project())], &[], 1),
        // A choice that cannot be part of a column's name.
        (vec![field("answers", FieldType::Items { item: &FieldType::Choice(&["v-1"]), max: 9 }.spec().project())], &["answers_v-1"], 1),
        // A count column named like another field.
        (vec![field("answers", ANSWERS.spec().project()), field("answers_pass", FieldType::Boolean.spec())], &["answers_pass", "answers_fail"], 1),
    ];
    for (fields, columns, expected) in cases {
        let first = &fields[0];
        let got: Vec<String> = first.count_columns().into_iter().map(|(c, _)| c).collect();
        assert_eq!(got, columns, "{}", first.name);
        let found = problems(fields);
        assert_eq!(found.len(), expected, "{found:?}");
    }
}

/// What a record carries beyond its declaration (a later version's fields) is bounded: how
/// many such fields, and how large each value.
#[test]
fn undeclared_fields_are_bounded() {
    use crate::kit::{check_undeclared, MAX_UNDECLARED_FIELDS, MAX_UNDECLARED_VALUE_BYTES};
    let stamp = Stamp::new(1, 0, "d");
    let with = |extra: &[(String, Value)]| {
        let mut record = Record::new("fixture_case", "c1".into(), "ag".into(), Some("of".into()), None);
        record.set("status", Value::Text("suspect".into()), &stamp);
        for (name, value) in extra {
            record.set(name, value.clone(), &stamp);
        }
        record
    };
    let many =
        |n: usize| -> Vec<(String, Value)> { (0..n).map(|i| (format!("later_{i:02}"), Value::Int(1))).collect() };
    #[rustfmt::skip]
    let cases: Vec<(Vec<(String, Value)>, Result<(), (String, Problem)>)> = vec![
        (vec![],                       Ok(())),
        (many(MAX_UNDECLARED_FIELDS),  Ok(())),
        (many(MAX_UNDECLARED_FIELDS + 1), Err((format!("later_{MAX_UNDECLARED_FIELDS:02}"), Problem::TooMany { max: MAX_UNDECLARED_FIELDS }))),
        (vec![("note".into(), Value::Text("x".repeat(MAX_UNDECLARED_VALUE_BYTES - 2)))], Ok(())),
        (vec![("note".into(), Value::Text("x".repeat(MAX_UNDECLARED_VALUE_BYTES)))],     Err(("note".into(), Problem::TooLong { max: MAX_UNDECLARED_VALUE_BYTES }))),
    ];
    for (extra, expected) in cases {
        assert_eq!(
            check_undeclared(&FIXTURE_CASE, &with(&extra)),
            expected,
            "{} extra",
            extra.len()
        );
    }
}
