//! Test harness: a fresh database per test on SQLite (temp file) or PostgreSQL (a new database
//! on the server named by POSKO_TEST_POSTGRES_URL), and helpers to call `app()` with `oneshot`.

#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use posko_core::kit::Registry;
use posko_server::{app, AppState, Db};
use serde_json::Value;
use tower::ServiceExt;

pub mod sync;

pub struct TestApp {
    pub state: AppState,
    _dir: Option<tempfile::TempDir>,
}

pub async fn sqlite() -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::connect(&Db::sqlite_url_in(dir.path())).await.unwrap();
    posko_server::seed::ensure_demo_data(&db).await.unwrap();
    TestApp {
        state: AppState::prepare(db, None, Registry::with_fixtures()).await.unwrap(),
        _dir: Some(dir),
    }
}

/// `None` when no PostgreSQL server was given, unless POSKO_REQUIRE_POSTGRES is set (the README's
/// test command sets both), in which case a missing server is a failure, not a skip.
pub async fn postgres() -> Option<TestApp> {
    let Ok(admin_url) = std::env::var("POSKO_TEST_POSTGRES_URL") else {
        assert!(
            std::env::var_os("POSKO_REQUIRE_POSTGRES").is_none(),
            "POSKO_REQUIRE_POSTGRES is set but POSKO_TEST_POSTGRES_URL is not"
        );
        eprintln!("skipped: POSKO_TEST_POSTGRES_URL not set");
        return None;
    };
    sqlx::any::install_default_drivers();
    let name = format!("posko_test_{}", uuid::Uuid::now_v7().simple());
    let admin = sqlx::AnyPool::connect(&admin_url).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&admin)
        .await
        .unwrap();
    admin.close().await;
    let (base, _) = admin_url.rsplit_once('/').expect("URL ends with /database");
    let db = Db::connect(&format!("{base}/{name}")).await.unwrap();
    posko_server::seed::ensure_demo_data(&db).await.unwrap();
    Some(TestApp {
        state: AppState::prepare(db, None, Registry::with_fixtures()).await.unwrap(),
        _dir: None,
    })
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).map(|v| v.to_str().unwrap()).unwrap_or("")
    }
}

impl TestApp {
    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = app(self.state.clone()).oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.unwrap().to_bytes().to_vec();
        Reply { status, headers, body }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        let mut request = Request::get(path);
        if let Some(token) = token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    pub async fn post_json(&self, path: &str, token: Option<&str>, body: &str) -> Reply {
        let mut request = Request::post(path).header("content-type", "application/json");
        if let Some(token) = token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        self.send(request.body(Body::from(body.to_owned())).unwrap()).await
    }

    /// Logs a demo user in and returns the session token.
    pub async fn login(&self, username: &str) -> String {
        let body = serde_json::json!({ "username": username, "password": posko_server::seed::DEMO_PASSWORD });
        let reply = self.post_json("/api/auth/login", None, &body.to_string()).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", String::from_utf8_lossy(&reply.body));
        reply.json()["token"].as_str().unwrap().to_owned()
    }
}

/// Declares each listed `async fn(TestApp)` as two tests, one per database engine.
#[macro_export]
macro_rules! on_both_databases {
    ($($test:ident),* $(,)?) => {
        mod sqlite {
            $( #[tokio::test] async fn $test() { super::$test(super::common::sqlite().await).await } )*
        }
        mod postgres {
            $( #[tokio::test] async fn $test() {
                if let Some(app) = super::common::postgres().await { super::$test(app).await }
            } )*
        }
    };
}
