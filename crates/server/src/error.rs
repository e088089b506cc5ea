//! The API's one error type and its mapping to HTTP status codes and JSON bodies.

use axum::extract::rejection::{BytesRejection, JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use posko_core::api::{
    ErrorBody, ErrorDetail, FORBIDDEN_ERROR_CODE, NOT_A_SPREADSHEET_ERROR_CODE, TOO_MANY_ATTEMPTS_ERROR_CODE,
};
use posko_core::FieldError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The body is not the JSON the endpoint expects.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The body is over the endpoint's size limit.
    #[error("request body too large: {0}")]
    TooLarge(String),
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("wrong username or password")]
    InvalidCredentials,
    #[error("not signed in or session expired")]
    Unauthenticated,
    /// Too many failed sign-ins for the account or from the address (`sign_in_limit`).
    #[error("too many failed sign-ins; try again in {retry_after_secs} s")]
    TooManyAttempts { retry_after_secs: u64 },
    /// Signed in, but the user's role may not make this request.
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// An upload that should be a spreadsheet (XLSX) and is not, or cannot be read.
    #[error("not a spreadsheet: {0}")]
    NotASpreadsheet(String),
    #[error("not found")]
    NotFound,
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            ApiError::TooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
            ApiError::Validation(_) => (StatusCode::UNPROCESSABLE_ENTITY, "validation"),
            ApiError::InvalidCredentials => (StatusCode::UNAUTHORIZED, "invalid_credentials"),
            ApiError::Unauthenticated => (StatusCode::UNAUTHORIZED, "unauthenticated"),
            ApiError::TooManyAttempts { .. } => (StatusCode::TOO_MANY_REQUESTS, TOO_MANY_ATTEMPTS_ERROR_CODE),
            ApiError::Forbidden(_) => (StatusCode::FORBIDDEN, FORBIDDEN_ERROR_CODE),
            ApiError::NotASpreadsheet(_) => (StatusCode::BAD_REQUEST, NOT_A_SPREADSHEET_ERROR_CODE),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            ApiError::Database(_) | ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let message = match &self {
            // Never leak SQL or internals to the client; log them instead.
            ApiError::Database(_) | ApiError::Internal(_) => {
                tracing::error!(error = %self, "request failed");
                "internal server error".to_owned()
            }
            other => other.to_string(),
        };
        let retry_after = match &self {
            ApiError::TooManyAttempts { retry_after_secs } => Some(retry_after_secs.to_string()),
            _ => None,
        };
        let fields = match self {
            ApiError::Validation(fields) => fields,
            _ => Vec::new(),
        };
        let mut headers = axum::http::HeaderMap::new();
        if let Some(value) = retry_after.and_then(|v| axum::http::HeaderValue::from_str(&v).ok()) {
            headers.insert(axum::http::header::RETRY_AFTER, value);
        }
        (
            status,
            headers,
            Json(ErrorBody {
                error: ErrorDetail {
                    code: code.to_owned(),
                    message,
                    fields,
                },
            }),
        )
            .into_response()
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        // A client that sent too much should send less, not fix its JSON: say which it is.
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::TooLarge(rejection.body_text())
        } else {
            ApiError::BadRequest(rejection.body_text())
        }
    }
}

impl From<BytesRejection> for ApiError {
    fn from(rejection: BytesRejection) -> Self {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::TooLarge(rejection.body_text())
        } else {
            ApiError::BadRequest(rejection.body_text())
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        ApiError::BadRequest(rejection.body_text())
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        ApiError::BadRequest(rejection.body_text())
    }
}

/// `axum::extract::Query` whose rejections are our JSON errors.
#[derive(axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

/// `axum::extract::Path` whose rejections are our JSON errors.
#[derive(axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// A raw body (`axum::body::Bytes`) whose rejections (too large, cut off) are our JSON errors.
pub struct ApiBytes(pub axum::body::Bytes);

impl<S: Send + Sync> axum::extract::FromRequest<S> for ApiBytes {
    type Rejection = ApiError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, ApiError> {
        Ok(ApiBytes(axum::body::Bytes::from_request(request, state).await?))
    }
}

/// `axum::Json` whose rejections are our JSON errors rather than plain text.
#[derive(axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

impl<T: serde::Serialize> IntoResponse for ApiJson<T> {
    fn into_response(self) -> Response {
        Json(self.0).into_response()
    }
}
