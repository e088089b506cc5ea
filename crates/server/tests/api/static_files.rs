//! Serving the built PWA: precompressed files, cache headers, SPA fallback, real 404s.

use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode};

async fn app_with_dist() -> (common::TestApp, tempfile::TempDir) {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("index.html"), "<!doctype html><title>Posko</title>").unwrap();
    std::fs::write(dist.path().join("index.html.br"), b"brotli-bytes-of-index").unwrap();
    std::fs::write(dist.path().join("posko-0123456789abcdef.js"), "export default 1;").unwrap();
    std::fs::write(dist.path().join("posko-0123456789abcdef.js.br"), b"brotli-bytes-of-js").unwrap();
    std::fs::write(dist.path().join("posko-0123456789abcdef.js.gz"), b"gzip-bytes-of-js").unwrap();
    std::fs::write(dist.path().join("sw.js"), "self.addEventListener('fetch', () => {});").unwrap();
    let mut app = common::sqlite().await;
    app.state.dist = Some(dist.path().to_owned());
    (app, dist)
}

fn get(path: &str, accept_encoding: &str) -> Request<Body> {
    Request::get(path)
        .header("accept-encoding", accept_encoding)
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_precompressed() {
    let (app, _dist) = app_with_dist().await;
    let br = app.send(get("/posko-0123456789abcdef.js", "gzip, br")).await;
    assert_eq!(br.status, StatusCode::OK);
    assert_eq!(br.header("content-encoding"), "br");
    assert_eq!(br.body, b"brotli-bytes-of-js");
    assert_eq!(br.header("cache-control"), "public, max-age=31536000, immutable");
    assert!(br.header("content-type").contains("javascript"));

    let gzip = app.send(get("/posko-0123456789abcdef.js", "gzip")).await;
    assert_eq!(gzip.header("content-encoding"), "gzip");
    assert_eq!(gzip.body, b"gzip-bytes-of-js");

    let plain = app.send(get("/posko-0123456789abcdef.js", "identity")).await;
    assert_eq!(plain.header("content-encoding"), "");
    assert_eq!(plain.body, b"export default 1;");
}

#[tokio::test]
async fn shell_and_service_worker_are_revalidated() {
    let (app, _dist) = app_with_dist().await;
    for path in ["/", "/index.html", "/sw.js"] {
        let reply = app.send(get(path, "identity")).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert_eq!(reply.header("cache-control"), "no-cache", "{path}");
        // The page runs only its own scripts: no inline one, no framing by another site.
        let csp = reply.header("content-security-policy");
        assert_eq!(csp, posko_server::http::CONTENT_SECURITY_POLICY, "{path}");
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval';"), "{csp}");
    }
}

#[tokio::test]
async fn app_routes_fall_back_to_the_shell_compressed() {
    let (app, _dist) = app_with_dist().await;
    let reply = app.send(get("/skrining/riwayat", "br")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-encoding"), "br");
    assert_eq!(reply.body, b"brotli-bytes-of-index");
    assert_eq!(reply.header("cache-control"), "no-cache");
}

#[tokio::test]
async fn missing_files_are_real_404s() {
    let (app, _dist) = app_with_dist().await;
    let reply = app.send(get("/posko-ffffffffffffffff.js", "identity")).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.header("cache-control"), "no-cache");
}

#[tokio::test]
async fn api_stays_uncached_beside_static_files() {
    let (app, _dist) = app_with_dist().await;
    let reply = app.send(get("/api/health", "gzip")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("cache-control"), "no-store");
}
