//! Validation, once: the function the device's form and the server's push both run on a record,
//! from its kind's declaration plus the kind's own rules. The only difference between the two
//! sides is the `Context` they pass: the device its corrected clock and time zone, the server
//! its own clock and Indonesia's easternmost zone.

use chrono::{Duration, NaiveDate};

use crate::date::parse_ymd;
use crate::sync::{Record, Value};
use crate::validation::Problem;

use super::decl::{Envelope, FieldCheck, FieldDecl, FieldType, Ids, Invalid, KindDecl};
use super::values::{members, MEMBER_SEPARATOR};

/// How far ahead of the judge's clock a time may be: the clock skew the sync clock tolerates.
pub const ALLOWED_SKEW_MS: i64 = 5 * 60 * 1000;

/// Longest key of a map item or a set member (item codes are short; hashes are 64).
pub const MAX_MEMBER_KEY_LEN: usize = 64;

/// Longest id a reference, an owner or a parent may be (ids are UUIDs or short codes).
pub const MAX_ID_LEN: usize = 64;

/// Longest id of a person or office whose record of a day is named after it (`Ids`): the
/// day's id, with the kind's prefix and the date, then fits in `MAX_ID_LEN`. User ids are
/// UUIDs (36); the operator's command refuses a longer office id.
pub const MAX_HOLDER_ID_LEN: usize = 40;

/// Indonesia's zones run from WIB (UTC+7) to WIT (UTC+9). The server does not know where a
/// user is, so it gives the benefit of the doubt both ways: "today" is WIT's (where a date
/// starts first), "how many days ago" is counted in WIB (where it ends last).
pub const INDONESIA_UTC_OFFSETS_MINUTES: (i32, i32) = (7 * 60, 9 * 60);

/// What a check is judged against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Context {
    /// Unix milliseconds: the server's clock, or the device's clock corrected by the server's.
    pub now_ms: i64,
    /// The zones the user may be in, west to east: one zone (both the same) on the device.
    pub utc_offsets_minutes: (i32, i32),
}

impl Context {
    /// The server's judgement: its clock, any Indonesian zone.
    pub fn server(now_ms: i64) -> Context {
        Context {
            now_ms,
            utc_offsets_minutes: INDONESIA_UTC_OFFSETS_MINUTES,
        }
    }

    /// The device's judgement: its corrected clock, its own zone.
    pub fn device(now_ms: i64, utc_offset_minutes: i32) -> Context {
        Context {
            now_ms,
            utc_offsets_minutes: (utc_offset_minutes, utc_offset_minutes),
        }
    }

    /// The latest date it may be now for the user: the future starts after it.
    pub fn today(&self) -> NaiveDate {
        self.latest_date_at(self.now_ms)
    }

    /// The calendar date at `ms` in the easternmost zone the user may be in.
    pub fn latest_date_at(&self, ms: i64) -> NaiveDate {
        date_at(ms, self.utc_offsets_minutes.1)
    }

    /// How long until `today` ends, in milliseconds (1 to a day): when a phone left open reads
    /// its day again (a screening of yesterday is not today's).
    pub fn ms_until_tomorrow(&self) -> i64 {
        DAY_MS - local_ms(self.now_ms, self.utc_offsets_minutes.1).rem_euclid(DAY_MS)
    }

    /// The calendar date at `ms` in the westernmost zone the user may be in.
    pub fn earliest_date_at(&self, ms: i64) -> NaiveDate {
        date_at(ms, self.utc_offsets_minutes.0)
    }
}

const DAY_MS: i64 = 86_400_000;

/// The milliseconds since 1970-01-01 00:00 on the wall clock of a zone `utc_offset_minutes` east.
fn local_ms(ms: i64, utc_offset_minutes: i32) -> i64 {
    ms + i64::from(utc_offset_minutes) * 60_000
}

fn date_at(ms: i64, utc_offset_minutes: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()
        + Duration::days(local_ms(ms, utc_offset_minutes).div_euclid(DAY_MS))
}

/// Every problem of `record` as a record of `decl`: its envelope, each declared field, then the
/// kind's own rules (which run only on a record whose fields passed, so they may read them).
pub fn check(decl: &KindDecl, record: &Record, ctx: &Context) -> Vec<Invalid> {
    let mut errors = Vec::new();
    if record.kind != decl.name {
        errors.push(Invalid::new("kind", Problem::WrongType));
        return errors;
    }
    check_envelope(decl, record, &mut errors);
    for (field, check) in decl.fields.iter().zip(decl.checks) {
        check(field, record, ctx, &mut errors);
    }
    // The kind's rules run whatever the fields said, so a form hears every problem in one round
    // (issue #19); a rule reads what it can (a typed record it cannot make is no error of its),
    // and a field already refused is not refused twice.
    let mut ruled = Vec::new();
    (decl.rules)(record, ctx, &mut ruled);
    ruled.retain(|rule| !errors.iter().any(|e: &Invalid| e.field == rule.field));
    errors.extend(ruled);
    errors
}

/// Whether `record`, new, has the id its kind declares (`Ids`): one a day per person or
/// office, so any other id would be a second record of that day. The server asks it of every
/// record new to it; a stored record keeps the id it has (one made before its kind declared
/// its ids still takes its edits). The form makes the id with the same `Ids::id`.
pub fn check_id(decl: &KindDecl, record: &Record) -> Result<(), Invalid> {
    match decl.ids {
        Ids::Made => Ok(()),
        ids if ids.id_of(record).as_deref() == Some(record.id.as_str()) => Ok(()),
        _ => Err(Invalid::new("id", Problem::NotTheDaysId)),
    }
}

fn check_envelope(decl: &KindDecl, record: &Record, errors: &mut Vec<Invalid>) {
    let bad_id = |id: &Option<String>| id.as_deref().is_some_and(|id| !is_id(id));
    for (name, id) in [
        ("owner_id", &record.owner_id),
        ("office_id", &record.office_id),
        ("parent_id", &record.parent_id),
    ] {
        if bad_id(id) {
            errors.push(Invalid::new(name, Problem::BadFormat));
        }
    }
    if decl.envelope == Envelope::Person && record.owner_id.is_none() {
        errors.push(Invalid::new("owner_id", Problem::Required));
    }
    if decl.envelope != Envelope::Agency && record.office_id.is_none() {
        errors.push(Invalid::new("office_id", Problem::Required));
    }
    match (decl.parent, &record.parent_id) {
        (Some(_), None) => errors.push(Invalid::new("parent_id", Problem::Required)),
        (None, Some(_)) => errors.push(Invalid::new("parent_id", Problem::UnknownField)),
        _ => {}
    }
}

/// Whether every field name in `names` (the fields a push changed) fits the kind: a declared
/// scalar, or a member of a declared set or map, or a field the kind does not declare but a
/// later version of Posko may (issue #18, rolling upgrades: a newer phone's field is kept,
/// stored, merged and pulled, not refused), named as a field is (`is_field_name`). A declared
/// field in the wrong shape (a scalar with a member, a set without one) is refused. Stored
/// fields are not re-checked, so a field a later version drops does not make old records
/// unwritable.
pub fn check_names<'n>(decl: &KindDecl, names: impl IntoIterator<Item = &'n str>) -> Result<(), String> {
    for name in names {
        let (base, member) = match name.split_once(MEMBER_SEPARATOR) {
            Some((base, member)) => (base, Some(member)),
            None => (name, None),
        };
        let fits = match decl.field(base) {
            Some(field) => field.is_composite() == member.is_some(),
            None => is_field_name(base) && member.is_none_or(is_member_key),
        };
        if !fits {
            return Err(name.to_owned());
        }
    }
    Ok(())
}

/// Most fields a record may carry that its kind does not declare (a later version's).
pub const MAX_UNDECLARED_FIELDS: usize = 32;
/// Longest value (as JSON) of a field the kind does not declare, in bytes.
pub const MAX_UNDECLARED_VALUE_BYTES: usize = 2_000;

/// A record field's name as a kind declares one: snake_case ASCII, a letter first, at most 40
/// bytes; what a field of a later version must look like to be kept.
pub fn is_field_name(name: &str) -> bool {
    name.len() <= 40
        && name.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && name.bytes().all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_'))
}

/// Bounds what a record carries beyond its declaration, which this version cannot check: at
/// most `MAX_UNDECLARED_FIELDS` such fields, each value at most `MAX_UNDECLARED_VALUE_BYTES`.
/// The field at fault and the problem, else nothing.
pub fn check_undeclared(decl: &KindDecl, record: &Record) -> Result<(), (String, Problem)> {
    let mut count = 0;
    for (name, field) in &record.fields {
        let base = name
            .split_once(MEMBER_SEPARATOR)
            .map_or(name.as_str(), |(base, _)| base);
        if decl.field(base).is_some() {
            continue;
        }
        count += 1;
        if count > MAX_UNDECLARED_FIELDS {
            return Err((
                name.clone(),
                Problem::TooMany {
                    max: MAX_UNDECLARED_FIELDS,
                },
            ));
        }
        if field.v.to_string().len() > MAX_UNDECLARED_VALUE_BYTES {
            return Err((
                name.clone(),
                Problem::TooLong {
                    max: MAX_UNDECLARED_VALUE_BYTES,
                },
            ));
        }
    }
    Ok(())
}

/// The check of a field of type `ty`. Evaluated when a kind is declared (a `const`), so only the
/// checks a declaration names are linked in: the employee's bundle carries no check of sets,
/// maps or attachments while no kind it knows has one.
pub const fn checker_for(ty: &FieldType) -> FieldCheck {
    match ty {
        FieldType::ChoiceSet(_) => check_set,
        FieldType::Attachments { .. } => check_attachments,
        FieldType::Items { .. } => check_items,
        _ => check_plain,
    }
}

fn check_set(field: &FieldDecl, record: &Record, _: &Context, errors: &mut Vec<Invalid>) {
    let FieldType::ChoiceSet(choices) = field.ty else {
        return;
    };
    for (key, value) in members(record, field.name) {
        let problem = if !matches!(value, Value::Bool(_)) {
            Problem::WrongType
        } else if !choices.contains(&key) {
            Problem::NotAChoice
        } else {
            continue;
        };
        return errors.push(Invalid::new(field.name, problem));
    }
}

fn check_attachments(field: &FieldDecl, record: &Record, _: &Context, errors: &mut Vec<Invalid>) {
    let FieldType::Attachments { max } = field.ty else {
        return;
    };
    let mut fail = |problem| errors.push(Invalid::new(field.name, problem));
    let mut count = 0;
    for (key, value) in members(record, field.name) {
        if !matches!(value, Value::Bool(_)) {
            return fail(Problem::WrongType);
        }
        if !is_sha256_hex(key) {
            return fail(Problem::BadFormat);
        }
        count += usize::from(*value == Value::Bool(true));
    }
    if count > max as usize {
        fail(Problem::TooMany { max: max as usize });
    }
}

fn check_items(field: &FieldDecl, record: &Record, ctx: &Context, errors: &mut Vec<Invalid>) {
    let FieldType::Items { item, max } = field.ty else {
        return;
    };
    let mut fail = |problem| errors.push(Invalid::new(field.name, problem));
    let mut count = 0;
    for (key, value) in members(record, field.name) {
        if !is_member_key(key) {
            return fail(Problem::BadFormat);
        }
        if *value != Value::Null {
            if let Err(problem) = check_scalar(item, value, ctx) {
                return fail(problem);
            }
            count += 1;
        }
    }
    if count > max as usize {
        fail(Problem::TooMany { max: max as usize });
    }
}

/// A field of one value: present when required, and of its type and bounds.
fn check_plain(field: &FieldDecl, record: &Record, ctx: &Context, errors: &mut Vec<Invalid>) {
    match record.get(field.name) {
        None | Some(Value::Null) => {
            if field.required {
                errors.push(Invalid::new(field.name, Problem::Required));
            }
        }
        Some(value) => {
            if let Err(problem) = check_scalar(&field.ty, value, ctx) {
                errors.push(Invalid::new(field.name, problem));
            }
        }
    }
}

/// Checks one value against a scalar type and its bounds.
pub fn check_scalar(ty: &FieldType, value: &Value, ctx: &Context) -> Result<(), Problem> {
    let in_range = |v: i64, min: i64, max: i64, scale: u8| {
        if (min..=max).contains(&v) {
            Ok(())
        } else {
            Err(Problem::OutOfRange {
                min: format_fixed(min, scale),
                max: format_fixed(max, scale),
            })
        }
    };
    match (ty, value) {
        (FieldType::Text { max_chars }, Value::Text(text)) => {
            if text.trim().is_empty() {
                Err(Problem::Required)
            } else if text.chars().count() > *max_chars as usize {
                Err(Problem::TooLong {
                    max: *max_chars as usize,
                })
            } else {
                Ok(())
            }
        }
        (FieldType::Integer { min, max }, Value::Int(v)) => in_range(*v, *min, *max, 0),
        (FieldType::Decimal { scale, min, max }, Value::Int(v)) => in_range(*v, *min, *max, *scale),
        (FieldType::Boolean, Value::Bool(_)) => Ok(()),
        (FieldType::Date { past_only }, Value::Text(text)) => match parse_ymd(text) {
            None => Err(Problem::BadFormat),
            Some(date) if *past_only && date > ctx.today() => Err(Problem::InFuture),
            Some(_) => Ok(()),
        },
        (FieldType::DateTime { past_only }, Value::Int(ms)) => {
            if *past_only && *ms > ctx.now_ms + ALLOWED_SKEW_MS {
                Err(Problem::InFuture)
            } else {
                Ok(())
            }
        }
        (FieldType::Choice(choices), Value::Text(code)) => {
            if choices.contains(&code.as_str()) {
                Ok(())
            } else {
                Err(Problem::NotAChoice)
            }
        }
        (FieldType::Reference(_), Value::Text(id)) => {
            if is_id(id) {
                Ok(())
            } else {
                Err(Problem::BadFormat)
            }
        }
        (FieldType::ChoiceSet(_) | FieldType::Attachments { .. } | FieldType::Items { .. }, _) => {
            Err(Problem::WrongType)
        }
        _ => Err(Problem::WrongType),
    }
}

/// `v` in units of `10^-scale`, as text with a `.`: 366 at scale 1 is "36.6".
pub fn format_fixed(v: i64, scale: u8) -> String {
    let digits = v.unsigned_abs().to_string();
    let scale = usize::from(scale);
    // At least one digit before the point: 5 at scale 1 is "0.5".
    let padded = format!("{}{digits}", "0".repeat((scale + 1).saturating_sub(digits.len())));
    let (whole, fraction) = padded.split_at(padded.len() - scale);
    let sign = if v < 0 { "-" } else { "" };
    if scale == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction}")
    }
}

/// A record id, or an agency, office, owner or parent id: 1 to `MAX_ID_LEN` bytes (UUIDs or
/// short codes), a bound so a hostile client cannot bloat the tables and their indexes.
pub fn is_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= MAX_ID_LEN
}

pub fn is_sha256_hex(key: &str) -> bool {
    key.len() == 64 && key.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Item codes and set members: short, lowercase ASCII letters, digits, `_` and `-`.
pub fn is_member_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= MAX_MEMBER_KEY_LEN
        && key
            .bytes()
            .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-'))
}
