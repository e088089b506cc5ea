//! Devices that edit offline and hear each other, round-robin: the simulation both merge
//! property tests (`merge_properties.rs` on raw fields, `kit_merge.rs` on the kit's typed
//! records) drive with their own kinds of edit.

#![allow(dead_code)]

use std::collections::BTreeMap;

use posko_core::sync::{Clock, Record, Stamp};

/// A device's copy of the records it knows, by id.
pub type Replica = BTreeMap<String, Record>;

/// One step a device takes.
#[derive(Debug, Clone)]
pub enum Step<E> {
    /// Make an edit; the wall clock moved by `clock_jump` ms first (maybe backwards).
    Edit { edit: E, clock_jump: i64 },
    /// Receive everything another device has sent so far (a pull).
    Hear { from: usize },
}

/// Merges `record` into the replica, as a device or the server takes a change in.
pub fn merge_into(replica: &mut Replica, record: &Record) {
    match replica.get_mut(&record.id) {
        Some(existing) => {
            existing.merge(record).expect("same envelope");
        }
        None => {
            replica.insert(record.id.clone(), record.clone());
        }
    }
}

/// Runs every device's steps round-robin and returns everything each device sent, in order.
/// `apply` makes an edit on a device's replica under the device's next stamp and returns the
/// record to send, or `None` when the edit changed nothing (and so is not sent).
pub fn play<E>(
    scripts: &[Vec<Step<E>>],
    mut apply: impl FnMut(&mut Replica, &E, &Stamp) -> Option<Record>,
) -> Vec<Vec<Record>> {
    let devices = scripts.len();
    let mut clocks: Vec<Clock> = (0..devices).map(|d| Clock::new(&format!("device-{d}"))).collect();
    let mut walls: Vec<i64> = (0..devices).map(|d| 1_000_000 + d as i64 * 7).collect();
    let mut replicas: Vec<Replica> = vec![BTreeMap::new(); devices];
    let mut sent: Vec<Vec<Record>> = vec![Vec::new(); devices];
    for turn in 0..scripts.iter().map(Vec::len).max().unwrap_or(0) {
        for device in 0..devices {
            match scripts[device].get(turn) {
                None => {}
                Some(Step::Edit { edit, clock_jump }) => {
                    walls[device] += clock_jump;
                    let stamp = clocks[device].tick(walls[device]);
                    if let Some(record) = apply(&mut replicas[device], edit, &stamp) {
                        sent[device].push(record);
                    }
                }
                Some(Step::Hear { from }) => {
                    for record in sent[*from].clone() {
                        for field in record.fields.values() {
                            clocks[device].observe(&field.s);
                        }
                        merge_into(&mut replicas[device], &record);
                    }
                }
            }
        }
    }
    sent
}
