//! Request and response bodies of the server's JSON API, shared so both sides agree on the shape.

use serde::{Deserialize, Serialize};

use crate::{FieldError, UserProfile};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoginResponse {
    /// Opaque bearer token; the server stores only its hash.
    pub token: String,
    /// Unix seconds. The client keeps working offline until then.
    pub expires_at: i64,
    pub user: UserProfile,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HealthResponse {
    pub status: String,
    pub database: String,
    pub version: String,
}

/// Every error the API returns has this body: a stable `code` the client translates, an
/// English `message` for logs and developers, and per-field problems for validation errors.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}
