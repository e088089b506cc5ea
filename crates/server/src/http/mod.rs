//! The router: `/api/*` JSON endpoints, then the built PWA with its SPA fallback and cache rules.

mod attachments;
mod auth;
mod figures;
mod health;
mod records;
mod roster;
mod static_files;
mod sync;
pub use sync::MAX_PUSH_BODY_BYTES;

use std::convert::Infallible;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::routing::{any, get, post};
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::decompression::RequestDecompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

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

/// The whole HTTP service. Tests call it with `tower::ServiceExt::oneshot`, `main` serves it.
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .route("/health", get(health::health))
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/auth/activate", post(auth::activate))
        .route("/people/{id}/activation", post(auth::issue_activation))
        .route("/me", get(auth::me))
        .route("/users/{id}/sessions/end", post(auth::end_sessions))
        .route(
            "/sync/push",
            // Devices send their outbox gzipped (`Content-Encoding: gzip`); the limit applies to
            // the body as decompressed, so a small bomb cannot grow past it.
            post(sync::push)
                .layer::<_, Infallible>(DefaultBodyLimit::max(sync::MAX_PUSH_BODY_BYTES))
                .layer::<_, Infallible>(RequestDecompressionLayer::new()),
        )
        .route("/sync/pull", get(sync::pull))
        .route("/records/{id}/history", get(records::history))
        .route(
            "/records/{id}/attachments/{sha256}",
            get(attachments::get)
                .put(attachments::put)
                .layer(DefaultBodyLimit::max(crate::attachments::MAX_ATTACHMENT_BYTES)),
        )
        .route("/figures", get(figures::figures))
        .route(
            "/roster/xlsx",
            post(roster::xlsx).layer(DefaultBodyLimit::max(crate::spreadsheet::MAX_XLSX_BYTES)),
        )
        .route("/{*rest}", any(|| async { ApiError::NotFound }))
        // API answers are personal and live: never cached by the browser or a proxy.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));

    let router = Router::new().nest("/api", api);
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
