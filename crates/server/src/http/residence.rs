//! `GET /api/residence.xlsx`: the cases and close contacts the user reads, by kecamatan and
//! kelurahan, as a workbook to print for the camat and the lurah (`residence::workbook`).

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiQuery};
use crate::AppState;

/// The language of the workbook's words.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ResidenceQuery {
    /// `en` for English; Indonesian otherwise.
    pub lang: Option<String>,
}

#[utoipa::path(get, path = "/residence.xlsx", tag = "cases", params(ResidenceQuery),
    security(("session" = [])),
    responses(
        (status = 200, description = "The residence list, one sheet, A4 landscape", body = crate::http::openapi::FileBytes, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 400, description = "Not the request this endpoint takes", body = posko_core::api::ErrorBody),
        (status = 401, description = "Not signed in, or the session ended", body = posko_core::api::ErrorBody),
        (status = 403, description = "Only the health team reads the residence lists", body = posko_core::api::ErrorBody),
    ))]
pub async fn xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    query: Result<ApiQuery<ResidenceQuery>, ApiError>,
) -> Result<Response, ApiError> {
    let ApiQuery(query) = query?;
    let english = query.lang.as_deref() == Some("en");
    let bytes = crate::residence::workbook(&state.db, state.kinds, &user.profile, english).await?;
    let name = if english {
        "posko-residence.xlsx"
    } else {
        "posko-tempat-tinggal.xlsx"
    };
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        bytes,
    )
        .into_response())
}
