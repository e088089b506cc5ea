//! Sign-ins for people of the roster: the Crisis Center issues a one-time code for a person
//! (`issue`), hands it over, and the person sets their password with it (`activate`), once,
//! within seven days. They then sign in with their NIP. The person's user has the person's
//! record id (`posko_core::alert`: a screening's owner names its person), the employee role,
//! and the person's office. Only the code's SHA-256 is kept; a new code replaces the old.

use posko_core::api::{ActivateRequest, ActivationCode};
use posko_core::kit;
use posko_core::roster::{Person, PERSON};
use posko_core::sync::{Record, SyncRecord};
use posko_core::{Role, UserProfile};
use rand::Rng;

use crate::auth::{hash_password, token_hash};
use crate::db::Db;
use crate::error::ApiError;

/// Letters and digits no one misreads on a screen or a scrap of paper (no 0/O, 1/I/L).
const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// How long a code may wait to be used.
const VALID_SECONDS: i64 = 7 * 24 * 3600;

async fn person(db: &Db, person_id: &str) -> Result<Option<(Record, Person)>, ApiError> {
    let body: Option<String> = sqlx::query_scalar("SELECT body FROM records WHERE id = $1 AND kind = $2")
        .bind(person_id)
        .bind(PERSON.name)
        .fetch_optional(&db.pool)
        .await?;
    let Some(body) = body else { return Ok(None) };
    let record: Record = serde_json::from_str(&body).map_err(|e| ApiError::Internal(format!("stored record: {e}")))?;
    if record.deleted.is_some() {
        return Ok(None);
    }
    let person = Person::from_record(&record).map_err(|e| ApiError::Internal(format!("stored person: {e}")))?;
    Ok(Some((record, person)))
}

/// A new code for person `person_id`, for a user who may change that person (the Crisis Center
/// of the person's office or agency); `NotFound` for anyone else, as for a person not there.
pub async fn issue(db: &Db, user: &UserProfile, person_id: &str) -> Result<ActivationCode, ApiError> {
    let Some((record, person)) = person(db, person_id).await? else {
        return Err(ApiError::NotFound);
    };
    if !kit::may_write(user, &PERSON, &record, Some(&record)) {
        return Err(ApiError::NotFound);
    }
    // The NIP is the username: another user by that name is someone else.
    let holder: Option<String> = sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
        .bind(&person.nip)
        .fetch_optional(&db.pool)
        .await?;
    if holder.is_some_and(|id| id != person.id) {
        return Err(ApiError::Conflict(format!(
            "the username {} belongs to another user",
            person.nip
        )));
    }
    let code: String = {
        let mut rng = rand::rng();
        (0..8)
            .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
            .collect()
    };
    let now = crate::clock::now_secs();
    let mut tx = db.pool.begin().await?;
    sqlx::query("DELETE FROM activations WHERE person_id = $1")
        .bind(&person.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO activations (person_id, code_hash, issued_by, issued_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&person.id)
    .bind(token_hash(&code))
    .bind(&user.id)
    .bind(now)
    .bind(now + VALID_SECONDS)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(ActivationCode {
        code: format!("{}-{}", &code[..4], &code[4..]),
        username: person.nip,
        expires_at: now + VALID_SECONDS,
    })
}

/// Wrong codes a NIP's live code survives: the next wrong one spends it, and the Crisis Center
/// issues a new one. With 8 characters of 31, a guesser has 5 in about 8.5·10¹¹ per code.
pub const MAX_WRONG_TRIES: i64 = 5;

/// Counts a wrong code against the live codes of the NIP it was given with, and spends those
/// that reached `MAX_WRONG_TRIES`.
async fn spend_a_try(db: &Db, candidates: &[(String, String)]) -> Result<(), ApiError> {
    let mut tx = db.pool.begin().await?;
    for (person_id, _) in candidates {
        sqlx::query("UPDATE activations SET wrong_tries = wrong_tries + 1 WHERE person_id = $1")
            .bind(person_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM activations WHERE person_id = $1 AND wrong_tries >= $2")
            .bind(person_id)
            .bind(MAX_WRONG_TRIES)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Sets the password of the person whose NIP and unused, unexpired code `request` gives, making
/// their user if they have none; returns that user's id. A wrong NIP, code or an old code all
/// look the same: `InvalidCredentials`; a wrong code counts against the NIP's live code.
pub async fn activate(db: &Db, request: &ActivateRequest) -> Result<String, ApiError> {
    if !request.password_ok() {
        return Err(ApiError::BadRequest(format!(
            "a password needs at least {} characters",
            posko_core::api::MIN_PASSWORD_CHARS
        )));
    }
    let now = crate::clock::now_secs();
    let candidates: Vec<(String, String)> = sqlx::query_as(
        "SELECT a.person_id, a.code_hash FROM activations a JOIN kind_person p ON p.id = a.person_id \
         WHERE p.nip = $1 AND a.expires_at > $2",
    )
    .bind(request.normalized_username())
    .bind(now)
    .fetch_all(&db.pool)
    .await?;
    let given = token_hash(&request.normalized_code());
    let Some(person_id) = candidates
        .iter()
        .find(|(_, hash)| *hash == given)
        .map(|(id, _)| id.clone())
    else {
        spend_a_try(db, &candidates).await?;
        return Err(ApiError::InvalidCredentials);
    };
    let Some((_, person)) = person(db, &person_id).await? else {
        return Err(ApiError::InvalidCredentials);
    };
    let password = request.password.clone();
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let mut tx = db.pool.begin().await?;
    // Used once: whoever gets here first uses it.
    let used = sqlx::query("DELETE FROM activations WHERE person_id = $1 AND code_hash = $2")
        .bind(&person.id)
        .bind(&given)
        .execute(&mut *tx)
        .await?;
    if used.rows_affected() == 0 {
        return Err(ApiError::InvalidCredentials);
    }
    let exists: Option<String> = sqlx::query_scalar("SELECT id FROM users WHERE id = $1")
        .bind(&person.id)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_some() {
        sqlx::query("UPDATE users SET password_hash = $1, username = $2, full_name = $3 WHERE id = $4")
            .bind(&hash)
            .bind(&person.nip)
            .bind(&person.full_name)
            .bind(&person.id)
            .execute(&mut *tx)
            .await?;
    } else {
        sqlx::query(
            "INSERT INTO users (id, username, password_hash, full_name, role, agency_id, office_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&person.id)
        .bind(&person.nip)
        .bind(&hash)
        .bind(&person.full_name)
        .bind(Role::Employee.as_str())
        .bind(&person.agency_id)
        .bind(&person.office_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(person.id)
}
