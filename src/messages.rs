//! Turns domain values (roles, problems, reasons) into text in the user's language.

use posko_core::screening::{format_decicelsius, StayHomeReason};
use posko_core::{Problem, Role};

use crate::i18n::{fill, Locale, Strings};

pub fn role(t: &'static Strings, role: Role) -> &'static str {
    match role {
        Role::Employee => t.role_employee,
        Role::ProtocolOfficer => t.role_protocol_officer,
        Role::TracingOfficer => t.role_tracing_officer,
        Role::CrisisAdmin => t.role_crisis_admin,
        Role::Ppk => t.role_ppk,
        Role::Monitor => t.role_monitor,
    }
}

pub fn role_summary(t: &'static Strings, role: Role) -> &'static str {
    match role {
        Role::Employee => t.home_employee,
        Role::ProtocolOfficer => t.home_protocol_officer,
        Role::TracingOfficer => t.home_tracing_officer,
        Role::CrisisAdmin => t.home_crisis_admin,
        Role::Ppk => t.home_ppk,
        Role::Monitor => t.home_monitor,
    }
}

pub fn reasons(t: &'static Strings, reasons: &[StayHomeReason]) -> String {
    reasons
        .iter()
        .map(|reason| match reason {
            StayHomeReason::HighTemperature => t.reason_high_temperature,
            StayHomeReason::Symptoms => t.reason_symptoms,
            StayHomeReason::CloseContact => t.reason_close_contact,
            StayHomeReason::Travel => t.reason_travel,
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Numbers in messages use the locale's decimal separator ("36,5" in Indonesian).
pub fn decimal(locale: Locale, text: &str) -> String {
    text.replace('.', &locale.decimal_separator().to_string())
}

pub fn temperature(locale: Locale, decicelsius: u16) -> String {
    format!("{} °C", format_decicelsius(decicelsius, locale.decimal_separator()))
}

pub fn problem(locale: Locale, problem: &Problem) -> String {
    let t = locale.strings();
    match problem {
        Problem::Required => t.error_required.to_owned(),
        Problem::NotANumber => t.error_not_a_number.to_owned(),
        Problem::OutOfRange { min, max } => fill(
            t.error_out_of_range,
            &[("min", &decimal(locale, min)), ("max", &decimal(locale, max))],
        ),
        Problem::InFuture => t.error_in_future.to_owned(),
        Problem::TooOld { days } => fill(t.error_too_old, &[("days", &days.to_string())]),
        Problem::TooLong { max } => fill(t.error_too_long, &[("max", &max.to_string())]),
        Problem::BadFormat => t.error_bad_format.to_owned(),
        Problem::BadEmbeddedDate => t.error_bad_embedded_date.to_owned(),
    }
}
