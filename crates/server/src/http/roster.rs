//! `POST /api/roster/xlsx`: a roster spreadsheet's bytes in, its first worksheet out as CSV
//! text (`spreadsheet::first_sheet_as_csv`), which the device previews and imports as it does
//! a CSV file. Nothing is stored.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use posko_core::roster::PERSON;

use crate::auth::CurrentUser;
use crate::error::{ApiBytes, ApiError};

#[utoipa::path(post, path = "/roster/xlsx", tag = "roster",
    request_body(content = crate::http::openapi::FileBytes, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", description = "A roster workbook"),
    security(("session" = [])),
    responses(
        (status = 200, description = "The first worksheet as CSV text, `;`-separated", body = String, content_type = "text/csv; charset=utf-8"),
        (status = 400, description = "Not a workbook with a worksheet that can be read", body = posko_core::api::ErrorBody),
        (status = 401, description = "Not signed in, or the session ended", body = posko_core::api::ErrorBody),
        (status = 403, description = "Only the Crisis Center keeps the roster", body = posko_core::api::ErrorBody),
        (status = 413, description = "The workbook, or what it unpacks to, is over the limit", body = posko_core::api::ErrorBody),
    ))]
pub async fn xlsx(user: CurrentUser, body: Result<ApiBytes, ApiError>) -> Result<Response, ApiError> {
    // The role first: one who may not keep the roster is refused whatever they sent.
    if !PERSON.access.writable_by(user.profile.role) {
        return Err(ApiError::Forbidden("only the Crisis Center keeps the roster"));
    }
    let ApiBytes(bytes) = body?;
    // Unzipping and parsing is CPU-bound: keep it off the async workers.
    let csv = tokio::task::spawn_blocking(move || crate::spreadsheet::first_sheet_as_csv(&bytes))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))??;
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], csv).into_response())
}
