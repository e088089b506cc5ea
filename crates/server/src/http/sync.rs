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

pub async fn push(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(request): ApiJson<PushRequest>,
) -> Result<ApiJson<PushResponse>, ApiError> {
    pushing::apply(&state.db, state.kinds, &user.profile, &request, state.push_policy)
        .await
        .map(ApiJson)
}

#[derive(Debug, Deserialize)]
pub struct PullQuery {
    #[serde(default)]
    after: u64,
    limit: Option<u64>,
}

pub async fn pull(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<PullQuery>,
) -> Result<Response, ApiError> {
    let page = pulling::page(&state.db, state.kinds, &user.profile, query.after, query.limit).await?;
    let body = page.to_json(chrono::Utc::now().timestamp_millis());
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}
