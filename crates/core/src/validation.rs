//! Field-level validation errors: what is wrong with which field, as data the UI translates.

use serde::{Deserialize, Serialize};

/// A form field that validation can complain about. The client maps each to a label in the
/// user's language; the server returns them in its 422 responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = FormField))]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Date,
    Temperature,
    OtherSymptom,
    Username,
    Password,
    Nip,
    Nik,
}

/// What is wrong with a field. Numbers travel with the problem so the message can name them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    Required,
    NotANumber,
    /// The value is outside `[min, max]`, both in the field's display unit.
    OutOfRange {
        min: String,
        max: String,
    },
    InFuture,
    /// Older than the allowed number of days.
    TooOld {
        days: u32,
    },
    TooLong {
        max: usize,
    },
    /// Not in the shape its field needs (a fixed-format identifier's parts).
    BadFormat,
    /// Not `expected` characters long: `found` were given (a NIP of 16 digits).
    Length {
        expected: usize,
        found: usize,
    },
    /// Something other than digits where only digits belong.
    NotDigits,
    /// Not a phone number: fewer than 8 digits, or other signs than a leading `+`, spaces and
    /// dashes.
    NotAPhone,
    /// The embedded date (NIP birth date, NIK birth date) is not a real date.
    BadEmbeddedDate,
    /// A value of another type than the field's (text where a number belongs).
    WrongType,
    /// A code that is not one of the field's choices.
    NotAChoice,
    /// More members than a set or map may hold.
    TooMany {
        max: usize,
    },
    /// A field the record's kind does not declare.
    UnknownField,
    /// Names a record that does not exist where it must (a child's parent).
    NotFound,
    /// A record id other than the one its kind declares for its person or office and day
    /// (`kit::Ids`): it would be a second record of that day.
    NotTheDaysId,
}

impl Problem {
    /// In English, for logs and the `detail` of a refusal; users see a translation.
    pub fn describe(&self) -> String {
        match self {
            Problem::Required => "required".into(),
            Problem::NotANumber => "not a number".into(),
            Problem::OutOfRange { min, max } => format!("outside {min} to {max}"),
            Problem::InFuture => "in the future".into(),
            Problem::TooOld { days } => format!("more than {days} days ago"),
            Problem::TooLong { max } => format!("longer than {max} characters"),
            Problem::BadFormat => "badly formed".into(),
            Problem::Length { expected, found } => format!("{found} characters where {expected} belong"),
            Problem::NotDigits => "not only digits".into(),
            Problem::NotAPhone => "not a phone number".into(),
            Problem::BadEmbeddedDate => "its embedded date is not a real date".into(),
            Problem::WrongType => "of the wrong type".into(),
            Problem::NotAChoice => "not one of the choices".into(),
            Problem::TooMany { max } => format!("more than {max} members"),
            Problem::UnknownField => "not a field of its kind".into(),
            Problem::NotFound => "names a record that is not there".into(),
            Problem::NotTheDaysId => "not the id its kind declares for its person or office and day".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: Field,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: Field, problem: Problem) -> Self {
        Self { field, problem }
    }
}

/// Collects errors while a whole form is checked, so the user sees every problem at once.
#[derive(Debug, Default)]
pub struct Errors(Vec<FieldError>);

impl Errors {
    pub fn push(&mut self, field: Field, problem: Problem) {
        self.0.push(FieldError::new(field, problem));
    }

    pub fn into_result<T>(self, value: impl FnOnce() -> T) -> Result<T, Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(value())
        } else {
            Err(self.0)
        }
    }
}
