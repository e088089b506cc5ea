//! `POST /api/sync/push` and `GET /api/sync/pull`: the device's outbox in, changes in scope out;
//! `POST /api/sync/screened`: what a phone waiting for the day's screening asks instead of a pull.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use posko_core::sync::protocol::{PushRequest, PushResponse, ScreenedRequest, ScreenedResponse};
use posko_core::sync::Record;
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiJson, ApiQuery};
use crate::sync::{pull as pulling, push as pushing};
use crate::AppState;

/// A full push (`MAX_PUSH_ENTRIES` records) is a few megabytes of JSON; axum's default limit
/// of 2 MB would refuse it.
pub const MAX_PUSH_BODY_BYTES: usize = 32 * 1024 * 1024;

#[utoipa::path(post, path = "/sync/push", tag = "sync", request_body = PushRequest,
    security(("session" = [])),
    responses(
        (status = 200, description = "One acknowledgement per entry, in order", body = PushResponse),
        (status = 400, description = "Not the request this endpoint takes", body = posko_core::api::ErrorBody),
        (status = 401, description = "Not signed in, or the session ended", body = posko_core::api::ErrorBody),
        (status = 409, description = "A record id is another agency's: nothing of the push is stored", body = posko_core::api::ErrorBody),
        (status = 413, description = "The body is over the limit (as decompressed)", body = posko_core::api::ErrorBody),
    ))]
pub async fn push(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(request): ApiJson<PushRequest>,
) -> Result<ApiJson<PushResponse>, ApiError> {
    pushing::apply(&state.db, state.kinds, &user.profile, &request, state.push_policy)
        .await
        .map(ApiJson)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PullQuery {
    /// The cursor the last page ended at (0 for a first sync).
    #[serde(default)]
    after: u64,
    /// Records per page (the default when absent; capped).
    limit: Option<u64>,
    /// The reach the device's cursor was reached under (`PullResponse::reach`).
    reach: Option<String>,
}

#[utoipa::path(get, path = "/sync/pull", tag = "sync", params(PullQuery),
    security(("session" = [])),
    responses(
        (status = 200, description = "The records in reach changed after the cursor, oldest change first", body = posko_core::sync::protocol::PullResponse),
        (status = 400, description = "Not the request this endpoint takes", body = posko_core::api::ErrorBody),
        (status = 401, description = "Not signed in, or the session ended", body = posko_core::api::ErrorBody),
    ))]
pub async fn pull(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<PullQuery>,
) -> Result<Response, ApiError> {
    let page = pulling::page(
        &state.db,
        state.kinds,
        &user.profile,
        query.after,
        query.limit,
        query.reach.as_deref().filter(|reach| !reach.is_empty()),
    )
    .await?;
    let body = page.to_json(crate::clock::now_ms());
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

#[utoipa::path(post, path = "/sync/screened", tag = "sync", request_body = ScreenedRequest,
    security(("session" = [])),
    responses(
        (status = 200, description = "Whether the user's own screening of the day is on the server, and the server's time", body = ScreenedResponse),
        (status = 400, description = "Not the request this endpoint takes", body = posko_core::api::ErrorBody),
        (status = 401, description = "Not signed in, or the session ended", body = posko_core::api::ErrorBody),
    ))]
pub async fn screened(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(request): ApiJson<ScreenedRequest>,
) -> Result<ApiJson<ScreenedResponse>, ApiError> {
    let date = posko_core::date::parse_ymd(&request.date)
        .ok_or_else(|| ApiError::BadRequest("date: not a yyyy-mm-dd day".to_owned()))?;
    // The user's own screening of the day has the kind's declared id for them and the day: one
    // read by key, in their agency. Only ever their own, so it tells nobody anything of another.
    let body: Option<String> = match posko_core::screening::screening_id(&user.profile.id, date) {
        Some(id) => {
            sqlx::query_scalar("SELECT body FROM records WHERE id = $1 AND agency_id = $2")
                .bind(id)
                .bind(&user.profile.agency_id)
                .fetch_optional(&state.db.pool)
                .await?
        }
        None => None,
    };
    let screened = match body {
        Some(body) => {
            let record: Record =
                serde_json::from_str(&body).map_err(|e| ApiError::Internal(format!("stored record: {e}")))?;
            !record.is_deleted()
        }
        None => false,
    };
    Ok(ApiJson(ScreenedResponse {
        screened,
        server_time_ms: crate::clock::now_ms(),
    }))
}
