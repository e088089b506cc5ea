//! What the fault runs of one test did: how many faults of each kind, on pushes and on pulls,
//! and what the runs moved. Printed at the end of each test.

use std::fmt;

use super::proxy::{Fault, KillSeen, Report};

/// How many faults of each kind a test injected, and what the runs moved.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    pub runs: u64,
    pub devices: u64,
    pub records: u64,
    pub versions: u64,
    pub requests: u64,
    pub pushes: u64,
    /// Exchanges that ended without a complete reply for the device.
    pub transport_errors: u64,
    pub on_pushes: FaultCounts,
    pub on_pulls: FaultCounts,
    /// Pushes cut by a kill or a dropped connection before any reply, told apart by the next
    /// ack of their entries: the push never committed (`Applied` on retry), or it did
    /// (`Duplicate`).
    pub cut_before_commit: u64,
    pub cut_after_commit: u64,
}

#[derive(Debug, Default, Clone)]
pub struct FaultCounts {
    pub lost_replies: u64,
    pub dropped_connections: u64,
    pub kills: u64,
    /// Kills after the server's whole reply had come back (it had committed).
    pub kills_after_reply: u64,
    pub delivered_twice_in_turn: u64,
    pub delivered_twice_at_once: u64,
    pub older_push_replayed: u64,
}

impl FaultCounts {
    pub fn count(&mut self, fault: Fault, report: &Report) {
        match fault {
            Fault::None => {}
            Fault::LoseReply { .. } => self.lost_replies += 1,
            Fault::DropConnection { .. } => self.dropped_connections += 1,
            Fault::KillServer { .. } => {
                self.kills += 1;
                self.kills_after_reply += u64::from(report.killed == Some(KillSeen::AfterReply));
            }
            Fault::DeliverTwice { at_once: false } => self.delivered_twice_in_turn += 1,
            Fault::DeliverTwice { at_once: true } => self.delivered_twice_at_once += 1,
            Fault::ReplayOlder { .. } => self.older_push_replayed += u64::from(report.replayed),
        }
    }
}

impl fmt::Display for FaultCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} replies lost after the server answered, {} connections dropped before; {} kills + restarts ({} after the reply came back); \
             {} delivered twice in turn, {} twice at once, {} with an older push re-delivered",
            self.lost_replies,
            self.dropped_connections,
            self.kills,
            self.kills_after_reply,
            self.delivered_twice_in_turn,
            self.delivered_twice_at_once,
            self.older_push_replayed,
        )
    }
}

impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} runs, {} devices, {} records in {} versions, {} requests ({} pushes), \
             {} exchanges without a reply for the device\n  \
             faults on pushes: {}\n    \
             pushes killed or hung up on before a reply: {} had not committed, {} had \
             (the rest were retried through another fault)\n  \
             faults on pulls: {}",
            self.runs,
            self.devices,
            self.records,
            self.versions,
            self.requests,
            self.pushes,
            self.transport_errors,
            self.on_pushes,
            self.cut_before_commit,
            self.cut_after_commit,
            self.on_pulls,
        )
    }
}
