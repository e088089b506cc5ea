//! `POST /api/roster/xlsx`: a roster spreadsheet's bytes in, its first worksheet out as CSV
//! text (`spreadsheet::first_sheet_as_csv`), which the device previews and imports as it does
//! a CSV file. Nothing is stored.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use posko_core::roster::PERSON;

use crate::auth::CurrentUser;
use crate::error::{ApiBytes, ApiError};

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
