//! `GET /api/health`: is the server up and can it reach its database.

use axum::extract::State;
use posko_core::api::HealthResponse;

use crate::error::{ApiError, ApiJson};
use crate::AppState;

#[utoipa::path(get, path = "/health", tag = "server",
    responses((status = 200, description = "The server and its database answer", body = HealthResponse)))]
pub async fn health(State(state): State<AppState>) -> Result<ApiJson<HealthResponse>, ApiError> {
    let one: i32 = sqlx::query_scalar("SELECT 1").fetch_one(&state.db.pool).await?;
    debug_assert_eq!(one, 1);
    Ok(ApiJson(HealthResponse {
        status: "ok".to_owned(),
        database: state.db.backend.as_str().to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    }))
}
