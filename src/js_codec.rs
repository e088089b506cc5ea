//! Rust values to and from plain JavaScript objects, in the JSON shapes serde gives them on the server.
//!
//! IndexedDB stores, and the browser's `JSON.parse`/`JSON.stringify` exchange, plain objects;
//! this is the one place the client turns them into its types and back. Written out by hand
//! rather than derived through serde-wasm-bindgen: serde's generic visitors and error texts
//! cost the app shell about 17 kB of brotli, for a dozen small types. The browser tests hold
//! every shape here to serde's (`tests/browser/js_codec.rs`), so client and server cannot drift apart.

use std::collections::BTreeMap;

use js_sys::{Array, Object, Reflect};
use posko_core::api::{LoginRequest, LoginResponse, OfficeRef};
use posko_core::sync::protocol::{Ack, Outcome, PushResponse, RejectCode, Rejection};
use posko_core::sync::{Clock, Field, Record, Stamp, Value};
use posko_core::{Problem, Role, UserProfile};
use wasm_bindgen::{JsCast, JsValue};

/// A value of the wrong shape: the name of the innermost property that was missing or of the
/// wrong type (empty for a bare value).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Malformed(pub &'static str);

pub trait ToJs {
    fn to_js(&self) -> JsValue;
}

pub trait FromJs: Sized {
    fn from_js(value: &JsValue) -> Result<Self, Malformed>;
}

/// A property of a JavaScript object, or `undefined` (also when `object` is not an object).
pub fn property(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// Property `name` read as `T`; a failure names the property unless a deeper one is named.
pub fn field<T: FromJs>(object: &JsValue, name: &'static str) -> Result<T, Malformed> {
    T::from_js(&property(object, name)).map_err(|inner| if inner.0.is_empty() { Malformed(name) } else { inner })
}

/// The property names every stored record is read by, made into JavaScript strings once:
/// a list of 20,000 people made them anew for each of its records and each of their fields
/// (its read from the store took 1,001 ms, 753 ms with them kept;
/// `bench_store::roster_list_over_20_000_people`).
pub const RECORD_NAMES: [&str; 10] = [
    "v",
    "s",
    "id",
    "kind",
    "agency_id",
    "office_id",
    "owner_id",
    "parent_id",
    "fields",
    "deleted",
];

thread_local! {
    static RECORD_NAME_VALUES: Vec<JsValue> = RECORD_NAMES.iter().map(|n| JsValue::from_str(n)).collect();
}

/// Property `RECORD_NAMES[at]` of `object`, read as `T`.
pub fn record_field<T: FromJs>(object: &JsValue, at: usize) -> Result<T, Malformed> {
    let value = RECORD_NAME_VALUES.with(|names| Reflect::get(object, &names[at]).unwrap_or(JsValue::UNDEFINED));
    T::from_js(&value).map_err(|inner| {
        if inner.0.is_empty() {
            Malformed(RECORD_NAMES[at])
        } else {
            inner
        }
    })
}

/// Builds a plain object property by property.
pub struct JsObject(Object);

impl JsObject {
    pub fn new() -> JsObject {
        JsObject(Object::new())
    }

    pub fn set(self, name: &str, value: JsValue) -> JsObject {
        // Setting a data property on a fresh plain object cannot fail.
        let _ = Reflect::set(&self.0, &JsValue::from_str(name), &value);
        self
    }

    pub fn build(self) -> JsValue {
        self.0.into()
    }
}

impl Default for JsObject {
    fn default() -> Self {
        JsObject::new()
    }
}

const BAD: Malformed = Malformed("");

/// JavaScript numbers above this lose integer precision.
const MAX_SAFE_INT: f64 = 9_007_199_254_740_991.0;

/// A whole number within JavaScript's safe range.
fn whole(value: &JsValue) -> Result<f64, Malformed> {
    value
        .as_f64()
        .filter(|n| n.fract() == 0.0 && n.abs() <= MAX_SAFE_INT)
        .ok_or(BAD)
}

impl ToJs for str {
    fn to_js(&self) -> JsValue {
        JsValue::from_str(self)
    }
}

impl ToJs for String {
    fn to_js(&self) -> JsValue {
        JsValue::from_str(self)
    }
}

impl FromJs for String {
    fn from_js(value: &JsValue) -> Result<Self, Malformed> {
        value.as_string().ok_or(BAD)
    }
}

impl ToJs for bool {
    fn to_js(&self) -> JsValue {
        JsValue::from_bool(*self)
    }
}

impl FromJs for bool {
    fn from_js(value: &JsValue) -> Result<Self, Malformed> {
        value.as_bool().ok_or(BAD)
    }
}

impl ToJs for f64 {
    fn to_js(&self) -> JsValue {
        JsValue::from_f64(*self)
    }
}

impl FromJs for f64 {
    fn from_js(value: &JsValue) -> Result<Self, Malformed> {
        value.as_f64().ok_or(BAD)
    }
}

macro_rules! whole_numbers {
    ($($t:ty),*) => {$(
        impl ToJs for $t {
            fn to_js(&self) -> JsValue {
                JsValue::from_f64(*self as f64)
            }
        }

        impl FromJs for $t {
            fn from_js(value: &JsValue) -> Result<Self, Malformed> {
                let n = whole(value)?;
                if n < <$t>::MIN as f64 || n > <$t>::MAX as f64 {
                    return Err(BAD);
                }
                Ok(n as $t)
            }
        }
    )*};
}

whole_numbers!(u16, u32, u64, i64, usize);

/// `None` is `null`, as serde writes it; a missing property reads as `None` too.
impl<T: ToJs> ToJs for Option<T> {
    fn to_js(&self) -> JsValue {
        self.as_ref().map_or(JsValue::NULL, T::to_js)
    }
}

impl<T: FromJs> FromJs for Option<T> {
    fn from_js(value: &JsValue) -> Result<Self, Malformed> {
        if value.is_null() || value.is_undefined() {
            Ok(None)
        } else {
            T::from_js(value).map(Some)
        }
    }
}

impl<T: FromJs> FromJs for Vec<T> {
    fn from_js(value: &JsValue) -> Result<Self, Malformed> {
        let array = value.dyn_ref::<Array>().ok_or(BAD)?;
        array.iter().map(|item| T::from_js(&item)).collect()
    }
}

impl<T: ToJs> ToJs for BTreeMap<String, T> {
    fn to_js(&self) -> JsValue {
        self.iter()
            .fold(JsObject::new(), |object, (name, value)| object.set(name, value.to_js()))
            .build()
    }
}

impl<T: FromJs> FromJs for BTreeMap<String, T> {
    fn from_js(value: &JsValue) -> Result<Self, Malformed> {
        if !value.is_object() || Array::is_array(value) {
            return Err(BAD);
        }
        // Inserted one by one: `collect` would sort first, a second sort routine in the bundle.
        let mut map = BTreeMap::new();
        for entry in Object::entries(value.unchecked_ref()).iter() {
            let entry: Array = entry.unchecked_into();
            map.insert(String::from_js(&entry.get(0))?, T::from_js(&entry.get(1))?);
        }
        Ok(map)
    }
}

/// A field value is JSON's null, a boolean, a whole number or a string.
impl ToJs for Value {
    fn to_js(&self) -> JsValue {
        match self {
            Value::Null => JsValue::NULL,
            Value::Bool(b) => b.to_js(),
            Value::Int(i) => i.to_js(),
            Value::Text(t) => t.to_js(),
        }
    }
}

impl FromJs for Value {
    fn from_js(value: &JsValue) -> Result<Self, Malformed> {
        if value.is_null() {
            Ok(Value::Null)
        } else if let Some(b) = value.as_bool() {
            Ok(Value::Bool(b))
        } else if let Some(t) = value.as_string() {
            Ok(Value::Text(t))
        } else {
            i64::from_js(value).map(Value::Int)
        }
    }
}

impl ToJs for Stamp {
    fn to_js(&self) -> JsValue {
        self.as_str().to_js()
    }
}

impl FromJs for Stamp {
    fn from_js(value: &JsValue) -> Result<Self, Malformed> {
        Stamp::parse(&String::from_js(value)?).map_err(|_| BAD)
    }
}

impl ToJs for Field {
    fn to_js(&self) -> JsValue {
        JsObject::new()
            .set("v", self.v.to_js())
            .set("s", self.s.to_js())
            .build()
    }
}

impl FromJs for Field {
    fn from_js(value: &JsValue) -> Result<Self, Malformed> {
        Ok(Field {
            v: record_field(value, 0)?,
            s: record_field(value, 1)?,
        })
    }
}

impl ToJs for Record {
    fn to_js(&self) -> JsValue {
        let object = JsObject::new()
            .set("id", self.id.to_js())
            .set("kind", self.kind.to_js())
            .set("agency_id", self.agency_id.to_js())
            .set("office_id", self.office_id.to_js())
            .set("owner_id", self.owner_id.to_js())
            .set("fields", self.fields.to_js());
        let object = match &self.parent_id {
            Some(parent) => object.set("parent_id", parent.to_js()),
            None => object,
        };
        match &self.deleted {
            Some(stamp) => object.set("deleted", stamp.to_js()),
            None => object,
        }
        .build()
    }
}

impl FromJs for Record {
    fn from_js(value: &JsValue) -> Result<Self, Malformed> {
        Ok(Record {
            id: record_field(value, 2)?,
            kind: record_field(value, 3)?,
            agency_id: record_field(value, 4)?,
            office_id: record_field(value, 5)?,
            owner_id: record_field(value, 6)?,
            // Records stored before the record kit have no parent.
            parent_id: record_field(value, 7)?,
            fields: record_field(value, 8)?,
            deleted: record_field(value, 9)?,
        })
    }
}

/// A record as a summary packs it into one text (`rows.js`, `poskoPack`): its envelope and
/// each field's value without its stamp. Each field gets the same stamp, the oldest there is:
/// the record is read for a screen and never merged or saved. `None` for a text that is no such
/// packing.
pub fn summary_record(packed: &str) -> Option<Record> {
    let mut parts = packed.split('\u{2}');
    let mut envelope = parts
        .next()?
        .split('\u{1}')
        .map(|v| (!v.is_empty()).then(|| v.to_owned()));
    let mut next = || envelope.next().flatten();
    let (id, kind, agency_id) = (next()?, next()?, next()?);
    let (office_id, owner_id, parent_id) = (next(), next(), next());
    let unstamped = Stamp::new(0, 0, "list");
    let mut fields = BTreeMap::new();
    for part in parts {
        let (name, tagged) = part.split_once('\u{1}')?;
        let v = match tagged.split_at_checked(1)? {
            ("T", text) => Value::Text(text.to_owned()),
            ("I", number) => Value::Int(number.parse().ok()?),
            ("B", bit) => Value::Bool(bit == "1"),
            _ => Value::Null,
        };
        fields.insert(
            name.to_owned(),
            Field {
                v,
                s: unstamped.clone(),
            },
        );
    }
    Some(Record {
        id,
        kind,
        agency_id,
        office_id,
        owner_id,
        parent_id,
        fields,
        deleted: None,
    })
}

impl ToJs for Clock {
    fn to_js(&self) -> JsValue {
        JsObject::new()
            .set("device", self.device.to_js())
            .set("last_ms", self.last_ms.to_js())
            .set("last_counter", self.last_counter.to_js())
            .set("offset_ms", self.offset_ms.to_js())
            .build()
    }
}

impl FromJs for Clock {
    fn from_js(value: &JsValue) -> Result<Self, Malformed> {
        Ok(Clock {
            device: field(value, "device")?,
            last_ms: field(value, "last_ms")?,
            last_counter: field(value, "last_counter")?,
            // Clocks saved before the server-time offset existed lack it.
            offset_ms: field::<Option<i64>>(value, "offset_ms")?.unwrap_or(0),
        })
    }
}

impl ToJs for RejectCode {
    fn to_js(&self) -> JsValue {
        self.as_str().to_js()
    }
}

impl FromJs for RejectCode {
    fn from_js(value: &JsValue) -> Result<Self, Malformed> {
        RejectCode::parse(&String::from_js(value)?).ok_or(BAD)
    }
}

impl ToJs for Rejection {
    fn to_js(&self) -> JsValue {
        let object = JsObject::new()
            .set("code", self.code.to_js())
            .set("detail", self.detail.to_js());
        let object = match &self.field {
            Some(field) => object.set("field", field.to_js()),
            None => object,
        };
        match &self.problem {
            // The problem as serde's JSON text: refusals are rare, so its codec need not be small.
            Some(problem) => object.set("problem", problem.to_js()),
            None => object,
        }
        .build()
    }
}

impl FromJs for Rejection {
    fn from_js(value: &JsValue) -> Result<Self, Malformed> {
        Ok(Rejection {
            code: field(value, "code")?,
            detail: field(value, "detail")?,
            field: field(value, "field")?,
            // A problem this version does not know still leaves the refusal readable.
            problem: field::<Option<Problem>>(value, "problem").ok().flatten(),
        })
    }
}

/// The problems without data, by their serde names (one table for both directions).
const UNIT_PROBLEMS: [(&str, Problem); 9] = [
    ("required", Problem::Required),
    ("not_a_number", Problem::NotANumber),
    ("in_future", Problem::InFuture),
    ("bad_format", Problem::BadFormat),
    ("bad_embedded_date", Problem::BadEmbeddedDate),
    ("wrong_type", Problem::WrongType),
    ("not_a_choice", Problem::NotAChoice),
    ("unknown_field", Problem::UnknownField),
    ("not_found", Problem::NotFound),
];

/// serde's external tagging: `"required"`, `{"out_of_range": {"min": "35", "max": "42"}}`.
impl ToJs for Problem {
    fn to_js(&self) -> JsValue {
        let tagged = |tag: &str, inner: JsObject| JsObject::new().set(tag, inner.build()).build();
        match self {
            Problem::OutOfRange { min, max } => tagged(
                "out_of_range",
                JsObject::new().set("min", min.to_js()).set("max", max.to_js()),
            ),
            Problem::TooOld { days } => tagged("too_old", JsObject::new().set("days", days.to_js())),
            Problem::TooLong { max } => tagged("too_long", JsObject::new().set("max", max.to_js())),
            Problem::TooMany { max } => tagged("too_many", JsObject::new().set("max", max.to_js())),
            unit => {
                let kind = std::mem::discriminant(unit);
                let name = UNIT_PROBLEMS.iter().find(|(_, p)| std::mem::discriminant(p) == kind);
                name.map_or(JsValue::NULL, |(name, _)| JsValue::from_str(name))
            }
        }
    }
}

impl FromJs for Problem {
    fn from_js(value: &JsValue) -> Result<Self, Malformed> {
        if let Some(tag) = value.as_string() {
            return UNIT_PROBLEMS
                .into_iter()
                .find(|(name, _)| *name == tag)
                .map(|(_, problem)| problem)
                .ok_or(BAD);
        }
        let inner = |tag| property(value, tag);
        let (out_of_range, too_old, too_long, too_many) = (
            inner("out_of_range"),
            inner("too_old"),
            inner("too_long"),
            inner("too_many"),
        );
        if out_of_range.is_object() {
            Ok(Problem::OutOfRange {
                min: field(&out_of_range, "min")?,
                max: field(&out_of_range, "max")?,
            })
        } else if too_old.is_object() {
            Ok(Problem::TooOld {
                days: field(&too_old, "days")?,
            })
        } else if too_long.is_object() {
            Ok(Problem::TooLong {
                max: field(&too_long, "max")?,
            })
        } else if too_many.is_object() {
            Ok(Problem::TooMany {
                max: field(&too_many, "max")?,
            })
        } else {
            Err(BAD)
        }
    }
}

/// serde's external tagging: `"applied"`, `"duplicate"` or `{"rejected": {code, detail}}`.
impl FromJs for Outcome {
    fn from_js(value: &JsValue) -> Result<Self, Malformed> {
        match value.as_string().as_deref() {
            Some("applied") => Ok(Outcome::Applied),
            Some("duplicate") => Ok(Outcome::Duplicate),
            Some(_) => Err(BAD),
            None => field(value, "rejected").map(Outcome::Rejected),
        }
    }
}

impl FromJs for Ack {
    fn from_js(value: &JsValue) -> Result<Self, Malformed> {
        Ok(Ack {
            seq: field(value, "seq")?,
            outcome: field(value, "outcome")?,
        })
    }
}

impl FromJs for PushResponse {
    fn from_js(value: &JsValue) -> Result<Self, Malformed> {
        Ok(PushResponse {
            acks: field(value, "acks")?,
            last_seq: field(value, "last_seq")?,
            server_time_ms: field(value, "server_time_ms")?,
        })
    }
}

impl ToJs for LoginRequest {
    fn to_js(&self) -> JsValue {
        JsObject::new()
            .set("username", self.username.to_js())
            .set("password", self.password.to_js())
            .build()
    }
}

impl ToJs for Role {
    fn to_js(&self) -> JsValue {
        self.as_str().to_js()
    }
}

impl FromJs for Role {
    fn from_js(value: &JsValue) -> Result<Self, Malformed> {
        Role::parse(&String::from_js(value)?).ok_or(BAD)
    }
}

impl ToJs for UserProfile {
    fn to_js(&self) -> JsValue {
        JsObject::new()
            .set("id", self.id.to_js())
            .set("username", self.username.to_js())
            .set("full_name", self.full_name.to_js())
            .set("role", self.role.to_js())
            .set("agency_id", self.agency_id.to_js())
            .set("agency_name", self.agency_name.to_js())
            .set("office_id", self.office_id.to_js())
            .set("office_name", self.office_name.to_js())
            .build()
    }
}

impl FromJs for UserProfile {
    fn from_js(value: &JsValue) -> Result<Self, Malformed> {
        Ok(UserProfile {
            id: field(value, "id")?,
            username: field(value, "username")?,
            full_name: field(value, "full_name")?,
            role: field(value, "role")?,
            agency_id: field(value, "agency_id")?,
            agency_name: field(value, "agency_name")?,
            office_id: field(value, "office_id")?,
            office_name: field(value, "office_name")?,
        })
    }
}

/// A value the browser already holds (a reply as the server sent it), kept as it is.
impl ToJs for JsValue {
    fn to_js(&self) -> JsValue {
        self.clone()
    }
}

impl ToJs for LoginResponse {
    fn to_js(&self) -> JsValue {
        JsObject::new()
            .set("token", self.token.to_js())
            .set("expires_at", self.expires_at.to_js())
            .set("user", self.user.to_js())
            .set(
                "offices",
                self.offices.iter().map(ToJs::to_js).collect::<js_sys::Array>().into(),
            )
            .set("region", self.region.to_js())
            .build()
    }
}

impl ToJs for OfficeRef {
    fn to_js(&self) -> JsValue {
        JsObject::new()
            .set("id", self.id.to_js())
            .set("name", self.name.to_js())
            .build()
    }
}

impl FromJs for OfficeRef {
    fn from_js(value: &JsValue) -> Result<Self, Malformed> {
        Ok(OfficeRef {
            id: field(value, "id")?,
            name: field(value, "name")?,
        })
    }
}

impl FromJs for LoginResponse {
    fn from_js(value: &JsValue) -> Result<Self, Malformed> {
        Ok(LoginResponse {
            token: field(value, "token")?,
            expires_at: field(value, "expires_at")?,
            user: field(value, "user")?,
            // Not decoded here, so the first load carries no code for them: the screens that
            // need them read them from the kept session (`Store::session_offices`,
            // `Store::session_region`).
            offices: Vec::new(),
            region: String::new(),
        })
    }
}
