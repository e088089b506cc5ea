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

pub async fn get(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((record_id, sha256)): ApiPath<(String, String)>,
) -> Result<Response, ApiError> {
    let (content_type, bytes) = attachments::load(&state.db, state.kinds, &user.profile, &record_id, &sha256).await?;
    Ok(([(header::CONTENT_TYPE, content_type)], bytes).into_response())
}
