//! The only module that talks to the server: login, logout, and the two sync calls.
//!
//! Bodies go through the browser's own `JSON.parse`/`JSON.stringify` and serde-wasm-bindgen
//! rather than serde_json, which would add its parser and float formatter to the WASM bundle.

use gloo::net::http::{Request, Response};
use posko_core::api::{LoginRequest, LoginResponse};
use posko_core::sync::protocol::PushResponse;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

/// Why a call to the server failed, in terms the UI can explain.
#[derive(Debug, Clone, PartialEq)]
pub enum ServerError {
    /// No answer at all: offline, DNS, server down.
    Unreachable,
    /// The server answered with an error body.
    Api { status: u16, code: String, message: String },
}

fn json_text<T: Serialize>(body: &T) -> Option<String> {
    let value = body
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .ok()?;
    js_sys::JSON::stringify(&value).ok()?.as_string()
}

async fn read_json<T: DeserializeOwned>(response: &Response) -> Option<T> {
    let text = response.text().await.ok()?;
    let value: JsValue = js_sys::JSON::parse(&text).ok()?;
    serde_wasm_bindgen::from_value(value).ok()
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

async fn post<T: Serialize>(path: &str, token: Option<&str>, body: &T) -> Result<Response, ServerError> {
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

/// The part of the server's `ErrorBody` this client reads. Field problems are validated here
/// before sending, so the client skips them (and the code to decode them).
#[derive(Deserialize)]
struct ErrorReply {
    error: ErrorReplyDetail,
}

#[derive(Deserialize)]
struct ErrorReplyDetail {
    code: String,
    message: String,
}

async fn error_of(response: &Response) -> ServerError {
    match read_json::<ErrorReply>(response).await {
        Some(body) => ServerError::Api {
            status: response.status(),
            code: body.error.code,
            message: body.error.message,
        },
        // A proxy's HTML error page, say: the server proper was not reached.
        None => ServerError::Unreachable,
    }
}

pub async fn login(request: &LoginRequest) -> Result<LoginResponse, ServerError> {
    expect_json(post("/api/auth/login", None, request).await?).await
}

/// Ends the session on the server. Best effort: offline, the local sign-out still happens.
pub async fn logout(token: &str) {
    let _ = post("/api/auth/logout", Some(token), &()).await;
}

fn bad_reply(response: &Response) -> ServerError {
    ServerError::Api {
        status: response.status(),
        code: "bad_response".into(),
        message: "the reply is not what this app expects".into(),
    }
}

async fn expect_json<T: DeserializeOwned>(response: Response) -> Result<T, ServerError> {
    if !response.ok() {
        return Err(error_of(&response).await);
    }
    read_json(&response).await.ok_or_else(|| bad_reply(&response))
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
