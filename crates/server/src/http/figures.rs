//! `GET /api/figures?date=yyyy-mm-dd&days=N`: every office's counts, scores and flags in the
//! user's reach (`figures::of`); read-only, and never an individual's answers.

use axum::extract::State;
use posko_core::api::{Figures, FiguresQuery};

use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiJson, ApiQuery};
use crate::AppState;

#[utoipa::path(get, path = "/figures", tag = "figures", params(FiguresQuery),
    security(("session" = [])),
    responses(
        (status = 200, description = "Counts, scores and flags per office and day in reach", body = Figures),
        (status = 400, description = "Not the request this endpoint takes", body = posko_core::api::ErrorBody),
        (status = 401, description = "Not signed in, or the session ended", body = posko_core::api::ErrorBody),
        (status = 403, description = "An employee reads no figures", body = posko_core::api::ErrorBody),
    ))]
pub async fn figures(
    State(state): State<AppState>,
    user: CurrentUser,
    query: Result<ApiQuery<FiguresQuery>, ApiError>,
) -> Result<ApiJson<Figures>, ApiError> {
    // The role first: an employee is refused whatever the query says.
    crate::figures::readable_by(&user.profile)?;
    let ApiQuery(query) = query?;
    crate::figures::of(&state.db, &user.profile, &query).await.map(ApiJson)
}
