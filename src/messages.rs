//! Turns domain values (roles, problems, reasons) into text in the user's language.

use posko_core::screening::{format_decicelsius, StayHomeReason};
use posko_core::sync::protocol::{RejectCode, Rejection};
use posko_core::{Problem, Role};

use crate::i18n::{fill, HomeStrings, Locale, Strings};
use crate::store::StoreError;
use crate::sync::SyncError;

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

/// What a role other than the employee does here (the home screen's tools, a later view).
pub fn role_summary(l: &'static crate::i18n::LaterStrings, role: Role) -> &'static str {
    match role {
        Role::Employee => "",
        Role::ProtocolOfficer => l.home_protocol_officer,
        Role::TracingOfficer => l.home_tracing_officer,
        Role::CrisisAdmin => l.home_crisis_admin,
        Role::Ppk => l.home_ppk,
        Role::Monitor => l.home_monitor,
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

pub fn temperature(locale: Locale, decicelsius: i64) -> String {
    let tenths = u16::try_from(decicelsius).unwrap_or(0);
    format!("{} °C", format_decicelsius(tenths, locale.decimal_separator()))
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
        Problem::Length { expected, found } => fill(
            t.error_length,
            &[("expected", &expected.to_string()), ("found", &found.to_string())],
        ),
        Problem::NotDigits => t.error_not_digits.to_owned(),
        Problem::NotAPhone => t.error_not_a_phone.to_owned(),
        Problem::BadEmbeddedDate => t.error_bad_embedded_date.to_owned(),
        Problem::WrongType => t.error_wrong_type.to_owned(),
        Problem::NotAChoice => t.error_not_a_choice.to_owned(),
        Problem::TooMany { max } => fill(t.error_too_many, &[("max", &max.to_string())]),
        Problem::UnknownField => t.error_unknown_field.to_owned(),
        Problem::NotFound => t.error_not_found.to_owned(),
        // A form makes the day's id and never meets this; a refusal says it in the later
        // module's words (`refusal`).
        Problem::NotTheDaysId => t.error_bad_format.to_owned(),
    }
}

/// A refusal as the user reads it: the field at fault (named by `field_label`, from the kind's
/// translations) and what is wrong with it when the server named them, the kind of refusal
/// otherwise.
/// Shown by the later views only (a record's sync state, from the home area on), so its words
/// are the home area's (`locales/home/`).
pub fn refusal(locale: Locale, rejection: &Rejection, field_label: &dyn Fn(&str) -> String) -> String {
    let t = locale.home();
    match (&rejection.field, &rejection.problem) {
        (_, Some(Problem::NotTheDaysId)) => t.error_not_the_days_id.to_owned(),
        (Some(field), Some(problem)) => fill(
            t.record_refused_field,
            &[
                ("field", &field_label(field)),
                ("problem", &self::problem(locale, problem)),
            ],
        ),
        _ => fill(t.record_refused, &[("reason", self::rejection(t, rejection.code))]),
    }
}

pub fn rejection(t: &'static HomeStrings, code: RejectCode) -> &'static str {
    match code {
        RejectCode::Invalid => t.reject_invalid,
        RejectCode::OutOfScope => t.reject_out_of_scope,
        RejectCode::EnvelopeChanged => t.reject_envelope_changed,
        RejectCode::UnknownKind => t.reject_unknown_kind,
        RejectCode::ClockAhead => t.reject_clock_ahead,
    }
}

/// What went wrong with the last sync run. With nothing left to send, a connection or server
/// failure could only have stopped the pull: the changes are on the server, and saying they
/// "will be sent again" would be untrue (issue #21).
pub fn sync_problem(t: &'static Strings, error: &SyncError, nothing_to_send: bool) -> String {
    match error {
        SyncError::Unreachable | SyncError::Interrupted | SyncError::Server(_) if nothing_to_send => {
            t.sync_problem_nothing_to_send.to_owned()
        }
        SyncError::Unreachable => t.sync_problem_unreachable.to_owned(),
        SyncError::SessionExpired => t.sync_problem_session.to_owned(),
        SyncError::Interrupted => t.sync_problem_interrupted.to_owned(),
        SyncError::Server(code) => fill(t.sync_problem_server, &[("code", code)]),
        SyncError::Store(error) => store_error(t, error),
    }
}

/// A store failure in plain words: a full phone is said so; anything else keeps the browser's text.
pub fn store_error(t: &'static Strings, error: &StoreError) -> String {
    if error.name == "QuotaExceededError" {
        t.error_storage_full.to_owned()
    } else {
        fill(t.error_storage, &[("detail", &error.to_string())])
    }
}

/// The language's names for dates.
pub fn date_words(t: &'static Strings) -> posko_core::date::DateWords<'static> {
    posko_core::date::DateWords {
        weekdays: t.date_weekdays,
        months: t.date_months,
        months_short: t.date_months_short,
    }
}

/// "Minggu, 6 Desember 2026".
pub fn long_date(t: &'static Strings, date: chrono::NaiveDate) -> String {
    date_words(t).long(date)
}

/// "6 Des 2026".
pub fn short_date(t: &'static Strings, date: chrono::NaiveDate) -> String {
    date_words(t).short(date)
}

/// `HH:MM` today, "5 Des 2026 HH:MM" on another day, in the device's time zone.
pub fn time_of(t: &'static Strings, ms: f64) -> String {
    let when = js_sys::Date::new(&ms.into());
    let now = js_sys::Date::new_0();
    let time = crate::device_clock::local_time(ms);
    if when.to_date_string() == now.to_date_string() {
        time
    } else {
        match chrono::NaiveDate::from_ymd_opt(when.get_full_year() as i32, when.get_month() + 1, when.get_date()) {
            Some(date) => format!("{} {time}", short_date(t, date)),
            None => time,
        }
    }
}
