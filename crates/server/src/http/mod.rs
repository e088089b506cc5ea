//! The router: `/api/*` JSON endpoints, then the built PWA with its SPA fallback and cache rules.

mod attachments;
mod auth;
mod figures;
mod health;
mod openapi;
mod places;
mod records;
mod residence;
mod roster;
mod static_files;
mod sync;
pub use sync::MAX_PUSH_BODY_BYTES;

use std::convert::Infallible;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::routing::{any, get};
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::decompression::RequestDecompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::AppState;

/// The address a request came from, as far as the server can tell: the peer's address (when
/// served with `into_make_service_with_connect_info`), or, behind a reverse proxy
/// (`AppState::behind_proxy`), the last address the proxy appended to `X-Forwarded-For`, which a
/// client cannot forge. `unknown` when neither is there (tests through `oneshot`).
pub struct ClientAddress(pub String);

impl axum::extract::FromRequestParts<AppState> for ClientAddress {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &AppState) -> Result<Self, Infallible> {
        if state.behind_proxy {
            let forwarded = parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .map(str::trim)
                .rfind(|v| !v.is_empty());
            if let Some(address) = forwarded {
                return Ok(ClientAddress(address.to_owned()));
            }
        }
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|info| info.0.ip().to_string());
        Ok(ClientAddress(peer.unwrap_or_else(|| "unknown".to_owned())))
    }
}

/// What a page of Posko may load and run (issue #18): its own files only, no inline script (the
/// glue starts the module itself, tools/build.mjs) and no inline style, WebAssembly compiled
/// (`wasm-unsafe-eval`), photos shown from `blob:` URLs the camera input makes, and no page of
/// anyone else's may frame it.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; worker-src 'self'; \
     manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The API's routes, each described where it is declared (its handler's `#[utoipa::path]`), so
/// the description (`/api/openapi.json`) lists every endpoint and no other.
fn api() -> OpenApiRouter<AppState> {
    // Devices send their outbox gzipped (`Content-Encoding: gzip`); the limit applies to the
    // body as decompressed, so a small bomb cannot grow past it.
    let (schemas, paths, push) = routes!(sync::push);
    let push = push
        .layer::<_, Infallible>(DefaultBodyLimit::max(sync::MAX_PUSH_BODY_BYTES))
        .layer::<_, Infallible>(RequestDecompressionLayer::new());
    let (photo_schemas, photo_paths, photos) = routes!(attachments::get, attachments::put);
    let photos = photos.layer(DefaultBodyLimit::max(crate::attachments::MAX_ATTACHMENT_BYTES));
    let (sheet_schemas, sheet_paths, sheet) = routes!(roster::xlsx);
    let sheet = sheet.layer(DefaultBodyLimit::max(crate::spreadsheet::MAX_XLSX_BYTES));
    OpenApiRouter::new()
        .routes(routes!(health::health))
        .routes(routes!(auth::login))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::activate))
        .routes(routes!(auth::issue_activation))
        .routes(routes!(auth::me))
        .routes(routes!(auth::end_sessions))
        .routes((schemas, paths, push))
        .routes(routes!(sync::pull))
        .routes(routes!(sync::screened))
        .routes(routes!(records::history))
        .routes((photo_schemas, photo_paths, photos))
        .routes(routes!(figures::figures))
        .routes(routes!(places::places))
        .routes(routes!(residence::xlsx))
        .routes((sheet_schemas, sheet_paths, sheet))
}

/// The API's OpenAPI description, as `/api/openapi.json` serves it.
pub fn openapi() -> utoipa::openapi::OpenApi {
    OpenApiRouter::with_openapi(openapi::description())
        .nest("/api", api())
        .into_openapi()
}

/// The whole HTTP service. Tests call it with `tower::ServiceExt::oneshot`, `main` serves it.
pub fn app(state: AppState) -> Router {
    let (api, description) = OpenApiRouter::with_openapi(openapi::description())
        .nest("/api", api())
        .split_for_parts();
    // Written once: the description does not change while the server runs.
    let description = std::sync::Arc::new(description.to_json().unwrap_or_default());
    let api = api
        .route(
            "/api/openapi.json",
            get(move || {
                let description = description.clone();
                async move {
                    (
                        [(header::CONTENT_TYPE, "application/json")],
                        description.as_str().to_owned(),
                    )
                }
            }),
        )
        .route("/api/{*rest}", any(|| async { ApiError::NotFound }))
        // API answers are personal and live: never cached by the browser or a proxy.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));

    let router = api;
    let router = match &state.dist {
        Some(dist) => router.fallback_service(static_files::service(dist)),
        None => router,
    };
    router
        .layer(CompressionLayer::new())
        // Cheap hardening for every response: no MIME sniffing, no framing, no referrer leaks.
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .with_state(state)
}
