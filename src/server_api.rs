//! The only module that talks to the server: sign-in and sign-out, sync, photos, activation,
//! figures, places.
//!
//! Bodies go through the browser's own `JSON.parse`/`JSON.stringify` and `js_codec` rather than
//! serde_json, which would add its parser and float formatter to the WASM bundle.

use gloo::net::http::{Request, Response};
use posko_core::api::{LoginRequest, LoginResponse};
use posko_core::sync::protocol::PushResponse;
use wasm_bindgen::{JsCast, JsValue};

use crate::js_codec::{property, FromJs, ToJs};

/// Whether `path` is one of the server's own (its API, files it serves for download), which the
/// app's links leave to the browser (`route`).
pub fn is_server_path(path: &str) -> bool {
    path.starts_with("/api/")
}

/// Why a call to the server failed, in terms the UI can explain.
#[derive(Debug, Clone, PartialEq)]
pub enum ServerError {
    /// No answer at all: offline, DNS, server down.
    Unreachable,
    /// The server answered with an error body.
    Api { status: u16, code: String, message: String },
    /// A reply arrived but not whole, or not as this app's server writes it: a connection cut
    /// mid-reply, or a proxy's page. Nothing was refused; the call is retried.
    BrokenReply,
}

fn json_text(body: &JsValue) -> Option<String> {
    js_sys::JSON::stringify(body).ok()?.as_string()
}

/// The reply's JSON as the browser parses it: the text never crosses into Rust (a page of
/// 2,000 records is about a megabyte).
async fn parse_json(response: &Response) -> Option<JsValue> {
    let body = web_sys::Response::new_with_opt_readable_stream(response.body().as_ref()).ok()?;
    wasm_bindgen_futures::JsFuture::from(body.json().ok()?).await.ok()
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

async fn post(path: &str, token: Option<&str>, body: &JsValue) -> Result<Response, ServerError> {
    send_json(path, token, json_text(body).ok_or(ServerError::Unreachable)?).await
}

async fn send_json(path: &str, token: Option<&str>, body: String) -> Result<Response, ServerError> {
    send(path, token, None, body.into()).await
}

async fn send(path: &str, token: Option<&str>, encoding: Option<&str>, body: JsValue) -> Result<Response, ServerError> {
    let mut request = Request::post(path).header("Content-Type", "application/json");
    if let Some(token) = token {
        request = request.header("Authorization", &bearer(token));
    }
    if let Some(encoding) = encoding {
        request = request.header("Content-Encoding", encoding);
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
        // A proxy's HTML error page, say, or a reply cut off: the server proper was not heard.
        _ => ServerError::BrokenReply,
    }
}

/// Signs in: the session, and the reply as the server sent it, which is what the device keeps
/// (it carries what only some screens read, such as the agency's offices, which the first load
/// never decodes).
pub async fn login(request: &LoginRequest) -> Result<(LoginResponse, JsValue), ServerError> {
    let response = post("/api/auth/login", None, &request.to_js()).await?;
    if !response.ok() {
        return Err(error_of(&response).await);
    }
    let reply = parse_json(&response).await.ok_or(ServerError::BrokenReply)?;
    let session = LoginResponse::from_js(&reply).map_err(|_| ServerError::BrokenReply)?;
    Ok((session, reply))
}

/// Ends the session on the server. Best effort: offline, the local sign-out still happens.
pub async fn logout(token: &str) {
    let _ = post("/api/auth/logout", Some(token), &JsValue::NULL).await;
}

async fn expect_json<T: FromJs>(response: Response) -> Result<T, ServerError> {
    if !response.ok() {
        return Err(error_of(&response).await);
    }
    parse_json(&response)
        .await
        .and_then(|body| T::from_js(&body).ok())
        .ok_or(ServerError::BrokenReply)
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
    // Gzipped by the browser: 10,000 screenings are 9.4 MiB of JSON, a minute on a slow uplink.
    let sent = match gzip(&body).await {
        Some(packed) => send("/api/sync/push", Some(token), Some("gzip"), packed.into()).await?,
        None => send_json("/api/sync/push", Some(token), body).await?,
    };
    expect_json(sent).await
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The browser's `CompressionStream` (declared here: web-sys has it only as an unstable API).
    #[wasm_bindgen(js_name = CompressionStream)]
    type CompressionStream;

    #[wasm_bindgen(constructor, js_class = "CompressionStream", catch)]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;
}

/// `text` gzipped by the browser's own compressor, or `None` where it has none (then the push
/// goes uncompressed: older browsers still sync).
async fn gzip(text: &str) -> Option<js_sys::Uint8Array> {
    let compressor = CompressionStream::new("gzip").ok()?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let blob = web_sys::Blob::new_with_str_sequence(&parts).ok()?;
    let packed = blob.stream().pipe_through(compressor.unchecked_ref());
    let response = web_sys::Response::new_with_opt_readable_stream(Some(&packed)).ok()?;
    let buffer = wasm_bindgen_futures::JsFuture::from(response.array_buffer().ok()?)
        .await
        .ok()?;
    Some(js_sys::Uint8Array::new(&buffer))
}

/// Whether the signed-in user's screening of `date` is on the server, and the server's time
/// (`POST /api/sync/screened`, a `ScreenedResponse`): what a phone waiting for the day's
/// screening asks in place of a pull. A `POST`, as the sign-in is: the first load then carries
/// one way of calling the server (a `GET` cost it 0.4 kB).
pub async fn screened(token: &str, date: chrono::NaiveDate) -> Result<(bool, i64), ServerError> {
    let body = format!("{{\"date\":\"{}\"}}", posko_core::date::format_ymd(date));
    let response = send_json("/api/sync/screened", Some(token), body).await?;
    if !response.ok() {
        return Err(error_of(&response).await);
    }
    let bad = || ServerError::BrokenReply;
    let reply = parse_json(&response).await.ok_or_else(bad)?;
    Ok((
        property(&reply, "screened").as_bool().ok_or_else(bad)?,
        property(&reply, "server_time_ms").as_f64().ok_or_else(bad)? as i64,
    ))
}

/// One pulled page with its records left as the browser parsed them: a record new to this
/// device goes into IndexedDB as it came, never through Rust (the initial sync of thousands of
/// records is mostly that). The page's shape is `PullResponse`.
pub struct RawPage {
    pub records: js_sys::Array,
    pub cursor: u64,
    pub more: bool,
    pub server_time_ms: i64,
    /// Records after `cursor` the server announced (0 from a server that does not say).
    pub remaining: u32,
    /// Ids of records that left the user's reach (`PullResponse::gone`).
    pub gone: js_sys::Array,
    /// The user's reach, to send back with the next pull (`PullResponse::reach`).
    pub reach: String,
    /// The page starts again from the beginning: the user's reach changed (`PullResponse::reset`).
    pub reset: bool,
}

/// A change to one field of a record, as the server's history keeps it (`HistoryEntry`): the
/// field, its old and new text (a code, a date), who made it and when the server took it.
#[derive(Clone)]
pub struct FieldHistory {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub user_id: String,
    pub received_at_ms: f64,
    /// Whether it took effect (a change that arrived after a later one is kept only here).
    pub won: bool,
}

/// The history of the record `id` on the server, oldest change first (online only).
pub async fn record_history(token: &str, id: &str) -> Result<Vec<FieldHistory>, ServerError> {
    let path = format!("/api/records/{}/history", js_sys::encode_uri_component(id));
    let response = Request::get(&path)
        .header("Authorization", &bearer(token))
        .send()
        .await
        .map_err(|_| ServerError::Unreachable)?;
    if !response.ok() {
        return Err(error_of(&response).await);
    }
    let bad = || ServerError::BrokenReply;
    let list: js_sys::Array = parse_json(&response)
        .await
        .ok_or_else(bad)?
        .dyn_into()
        .map_err(|_| bad())?;
    let mut out = Vec::with_capacity(list.length() as usize);
    for entry in list.iter() {
        let text = |name: &str| property(&entry, name).as_string();
        out.push(FieldHistory {
            field: text("field").ok_or_else(bad)?,
            old: text("old"),
            new: text("new"),
            user_id: text("user_id").unwrap_or_default(),
            received_at_ms: property(&entry, "received_at_ms").as_f64().ok_or_else(bad)?,
            won: property(&entry, "won").as_bool().unwrap_or(true),
        });
    }
    Ok(out)
}

/// One page of changes after `cursor`, reached under `reach` (the user's reach as the last
/// complete pull said it; empty before the first).
pub async fn pull(token: &str, cursor: u64, reach: &str) -> Result<RawPage, ServerError> {
    // The reach is hex the server made.
    let response = Request::get(&format!("/api/sync/pull?after={cursor}&reach={reach}"))
        .header("Authorization", &bearer(token))
        .send()
        .await
        .map_err(|_| ServerError::Unreachable)?;
    if !response.ok() {
        return Err(error_of(&response).await);
    }
    let bad = || ServerError::BrokenReply;
    let page = parse_json(&response).await.ok_or_else(bad)?;
    let get = |name: &str| js_sys::Reflect::get(&page, &JsValue::from_str(name)).map_err(|_| bad());
    let records: js_sys::Array = get("records")?.dyn_into().map_err(|_| bad())?;
    Ok(RawPage {
        records,
        cursor: get("cursor")?.as_f64().ok_or_else(bad)? as u64,
        more: get("more")?.as_bool().ok_or_else(bad)?,
        server_time_ms: get("server_time_ms")?.as_f64().ok_or_else(bad)? as i64,
        remaining: get("remaining")?.as_f64().unwrap_or(0.0) as u32,
        gone: get("gone")?.dyn_into().unwrap_or_default(),
        reach: get("reach")?.as_string().unwrap_or_default(),
        reset: get("reset")?.as_bool().unwrap_or(false),
    })
}

/// Uploads a photo a record names (`PUT /api/records/{id}/attachments/{sha256}`). The server
/// names photos by their bytes, so sending one it already has is harmless; a cut-off upload
/// keeps nothing there and is sent again whole.
pub async fn upload_photo(token: &str, photo: &crate::store::UnsentPhoto) -> Result<(), ServerError> {
    let path = format!("/api/records/{}/attachments/{}", photo.record_id, photo.photo.sha256);
    let response = Request::put(&path)
        .header("Authorization", &bearer(token))
        .header("Content-Type", &photo.photo.content_type)
        .body(JsValue::from(photo.photo.blob.clone()))
        .map_err(|_| ServerError::Unreachable)?
        .send()
        .await
        .map_err(|_| ServerError::Unreachable)?;
    if response.ok() {
        Ok(())
    } else {
        Err(error_of(&response).await)
    }
}

/// Downloads a photo a record names (`GET /api/records/{id}/attachments/{sha256}`), to show a
/// photo another device took. The one read a view waits on besides sign-in: a photo is never
/// pulled with its record (a day's photos would fill a cheap phone), so it is fetched when
/// someone opens it, and says so when offline.
pub async fn download_photo(token: &str, record_id: &str, sha256: &str) -> Result<web_sys::Blob, ServerError> {
    let path = format!("/api/records/{record_id}/attachments/{sha256}");
    let response = Request::get(&path)
        .header("Authorization", &bearer(token))
        .send()
        .await
        .map_err(|_| ServerError::Unreachable)?;
    if !response.ok() {
        return Err(error_of(&response).await);
    }
    let blob = response.binary().await.map_err(|_| ServerError::BrokenReply)?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(blob.as_slice()));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/jpeg");
    web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(|_| ServerError::BrokenReply)
}

/// Sets a new user's password with the activation code the Crisis Center gave them, and signs
/// them in (`POST /api/auth/activate`): the session and the reply as sent, as `login` returns.
pub async fn activate(username: &str, code: &str, password: &str) -> Result<(LoginResponse, JsValue), ServerError> {
    let body = crate::js_codec::JsObject::new()
        .set("username", JsValue::from_str(username))
        .set("code", JsValue::from_str(code))
        .set("password", JsValue::from_str(password))
        .build();
    let response = post("/api/auth/activate", None, &body).await?;
    if !response.ok() {
        return Err(error_of(&response).await);
    }
    let reply = parse_json(&response).await.ok_or(ServerError::BrokenReply)?;
    let session = LoginResponse::from_js(&reply).map_err(|_| ServerError::BrokenReply)?;
    Ok((session, reply))
}

/// A one-time activation code for a person of the roster (`POST /api/people/{id}/activation`):
/// the code, the username it goes with (the NIP), and when it expires (Unix seconds).
pub async fn issue_activation(token: &str, person_id: &str) -> Result<(String, String, i64), ServerError> {
    let response = post(
        &format!("/api/people/{person_id}/activation"),
        Some(token),
        &js_sys::Object::new().into(),
    )
    .await?;
    if !response.ok() {
        return Err(error_of(&response).await);
    }
    let reply = parse_json(&response).await.ok_or(ServerError::BrokenReply)?;
    let text = |name| property(&reply, name).as_string().ok_or(ServerError::BrokenReply);
    let expires_at = property(&reply, "expires_at")
        .as_f64()
        .ok_or(ServerError::BrokenReply)? as i64;
    Ok((text("code")?, text("username")?, expires_at))
}

/// Ends every session of a person's user (`POST /api/users/{id}/sessions/end`, the admin's):
/// how many devices were signed out.
pub async fn end_sessions(token: &str, user_id: &str) -> Result<u64, ServerError> {
    let response = post(
        &format!("/api/users/{user_id}/sessions/end"),
        Some(token),
        &js_sys::Object::new().into(),
    )
    .await?;
    if !response.ok() {
        return Err(error_of(&response).await);
    }
    let reply = parse_json(&response).await.ok_or(ServerError::BrokenReply)?;
    property(&reply, "ended")
        .as_f64()
        .map(|n| n as u64)
        .ok_or(ServerError::BrokenReply)
}

/// The first sheet of an Excel workbook as CSV text (`POST /api/roster/xlsx`): the one part of
/// a roster import the phone does not do itself (a workbook reader would cost every Crisis
/// Center phone more than the whole import screen), so an Excel file needs a connection.
pub async fn xlsx_to_csv(token: &str, file: &web_sys::File) -> Result<String, ServerError> {
    let response = Request::post("/api/roster/xlsx")
        .header("Authorization", &bearer(token))
        .header(
            "Content-Type",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        .body(JsValue::from(file.clone()))
        .map_err(|_| ServerError::Unreachable)?
        .send()
        .await
        .map_err(|_| ServerError::Unreachable)?;
    if !response.ok() {
        return Err(error_of(&response).await);
    }
    response.text().await.map_err(|_| ServerError::BrokenReply)
}

/// The figures of the offices in the user's reach (`GET /api/figures`): per office, its staff
/// and, for each of the `days` up to `date`, its compliance score, screenings and checklist;
/// counts only. As the server sent it: the one screen that reads it takes what it shows.
pub async fn figures(token: &str, date: chrono::NaiveDate, days: u32) -> Result<JsValue, ServerError> {
    get_json(&format!("/api/figures?date={date}&days={days}"), token).await
}

/// The kecamatan and kelurahan of the user's agency's regency (`GET /api/places`), with the region
/// they were found from; as the server sent it (`places` keeps it whole).
pub async fn places(token: &str) -> Result<JsValue, ServerError> {
    get_json("/api/places", token).await
}

/// A GET of `path` with the session's `token`: the reply's JSON as the browser parses it.
async fn get_json(path: &str, token: &str) -> Result<JsValue, ServerError> {
    let response = Request::get(path)
        .header("Authorization", &bearer(token))
        .send()
        .await
        .map_err(|_| ServerError::Unreachable)?;
    if !response.ok() {
        return Err(error_of(&response).await);
    }
    parse_json(&response).await.ok_or(ServerError::BrokenReply)
}
