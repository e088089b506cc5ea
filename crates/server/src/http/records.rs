//! `GET /api/records/{id}/history`: every change the server received for one record.

use axum::extract::State;
use posko_core::sync::protocol::HistoryEntry;

use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiJson, ApiPath};
use crate::sync::history::of_record;
use crate::AppState;

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
