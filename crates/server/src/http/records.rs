//! `GET /api/records/{id}/history`: every change the server received for one record.

use axum::extract::State;
use posko_core::sync::protocol::HistoryEntry;

use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiJson, ApiPath};
use crate::sync::history::of_record;
use crate::AppState;

#[utoipa::path(get, path = "/records/{id}/history", tag = "sync",
    params(("id" = String, Path, description = "A record in reach")),
    security(("session" = [])),
    responses(
        (status = 200, description = "Every change of the record, oldest first", body = Vec<posko_core::sync::protocol::HistoryEntry>),
        (status = 400, description = "Not the request this endpoint takes", body = posko_core::api::ErrorBody),
        (status = 401, description = "Not signed in, or the session ended", body = posko_core::api::ErrorBody),
        (status = 404, description = "No such record in reach", body = posko_core::api::ErrorBody),
    ))]
pub async fn history(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<String>,
) -> Result<ApiJson<Vec<HistoryEntry>>, ApiError> {
    of_record(&state.db, state.kinds, &user.profile, &id)
        .await?
        .map(ApiJson)
        .ok_or(ApiError::NotFound)
}
