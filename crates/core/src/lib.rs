//! Posko's domain model, shared by the WASM client and the server: records, validation, rules and API types.
//!
//! This crate knows nothing about browsers, HTTP or databases. Both sides compile the same
//! validation and rules, so the server re-checks exactly what the client checked.

pub mod api;
#[cfg(feature = "cases")]
pub mod case_rules;
#[cfg(feature = "cases")]
pub mod chain;
pub mod compliance;
pub mod date;
pub mod identity;
pub mod kinds;
pub mod kit;
#[cfg(feature = "openapi")]
mod openapi;
pub mod order;
pub mod places;
#[cfg(feature = "cases")]
pub mod residence;
pub mod role;
pub mod roster_import;
#[cfg(feature = "cases")]
pub mod same_person;
pub mod sync;
pub mod validation;

// The kinds are `kinds::*`; these paths name them too, as every crate has named them.
#[cfg(feature = "cases")]
pub use kinds::cases;
pub use kinds::{alert, call_center, checklist, roster, screening, violation, wfo};
pub use role::{Role, UserProfile};
pub use screening::{
    Origin, Screening, ScreeningDraft, ScreeningResult, ScreeningRules, StayHomeReason, Symptoms, SCREENING,
};
pub use validation::{Field, FieldError, Problem};
