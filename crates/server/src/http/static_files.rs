//! Serves the built PWA: precompressed files, cache rules by file kind, and the SPA fallback.

use std::convert::Infallible;
use std::path::Path;

use axum::body::Body;
use axum::http::{header, HeaderValue, Request, Response, StatusCode};
use axum::response::IntoResponse;
use tower::util::ServiceExt;
use tower::{service_fn, Service};
use tower_http::services::{ServeDir, ServeFile};

/// How long a browser may keep a file without asking again.
pub fn cache_policy(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    if is_hashed_asset(name) {
        // The name changes whenever the content does, so the old name can be kept forever.
        "public, max-age=31536000, immutable"
    } else {
        // index.html, sw.js, the manifest, the precache list, icons: always revalidate, so a new
        // release is seen at once (the service worker then decides when to switch).
        "no-cache"
    }
}

/// The build (tools/build.mjs) names hashed outputs `name-<16 hex digits>.ext`.
fn is_hashed_asset(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name);
    // wasm-bindgen adds `_bg` after the hash of the WebAssembly file.
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    match stem.rsplit_once('-') {
        Some((_, hash)) => hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
        None => false,
    }
}

/// A path that names a file (has an extension) gets a real 404 when missing; any other path is
/// an app route and gets the shell, so deep links work online as they do offline.
fn looks_like_file(path: &str) -> bool {
    path.rsplit('/').next().is_some_and(|name| name.contains('.'))
}

pub fn service(
    dist: &Path,
) -> impl Service<Request<Body>, Response = Response<Body>, Error = Infallible, Future = impl Send>
       + Clone
       + Send
       + Sync
       + 'static {
    let index = dist.join("index.html");
    let shell = ServeFile::new(index).precompressed_br().precompressed_gzip();
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(true);
    service_fn(move |request: Request<Body>| {
        let files = files.clone();
        let shell = shell.clone();
        async move {
            let path = request.uri().path().to_owned();
            let headers = request.headers().clone();
            let response = files
                .oneshot(request.map(|_| Body::empty()))
                .await
                .map(|r| r.map(Body::new));
            let mut response = match response {
                Ok(response) if response.status() == StatusCode::NOT_FOUND && !looks_like_file(&path) => {
                    // Same headers, so the shell is compressed and conditional like any file.
                    let mut shell_request = Request::get("/index.html").body(Body::empty()).expect("static request");
                    *shell_request.headers_mut() = headers;
                    match shell.oneshot(shell_request).await {
                        Ok(response) => response.map(Body::new),
                        Err(error) => (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response(),
                    }
                }
                Ok(response) => response,
                Err(error) => (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response(),
            };
            let policy = if response.status().is_success() {
                cache_policy(&path)
            } else {
                "no-cache"
            };
            let policy = if path == "/" { "no-cache" } else { policy };
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
            Ok::<_, Infallible>(response)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_policy_table() {
        #[rustfmt::skip]
        let cases = [
            ("/posko-3f2a9c8d1e0b7a65_bg.wasm", "public, max-age=31536000, immutable"),
            ("/posko-3f2a9c8d1e0b7a65.js",      "public, max-age=31536000, immutable"),
            ("/main-0123456789abcdef.css",      "public, max-age=31536000, immutable"),
            ("/index.html",                     "no-cache"),
            ("/sw.js",                          "no-cache"),
            ("/manifest.webmanifest",           "no-cache"),
            ("/icons/icon-192.png",             "no-cache"),
            ("/posko-3f2a9c8d.js",              "no-cache"),
            ("/posko-3f2a9c8d1e0b7a6z.js",      "no-cache"),
        ];
        for (path, expected) in cases {
            assert_eq!(cache_policy(path), expected, "{path}");
        }
    }
}
