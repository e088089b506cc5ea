//! A model of the app on one phone, as `src/store` and `src/sync/engine.rs` behave: each local
//! change queues an outbox entry under the device's next sequence number (1, 2, 3, ...), a push
//! sends the oldest entries in order, and entries leave the outbox only once an acknowledgement
//! for them has been read. A push that gets no reply changes nothing on the device.

use std::collections::{BTreeMap, VecDeque};

use chrono::{Days, Utc};
use posko_core::sync::protocol::{PullResponse, PushEntry, PushRequest, PushResponse};
use posko_core::sync::{Clock, Record, Stamp, SyncRecord, Value};
use posko_core::{Screening, ScreeningRules, UserProfile};

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

/// The synced boolean answers of a screening, which edits flip.
const YES_NO_FIELDS: [&str; 7] = [
    "fever",
    "cough",
    "sore_throat",
    "shortness_of_breath",
    "loss_of_smell_or_taste",
    "close_contact_14d",
    "travel_14d",
];

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

    /// Saves a new screening about `employee`; returns the version queued.
    pub fn create_screening(&mut self, employee: &UserProfile, rng: &mut Rng) -> Record {
        let now = Utc::now();
        let screening = Screening {
            id: uuid::Uuid::now_v7().to_string(),
            owner_id: Some(employee.id.clone()),
            agency_id: employee.agency_id.clone(),
            office_id: employee.office_id.clone(),
            parent_id: None,
            date: now.date_naive() - Days::new(rng.range(0..=3)),
            temperature_decicelsius: rng.range(340..=430) as i64,
            fever: rng.chance(10),
            cough: rng.chance(10),
            sore_throat: rng.chance(10),
            shortness_of_breath: rng.chance(5),
            loss_of_smell_or_taste: rng.chance(5),
            other_symptom: rng.chance(10).then(|| "pusing".to_owned()),
            close_contact_14d: rng.chance(10),
            travel_14d: rng.chance(10),
            rules_version: ScreeningRules::KMK_328_2020.version.to_owned(),
            recorded_at: now,
        };
        let stamp = self.tick();
        self.queue(screening.to_new_record(&stamp))
    }

    /// Edits one to three answers of record `id`, all under one fresh stamp (one save). Returns
    /// the version queued, or `None` when the edit happened to change nothing.
    pub fn edit(&mut self, id: &str, rng: &mut Rng) -> Option<Record> {
        let stamp = self.tick();
        let mut record = self.records[id].clone();
        let mut changed = false;
        for _ in 0..rng.range(1..=3) {
            let (field, value) = match rng.range(0..=2) {
                // Within the plausible range, or the server would refuse the record.
                0 => ("temperature_decicelsius", Value::Int(rng.range(340..=430) as i64)),
                1 => {
                    let field = *rng.pick(&YES_NO_FIELDS);
                    let flipped = !record.get(field).and_then(Value::as_bool).unwrap_or(false);
                    (field, Value::Bool(flipped))
                }
                _ => {
                    let texts = ["pusing", "mual", "lemas", "nyeri otot"];
                    let text = rng.chance(70).then(|| (*rng.pick(&texts)).to_owned());
                    ("other_symptom", Value::from(text))
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
