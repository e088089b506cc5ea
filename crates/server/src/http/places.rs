//! `GET /api/places`: the kecamatan and kelurahan of the user's agency's regency (`places::of_region`),
//! which a device keeps to offer an address from, offline too. Public data, for any signed-in user.

use axum::extract::State;
use posko_core::places::PlacesResponse;

use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiJson};
use crate::AppState;

#[utoipa::path(get, path = "/places", tag = "places",
    security(("session" = [])),
    responses(
        (status = 200, description = "The agency's region and its regency's kecamatan and kelurahan, when the list has the regency", body = PlacesResponse),
        (status = 401, description = "Not signed in, or the session ended", body = posko_core::api::ErrorBody),
    ))]
pub async fn places(State(state): State<AppState>, user: CurrentUser) -> Result<ApiJson<PlacesResponse>, ApiError> {
    let region: String = sqlx::query_scalar("SELECT region FROM agencies WHERE id = $1")
        .bind(&user.profile.agency_id)
        .fetch_one(&state.db.pool)
        .await?;
    let regency = crate::places::of_region(&region);
    Ok(ApiJson(PlacesResponse { region, regency }))
}
