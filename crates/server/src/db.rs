//! Database connection: one pool over SQLite (embedded default) or PostgreSQL, and its migrations.

use std::str::FromStr;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::AnyPool;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// The pool and which engine is behind it. Queries are written in SQL both engines accept
/// (`$1` placeholders work on both); the few that differ match on `backend`.
#[derive(Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
}

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("unsupported database URL {0:?}: use sqlite:// or postgres://")]
    UnsupportedUrl(String),
    #[error("cannot connect to the database: {0}")]
    Connect(#[from] sqlx::Error),
    #[error("cannot run migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl Db {
    /// Connects and brings the schema up to date, with the default pool (`connect_sized`).
    pub async fn connect(url: &str) -> Result<Db, ConnectError> {
        Self::connect_sized(url, None).await
    }

    /// Connects with at most `connections` in the pool (by default 4 on SQLite, which has one
    /// writer, and 16 on PostgreSQL), and brings the schema up to date. Replicas on one
    /// PostgreSQL share its `max_connections` (100 by default): each of n replicas gets a share.
    pub async fn connect_sized(url: &str, connections: Option<u32>) -> Result<Db, ConnectError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(ConnectError::UnsupportedUrl(url.to_owned()));
        };
        let options = AnyConnectOptions::from_str(url)?;
        let pool = AnyPoolOptions::new()
            // SQLite allows one writer at a time; a few connections are enough for readers.
            .max_connections(
                connections
                    .unwrap_or(if backend == Backend::Sqlite { 4 } else { 16 })
                    .max(1),
            )
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers run beside the writer; the busy timeout makes a
                        // second writer wait instead of failing with SQLITE_BUSY.
                        sqlx::query("PRAGMA journal_mode = WAL").execute(&mut *conn).await?;
                        sqlx::query("PRAGMA busy_timeout = 5000").execute(&mut *conn).await?;
                        sqlx::query("PRAGMA foreign_keys = ON").execute(&mut *conn).await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        migrator().run(&pool).await?;
        Ok(Db { pool, backend })
    }

    /// The SQLite URL for a database file in `data_dir`, created if missing.
    pub fn sqlite_url_in(data_dir: &std::path::Path) -> String {
        format!("sqlite://{}?mode=rwc", data_dir.join("posko.db").display())
    }
}

/// Most bind parameters one statement gets: under SQLite's limit (32,766) and PostgreSQL's
/// (65,535), and small enough that a statement stays quick to prepare.
pub const MAX_BIND_PARAMS: usize = 10_000;

/// The placeholders of a multi-row `VALUES` (or an `IN` list, with one row) of `rows` rows of
/// `columns` parameters: `($1, $2), ($3, $4)` on PostgreSQL, `(?, ?), (?, ?)` on SQLite.
///
/// sqlx's `QueryBuilder` writes `?` for the `Any` driver, which PostgreSQL refuses; and SQLite
/// looks each `$n` up by name in a linear list, so thousands of them take seconds to prepare,
/// while bare `?` are numbered in order for free.
pub fn values_placeholders(backend: Backend, rows: usize, columns: usize) -> String {
    values_placeholders_from(backend, 1, rows, columns)
}

/// `values_placeholders`, numbering from `$first` on PostgreSQL (for statements with
/// parameters before the list; on SQLite the `?` take the parameters in order anyway).
pub fn values_placeholders_from(backend: Backend, first: usize, rows: usize, columns: usize) -> String {
    use std::fmt::Write;
    let mut sql = String::with_capacity(rows * columns * 7);
    for row in 0..rows {
        sql.push_str(if row == 0 { "(" } else { ", (" });
        for column in 0..columns {
            if column > 0 {
                sql.push_str(", ");
            }
            match backend {
                Backend::Sqlite => sql.push('?'),
                Backend::Postgres => {
                    let _ = write!(sql, "${}", first + row * columns + column);
                }
            }
        }
        sql.push(')');
    }
    sql
}

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders_number_every_parameter_once() {
        use super::{values_placeholders, Backend};
        assert_eq!(values_placeholders(Backend::Postgres, 1, 1), "($1)");
        assert_eq!(
            values_placeholders(Backend::Postgres, 2, 3),
            "($1, $2, $3), ($4, $5, $6)"
        );
        assert_eq!(values_placeholders(Backend::Sqlite, 2, 2), "(?, ?), (?, ?)");
    }
}

/// The schema's versions, each the file of `migrations/` it is read from, in order. Listed here
/// rather than found by `sqlx::migrate!`, whose macro builds a second copy of sqlx (with SQLite
/// compiled from C again) for the compiler alone: about 45 s of a bare machine's server build.
/// A file added to the folder and not here fails `the_migrations_listed_are_the_folders`, and a
/// file changed after release fails as with the macro (same checksum: sqlx's own, of the SQL).
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "foundation", include_str!("../migrations/0001_foundation.sql")),
    (2, "sync", include_str!("../migrations/0002_sync.sql")),
    (3, "record kit", include_str!("../migrations/0003_record_kit.sql")),
    (4, "activations", include_str!("../migrations/0004_activations.sql")),
    (
        5,
        "activation tries",
        include_str!("../migrations/0005_activation_tries.sql"),
    ),
    (6, "device users", include_str!("../migrations/0006_device_users.sql")),
    (
        7,
        "sign in limits",
        include_str!("../migrations/0007_sign_in_limits.sql"),
    ),
    (
        8,
        "order per agency",
        include_str!("../migrations/0008_order_per_agency.sql"),
    ),
    (9, "reach", include_str!("../migrations/0009_reach.sql")),
    (10, "audiences", include_str!("../migrations/0010_audiences.sql")),
    (
        11,
        "record indexes",
        include_str!("../migrations/0011_record_indexes.sql"),
    ),
];

/// The migrator over [`MIGRATIONS`], as `sqlx::migrate!` would make it from the folder.
pub fn migrator() -> sqlx::migrate::Migrator {
    use sqlx::migrate::{Migration, MigrationType};
    use sqlx::SqlSafeStr;
    sqlx::migrate::Migrator::with_migrations(
        MIGRATIONS
            .iter()
            .map(|&(version, description, sql)| {
                Migration::new(
                    version,
                    description.into(),
                    MigrationType::Simple,
                    sql.into_sql_str(),
                    sql.starts_with("-- no-transaction"),
                )
            })
            .collect(),
    )
}

#[cfg(test)]
mod migration_list {
    /// The list is the folder: every file, with the version, description and checksum sqlx
    /// reads from it (as `sqlx::migrate!` did before, so databases it migrated stay valid).
    #[tokio::test]
    async fn the_migrations_listed_are_the_folders() {
        let folder = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations"));
        let read = sqlx::migrate::Migrator::new(folder)
            .await
            .expect("the migrations folder");
        let listed = super::migrator();
        let key = |m: &sqlx::migrate::Migration| {
            (
                m.version,
                m.description.to_string(),
                m.migration_type,
                m.checksum.to_vec(),
                m.no_tx,
            )
        };
        let read: Vec<_> = read.iter().map(key).collect();
        let listed: Vec<_> = listed.iter().map(key).collect();
        assert_eq!(listed, read);
    }
}
