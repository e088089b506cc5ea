//! The real `posko-server` binary on its embedded SQLite, as a child process that the kill fault
//! can SIGKILL and start again on the same data directory.

use std::io::{BufReader, Lines};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, ChildStdout, Stdio};
use std::sync::Mutex;

/// One running server process.
struct Process {
    child: Child,
    addr: SocketAddr,
    /// Kept open so the server never writes to a closed pipe.
    _stdout: Lines<BufReader<ChildStdout>>,
}

impl Process {
    fn start(data_dir: &Path) -> Process {
        // POSKO_FAULT_SERVER_LOG=1 shows the server's log, for debugging a failing run.
        let stderr = if std::env::var_os("POSKO_FAULT_SERVER_LOG").is_some() {
            Stdio::inherit()
        } else {
            Stdio::null()
        };
        let spawned = super::spawn::spawn(data_dir, stderr);
        Process {
            child: spawned.child,
            addr: spawned.addr,
            _stdout: spawned.stdout,
        }
    }

    /// SIGKILL (what `Child::kill` sends on Unix): no shutdown, no flushing, no goodbye.
    fn kill(&mut self) {
        self.child.kill().expect("kill posko-server");
        self.child.wait().expect("reap posko-server");
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The server of one test: its data directory and whichever process serves it now.
pub struct Supervisor {
    data_dir: tempfile::TempDir,
    process: Mutex<Process>,
}

impl Supervisor {
    pub fn start() -> Supervisor {
        let data_dir = tempfile::tempdir().unwrap();
        let process = Mutex::new(Process::start(data_dir.path()));
        Supervisor { data_dir, process }
    }

    /// Where the server listens now; a restart moves it to a new port.
    pub fn addr(&self) -> SocketAddr {
        self.process.lock().unwrap().addr
    }

    /// Kills the server outright and starts a new one on the same data directory.
    pub fn kill_and_restart(&self) {
        let mut process = self.process.lock().unwrap();
        process.kill();
        *process = Process::start(self.data_dir.path());
    }
}
