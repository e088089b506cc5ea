//! Request and response bodies of the server's JSON API, shared so both sides agree on the shape.

use serde::{Deserialize, Serialize};

use crate::validation::{Errors, Field, Problem};
use crate::{FieldError, UserProfile};

#[derive(Debug, Clone, Serialize, Deserialize)]
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
}

/// An office, as a picker lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct HealthResponse {
    pub status: String,
    pub database: String,
    pub version: String,
}

/// Every error the API returns has this body: a stable `code` the client translates, an
/// English `message` for logs and developers, and per-field problems for validation errors.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
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
        };
        assert!(session.is_current_at(1_599_999_999_999));
        assert!(!session.is_current_at(1_600_000_000_000));
        assert!(!session.is_current_at(1_700_000_000_000));
    }
}
