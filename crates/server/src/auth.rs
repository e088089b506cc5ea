//! Passwords (argon2), session tokens, and the `CurrentUser` extractor that every private route uses.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use posko_core::{Role, UserProfile};
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::error::ApiError;
use crate::AppState;

pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters")
        .to_string()
}

pub fn verify_password(password: &str, stored_hash: &str) -> bool {
    PasswordHash::new(stored_hash)
        .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
}

/// A hash of a password nobody has, checked when the username is unknown so that a wrong
/// username takes as long as a wrong password and usernames cannot be probed by timing.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("posko-no-such-user"))
}

/// A new random session token (256 bits, hex) and the hash the database keeps.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The columns of a user's profile (with agency and office names), and the joins they need:
/// one statement with a `WHERE` of its own, by user id or by session.
macro_rules! select_profile {
    ($from:literal, $filter:literal) => {
        concat!(
            "SELECT u.id, u.username, u.full_name, u.role, u.agency_id, a.name AS agency_name, \
                    u.office_id, o.name AS office_name FROM ",
            $from,
            " JOIN agencies a ON a.id = u.agency_id LEFT JOIN offices o ON o.id = u.office_id WHERE ",
            $filter
        )
    };
}

/// Loads a user's profile (with agency and office names) by id.
pub async fn load_profile(state: &AppState, user_id: &str) -> Result<Option<UserProfile>, ApiError> {
    let row = sqlx::query(select_profile!("users u", "u.id = $1"))
        .bind(user_id)
        .fetch_optional(&state.db.pool)
        .await?;
    row.map(profile_of).transpose()
}

/// The profile of the user whose session has `token_hash` and has not expired at `now` (Unix
/// seconds), in the one statement every authenticated request costs.
async fn session_profile(state: &AppState, token_hash: &str, now: i64) -> Result<Option<UserProfile>, ApiError> {
    let row = sqlx::query(select_profile!(
        "sessions s JOIN users u ON u.id = s.user_id",
        "s.token_hash = $1 AND s.expires_at > $2"
    ))
    .bind(token_hash)
    .bind(now)
    .fetch_optional(&state.db.pool)
    .await?;
    row.map(profile_of).transpose()
}

/// A profile from a row `select_profile!` selected.
fn profile_of(row: sqlx::any::AnyRow) -> Result<UserProfile, ApiError> {
    let role: String = row.try_get("role")?;
    Ok(UserProfile {
        id: row.try_get("id")?,
        username: row.try_get("username")?,
        full_name: row.try_get("full_name")?,
        role: Role::parse(&role).ok_or_else(|| ApiError::Internal(format!("unknown role {role:?} in database")))?,
        agency_id: row.try_get("agency_id")?,
        agency_name: row.try_get("agency_name")?,
        office_id: row.try_get("office_id")?,
        office_name: row.try_get("office_name")?,
    })
}

/// The user behind the request's `Authorization: Bearer` token. Rejects with 401 when the token
/// is missing, unknown or expired.
pub struct CurrentUser {
    pub profile: UserProfile,
    pub token_hash: String,
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .ok_or(ApiError::Unauthenticated)?;
        let token_hash = token_hash(token.trim());
        let now = crate::clock::now_secs();
        let profile = session_profile(state, &token_hash, now)
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        Ok(CurrentUser { profile, token_hash })
    }
}
