//! The invariants: what a push's acknowledgements may say given what the proxy did, and what the
//! server must hold at the end of a run (nothing lost, nothing doubled, every field at its latest
//! stamp, every change in the history once). Each check returns what broke, in words.

use std::collections::{BTreeMap, BTreeSet};

use posko_core::sync::protocol::{HistoryEntry, Outcome, PushRequest, PushResponse};
use posko_core::sync::{Record, Stamp, Value};
use posko_server::sync::push::DELETED_FIELD;

use super::proxy::{Fault, Report};

/// What the test knew about one pushed entry just before the push.
#[derive(Debug, Clone, Copy)]
pub struct Before {
    /// Never handed to the network before: the server cannot have it.
    pub first_time: bool,
    /// The server is known to have committed it already.
    pub known_committed: bool,
}

/// Checks the acks of a push the client got a reply to.
///
/// - one ack per entry, same sequence numbers, same order, none refused (every record is valid);
/// - an entry the server already committed is acked `Duplicate`;
/// - an entry the server never saw is acked `Applied`, unless the proxy delivered this very push
///   before the delivery whose reply the client read (then `Duplicate`), or twice at once (then
///   all such entries share one outcome: a push applies whole or not at all);
/// - `last_seq` is at least the last entry's and at most the device's highest.
pub fn acks(
    request: &PushRequest,
    before: &[Before],
    fault: Fault,
    report: &Report,
    response: &PushResponse,
    highest_seq: u64,
) -> Result<(), String> {
    let seqs: Vec<u64> = request.entries.iter().map(|e| e.seq).collect();
    let acked: Vec<u64> = response.acks.iter().map(|a| a.seq).collect();
    if acked != seqs {
        return Err(format!("pushed seqs {seqs:?}, acks for {acked:?}"));
    }
    let applied_by_an_earlier_delivery = fault == Fault::DeliverTwice { at_once: false } && report.statuses.len() == 2;
    let mut at_once_outcome: Option<&Outcome> = None;
    for ((entry, ack), known) in request.entries.iter().zip(&response.acks).zip(before) {
        let seq = entry.seq;
        let outcome = &ack.outcome;
        if let Outcome::Rejected(rejection) = outcome {
            return Err(format!("seq {seq} refused: {rejection:?}"));
        }
        if known.known_committed && *outcome != Outcome::Duplicate {
            return Err(format!(
                "seq {seq} was committed by an earlier delivery whose reply was lost, yet acked {outcome:?} \
                 (applied twice)"
            ));
        }
        if !known.first_time {
            continue;
        }
        match fault {
            Fault::DeliverTwice { at_once: true } => {
                if at_once_outcome.is_some_and(|first| first != outcome) {
                    return Err(format!(
                        "two deliveries at once split one push: seq {seq} acked {outcome:?}, an earlier entry {at_once_outcome:?}"
                    ));
                }
                at_once_outcome = Some(outcome);
            }
            _ if applied_by_an_earlier_delivery => {
                if *outcome != Outcome::Duplicate {
                    return Err(format!(
                        "seq {seq} was delivered twice and this is the second reply, yet acked {outcome:?}"
                    ));
                }
            }
            _ => {
                if *outcome != Outcome::Applied {
                    return Err(format!(
                        "seq {seq} reached the server for the first time, yet acked {outcome:?}"
                    ));
                }
            }
        }
    }
    let last = seqs.last().copied().unwrap_or(0);
    if response.last_seq < last || response.last_seq > highest_seq {
        return Err(format!(
            "last_seq {} after pushing up to {last}; the device's highest is {highest_seq}",
            response.last_seq
        ));
    }
    Ok(())
}

/// Every record's expected final state: all versions any device made, merged. The merge is
/// order-independent, so creation order is as good as any.
pub fn expected_records(versions: &[Record]) -> BTreeMap<String, Record> {
    let mut expected: BTreeMap<String, Record> = BTreeMap::new();
    for version in versions {
        match expected.get_mut(&version.id) {
            Some(merged) => {
                merged.merge(version).expect("versions of a record share its envelope");
            }
            None => {
                expected.insert(version.id.clone(), version.clone());
            }
        }
    }
    expected
}

/// Compares what the pulls returned (every page, in order) with the expected records: each
/// expected record present once, nothing else, and every field and tombstone at its latest stamp.
pub fn server_records(pulled: &[Record], expected: &BTreeMap<String, Record>) -> Result<(), String> {
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for record in pulled {
        if !seen.insert(record.id.as_str()) {
            problems.push(format!("record {} doubled: pulled more than once", record.id));
        }
        match expected.get(&record.id) {
            None => problems.push(format!("record {} on the server was never made in this run", record.id)),
            Some(want) if want != record => problems.push(differences(want, record)),
            Some(_) => {}
        }
    }
    for id in expected.keys() {
        if !seen.contains(id.as_str()) {
            problems.push(format!("record {id} lost: made on a device, missing on the server"));
        }
    }
    if pulled.len() != expected.len() {
        problems.push(format!(
            "the server holds {} records for this run, the devices made {}",
            pulled.len(),
            expected.len()
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

fn differences(want: &Record, got: &Record) -> String {
    let mut lines = vec![format!("record {} differs from the merge of its versions:", want.id)];
    let names: BTreeSet<&String> = want.fields.keys().chain(got.fields.keys()).collect();
    for name in names {
        let (w, g) = (want.fields.get(name), got.fields.get(name));
        if w != g {
            lines.push(format!("  {name}: server {g:?}, latest {w:?}"));
        }
    }
    if want.deleted != got.deleted {
        lines.push(format!(
            "  deleted: server {:?}, latest {:?}",
            got.deleted, want.deleted
        ));
    }
    if (&want.kind, &want.agency_id, &want.office_id, &want.owner_id)
        != (&got.kind, &got.agency_id, &got.office_id, &got.owner_id)
    {
        lines.push(format!("  envelope: server {got:?}, made {want:?}"));
    }
    lines.join("\n")
}

/// Checks one record's history: every distinct field change and delete any version carried
/// appears exactly once, with its value, and the latest change of each field is marked as won.
pub fn history(id: &str, versions: &[Record], history: &[HistoryEntry]) -> Result<(), String> {
    let deleted = Value::Bool(true);
    let mut expected: BTreeSet<(&str, &Stamp, &Value)> = BTreeSet::new();
    for version in versions.iter().filter(|v| v.id == id) {
        for (name, field) in &version.fields {
            expected.insert((name.as_str(), &field.s, &field.v));
        }
        // A delete is in the history too, under the server's name for the tombstone.
        if let Some(tombstone) = &version.deleted {
            expected.insert((DELETED_FIELD, tombstone, &deleted));
        }
    }
    let mut got = BTreeSet::new();
    for entry in history {
        if !got.insert((entry.field.as_str(), &entry.stamp, &entry.new)) {
            return Err(format!(
                "record {id}: history has {} @ {} twice",
                entry.field, entry.stamp
            ));
        }
    }
    if got != expected {
        let missing: Vec<_> = expected.difference(&got).collect();
        let extra: Vec<_> = got.difference(&expected).collect();
        return Err(format!(
            "record {id}: history misses {missing:?} and has unexpected {extra:?}"
        ));
    }
    let mut latest: BTreeMap<&str, &HistoryEntry> = BTreeMap::new();
    for entry in history {
        let slot = latest.entry(entry.field.as_str()).or_insert(entry);
        if entry.stamp > slot.stamp {
            *slot = entry;
        }
    }
    match latest.values().find(|entry| !entry.won) {
        Some(entry) => Err(format!(
            "record {id}: the latest change of {} ({}) is marked as lost",
            entry.field, entry.stamp
        )),
        None => Ok(()),
    }
}
