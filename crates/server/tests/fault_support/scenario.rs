//! One randomized fault run: 2–4 devices add and edit people of an office's roster and sync
//! through the proxy while it injects faults; then every device syncs without faults until its outbox is empty,
//! and the server's state is checked against everything the devices made.

use posko_core::api::LoginResponse;
use posko_core::sync::protocol::{HistoryEntry, Outcome, PullResponse, PushRequest, PushResponse, MAX_PUSH_ENTRIES};
use posko_core::sync::Record;
use posko_server::seed::DEMO_PASSWORD;

use super::check;
use super::device::{now_ms, Device, Session};
use super::http::{call, Reply, TransportError};
use super::proxy::{Fault, KillMoment, Proxy, Report};
use super::rng::Rng;
use super::server::Supervisor;
use super::stats::Stats;

/// Which faults a test injects, and how often a request gets one.
#[derive(Debug, Clone, Copy)]
pub struct FaultMix {
    pub lose_reply: bool,
    pub kill: bool,
    pub duplicate: bool,
    /// Chance in a hundred that a request during the faulty phase gets a fault.
    pub percent: u64,
}

/// The families of faults, as the issue lists them.
#[derive(Debug, Clone, Copy)]
enum Family {
    /// Fault 1: the connection dropped around the server's commit.
    ConnectionDropped,
    /// Fault 2: the server killed and restarted mid-request.
    ServerKilled,
    /// Fault 3: a push delivered twice.
    DeliveredTwice,
    /// Fault 3: an older push delivered again, after newer ones.
    OlderRedelivered,
}

impl FaultMix {
    fn choose(&self, rng: &mut Rng) -> Fault {
        let mut families = Vec::new();
        if self.lose_reply {
            families.push(Family::ConnectionDropped);
        }
        if self.kill {
            families.push(Family::ServerKilled);
        }
        if self.duplicate {
            families.extend([Family::DeliveredTwice, Family::OlderRedelivered]);
        }
        if families.is_empty() || !rng.chance(self.percent) {
            return Fault::None;
        }
        match *rng.pick(&families) {
            Family::ConnectionDropped if rng.chance(25) => Fault::DropConnection {
                micros: rng.range(0..=4_000),
            },
            Family::ConnectionDropped => Fault::LoseReply {
                // Mostly nothing at all; sometimes a cut-off part of the reply.
                per_mille: if rng.chance(70) { 0 } else { rng.range(1..=999) },
            },
            Family::ServerKilled => Fault::KillServer {
                moment: if rng.chance(50) {
                    KillMoment::AfterReply
                } else {
                    // From "before the server read it" to "after it answered".
                    KillMoment::WhileWorking {
                        micros: rng.range(0..=4_000),
                    }
                },
            },
            Family::DeliveredTwice => Fault::DeliverTwice {
                at_once: rng.chance(50),
            },
            Family::OlderRedelivered => Fault::ReplayOlder {
                before: rng.chance(50),
                pick: rng.next_u64(),
            },
        }
    }
}

/// What happened in the current run, printed when it fails.
#[derive(Debug, Default)]
pub struct Log(pub Vec<String>);

impl Log {
    fn note(&mut self, line: String) {
        self.0.push(line);
    }
}

/// A server (restarted by kills), the proxy in front of it, and the sessions the devices use.
/// One world serves many runs: each run has fresh devices and records.
pub struct World {
    proxy: Proxy,
    officer: Session,
    admin: Session,
    /// The admin's pull cursor after the last run: changes after it belong to the next run.
    cursor: u64,
    pub stats: Stats,
}

impl World {
    pub fn start() -> World {
        let proxy = Proxy::start(Supervisor::start());
        // Logging in is slow (password hashing) and sessions survive restarts (they live in
        // the database): one session per user for every run and every device.
        let login = |username: &str| {
            let body = serde_json::json!({ "username": username, "password": DEMO_PASSWORD }).to_string();
            let reply = call(proxy.addr(), "POST", "/api/auth/login", None, &body).expect("login");
            proxy.report();
            assert_eq!(reply.status, 200, "login {username}: {}", reply.body);
            let login: LoginResponse = reply.json();
            Session {
                token: login.token,
                user: login.user,
            }
        };
        let mut world = World {
            // The office's roster, kept by its officer on every device of a run (phone, tablet,
            // the office's laptop), each editing the same people.
            officer: login("petugas"),
            admin: login("admin"),
            proxy,
            cursor: 0,
            stats: Stats::default(),
        };
        // What the server holds before the first run (the demo roster) is no run's change.
        let (_, start) = world.pull_everything(0, &mut Rng::new(0), &mut Log(Vec::new()));
        world.cursor = start;
        world
    }

    /// One request through the proxy with `fault`. Every complete reply the server gave on the
    /// way (the client's, lost ones, duplicates) must be a success: these faults never make a
    /// correct server refuse anything.
    fn exchange(
        &mut self,
        fault: Fault,
        method: &str,
        path: &str,
        token: &str,
        body: &str,
        log: &mut Log,
    ) -> (Result<Reply, TransportError>, Report) {
        self.proxy.arm(fault);
        let reply = call(self.proxy.addr(), method, path, Some(token), body);
        let report = self.proxy.report();
        self.stats.requests += 1;
        if method == "POST" {
            self.stats.on_pushes.count(fault, &report);
        } else {
            self.stats.on_pulls.count(fault, &report);
        }
        log.note(format!(
            "{method} {} fault {fault:?}: server replied {:?}, replay {:?}, client got {}",
            path.split('?').next().unwrap_or(path),
            report.statuses,
            report.replay_statuses,
            match &reply {
                Ok(reply) => reply.status.to_string(),
                Err(e) => format!("no reply ({})", e.0),
            }
        ));
        let failed = report
            .statuses
            .iter()
            .chain(&report.replay_statuses)
            .any(|status| *status != 200);
        let client_failed = matches!(&reply, Ok(reply) if reply.status != 200);
        assert!(
            !failed && !client_failed,
            "{method} {path} under {fault:?}: the server answered {:?} (re-delivered push: {:?}); the client got {}",
            report.statuses,
            report.replay_statuses,
            match &reply {
                Ok(reply) => format!("{} {}", reply.status, reply.body),
                Err(e) => e.0.clone(),
            }
        );
        if reply.is_err() {
            self.stats.transport_errors += 1;
        }
        (reply, report)
    }

    /// Pushes the oldest `limit` entries of `device`'s outbox with `fault`, checks the acks if a
    /// reply came, and applies them as the app does. Returns whether a reply came.
    fn push(&mut self, device: &mut Device, limit: usize, fault: Fault, log: &mut Log) -> bool {
        let request = device.next_push(limit);
        let before: Vec<check::Before> = device
            .outbox
            .iter()
            .take(request.entries.len())
            .map(|q| check::Before {
                first_time: !q.ever_sent,
                known_committed: q.known_committed,
            })
            .collect();
        for queued in device.outbox.iter_mut().take(request.entries.len()) {
            queued.ever_sent = true;
        }
        let body = serde_json::to_string(&request).unwrap();
        let sent = now_ms();
        let token = device.session.token.clone();
        log.note(format!(
            "device {} pushes seqs {:?}",
            &device.id[24..],
            request.entries.iter().map(|e| e.seq).collect::<Vec<_>>()
        ));
        let (reply, report) = self.exchange(fault, "POST", "/api/sync/push", &token, &body, log);
        self.stats.pushes += 1;
        let reply = match reply {
            Ok(reply) => reply,
            Err(_) => {
                Self::note_unanswered(device, &request, fault, &report);
                device.on_transport_error(&request);
                return false;
            }
        };
        let response: PushResponse = reply.json();
        device.observe_server_time(response.server_time_ms, sent, now_ms());
        if let Err(problem) = check::acks(&request, &before, fault, &report, &response, device.highest_seq()) {
            panic!(
                "device {}: {problem}\nrequest seqs {:?}, response {response:?}",
                device.id,
                seqs(&request)
            );
        }
        self.count_kill_outcomes(device, &request, &response);
        device.apply_acks(&response);
        true
    }

    /// What the test learns from a push that got no reply: if the proxy saw the server's "200",
    /// the entries are committed and must come back `Duplicate`.
    fn note_unanswered(device: &mut Device, request: &PushRequest, fault: Fault, report: &Report) {
        let committed = report.statuses.contains(&200);
        let cut_before_reply =
            report.statuses.is_empty() && matches!(fault, Fault::KillServer { .. } | Fault::DropConnection { .. });
        for queued in device.outbox.iter_mut().take(request.entries.len()) {
            queued.known_committed |= committed;
            queued.cut_in_flight = cut_before_reply;
        }
    }

    /// For the statistics: whether a push cut (killed or hung up on) before any reply had been
    /// committed.
    fn count_kill_outcomes(&mut self, device: &mut Device, request: &PushRequest, response: &PushResponse) {
        let killed: Vec<&Outcome> = device
            .outbox
            .iter()
            .take(request.entries.len())
            .zip(&response.acks)
            .filter(|(queued, _)| queued.cut_in_flight)
            .map(|(_, ack)| &ack.outcome)
            .collect();
        match killed.first() {
            Some(Outcome::Applied) => self.stats.cut_before_commit += 1,
            Some(Outcome::Duplicate) => self.stats.cut_after_commit += 1,
            _ => {}
        }
    }

    /// Pulls pages for `device` until the last one, each with its own fault; stops at the first
    /// exchange without a reply, as the app's sync run does.
    fn pull(&mut self, device: &mut Device, rng: &mut Rng, mix: &FaultMix, log: &mut Log) {
        loop {
            let path = format!("/api/sync/pull?after={}&limit={}", device.cursor, rng.range(1..=20));
            let token = device.session.token.clone();
            let sent = now_ms();
            // Pulls change nothing on the server: fewer faults there leave more for pushes.
            let fault = if rng.chance(30) { mix.choose(rng) } else { Fault::None };
            let (reply, _) = self.exchange(fault, "GET", &path, &token, "", log);
            let Ok(reply) = reply else { return };
            let page: PullResponse = reply.json();
            device.observe_server_time(page.server_time_ms, sent, now_ms());
            device.apply_pull(&page);
            if !page.more {
                return;
            }
        }
    }

    /// Pulls, as the admin and without faults, every record changed after `after`, in pages of
    /// random size. Returns the records of every page, in order, and the final cursor.
    fn pull_everything(&mut self, after: u64, rng: &mut Rng, log: &mut Log) -> (Vec<Record>, u64) {
        let mut records = Vec::new();
        let mut cursor = after;
        let token = self.admin.token.clone();
        loop {
            let path = format!("/api/sync/pull?after={cursor}&limit={}", rng.range(1..=40));
            let (reply, _) = self.exchange(Fault::None, "GET", &path, &token, "", log);
            let page: PullResponse = reply.expect("a pull without faults gets its reply").json();
            records.extend(page.records);
            cursor = page.cursor;
            if !page.more {
                return (records, cursor);
            }
        }
    }
}

/// One run. Panics, with what broke, if an invariant does not hold.
pub fn run(world: &mut World, rng: &mut Rng, mix: &FaultMix, log: &mut Log) {
    // Changes after this cursor are this run's: the server outlives runs.
    let (leftover, start) = world.pull_everything(world.cursor, rng, log);
    assert!(leftover.is_empty(), "changes between runs: {leftover:?}");
    world.proxy.forget_pushes();

    let mut devices: Vec<Device> = (0..rng.range(2..=4))
        .map(|_| Device::new(world.officer.clone(), start))
        .collect();
    let officer = world.officer.user.clone();
    let mut versions: Vec<Record> = Vec::new();
    let records_wanted = rng.range(1..=30) as usize;
    let syncs_wanted = rng.range(3..=12);
    log.note(format!(
        "run: {} devices, {records_wanted} records, {syncs_wanted} syncs, from cursor {start}",
        devices.len()
    ));

    // The faulty phase: random saves, edits and syncs on random devices.
    let (mut made, mut syncs) = (0, 0);
    while made < records_wanted || syncs < syncs_wanted {
        let device = rng.index(devices.len());
        let device = &mut devices[device];
        let editable = device.editable();
        if made < records_wanted && (made == 0 || rng.chance(40)) {
            for _ in 0..rng.range(1..=5).min((records_wanted - made) as u64) {
                versions.push(device.create_person(&officer, rng));
                made += 1;
            }
        } else if !editable.is_empty() && rng.chance(35) {
            let id = rng.pick(&editable).clone();
            let version = if rng.chance(5) {
                Some(device.delete(&id))
            } else {
                device.edit(&id, rng)
            };
            versions.extend(version);
        } else {
            // A sync run as the app's: push, then pull unless the push failed. Some pulls are
            // skipped, so devices also edit from stale copies, as phones offline do.
            let pushed = device.outbox.is_empty() || {
                // The app pushes its whole outbox (up to the limit); a smaller batch is a push
                // cut short by the limit.
                let limit = if rng.chance(50) {
                    MAX_PUSH_ENTRIES
                } else {
                    rng.range(1..=device.outbox.len() as u64) as usize
                };
                let fault = mix.choose(rng);
                world.push(device, limit, fault, log)
            };
            if pushed && rng.chance(60) {
                world.pull(device, rng, mix, log);
            }
            syncs += 1;
        }
    }

    // The repaired network: every device syncs until its outbox is empty.
    for device in &mut devices {
        let mut attempts = 0;
        while !device.outbox.is_empty() {
            attempts += 1;
            assert!(
                attempts <= 3,
                "device {} cannot empty its outbox without faults",
                device.id
            );
            world.push(device, MAX_PUSH_ENTRIES, Fault::None, log);
        }
    }

    // The server holds every record once, each at the merge of all its versions.
    let expected = check::expected_records(&versions);
    let (pulled, end) = world.pull_everything(start, rng, log);
    if let Err(problem) = check::server_records(&pulled, &expected) {
        panic!("{problem}");
    }
    let admin = world.admin.token.clone();
    for id in expected.keys() {
        let path = format!("/api/records/{id}/history");
        let (reply, _) = world.exchange(Fault::None, "GET", &path, &admin, "", log);
        let history: Vec<HistoryEntry> = reply.expect("history without faults").json();
        if let Err(problem) = check::history(id, &versions, &history) {
            panic!("{problem}");
        }
    }

    // Each device's last sequence number on the server is its highest, and replaying its whole
    // log is acknowledged as duplicates and changes nothing.
    for device in &mut devices {
        let highest = device.highest_seq();
        let token = device.session.token.clone();
        let empty = PushRequest {
            device_id: device.id.clone(),
            entries: Vec::new(),
        };
        let replay = PushRequest {
            device_id: device.id.clone(),
            entries: device.log.clone(),
        };
        for request in [empty, replay] {
            let body = serde_json::to_string(&request).unwrap();
            let (reply, _) = world.exchange(Fault::None, "POST", "/api/sync/push", &token, &body, log);
            let response: PushResponse = reply.expect("a push without faults gets its reply").json();
            assert_eq!(
                seqs(&request),
                response.acks.iter().map(|a| a.seq).collect::<Vec<_>>(),
                "one ack per replayed entry"
            );
            assert_eq!(
                response.last_seq, highest,
                "device {}: the server's last_seq is {}, the device's highest seq {highest}",
                device.id, response.last_seq
            );
            if let Some(ack) = response.acks.iter().find(|a| a.outcome != Outcome::Duplicate) {
                panic!(
                    "device {}: replaying seq {} was acked {:?}",
                    device.id, ack.seq, ack.outcome
                );
            }
        }
    }
    let (changed_by_replays, end) = world.pull_everything(end, rng, log);
    assert!(
        changed_by_replays.is_empty(),
        "replays changed records: {changed_by_replays:?}"
    );

    world.cursor = end;
    let stats = &mut world.stats;
    stats.runs += 1;
    stats.devices += devices.len() as u64;
    stats.records += expected.len() as u64;
    stats.versions += versions.len() as u64;
}

fn seqs(request: &PushRequest) -> Vec<u64> {
    request.entries.iter().map(|e| e.seq).collect()
}
