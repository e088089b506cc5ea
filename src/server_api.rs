//! The only module that talks to the server (login and logout for now; sync joins it next).

use gloo::net::http::Request;
use posko_core::api::{ErrorBody, LoginRequest, LoginResponse};

/// Why a call to the server failed, in terms the UI can explain.
#[derive(Debug, Clone, PartialEq)]
pub enum ServerError {
    /// No answer at all: offline, DNS, server down.
    Unreachable,
    /// The server answered with an error body.
    Api { status: u16, code: String, message: String },
}

pub async fn login(username: &str, password: &str) -> Result<LoginResponse, ServerError> {
    let request = Request::post("/api/auth/login")
        .json(&LoginRequest { username: username.to_owned(), password: password.to_owned() })
        .map_err(|_| ServerError::Unreachable)?;
    let response = request.send().await.map_err(|_| ServerError::Unreachable)?;
    if response.ok() {
        return response.json().await.map_err(|e| ServerError::Api {
            status: response.status(),
            code: "bad_response".into(),
            message: e.to_string(),
        });
    }
    let status = response.status();
    match response.json::<ErrorBody>().await {
        Ok(body) => Err(ServerError::Api { status, code: body.error.code, message: body.error.message }),
        // A proxy's HTML error page, say: the server proper was not reached.
        Err(_) => Err(ServerError::Unreachable),
    }
}

/// Ends the session on the server. Best effort: offline, the local sign-out still happens.
pub async fn logout(token: &str) {
    let _ = Request::post("/api/auth/logout").header("Authorization", &format!("Bearer {token}")).send().await;
}
