//! Field-level validation errors: what is wrong with which field, as data the UI translates.

use serde::{Deserialize, Serialize};

/// A form field that validation can complain about. The client maps each to a label in the
/// user's language; the server returns them in its 422 responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// Wrong length or characters for a fixed-format identifier.
    BadFormat,
    /// The embedded date (NIP birth date, NIK birth date) is not a real date.
    BadEmbeddedDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
