//! Request and response bodies of the server's JSON API, shared so both sides agree on the shape.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::compliance::{ChecklistTally, Flag};
use crate::validation::{Errors, Field, Problem};
use crate::{FieldError, UserProfile};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

impl LoginRequest {
    /// The username as stored: trimmed and lower-case, so "Pegawai " signs in as `pegawai`.
    pub fn normalized_username(&self) -> String {
        self.username.trim().to_lowercase()
    }

    /// Both fields are required; the client checks before sending, the server again on receipt.
    pub fn check(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        if self.username.trim().is_empty() {
            errors.push(Field::Username, Problem::Required);
        }
        if self.password.is_empty() {
            errors.push(Field::Password, Problem::Required);
        }
        errors.into_result(|| ())
    }
}

/// The fewest characters a password set by its owner may have.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// A one-time activation code, as issued for a person of the roster (`ActivationCode`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivationCode {
    /// What the person types: eight letters and digits that cannot be mistaken for another
    /// (no 0/O, 1/I/L), in two groups: `K7QM-4XPA`.
    pub code: String,
    /// What they sign in with afterwards: their NIP.
    pub username: String,
    /// Unix seconds; the code is refused after.
    pub expires_at: i64,
}

/// A person setting their password with the code the Crisis Center gave them.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivateRequest {
    /// Their NIP.
    pub username: String,
    pub code: String,
    pub password: String,
}

impl ActivateRequest {
    /// The code as issued: upper case, without spaces or dashes, so "k7qm 4xpa" is `K7QM4XPA`.
    pub fn normalized_code(&self) -> String {
        self.code
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_uppercase())
            .collect()
    }

    /// The NIP without spaces.
    pub fn normalized_username(&self) -> String {
        self.username.chars().filter(|c| !c.is_whitespace()).collect()
    }

    /// Whether the password is long enough to be set (the code and NIP are judged by the
    /// server, which alone knows them).
    pub fn password_ok(&self) -> bool {
        self.password.chars().count() >= MIN_PASSWORD_CHARS
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginResponse {
    /// Opaque bearer token; the server stores only its hash.
    pub token: String,
    /// Unix seconds. The client keeps working offline until then.
    pub expires_at: i64,
    pub user: UserProfile,
    /// The offices a user with the whole agency in scope (an admin, a PPK) files office records
    /// under: the agency's, by name. Empty for everyone else, and absent from older servers.
    #[serde(default)]
    pub offices: Vec<OfficeRef>,
    /// The user's agency's region as its operator named it ("Jawa Timur / Kota Malang"): the
    /// regency whose kecamatan and kelurahan an address is picked from (`GET /api/places`; a
    /// device keeps them for that region). Absent from older servers.
    #[serde(default)]
    pub region: String,
}

/// An office, as a picker lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfficeRef {
    pub id: String,
    pub name: String,
}

impl LoginResponse {
    /// Whether the session is still usable at `now_ms` (Unix milliseconds), online or not.
    pub fn is_current_at(&self, now_ms: i64) -> bool {
        self.expires_at.saturating_mul(1000) > now_ms
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthResponse {
    pub status: String,
    pub database: String,
    pub version: String,
}

/// Every error the API returns has this body: a stable `code` the client translates, an
/// English `message` for logs and developers, and per-field problems for validation errors.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

/// The error code of `POST /api/roster/xlsx` (400) for a body that is not an XLSX workbook
/// with a worksheet, or one that cannot be read: the client says the file is not a spreadsheet
/// it can read, and offers CSV. (The endpoint takes the file's bytes and answers the first
/// worksheet as `text/csv`, `;`-separated, which `roster_import::csv_rows` reads.)
pub const NOT_A_SPREADSHEET_ERROR_CODE: &str = "not_a_spreadsheet";

/// The error code of a request the user's role may not make (403): an employee asking for the
/// figures, a PPK uploading a roster.
pub const FORBIDDEN_ERROR_CODE: &str = "forbidden";

/// The answer to an admin ending a user's sessions (`POST /api/users/{id}/sessions/end`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionsEnded {
    /// How many sessions (signed-in devices) were ended.
    pub ended: u64,
}

/// The error code of a sign-in refused after too many failures for the account or from the
/// address (HTTP 429, with `Retry-After`).
pub const TOO_MANY_ATTEMPTS_ERROR_CODE: &str = "too_many_attempts";

/// The most days one `GET /api/figures` reports.
pub const FIGURES_MAX_DAYS: u32 = 31;

/// `GET /api/figures?date=yyyy-mm-dd&days=N`: the figures of the `days` days (1 when absent)
/// ending on `date`, for every office in the user's reach (a monitor: every agency; the admin
/// and the PPK: their agency; an officer: their office).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct FiguresQuery {
    pub date: String,
    #[serde(default)]
    pub days: Option<u32>,
}

impl FiguresQuery {
    /// The days asked for, the oldest first; `None` when `date` is not a `yyyy-mm-dd` day or
    /// `days` is not 1 to `FIGURES_MAX_DAYS`.
    pub fn dates(&self) -> Option<Vec<NaiveDate>> {
        let last = crate::date::parse_ymd(&self.date)?;
        let days = self.days.unwrap_or(1);
        if !(1..=FIGURES_MAX_DAYS).contains(&days) {
            return None;
        }
        let first = last.checked_sub_days(chrono::Days::new(u64::from(days - 1)))?;
        Some(first.iter_days().take(days as usize).collect())
    }
}

/// What `GET /api/figures` answers: counts, scores and flags per office and day, never a
/// person's name, id or answer (monitors read no record about a person, UU 27/2022).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figures {
    /// The compliance rules that scored the days (`ComplianceRules::version`).
    pub rules: String,
    /// The offices in the user's reach, by agency name, then office name.
    pub offices: Vec<OfficeFigures>,
}

/// One office's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfficeFigures {
    pub agency_id: String,
    pub agency_name: String,
    pub office_id: String,
    pub office_name: String,
    /// People on the office's roster (as it stands: the roster keeps no history).
    pub staff: u32,
    /// Each day asked for, the oldest first.
    pub days: Vec<DayFigures>,
}

/// One office's day, as `compliance::office_days` counts it and `ComplianceRules::judge` scores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayFigures {
    pub date: NaiveDate,
    /// People of the roster who screened that day (one who screened twice counts once).
    pub screened: u32,
    /// The day's checklist counted, `None` when the office filed none.
    pub checklist: Option<ChecklistTally>,
    /// 0 to 100.
    pub score: u32,
    pub flags: Vec<Flag>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Role;

    #[test]
    fn login_request_table() {
        #[rustfmt::skip]
        let cases: &[(&str, &str, &str, &[Field])] = &[
            // username, password, stored username, fields reported missing
            ("pegawai",   "rahasia", "pegawai", &[]),
            (" Pegawai ", "rahasia", "pegawai", &[]),
            ("  ",        "rahasia", "",        &[Field::Username]),
            ("pegawai",   "",        "pegawai", &[Field::Password]),
            ("",          "",        "",        &[Field::Username, Field::Password]),
            ("pegawai",   "  ",      "pegawai", &[]),
        ];
        for (username, password, stored, missing) in cases {
            let request = LoginRequest {
                username: (*username).into(),
                password: (*password).into(),
            };
            assert_eq!(request.normalized_username(), *stored, "{username:?}");
            let got: Vec<Field> = request
                .check()
                .err()
                .unwrap_or_default()
                .iter()
                .map(|e| e.field)
                .collect();
            assert_eq!(got, *missing, "{username:?} {password:?}");
        }
    }

    #[test]
    fn session_is_current_until_it_expires() {
        let session = LoginResponse {
            token: "t".into(),
            expires_at: 1_600_000_000,
            user: UserProfile {
                id: "u".into(),
                username: "u".into(),
                full_name: "U".into(),
                role: Role::Employee,
                agency_id: "a".into(),
                agency_name: "A".into(),
                office_id: None,
                office_name: None,
            },
            offices: Vec::new(),
            region: String::new(),
        };
        assert!(session.is_current_at(1_599_999_999_999));
        assert!(!session.is_current_at(1_600_000_000_000));
        assert!(!session.is_current_at(1_700_000_000_000));
    }

    #[test]
    fn figures_query_table() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2020, 9, d).unwrap();
        type Span = Option<(NaiveDate, NaiveDate, usize)>;
        #[rustfmt::skip]
        let cases: &[(&str, Option<u32>, Span)] = &[
            // date, days → (first, last, how many) or refused
            ("2020-09-24", None,     Some((day(24), day(24), 1))),
            ("2020-09-24", Some(2),  Some((day(23), day(24), 2))),
            ("2020-09-24", Some(24), Some((day(1), day(24), 24))),
            ("2020-09-30", Some(31), Some((NaiveDate::from_ymd_opt(2020, 8, 31).unwrap(), day(30), 31))),
            ("2020-09-24", Some(0),  None),
            ("2020-09-24", Some(32), None),
            ("2020-9-24",  None,     None),
            ("2020-02-30", None,     None),
            ("24-09-2020", None,     None),
            ("",           None,     None),
        ];
        for (date, days, expected) in cases {
            let query = FiguresQuery {
                date: (*date).into(),
                days: *days,
            };
            let got = query
                .dates()
                .map(|d| (*d.first().unwrap(), *d.last().unwrap(), d.len()));
            assert_eq!(got, *expected, "{date:?} {days:?}");
        }
    }

    #[test]
    fn flags_go_on_the_wire_as_serde_tags_them() {
        let day = DayFigures {
            date: NaiveDate::from_ymd_opt(2020, 9, 24).unwrap(),
            screened: 1,
            checklist: None,
            score: 13,
            flags: vec![Flag::NoChecklist, Flag::ScreeningsMissing(2)],
        };
        let json = serde_json::to_value(&day).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "date": "2020-09-24",
                "screened": 1,
                "checklist": null,
                "score": 13,
                "flags": ["no_checklist", {"screenings_missing": 2}],
            })
        );
        assert_eq!(serde_json::from_value::<DayFigures>(json).unwrap(), day);
    }
}
