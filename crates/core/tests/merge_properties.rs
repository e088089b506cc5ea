//! Property tests of the merge: random edits from 2–4 devices, delivered to every replica in any
//! order, in chunks, with duplicates, leave every replica (and the server) in the same state, and
//! each field holds the value of its latest edit: a late old edit never overwrites a newer one.

use std::collections::BTreeMap;

use posko_core::sync::{Clock, Record, Stamp, Value};
use proptest::prelude::*;
use support::{merge_into, play, Replica, Step};

mod support;

const RECORDS: usize = 3;
const FIELDS: [&str; 4] = ["a", "b", "c", "d"];

/// One change a device makes to a record.
#[derive(Debug, Clone)]
enum Change {
    Set { record: usize, field: usize, value: i64 },
    Delete { record: usize },
}

fn step(devices: usize) -> impl Strategy<Value = Step<Change>> {
    prop_oneof![
        8 => (0..RECORDS, 0..FIELDS.len(), 0i64..5, -50i64..50).prop_map(|(record, field, value, clock_jump)| {
            Step::Edit { edit: Change::Set { record, field, value }, clock_jump }
        }),
        1 => (0..RECORDS).prop_map(|record| Step::Edit { edit: Change::Delete { record }, clock_jump: 0 }),
        2 => (0..devices).prop_map(|from| Step::Hear { from }),
    ]
}

fn scenario() -> impl Strategy<Value = (Vec<Vec<Step<Change>>>, u64)> {
    (2usize..=4).prop_flat_map(|devices| {
        (
            prop::collection::vec(prop::collection::vec(step(devices), 1..25), devices),
            any::<u64>(),
        )
    })
}

fn blank(index: usize) -> Record {
    Record::new("test", format!("r{index}"), "ag".into(), None, None)
}

/// Makes `change` on the device's replica; returns the record to send, if it changed.
fn apply(replica: &mut Replica, change: &Change, stamp: &Stamp) -> Option<Record> {
    match change {
        Change::Set { record, field, value } => {
            let local = replica.entry(format!("r{record}")).or_insert_with(|| blank(*record));
            // An edit that sets the current value changes nothing and is not sent.
            local
                .set(FIELDS[*field], Value::Int(*value), stamp)
                .then(|| local.clone())
        }
        Change::Delete { record } => {
            let local = replica.entry(format!("r{record}")).or_insert_with(|| blank(*record));
            local.delete(stamp);
            Some(local.clone())
        }
    }
}

/// A small deterministic generator for delivery orders, seeded by proptest.
struct Shuffler(u64);

impl Shuffler {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Every message at least once, some twice, in a random order, cut into random chunks.
    fn deliveries(&mut self, messages: &[Record]) -> Vec<Vec<Record>> {
        let mut all: Vec<Record> = messages.to_vec();
        for message in messages {
            if self.next().is_multiple_of(3) {
                all.push(message.clone());
            }
        }
        for i in (1..all.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            all.swap(i, j);
        }
        let mut chunks = Vec::new();
        while !all.is_empty() {
            let size = 1 + (self.next() % 5) as usize;
            let rest = all.split_off(size.min(all.len()));
            chunks.push(std::mem::replace(&mut all, rest));
        }
        chunks
    }
}

/// What every field must end as: the value of its latest stamp among everything sent.
fn expected_latest(messages: &[Record]) -> BTreeMap<(String, String), (Stamp, Value)> {
    let mut latest: BTreeMap<(String, String), (Stamp, Value)> = BTreeMap::new();
    for record in messages {
        for (name, field) in &record.fields {
            let key = (record.id.clone(), name.clone());
            let candidate = (field.s.clone(), field.v.clone());
            if latest.get(&key).is_none_or(|current| candidate > *current) {
                latest.insert(key, candidate);
            }
        }
    }
    latest
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_replica_converges_on_the_latest_edits((scripts, seed) in scenario()) {
        let sent = play(&scripts, apply);
        let messages: Vec<Record> = sent.into_iter().flatten().collect();
        let mut shuffler = Shuffler(seed | 1);
        let replicas = scripts.len() + 1; // each device, and the server
        let mut finals = Vec::new();
        for _ in 0..replicas {
            let mut replica = BTreeMap::new();
            for chunk in shuffler.deliveries(&messages) {
                for record in &chunk {
                    merge_into(&mut replica, record);
                }
            }
            finals.push(replica);
        }
        for other in &finals[1..] {
            prop_assert_eq!(&finals[0], other);
        }
        let expected = expected_latest(&messages);
        for ((id, field), (stamp, value)) in &expected {
            let got = &finals[0][id].fields[field];
            prop_assert_eq!(&got.s, stamp);
            prop_assert_eq!(&got.v, value);
        }
        for record in &messages {
            if record.is_deleted() {
                prop_assert!(finals[0][&record.id].is_deleted(), "a delete was lost");
            }
        }
    }

    #[test]
    fn stamps_from_one_device_only_grow(jumps in prop::collection::vec(-1000i64..1000, 1..200)) {
        let mut clock = Clock::new("d");
        let mut wall = 1_000_000i64;
        let mut previous = clock.tick(wall);
        for jump in jumps {
            wall += jump;
            let next = clock.tick(wall);
            prop_assert!(next > previous);
            previous = next;
        }
    }
}
