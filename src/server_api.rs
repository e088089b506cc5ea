//! The only module that talks to the server: login, logout, and the two sync calls.
//!
//! Bodies go through the browser's own `JSON.parse`/`JSON.stringify` and `js_codec` rather than
//! serde_json, which would add its parser and float formatter to the WASM bundle.

use gloo::net::http::{Request, Response};
use posko_core::api::{LoginRequest, LoginResponse};
use posko_core::sync::protocol::PushResponse;
use wasm_bindgen::{JsCast, JsValue};

use crate::js_codec::{property, FromJs, ToJs};

/// Why a call to the server failed, in terms the UI can explain.
#[derive(Debug, Clone, PartialEq)]
pub enum ServerError {
    /// No answer at all: offline, DNS, server down.
    Unreachable,
    /// The server answered with an error body.
    Api { status: u16, code: String, message: String },
}

fn json_text(body: &JsValue) -> Option<String> {
    js_sys::JSON::stringify(body).ok()?.as_string()
}

async fn parse_json(response: &Response) -> Option<JsValue> {
    js_sys::JSON::parse(&response.text().await.ok()?).ok()
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

async fn post(path: &str, token: Option<&str>, body: &JsValue) -> Result<Response, ServerError> {
    send_json(path, token, json_text(body).ok_or(ServerError::Unreachable)?).await
}

async fn send_json(path: &str, token: Option<&str>, body: String) -> Result<Response, ServerError> {
    let mut request = Request::post(path).header("Content-Type", "application/json");
    if let Some(token) = token {
        request = request.header("Authorization", &bearer(token));
    }
    request
        .body(body)
        .map_err(|_| ServerError::Unreachable)?
        .send()
        .await
        .map_err(|_| ServerError::Unreachable)
}

/// Reads the part of the server's `ErrorBody` this client uses, `error.code` and `error.message`.
/// Field problems are validated here before sending, so the client skips them.
async fn error_of(response: &Response) -> ServerError {
    let detail = parse_json(response).await.map(|body| property(&body, "error"));
    let text = |name| detail.as_ref().and_then(|d| property(d, name).as_string());
    match (text("code"), text("message")) {
        (Some(code), Some(message)) => ServerError::Api {
            status: response.status(),
            code,
            message,
        },
        // A proxy's HTML error page, say: the server proper was not reached.
        _ => ServerError::Unreachable,
    }
}

pub async fn login(request: &LoginRequest) -> Result<LoginResponse, ServerError> {
    expect_json(post("/api/auth/login", None, &request.to_js()).await?).await
}

/// Ends the session on the server. Best effort: offline, the local sign-out still happens.
pub async fn logout(token: &str) {
    let _ = post("/api/auth/logout", Some(token), &JsValue::NULL).await;
}

fn bad_reply(response: &Response) -> ServerError {
    ServerError::Api {
        status: response.status(),
        code: "bad_response".into(),
        message: "the reply is not what this app expects".into(),
    }
}

async fn expect_json<T: FromJs>(response: Response) -> Result<T, ServerError> {
    if !response.ok() {
        return Err(error_of(&response).await);
    }
    parse_json(&response)
        .await
        .and_then(|body| T::from_js(&body).ok())
        .ok_or_else(|| bad_reply(&response))
}

/// Sends a batch of queued changes, `entries` being `[{seq, record}]` as the store read them
/// (a `PushRequest` in JSON, built without passing the records through Rust); the reply
/// acknowledges each.
pub async fn push(token: &str, device_id: &str, entries: &js_sys::Array) -> Result<PushResponse, ServerError> {
    let request = js_sys::Object::new();
    js_sys::Reflect::set(&request, &"device_id".into(), &device_id.into())
        .and(js_sys::Reflect::set(&request, &"entries".into(), entries))
        .map_err(|_| ServerError::Unreachable)?;
    let body = js_sys::JSON::stringify(&request)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or(ServerError::Unreachable)?;
    expect_json(send_json("/api/sync/push", Some(token), body).await?).await
}

/// One pulled page with its records left as the browser parsed them: a record new to this
/// device goes into IndexedDB as it came, never through Rust (the initial sync of thousands of
/// records is mostly that). The page's shape is `PullResponse`.
pub struct RawPage {
    pub records: js_sys::Array,
    pub cursor: u64,
    pub more: bool,
    pub server_time_ms: i64,
}

/// One page of changes after `cursor`.
pub async fn pull(token: &str, cursor: u64) -> Result<RawPage, ServerError> {
    let response = Request::get(&format!("/api/sync/pull?after={cursor}"))
        .header("Authorization", &bearer(token))
        .send()
        .await
        .map_err(|_| ServerError::Unreachable)?;
    if !response.ok() {
        return Err(error_of(&response).await);
    }
    let bad = || bad_reply(&response);
    let text = response.text().await.map_err(|_| ServerError::Unreachable)?;
    let page = js_sys::JSON::parse(&text).map_err(|_| bad())?;
    let get = |name: &str| js_sys::Reflect::get(&page, &JsValue::from_str(name)).map_err(|_| bad());
    let records: js_sys::Array = get("records")?.dyn_into().map_err(|_| bad())?;
    Ok(RawPage {
        records,
        cursor: get("cursor")?.as_f64().ok_or_else(bad)? as u64,
        more: get("more")?.as_bool().ok_or_else(bad)?,
        server_time_ms: get("server_time_ms")?.as_f64().ok_or_else(bad)? as i64,
    })
}
