//! A model of the app on one phone, as `src/store` and `src/sync/engine.rs` behave: each local
//! change queues an outbox entry under the device's next sequence number (1, 2, 3, ...), a push
//! sends the oldest entries in order, and entries leave the outbox only once an acknowledgement
//! for them has been read. A push that gets no reply changes nothing on the device.

use std::collections::{BTreeMap, VecDeque};

use chrono::Utc;
use posko_core::roster::Person;
use posko_core::sync::protocol::{PullResponse, PushEntry, PushRequest, PushResponse};
use posko_core::sync::{Clock, Record, Stamp, SyncRecord, Value};
use posko_core::UserProfile;

use super::rng::Rng;

/// A signed-in user: the bearer token and who the server says they are.
#[derive(Debug, Clone)]
pub struct Session {
    pub token: String,
    pub user: UserProfile,
}

/// One outbox entry, and what the test knows about its delivery (the app knows none of that).
#[derive(Debug, Clone)]
pub struct Queued {
    pub seq: u64,
    /// The record as it was when the change was queued. (The app sends the record's latest
    /// local version instead; snapshots are the harder case, as older versions can arrive at
    /// the server after newer ones.)
    pub record: Record,
    /// Handed to the network at least once.
    pub ever_sent: bool,
    /// The server is known to have committed it: a complete "200" reply to a push carrying it
    /// was seen by the proxy, and lost on the way.
    pub known_committed: bool,
    /// The last push carrying it was cut (server killed, connection dropped) before any reply.
    pub cut_in_flight: bool,
}

pub struct Device {
    pub id: String,
    pub session: Session,
    clock: Clock,
    next_seq: u64,
    pub outbox: VecDeque<Queued>,
    /// Every entry this device ever queued, for the replay at the end of a run.
    pub log: Vec<PushEntry>,
    /// The device's copy of every record it made or pulled.
    pub records: BTreeMap<String, Record>,
    /// Where the next pull starts.
    pub cursor: u64,
}

/// Units a person is moved between by edits.
const UNITS: [&str; 4] = ["Bagian Umum", "Bagian Keuangan", "Bidang Pelayanan", "Sekretariat"];

impl Device {
    pub fn new(session: Session, cursor: u64) -> Device {
        let id = uuid::Uuid::now_v7().to_string();
        Device {
            clock: Clock::new(&id),
            id,
            session,
            next_seq: 1,
            outbox: VecDeque::new(),
            log: Vec::new(),
            records: BTreeMap::new(),
            cursor,
        }
    }

    /// The sequence number of the last change queued (0 before the first).
    pub fn highest_seq(&self) -> u64 {
        self.next_seq - 1
    }

    /// Adds a new person to `officer`'s office roster; returns the version queued. (A roster,
    /// not screenings: a screening is one a day per person, and several officers' devices edit
    /// the same people, the case the merge is for.)
    pub fn create_person(&mut self, officer: &UserProfile, rng: &mut Rng) -> Record {
        // A real NIP: born 1970 to 1999, appointed 2000 to 2019, serial 001 to 999.
        let nip = format!(
            "{}{:02}{:02}{}{:02}{}{:03}",
            1970 + rng.range(0..=29),
            rng.range(1..=12),
            rng.range(1..=28),
            2000 + rng.range(0..=19),
            rng.range(1..=12),
            rng.range(1..=2),
            rng.range(1..=999),
        );
        let person = Person {
            id: uuid::Uuid::now_v7().to_string(),
            agency_id: officer.agency_id.clone(),
            office_id: officer.office_id.clone(),
            owner_id: None,
            parent_id: None,
            nip,
            full_name: format!("Pegawai {}", rng.range(1..=9_999)),
            unit: (*rng.pick(&UNITS)).to_owned(),
            position: None,
            phone: rng.chance(50).then(|| format!("0812{:08}", rng.range(0..=99_999_999))),
            kecamatan: None,
            kelurahan: None,
            unit_head: rng.chance(10),
        };
        let stamp = self.tick();
        self.queue(person.to_new_record(&stamp))
    }

    /// Edits one to three fields of record `id`, all under one fresh stamp (one save). Returns
    /// the version queued, or `None` when the edit happened to change nothing.
    pub fn edit(&mut self, id: &str, rng: &mut Rng) -> Option<Record> {
        let stamp = self.tick();
        let mut record = self.records[id].clone();
        let mut changed = false;
        for _ in 0..rng.range(1..=3) {
            let (field, value) = match rng.range(0..=3) {
                0 => ("unit", Value::from((*rng.pick(&UNITS)).to_owned())),
                1 => {
                    let flipped = !record.get("unit_head").and_then(Value::as_bool).unwrap_or(false);
                    ("unit_head", Value::Bool(flipped))
                }
                2 => {
                    let phone = rng.chance(70).then(|| format!("0813{:08}", rng.range(0..=99_999_999)));
                    ("phone", Value::from(phone))
                }
                _ => {
                    let positions = ["Staf", "Analis", "Kepala Subbagian", "Pengadministrasi"];
                    let position = rng.chance(70).then(|| (*rng.pick(&positions)).to_owned());
                    ("position", Value::from(position))
                }
            };
            changed |= record.set(field, value, &stamp);
        }
        changed.then(|| self.queue(record))
    }

    /// Deletes record `id` (a tombstone under a fresh stamp); returns the version queued.
    pub fn delete(&mut self, id: &str) -> Record {
        let stamp = self.tick();
        let mut record = self.records[id].clone();
        record.delete(&stamp);
        self.queue(record)
    }

    /// Ids of the records this device could edit now.
    pub fn editable(&self) -> Vec<String> {
        self.records
            .values()
            .filter(|r| !r.is_deleted())
            .map(|r| r.id.clone())
            .collect()
    }

    /// The next push: the oldest `limit` entries of the outbox, as the app's `next_push` takes
    /// them.
    pub fn next_push(&self, limit: usize) -> PushRequest {
        PushRequest {
            device_id: self.id.clone(),
            entries: self
                .outbox
                .iter()
                .take(limit)
                .map(|q| PushEntry {
                    seq: q.seq,
                    record: q.record.clone(),
                })
                .collect(),
        }
    }

    /// An acknowledged push: the entries it names leave the outbox, whatever their outcome
    /// (the app keeps refused records aside, marked; the fault runs expect none).
    pub fn apply_acks(&mut self, response: &PushResponse) {
        let (Some(first), Some(last)) = (response.acks.first(), response.acks.last()) else {
            return;
        };
        self.outbox.retain(|q| q.seq < first.seq || q.seq > last.seq);
    }

    /// A push or pull that ended without a complete reply: the device keeps everything and
    /// tries again later.
    pub fn on_transport_error(&mut self, _unanswered: &PushRequest) {}

    /// Merges a pulled page into the device's records and moves the cursor past it.
    pub fn apply_pull(&mut self, page: &PullResponse) {
        for pulled in &page.records {
            for stamp in pulled.fields.values().map(|f| &f.s).chain(&pulled.deleted) {
                self.clock.observe(stamp);
            }
            match self.records.get_mut(&pulled.id) {
                Some(local) => {
                    local.merge(pulled).expect("a pulled record keeps its envelope");
                }
                None => {
                    self.records.insert(pulled.id.clone(), pulled.clone());
                }
            }
        }
        self.cursor = page.cursor;
    }

    /// Follows the server's clock, as the app does after each exchange.
    pub fn observe_server_time(&mut self, server_ms: i64, sent_ms: i64, received_ms: i64) {
        self.clock.observe_server_time(server_ms, sent_ms, received_ms);
    }

    fn tick(&mut self) -> Stamp {
        self.clock.tick(now_ms())
    }

    /// Stores a change locally and queues it, in one step as the app's store does.
    fn queue(&mut self, record: Record) -> Record {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.records.insert(record.id.clone(), record.clone());
        self.log.push(PushEntry {
            seq,
            record: record.clone(),
        });
        self.outbox.push_back(Queued {
            seq,
            record: record.clone(),
            ever_sent: false,
            known_committed: false,
            cut_in_flight: false,
        });
        record
    }
}

pub fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}
