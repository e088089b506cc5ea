//! `PUT` and `GET /api/records/{id}/attachments/{sha256}`: a record's photos, content-addressed.
//! The device sends a photo after the record that names it; sending it again is a no-op.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::attachments;
use crate::auth::CurrentUser;
use crate::error::{ApiBytes, ApiError, ApiPath};
use crate::AppState;

/// 201 when the photo is new, 200 when the server had it already.
#[utoipa::path(put, path = "/records/{id}/attachments/{sha256}", tag = "sync",
    params(("id" = String, Path, description = "The record that names the photo"), ("sha256" = String, Path, description = "The photo's SHA-256, lower-case hex")),
    request_body(description = "The photo's bytes", content(
        (crate::http::openapi::FileBytes = "image/jpeg"),
        (crate::http::openapi::FileBytes = "image/png"),
        (crate::http::openapi::FileBytes = "image/webp"),
    )),
    security(("session" = [])),
    responses(
        (status = 201, description = "Stored"),
        (status = 200, description = "The server had it already"),
        (status = 400, description = "Not the request this endpoint takes", body = posko_core::api::ErrorBody),
        (status = 401, description = "Not signed in, or the session ended", body = posko_core::api::ErrorBody),
        (status = 404, description = "No such record in reach, or it names no such photo", body = posko_core::api::ErrorBody),
        (status = 413, description = "The photo is over the limit", body = posko_core::api::ErrorBody),
    ))]
pub async fn put(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((record_id, sha256)): ApiPath<(String, String)>,
    headers: HeaderMap,
    ApiBytes(body): ApiBytes,
) -> Result<StatusCode, ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let new = attachments::store(
        &state.db,
        state.kinds,
        &user.profile,
        &record_id,
        &sha256,
        content_type,
        &body,
    )
    .await?;
    Ok(if new { StatusCode::CREATED } else { StatusCode::OK })
}

#[utoipa::path(get, path = "/records/{id}/attachments/{sha256}", tag = "sync",
    params(("id" = String, Path, description = "The record that names the photo"), ("sha256" = String, Path, description = "The photo's SHA-256, lower-case hex")),
    security(("session" = [])),
    responses(
        (status = 200, description = "The photo", content(
            (crate::http::openapi::FileBytes = "image/jpeg"),
            (crate::http::openapi::FileBytes = "image/png"),
            (crate::http::openapi::FileBytes = "image/webp"),
        )),
        (status = 400, description = "Not the request this endpoint takes", body = posko_core::api::ErrorBody),
        (status = 401, description = "Not signed in, or the session ended", body = posko_core::api::ErrorBody),
        (status = 404, description = "No such photo of a record in reach", body = posko_core::api::ErrorBody),
    ))]
pub async fn get(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((record_id, sha256)): ApiPath<(String, String)>,
) -> Result<Response, ApiError> {
    let (content_type, bytes) = attachments::load(&state.db, state.kinds, &user.profile, &record_id, &sha256).await?;
    Ok(([(header::CONTENT_TYPE, content_type)], bytes).into_response())
}
