//! What the fault tests (`tests/faults.rs`) are built from: the real server as a child process
//! that can be killed and restarted (`server`), a proxy in front of it that breaks exchanges on
//! purpose (`proxy`), plain HTTP over sockets (`http`), a model device that syncs like the app
//! (`device`), one randomized run (`scenario`), the checks after it (`check`), the counts each
//! test prints (`stats`), and a seeded generator (`rng`).

pub mod check;
pub mod device;
pub mod http;
pub mod proxy;
pub mod rng;
pub mod scenario;
pub mod server;
#[path = "../support/spawn.rs"]
pub mod spawn;
pub mod stats;
