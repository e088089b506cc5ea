//! Turns domain values (roles, problems, reasons) into text in the user's language.

use posko_core::screening::StayHomeReason;
use posko_core::{Problem, Role};

use leptos::prelude::*;

use crate::i18n::*;

pub fn role(locale: Locale, role: Role) -> &'static str {
    match role {
        Role::Employee => td_string!(locale, role_employee),
        Role::ProtocolOfficer => td_string!(locale, role_protocol_officer),
        Role::TracingOfficer => td_string!(locale, role_tracing_officer),
        Role::CrisisAdmin => td_string!(locale, role_crisis_admin),
        Role::Ppk => td_string!(locale, role_ppk),
        Role::Monitor => td_string!(locale, role_monitor),
    }
}

pub fn role_summary(locale: Locale, role: Role) -> &'static str {
    match role {
        Role::Employee => td_string!(locale, home_employee),
        Role::ProtocolOfficer => td_string!(locale, home_protocol_officer),
        Role::TracingOfficer => td_string!(locale, home_tracing_officer),
        Role::CrisisAdmin => td_string!(locale, home_crisis_admin),
        Role::Ppk => td_string!(locale, home_ppk),
        Role::Monitor => td_string!(locale, home_monitor),
    }
}

pub fn reason(locale: Locale, reason: StayHomeReason) -> &'static str {
    match reason {
        StayHomeReason::HighTemperature => td_string!(locale, reason_high_temperature),
        StayHomeReason::Symptoms => td_string!(locale, reason_symptoms),
        StayHomeReason::CloseContact => td_string!(locale, reason_close_contact),
        StayHomeReason::Travel => td_string!(locale, reason_travel),
    }
}

/// Numbers in messages use the locale's decimal separator ("36,5" in Indonesian).
pub fn decimal(locale: Locale, text: &str) -> String {
    match locale {
        Locale::id => text.replace('.', ","),
        Locale::en => text.to_owned(),
    }
}

/// A validation problem as text. Messages with numbers in them are views (the translation
/// macros interpolate into views, not strings).
pub fn problem(locale: Locale, problem: &Problem) -> AnyView {
    match problem.clone() {
        Problem::Required => td_string!(locale, error_required).into_any(),
        Problem::NotANumber => td_string!(locale, error_not_a_number).into_any(),
        Problem::OutOfRange { min, max } => {
            let (min, max) = (decimal(locale, &min), decimal(locale, &max));
            td!(locale, error_out_of_range, min = move || min.clone(), max = move || max.clone()).into_any()
        }
        Problem::InFuture => td_string!(locale, error_in_future).into_any(),
        Problem::TooOld { days } => td!(locale, error_too_old, days = move || days).into_any(),
        Problem::TooLong { max } => td!(locale, error_too_long, max = move || max).into_any(),
        Problem::BadFormat => td_string!(locale, error_bad_format).into_any(),
        Problem::BadEmbeddedDate => td_string!(locale, error_bad_embedded_date).into_any(),
    }
}
