//! Posko server library: `app()` builds the whole HTTP service; `main.rs` only parses flags and listens.

pub mod activation;
pub mod agency;
pub mod attachments;
pub mod auth;
pub mod clock;
pub mod clusters;
pub mod db;
pub mod demo_history;
pub mod demo_outbreak;
pub mod error;
pub mod figures;
pub mod http;
pub mod places;
pub mod residence;
pub mod seed;
pub mod sign_in_limit;
pub mod spreadsheet;
pub mod sync;

use std::path::PathBuf;

use posko_core::kit::Registry;

pub use db::{Backend, Db};
pub use http::app;

/// The PostgreSQL advisory lock under which a process prepares the kinds' tables.
const PREPARE_LOCK: i64 = 0x706f_736b_6f00;

/// What every handler can reach. Small on purpose: configuration and the pool, nothing that
/// would make one replica differ from another.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// The built PWA (`dist/`, from tools/build.mjs). `None` serves the API only.
    pub dist: Option<PathBuf>,
    /// How long a login lasts. Field officers work offline for days, so this is long.
    pub session_ttl: chrono::Duration,
    /// The record kinds pushes may carry: `Registry::standard()`, plus fixtures in tests.
    pub kinds: Registry,
    /// What a push is held to beyond the records' rules (how far ahead a stamp may be).
    pub push_policy: sync::push::PushPolicy,
    /// Served behind a reverse proxy (nginx, haproxy) that appends the client's address to
    /// `X-Forwarded-For`: sign-in limits count that address, not the proxy's.
    pub behind_proxy: bool,
}

impl AppState {
    /// The state for `kinds`, with their projection tables made ready in `db`.
    pub async fn prepare(db: Db, dist: Option<PathBuf>, kinds: Registry) -> anyhow::Result<Self> {
        // Replicas starting at once on one PostgreSQL would create and fill the same tables at
        // once: one at a time, under an advisory lock held by one connection (SQLite has one
        // writer, and one process on its file).
        let lock = match db.backend {
            Backend::Postgres => {
                let mut conn = db.pool.acquire().await?;
                sqlx::query("SELECT pg_advisory_lock($1)")
                    .bind(PREPARE_LOCK)
                    .execute(&mut *conn)
                    .await?;
                Some(conn)
            }
            Backend::Sqlite => None,
        };
        let prepared = async {
            sync::projection::prepare(&db, kinds).await?;
            sync::audience::prepare(&db, kinds).await?;
            attachments::prepare(&db).await?;
            anyhow::Ok(())
        }
        .await;
        if let Some(mut conn) = lock {
            sqlx::query("SELECT pg_advisory_unlock($1)")
                .bind(PREPARE_LOCK)
                .execute(&mut *conn)
                .await?;
        }
        prepared?;
        Ok(Self {
            db,
            dist,
            session_ttl: chrono::Duration::days(30),
            kinds,
            push_policy: sync::push::PushPolicy::default(),
            behind_proxy: false,
        })
    }
}
