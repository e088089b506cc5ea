//! Browser tests holding `js_codec`'s hand-written shapes to serde's, which the server speaks.
//!
//! Each value goes both ways: encoded by the client and read by serde_json, and written by
//! serde_json and decoded by the client. A field renamed on one side only fails here.

use std::collections::BTreeMap;
use std::fmt::Debug;

use posko::js_codec::{FromJs, Malformed, ToJs};
use posko_core::api::{LoginRequest, LoginResponse};
use posko_core::sync::protocol::{Ack, Outcome, PushResponse, RejectCode, Rejection};
use posko_core::sync::{Clock, Field, Record, Stamp, Value};
use posko_core::{Problem, Role, UserProfile};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

fn parse(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap_or_else(|_| panic!("not JSON: {json}"))
}

fn stringify(value: &JsValue) -> String {
    js_sys::JSON::stringify(value).unwrap().as_string().unwrap()
}

/// The client's encoding means to serde what serde's own does.
fn encodes_as_serde<T: ToJs + Serialize>(value: &T) {
    let ours: serde_json::Value = serde_json::from_str(&stringify(&value.to_js())).unwrap();
    assert_eq!(ours, serde_json::to_value(value).unwrap());
}

/// The client reads serde's encoding back as the same value.
fn decodes_serde<T: FromJs + Serialize + PartialEq + Debug>(value: &T) {
    let json = serde_json::to_string(value).unwrap();
    assert_eq!(&T::from_js(&parse(&json)).unwrap(), value, "decoding {json}");
}

fn agrees_with_serde<T: ToJs + FromJs + Serialize + DeserializeOwned + PartialEq + Debug>(value: T) {
    encodes_as_serde(&value);
    decodes_serde(&value);
    let json = stringify(&value.to_js());
    assert_eq!(serde_json::from_str::<T>(&json).unwrap(), value, "serde reading {json}");
}

fn stamp(ms: u64, device: &str) -> Stamp {
    Stamp::new(ms, 1, device)
}

fn record(deleted: Option<Stamp>) -> Record {
    let fields = [
        ("date", Value::Text("2020-09-28".into())),
        ("temperature", Value::Int(369)),
        ("cough", Value::Bool(true)),
        ("other", Value::Null),
        ("negative", Value::Int(-42)),
    ]
    .into_iter()
    .map(|(name, v)| {
        (
            name.to_owned(),
            Field {
                v,
                s: stamp(1_600_000_000_000, "d-1"),
            },
        )
    })
    .collect::<BTreeMap<_, _>>();
    Record {
        id: "r-1".into(),
        kind: "screening".into(),
        agency_id: "a-1".into(),
        office_id: Some("o-1".into()),
        owner_id: None,
        parent_id: Some("p-1".into()),
        fields,
        deleted,
    }
}

fn profile(office: Option<&str>) -> UserProfile {
    UserProfile {
        id: "u-1".into(),
        username: "pegawai".into(),
        full_name: "Siti Aminah".into(),
        role: Role::TracingOfficer,
        agency_id: "a-1".into(),
        agency_name: "Dinas".into(),
        office_id: office.map(Into::into),
        office_name: office.map(|o| format!("Kantor {o}")),
    }
}

#[wasm_bindgen_test]
fn records_fields_and_values_have_serdes_shape() {
    agrees_with_serde(record(None));
    agrees_with_serde(record(Some(stamp(1_700_000_000_000, "d-2"))));
    for value in [
        Value::Null,
        Value::Bool(false),
        Value::Int(9_007_199_254_740_991),
        Value::Text("ä \"x\"".into()),
    ] {
        agrees_with_serde(value);
    }
}

#[wasm_bindgen_test]
fn a_record_without_a_tombstone_leaves_the_key_out() {
    // The server's `skip_serializing_if`: an absent key, not `null`.
    let json = stringify(&record(None).to_js());
    assert!(!json.contains("deleted"), "{json}");
}

#[wasm_bindgen_test]
fn clock_rejection_and_profile_have_serdes_shape() {
    agrees_with_serde(Clock {
        device: "d-1".into(),
        last_ms: 1_600_000_000_123,
        last_counter: 65_535,
        offset_ms: -1_500,
    });
    for code in RejectCode::ALL {
        agrees_with_serde(Rejection::new(code, "why".into()));
    }
    // A refusal naming the field and the problem, in every shape serde gives a problem.
    let problems = [
        Problem::Required,
        Problem::NotANumber,
        Problem::OutOfRange {
            min: "35.0".into(),
            max: "42.0".into(),
        },
        Problem::InFuture,
        Problem::TooOld { days: 7 },
        Problem::TooLong { max: 200 },
        Problem::BadFormat,
        Problem::BadEmbeddedDate,
        Problem::WrongType,
        Problem::NotAChoice,
        Problem::TooMany { max: 3 },
        Problem::UnknownField,
        Problem::NotFound,
    ];
    for problem in problems {
        agrees_with_serde(Rejection {
            field: Some("date".into()),
            problem: Some(problem),
            ..Rejection::new(RejectCode::Invalid, "why".into())
        });
    }
    for role in Role::ALL {
        agrees_with_serde(role);
    }
    agrees_with_serde(profile(Some("o-1")));
    agrees_with_serde(profile(None));
}

#[wasm_bindgen_test]
fn login_request_and_response_have_serdes_shape() {
    encodes_as_serde(&LoginRequest {
        username: "pegawai".into(),
        password: "rahasia".into(),
    });
    let session = LoginResponse {
        token: "t".into(),
        expires_at: 1_900_000_000,
        user: profile(Some("o-1")),
        offices: vec![posko_core::api::OfficeRef {
            id: "o-1".into(),
            name: "Balai Kota".into(),
        }],
        region: String::new(),
    };
    encodes_as_serde(&session);
    let json = serde_json::to_string(&session).unwrap();
    let read = LoginResponse::from_js(&parse(&json)).unwrap();
    assert_eq!(
        (read.token, read.expires_at, read.user),
        (session.token, session.expires_at, session.user)
    );
}

#[wasm_bindgen_test]
fn push_responses_decode_every_outcome() {
    decodes_serde(&PushResponse {
        acks: vec![
            Ack {
                seq: 1,
                outcome: Outcome::Applied,
            },
            Ack {
                seq: 2,
                outcome: Outcome::Duplicate,
            },
            Ack {
                seq: 3,
                outcome: Outcome::Rejected(Rejection::new(RejectCode::OutOfScope, "not yours".into())),
            },
        ],
        last_seq: 3,
        server_time_ms: 1_600_000_000_000,
    });
    decodes_serde(&PushResponse {
        acks: vec![],
        last_seq: 0,
        server_time_ms: 0,
    });
}

/// Bad shapes: (JSON, the property the error names). Nothing here may decode.
#[wasm_bindgen_test]
fn malformed_values_name_the_property_at_fault() {
    let cases: &[(&str, &str)] = &[
        (r#"{"device":"d","last_ms":1,"last_counter":70000}"#, "last_counter"),
        (r#"{"device":"d","last_ms":-1,"last_counter":1}"#, "last_ms"),
        (r#"{"device":"d","last_ms":1.5,"last_counter":1}"#, "last_ms"),
        (r#"{"device":7,"last_ms":1,"last_counter":1}"#, "device"),
        (r#"{"last_ms":1,"last_counter":1}"#, "device"),
    ];
    for (json, name) in cases {
        assert_eq!(Clock::from_js(&parse(json)).map(|_| ()), Err(Malformed(name)), "{json}");
    }
    let record_cases: &[(&str, &str)] = &[
        (
            r#"{"id":"r","kind":"k","agency_id":"a","fields":{"x":{"v":1.5,"s":"00000000000a-0000-d"}}}"#,
            "v",
        ),
        (
            r#"{"id":"r","kind":"k","agency_id":"a","fields":{"x":{"v":[],"s":"00000000000a-0000-d"}}}"#,
            "v",
        ),
        (
            r#"{"id":"r","kind":"k","agency_id":"a","fields":{"x":{"v":1,"s":"yesterday"}}}"#,
            "s",
        ),
        (r#"{"id":"r","kind":"k","agency_id":"a","fields":[]}"#, "fields"),
        (r#"{"id":"r","kind":"k","agency_id":"a","fields":"x"}"#, "fields"),
        (
            r#"{"id":"r","kind":"k","agency_id":"a","fields":{},"deleted":"no"}"#,
            "deleted",
        ),
    ];
    for (json, name) in record_cases {
        assert_eq!(
            Record::from_js(&parse(json)).map(|_| ()),
            Err(Malformed(name)),
            "{json}"
        );
    }
    let outcome_cases: &[(&str, &str)] = &[
        (r#"{"seq":1,"outcome":"accepted"}"#, "outcome"),
        (r#"{"seq":1,"outcome":{"rejected":{"code":"bad","detail":""}}}"#, "code"),
    ];
    for (json, name) in outcome_cases {
        assert_eq!(Ack::from_js(&parse(json)).map(|_| ()), Err(Malformed(name)), "{json}");
    }
}

#[wasm_bindgen_test]
fn missing_optional_properties_read_as_none_and_old_clocks_as_no_offset() {
    let record = Record::from_js(&parse(r#"{"id":"r","kind":"k","agency_id":"a","fields":{}}"#)).unwrap();
    assert_eq!((record.office_id, record.owner_id, record.deleted), (None, None, None));
    let clock = Clock::from_js(&parse(r#"{"device":"d","last_ms":5,"last_counter":2}"#)).unwrap();
    assert_eq!(clock.offset_ms, 0);
}

/// The places answer as the server writes it (serde) is the regency the form offers, kept for
/// its region only (`places::kept_regency`); a region the list lacks keeps no regency.
#[wasm_bindgen_test]
fn the_kept_places_are_the_server_s_answer_for_the_session_s_region() {
    use posko_core::places::{Kecamatan, PlacesResponse, Regency};
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let malang = Regency {
        name: "Kota Malang".into(),
        kecamatan: vec![Kecamatan {
            name: "Klojen".into(),
            kelurahan: vec!["Kauman".into(), "Oro-oro Dowo".into()],
        }],
    };
    let answer = PlacesResponse {
        region: "Jawa Timur / Kota Malang".into(),
        regency: Some(malang.clone()),
    };
    storage
        .set_item("posko.places", &serde_json::to_string(&answer).unwrap())
        .unwrap();
    assert_eq!(posko::places::kept_regency("Jawa Timur / Kota Malang"), Some(malang));
    assert_eq!(posko::places::kept_regency("DI Yogyakarta / Kabupaten Sleman"), None);
    let unlisted = PlacesResponse {
        region: "Elsewhere".into(),
        regency: None,
    };
    storage
        .set_item("posko.places", &serde_json::to_string(&unlisted).unwrap())
        .unwrap();
    assert_eq!(posko::places::kept_regency("Elsewhere"), None);
    assert!(posko::places::kept("Elsewhere").is_some(), "kept, so not fetched again");
    storage.remove_item("posko.places").unwrap();
}
