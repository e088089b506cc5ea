//! Login, logout and "who am I": password login issues a bearer session token.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use posko_core::api::{ActivateRequest, ActivationCode, LoginRequest, LoginResponse, OfficeRef, SessionsEnded};
use posko_core::{Role, UserProfile};

use crate::auth::{dummy_hash, load_profile, new_token, verify_password, CurrentUser};
use crate::error::{ApiError, ApiJson};
use crate::http::ClientAddress;
use crate::sign_in_limit;
use crate::AppState;

#[utoipa::path(post, path = "/auth/login", tag = "sessions", request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in: a new session", body = LoginResponse),
        (status = 400, description = "Not the request this endpoint takes", body = posko_core::api::ErrorBody),
        (status = 401, description = "Wrong username or password", body = posko_core::api::ErrorBody),
        (status = 422, description = "A field is missing", body = posko_core::api::ErrorBody),
        (status = 429, description = "Too many failed sign-ins: try again after Retry-After seconds", body = posko_core::api::ErrorBody),
    ))]
pub async fn login(
    State(state): State<AppState>,
    address: ClientAddress,
    ApiJson(request): ApiJson<LoginRequest>,
) -> Result<ApiJson<LoginResponse>, ApiError> {
    request.check().map_err(ApiError::Validation)?;
    let username = request.normalized_username();
    // Before any hashing: a guesser past the limit costs the server one read.
    let limits = sign_in_limit::keys(&username, &address.0);
    let now = crate::clock::now_secs();
    sign_in_limit::check(&state.db, &limits, now).await?;

    let found: Option<(String, String)> = sqlx::query_as("SELECT id, password_hash FROM users WHERE username = $1")
        .bind(&username)
        .fetch_optional(&state.db.pool)
        .await?;
    let (user_id, stored_hash) = match found {
        Some(found) => found,
        None => (String::new(), dummy_hash().to_owned()),
    };
    // Hashing is CPU-bound for tens of milliseconds: keep it off the async workers.
    let password = request.password;
    let valid = tokio::task::spawn_blocking(move || verify_password(&password, &stored_hash))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    if !valid || user_id.is_empty() {
        sign_in_limit::record_failure(&state.db, &limits, now).await?;
        return Err(ApiError::InvalidCredentials);
    }
    sign_in_limit::record_success(&state.db, &limits).await?;
    start_session(&state, &user_id).await.map(ApiJson)
}

/// A person of the roster sets their password with the code the Crisis Center gave them, and is
/// signed in (`activation::activate`).
#[utoipa::path(post, path = "/auth/activate", tag = "sessions", request_body = ActivateRequest,
    responses(
        (status = 200, description = "The password is set: a new session", body = LoginResponse),
        (status = 400, description = "Not the request this endpoint takes", body = posko_core::api::ErrorBody),
        (status = 401, description = "The code or NIP is wrong, or the code has expired", body = posko_core::api::ErrorBody),
        (status = 404, description = "No such code", body = posko_core::api::ErrorBody),
        (status = 409, description = "The account is active already", body = posko_core::api::ErrorBody),
        (status = 422, description = "The password is too short", body = posko_core::api::ErrorBody),
    ))]
pub async fn activate(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<ActivateRequest>,
) -> Result<ApiJson<LoginResponse>, ApiError> {
    let user_id = crate::activation::activate(&state.db, &request).await?;
    start_session(&state, &user_id).await.map(ApiJson)
}

/// A one-time code for a person of the roster (`activation::issue`).
#[utoipa::path(post, path = "/people/{id}/activation", tag = "sessions",
    params(("id" = String, Path, description = "A person of the roster")),
    security(("session" = [])),
    responses(
        (status = 200, description = "A new one-time code for the person", body = ActivationCode),
        (status = 400, description = "Not the request this endpoint takes", body = posko_core::api::ErrorBody),
        (status = 401, description = "Not signed in, or the session ended", body = posko_core::api::ErrorBody),
        (status = 403, description = "Only the Crisis Center gives codes", body = posko_core::api::ErrorBody),
        (status = 404, description = "No such person in reach", body = posko_core::api::ErrorBody),
        (status = 409, description = "The person has no valid NIP, or signs in already", body = posko_core::api::ErrorBody),
    ))]
pub async fn issue_activation(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(person_id): Path<String>,
) -> Result<ApiJson<ActivationCode>, ApiError> {
    crate::activation::issue(&state.db, &user.profile, &person_id)
        .await
        .map(ApiJson)
}

/// A new session for `user_id`, as a sign-in answers it.
async fn start_session(state: &AppState, user_id: &str) -> Result<LoginResponse, ApiError> {
    let (token, token_hash) = new_token();
    let now = crate::clock::now();
    let expires_at = (now + state.session_ttl).timestamp();
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(&token_hash)
        .bind(user_id)
        .bind(now.timestamp())
        .bind(expires_at)
        .execute(&state.db.pool)
        .await?;
    let user = load_profile(state, user_id)
        .await?
        .ok_or(ApiError::InvalidCredentials)?;
    // An agency-wide user files office records under one of the agency's offices.
    let offices = if user.office_id.is_none() && user.role != Role::Monitor {
        sqlx::query_as::<_, (String, String)>("SELECT id, name FROM offices WHERE agency_id = $1 ORDER BY name, id")
            .bind(&user.agency_id)
            .fetch_all(&state.db.pool)
            .await?
            .into_iter()
            .map(|(id, name)| OfficeRef { id, name })
            .collect()
    } else {
        Vec::new()
    };
    let region: String = sqlx::query_scalar("SELECT region FROM agencies WHERE id = $1")
        .bind(&user.agency_id)
        .fetch_one(&state.db.pool)
        .await?;
    Ok(LoginResponse {
        token,
        expires_at,
        user,
        offices,
        region,
    })
}

#[utoipa::path(post, path = "/auth/logout", tag = "sessions", security(("session" = [])),
    responses((status = 204, description = "The session is ended"), (status = 401, description = "Not signed in, or the session ended", body = posko_core::api::ErrorBody)))]
pub async fn logout(State(state): State<AppState>, user: CurrentUser) -> Result<StatusCode, ApiError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(&user.token_hash)
        .execute(&state.db.pool)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Ends every session of a user of the admin's agency (a lost or stolen phone): each of their
/// devices is asked to sign in again at its next sync, and keeps its unsent changes until then.
/// Only the agency's Crisis Center admin; a user of another agency is not found, as for anyone.
#[utoipa::path(post, path = "/users/{id}/sessions/end", tag = "sessions",
    params(("id" = String, Path, description = "A user of the admin's agency")),
    security(("session" = [])),
    responses(
        (status = 200, description = "Every session of the user is ended", body = SessionsEnded),
        (status = 400, description = "Not the request this endpoint takes", body = posko_core::api::ErrorBody),
        (status = 401, description = "Not signed in, or the session ended", body = posko_core::api::ErrorBody),
        (status = 403, description = "Only the Crisis Center admin ends sessions", body = posko_core::api::ErrorBody),
        (status = 404, description = "No such user in the agency", body = posko_core::api::ErrorBody),
    ))]
pub async fn end_sessions(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(user_id): Path<String>,
) -> Result<ApiJson<SessionsEnded>, ApiError> {
    if user.profile.role != Role::CrisisAdmin {
        return Err(ApiError::Forbidden(
            "only the Crisis Center admin ends a user's sessions",
        ));
    }
    let agency: Option<String> = sqlx::query_scalar("SELECT agency_id FROM users WHERE id = $1")
        .bind(&user_id)
        .fetch_optional(&state.db.pool)
        .await?;
    if agency.as_deref() != Some(user.profile.agency_id.as_str()) {
        return Err(ApiError::NotFound);
    }
    let ended = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(&user_id)
        .execute(&state.db.pool)
        .await?
        .rows_affected();
    tracing::info!(by = %user.profile.id, user = %user_id, ended, "sessions ended");
    Ok(ApiJson(SessionsEnded { ended }))
}

#[utoipa::path(get, path = "/me", tag = "sessions", security(("session" = [])),
    responses((status = 200, description = "Who is signed in", body = UserProfile), (status = 401, description = "Not signed in, or the session ended", body = posko_core::api::ErrorBody)))]
pub async fn me(user: CurrentUser) -> ApiJson<UserProfile> {
    ApiJson(user.profile)
}
