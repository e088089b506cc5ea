//! A TCP proxy between the model devices and the server that breaks exchanges on purpose, one
//! request at a time: it loses the reply after the server answered (or hangs up before), delivers
//! a request twice or re-delivers an older push, or kills the server mid-request and restarts it.

use std::io::Write;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use super::http::{read_request, read_until_closed, request_line, status_of};
use super::server::Supervisor;

/// What the proxy does to the next request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Forwards the request and delivers the reply.
    None,
    /// Fault 1: forwards the request, reads the server's whole reply, then hands the client only
    /// its first `per_mille`/1000 (often nothing) and closes: the server is done, the client
    /// never learns it.
    LoseReply { per_mille: u64 },
    /// Fault 1, earlier: forwards the request and hangs up on the server `micros` later, as a
    /// client that gives up does. The server may or may not have committed, or even started.
    DropConnection { micros: u64 },
    /// Fault 3: the server gets the request twice, one after the other or both at once; the
    /// client gets the reply of the second (or, at once, of either).
    DeliverTwice { at_once: bool },
    /// Fault 3: an older push of this run reaches the server again, just `before` or after this
    /// request. `pick` chooses which.
    ReplayOlder { before: bool, pick: u64 },
    /// Fault 2: forwards the request, then SIGKILLs the server and restarts it on the same data
    /// directory. The client gets no reply.
    KillServer { moment: KillMoment },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KillMoment {
    /// While the server works on it: `micros` after the request went out.
    WhileWorking { micros: u64 },
    /// Once the server's whole reply is in (it committed), before the client sees it.
    AfterReply,
}

/// What happened to one request, for the checks: which replies the server gave.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Statuses of the complete replies the server gave to this request, in the order the
    /// deliveries were made (both "at once" deliveries count, in either order).
    pub statuses: Vec<u16>,
    /// Statuses of the complete replies to an older push re-delivered alongside.
    pub replay_statuses: Vec<u16>,
    /// Whether an older push was available to re-deliver.
    pub replayed: bool,
    /// Whether the server was killed, and whether it had sent its whole reply by then.
    pub killed: Option<KillSeen>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KillSeen {
    BeforeReply,
    AfterReply,
}

pub struct Proxy {
    addr: SocketAddr,
    shared: Arc<Shared>,
    reports: Receiver<Report>,
    accepting: Option<JoinHandle<()>>,
}

struct Shared {
    server: Supervisor,
    armed: Mutex<Fault>,
    /// Every push forwarded in this run, as sent, for `ReplayOlder`.
    pushes: Mutex<Vec<Vec<u8>>>,
    reports: Mutex<Sender<Report>>,
    stopping: AtomicBool,
}

impl Proxy {
    pub fn start(server: Supervisor) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let (sender, reports) = channel();
        let shared = Arc::new(Shared {
            server,
            armed: Mutex::new(Fault::None),
            pushes: Mutex::new(Vec::new()),
            reports: Mutex::new(sender),
            stopping: AtomicBool::new(false),
        });
        let accepting = {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || {
                for client in listener.incoming() {
                    if shared.stopping.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(client) = client else { continue };
                    let shared = Arc::clone(&shared);
                    std::thread::spawn(move || shared.serve(client));
                }
            })
        };
        Proxy {
            addr,
            shared,
            reports,
            accepting: Some(accepting),
        }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Sets what happens to the next request (and only that one).
    pub fn arm(&self, fault: Fault) {
        *self.shared.armed.lock().unwrap() = fault;
    }

    /// The report of the request that just ended. The proxy sends it before it closes the
    /// client's connection, so it is there as soon as the client's call returns.
    pub fn report(&self) -> Report {
        self.reports
            .recv_timeout(Duration::from_secs(60))
            .expect("the proxy reports every request")
    }

    /// Starts a new run: older pushes of the last run are not re-delivered into this one.
    pub fn forget_pushes(&self) {
        self.shared.pushes.lock().unwrap().clear();
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        // Wakes the accept loop so it sees `stopping`, and waits for it to let go of the
        // server: the last owner stops the server process and removes its data directory.
        let _ = TcpStream::connect(self.addr);
        if let Some(accepting) = self.accepting.take() {
            let _ = accepting.join();
        }
    }
}

impl Shared {
    fn serve(&self, mut client: TcpStream) {
        let fault = std::mem::replace(&mut *self.armed.lock().unwrap(), Fault::None);
        let Ok(request) = read_request(&mut client) else {
            return;
        };
        let mut report = Report::default();
        let reply = self.apply(fault, &request, &mut report);
        if request_line(&request).starts_with("POST /api/sync/push ") {
            self.pushes.lock().unwrap().push(request);
        }
        // Nobody listens any more only when the test is over.
        let _ = self.reports.lock().unwrap().send(report);
        if let Some(reply) = reply {
            let _ = client.write_all(&reply);
        }
        let _ = client.shutdown(Shutdown::Both);
    }

    /// Does `fault` to `request`; returns the bytes the client gets, if any.
    fn apply(&self, fault: Fault, request: &[u8], report: &mut Report) -> Option<Vec<u8>> {
        match fault {
            Fault::None => Some(self.deliver(request, &mut report.statuses)),
            Fault::LoseReply { per_mille } => {
                let reply = self.deliver(request, &mut report.statuses);
                let kept = reply.len() * per_mille.min(999) as usize / 1000;
                Some(reply[..kept].to_vec())
            }
            Fault::DropConnection { micros } => {
                if let Some(upstream) = self.send(request) {
                    std::thread::sleep(Duration::from_micros(micros));
                    let _ = upstream.shutdown(Shutdown::Both);
                }
                None
            }
            Fault::DeliverTwice { at_once: false } => {
                self.deliver(request, &mut report.statuses);
                Some(self.deliver(request, &mut report.statuses))
            }
            Fault::DeliverTwice { at_once: true } => {
                let mut other_statuses = Vec::new();
                let reply = std::thread::scope(|scope| {
                    scope.spawn(|| self.deliver(request, &mut other_statuses));
                    self.deliver(request, &mut report.statuses)
                });
                report.statuses.extend(other_statuses);
                Some(reply)
            }
            Fault::ReplayOlder { before, pick } => {
                let older = {
                    let pushes = self.pushes.lock().unwrap();
                    (!pushes.is_empty()).then(|| pushes[pick as usize % pushes.len()].clone())
                };
                report.replayed = older.is_some();
                let older = older.unwrap_or_default();
                if before && report.replayed {
                    self.deliver(&older, &mut report.replay_statuses);
                }
                let reply = self.deliver(request, &mut report.statuses);
                if !before && report.replayed {
                    self.deliver(&older, &mut report.replay_statuses);
                }
                Some(reply)
            }
            Fault::KillServer { moment } => {
                let mut upstream = self.send(request);
                match moment {
                    KillMoment::AfterReply => {
                        if let Some(upstream) = &mut upstream {
                            report.statuses.extend(status_of(&read_until_closed(upstream)));
                        }
                        self.server.kill_and_restart();
                    }
                    KillMoment::WhileWorking { micros } => {
                        std::thread::sleep(Duration::from_micros(micros));
                        self.server.kill_and_restart();
                        // Whatever the server sent before it died is still in the socket.
                        if let Some(upstream) = &mut upstream {
                            report.statuses.extend(status_of(&read_until_closed(upstream)));
                        }
                    }
                }
                report.killed = Some(if report.statuses.is_empty() {
                    KillSeen::BeforeReply
                } else {
                    KillSeen::AfterReply
                });
                None
            }
        }
    }

    /// Sends `request` to the server as it is now and reads the reply (empty if none came),
    /// noting its status in `statuses` if it is complete.
    fn deliver(&self, request: &[u8], statuses: &mut Vec<u16>) -> Vec<u8> {
        let reply = match self.send(request) {
            Some(mut upstream) => read_until_closed(&mut upstream),
            None => Vec::new(),
        };
        statuses.extend(status_of(&reply));
        reply
    }

    fn send(&self, request: &[u8]) -> Option<TcpStream> {
        let mut upstream = TcpStream::connect(self.server.addr()).ok()?;
        upstream.write_all(request).ok()?;
        Some(upstream)
    }
}
