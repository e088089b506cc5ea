//! Starts the real `posko-server` binary on the embedded SQLite in a data directory, and waits
//! for the line that says it listens (no polling, no sleeping). Shared by `process.rs` and the
//! fault tests.

use std::io::{BufRead, BufReader, Lines};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};

pub struct Spawned {
    pub child: Child,
    pub addr: SocketAddr,
    /// The rest of the server's stdout; keep it open so the server never writes to a closed pipe.
    pub stdout: Lines<BufReader<ChildStdout>>,
}

#[allow(dead_code)]
pub fn spawn(data_dir: &Path, stderr: Stdio) -> Spawned {
    spawn_with_log_filter(data_dir, stderr, None)
}

/// `spawn`, with `RUST_LOG` set to `filter` (the server's log goes to stderr).
#[allow(dead_code)]
pub fn spawn_with_log_filter(data_dir: &Path, stderr: Stdio, filter: Option<&str>) -> Spawned {
    spawn_on(data_dir, None, stderr, filter)
}

/// `spawn`, on the database `database_url` names when given (PostgreSQL: replicas share it).
#[allow(dead_code)]
pub fn spawn_on(data_dir: &Path, database_url: Option<&str>, stderr: Stdio, filter: Option<&str>) -> Spawned {
    spawn_with(data_dir, database_url, stderr, filter, &[])
}

/// `spawn_on`, with the flags `extra` added (`--clock-shift-hours 24`).
#[allow(dead_code)]
pub fn spawn_with(
    data_dir: &Path,
    database_url: Option<&str>,
    stderr: Stdio,
    filter: Option<&str>,
    extra: &[&str],
) -> Spawned {
    let mut command = Command::new(env!("CARGO_BIN_EXE_posko-server"));
    command.env_remove("POSKO_CLOCK_SHIFT_HOURS");
    match filter {
        Some(filter) => command.env("RUST_LOG", filter),
        None => command.env_remove("RUST_LOG"),
    };
    match database_url {
        Some(url) => command.env("DATABASE_URL", url),
        None => command.env_remove("DATABASE_URL"),
    };
    let mut child = command
        .args([
            "--addr",
            "127.0.0.1:0",
            "--dist",
            "/nonexistent",
            "--demo",
            "--data-dir",
        ])
        .arg(data_dir)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("start posko-server");
    let mut stdout = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = stdout.next().expect("server exited before listening").unwrap();
        if let Some(url) = line.strip_prefix("Posko is running at http://") {
            break url.trim().parse().expect("server address");
        }
    };
    Spawned { child, addr, stdout }
}
