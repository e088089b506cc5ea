//! `POST /api/sync/push` and `GET /api/sync/pull`: the device's outbox in, changes in scope out.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use posko_core::sync::protocol::{PushRequest, PushResponse};
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
    let body = page.to_json(chrono::Utc::now().timestamp_millis());
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}
