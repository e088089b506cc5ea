//! Rust types of record fields and how each goes into and comes out of a synced record. A
//! scalar is one record field; a set or a map is one record field per member, named
//! `<field>.<member>`, so each member merges on its own under the record's per-field merge.

use chrono::{DateTime, NaiveDate, Utc};

use crate::date::{format_ymd, parse_ymd};
use crate::sync::{Record, Stamp, Value};
use crate::validation::Problem;

use super::decl::Invalid;

/// Separates a composite field's name from a member's key. Field names are snake_case words.
pub const MEMBER_SEPARATOR: char = '.';

/// A Rust type a declared field can have.
pub trait KitValue: Sized {
    /// Whether a record must carry the field. Only `Option`, sets and maps may be absent.
    const REQUIRED: bool = true;
    /// Writes the value into `record` as field `name`, stamping only what changed; returns how
    /// many record fields changed.
    fn put(&self, name: &str, record: &mut Record, stamp: &Stamp) -> usize;
    /// Reads field `name` of `record`, naming it in the error.
    fn take(record: &Record, name: &'static str) -> Result<Self, Invalid>;
}

/// A type stored as one JSON value.
pub trait Scalar: Sized {
    fn to_value(&self) -> Value;
    fn from_value(value: &Value) -> Option<Self>;
}

impl Scalar for String {
    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }
    fn from_value(value: &Value) -> Option<Self> {
        value.as_text().map(str::to_owned)
    }
}

impl Scalar for i64 {
    fn to_value(&self) -> Value {
        Value::Int(*self)
    }
    fn from_value(value: &Value) -> Option<Self> {
        value.as_int()
    }
}

impl Scalar for bool {
    fn to_value(&self) -> Value {
        Value::Bool(*self)
    }
    fn from_value(value: &Value) -> Option<Self> {
        value.as_bool()
    }
}

impl Scalar for NaiveDate {
    fn to_value(&self) -> Value {
        Value::Text(format_ymd(*self))
    }
    fn from_value(value: &Value) -> Option<Self> {
        parse_ymd(value.as_text()?)
    }
}

/// Unix milliseconds: sortable, and no date formatter needed on the device.
impl Scalar for DateTime<Utc> {
    fn to_value(&self) -> Value {
        Value::Int(self.timestamp_millis())
    }
    fn from_value(value: &Value) -> Option<Self> {
        DateTime::from_timestamp_millis(value.as_int()?)
    }
}

fn read_scalar<T: Scalar>(value: &Value, name: &'static str) -> Result<T, Invalid> {
    T::from_value(value).ok_or(Invalid::new(name, Problem::WrongType))
}

impl<T: Scalar> KitValue for T {
    fn put(&self, name: &str, record: &mut Record, stamp: &Stamp) -> usize {
        usize::from(record.set(name, self.to_value(), stamp))
    }
    fn take(record: &Record, name: &'static str) -> Result<Self, Invalid> {
        match record.get(name) {
            None | Some(Value::Null) => Err(Invalid::new(name, Problem::Required)),
            Some(value) => read_scalar(value, name),
        }
    }
}

impl<T: Scalar> KitValue for Option<T> {
    const REQUIRED: bool = false;
    fn put(&self, name: &str, record: &mut Record, stamp: &Stamp) -> usize {
        let value = self.as_ref().map_or(Value::Null, Scalar::to_value);
        // A field never set stays absent rather than becoming an explicit null.
        if value == Value::Null && record.get(name).is_none() {
            return 0;
        }
        usize::from(record.set(name, value, stamp))
    }
    fn take(record: &Record, name: &'static str) -> Result<Self, Invalid> {
        match record.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => read_scalar(value, name).map(Some),
        }
    }
}

/// The members stored for composite field `name`: `(member key, value)`, in key order.
pub fn members<'r>(record: &'r Record, name: &'r str) -> impl Iterator<Item = (&'r str, &'r Value)> + 'r {
    // A scan rather than `BTreeMap::range`: records have a few dozen fields, and the range's
    // code, instantiated for the client's one map type, cost the app shell 0.5 kB of brotli.
    record.fields.iter().filter_map(move |(key, field)| {
        let member = key.strip_prefix(name)?.strip_prefix(MEMBER_SEPARATOR)?;
        Some((member, &field.v))
    })
}

fn member_key(name: &str, member: &str) -> String {
    format!("{name}{MEMBER_SEPARATOR}{member}")
}

/// Writes a composite field: each wanted member set, each stored member not wanted set to
/// `absent` (false for sets, null for maps) under the new stamp.
fn put_members(record: &mut Record, name: &str, stamp: &Stamp, wanted: &[(&str, Value)], absent: Value) -> usize {
    let stale: Vec<String> = members(record, name)
        .filter(|(key, value)| **value != absent && !wanted.iter().any(|(k, _)| k == key))
        .map(|(key, _)| key.to_owned())
        .collect();
    let mut changed = 0;
    for key in stale {
        changed += usize::from(record.set(&member_key(name, &key), absent.clone(), stamp));
    }
    for (key, value) in wanted {
        changed += usize::from(record.set(&member_key(name, key), value.clone(), stamp));
    }
    changed
}

/// A set (of choice codes or of attachment hashes): sorted, no duplicates. Stored as
/// `<field>.<member>: true`; a removed member stays as `false`, so the removal merges too.
impl KitValue for Vec<String> {
    const REQUIRED: bool = false;
    fn put(&self, name: &str, record: &mut Record, stamp: &Stamp) -> usize {
        let wanted: Vec<(&str, Value)> = self.iter().map(|m| (m.as_str(), Value::Bool(true))).collect();
        put_members(record, name, stamp, &wanted, Value::Bool(false))
    }
    fn take(record: &Record, name: &'static str) -> Result<Self, Invalid> {
        let mut set = Vec::new();
        for (key, value) in members(record, name) {
            match value {
                Value::Bool(true) => set.push(key.to_owned()),
                Value::Bool(false) => {}
                _ => return Err(Invalid::new(name, Problem::WrongType)),
            }
        }
        Ok(set)
    }
}

/// A map of items, in key order. Stored as `<field>.<key>: value`; a removed item stays as
/// `null`.
impl<V: Scalar> KitValue for Vec<(String, V)> {
    const REQUIRED: bool = false;
    fn put(&self, name: &str, record: &mut Record, stamp: &Stamp) -> usize {
        let wanted: Vec<(&str, Value)> = self.iter().map(|(k, v)| (k.as_str(), v.to_value())).collect();
        put_members(record, name, stamp, &wanted, Value::Null)
    }
    fn take(record: &Record, name: &'static str) -> Result<Self, Invalid> {
        let mut items = Vec::new();
        for (key, value) in members(record, name) {
            if *value != Value::Null {
                items.push((key.to_owned(), read_scalar(value, name)?));
            }
        }
        Ok(items)
    }
}
