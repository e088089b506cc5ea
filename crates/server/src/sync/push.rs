//! Applying a push: one transaction that checks, merges and stores a device's outbox entries in
//! order, records every field change, and moves the last sequence number of that device and
//! user with them.

use std::collections::{HashMap, HashSet};

use posko_core::kit::{self, Context, Invalid, Registry};
use posko_core::sync::protocol::{
    Ack, Outcome, PushEntry, PushRequest, PushResponse, RejectCode, Rejection, MAX_PUSH_ENTRIES,
};
use posko_core::sync::stamp::MAX_DEVICE_ID_LEN;
use posko_core::sync::{Field, FieldChange, Record, Value};
use posko_core::{Problem, UserProfile};
use sqlx::{AnyConnection, AssertSqlSafe};

use super::{audience, projection};
use crate::db::{values_placeholders, values_placeholders_from, Backend, Db, MAX_BIND_PARAMS};
use crate::error::ApiError;

/// The history's name for a record's tombstone. Field names are snake_case words, so a leading
/// underscore cannot meet a real field.
pub const DELETED_FIELD: &str = "_deleted";

/// The history's name for a record's creation: one row holding every field as first pushed
/// (`{field: {v, s}}`), which the history read expands into one entry per field. A new record
/// has no value to overwrite, so one row keeps all a row per field would, at a twelfth of the
/// writes for a screening.
pub const CREATED_FIELD: &str = "_created";

/// One row of `field_history`.
enum HistoryRow<'a> {
    Change(FieldChange),
    /// A new record as pushed: its fields are written as JSON, under their latest stamp (the
    /// row's key with the record id).
    Created(&'a Record),
}

/// How far ahead of the server's clock a change's stamp may be (issue #18): a little, for the
/// time a request spends on the wire and a phone's clock drifting between syncs. Further, and
/// the stamp would win every later edit of its field until its time came, so it is refused and
/// the device, which follows the server's time, stamps the change again.
pub const DEFAULT_MAX_CLOCK_AHEAD_MS: i64 = 5 * 60 * 1000;

/// What the server holds a push to beyond the records' own rules.
#[derive(Debug, Clone, Copy)]
pub struct PushPolicy {
    /// How far ahead of the server's clock a stamp may be, in milliseconds.
    pub max_clock_ahead_ms: i64,
}

impl Default for PushPolicy {
    fn default() -> Self {
        PushPolicy {
            max_clock_ahead_ms: DEFAULT_MAX_CLOCK_AHEAD_MS,
        }
    }
}

/// Applies `request` for `user` and answers with one ack per entry.
///
/// A device's sequence numbers are its outbox keys, and the server keeps the last one applied
/// per device *and user*: the session says who pushes, so a push under another device's id moves
/// only the pusher's own sequence there and tells nothing of anyone else's. On a shared phone
/// each user's entries are a subsequence of the outbox, so they rise but need not be
/// consecutive; an entry at or below the last one applied is a re-delivery.
///
/// Everything happens in one transaction whose first statement locks the change sequence of the
/// user's agency (`sync_agency_counters`), held until commit. So an agency's pushes run one at
/// a time, each sees every record the one before it stored, and its `server_seq` values become
/// visible in the order they were handed out: a pull, which reads one agency, that has seen
/// sequence n has seen every change of that agency numbered below n. Pushes of different
/// agencies never wait on each other: a push writes its user's agency alone.
pub async fn apply(
    db: &Db,
    kinds: Registry,
    user: &UserProfile,
    request: &PushRequest,
    policy: PushPolicy,
) -> Result<PushResponse, ApiError> {
    check_shape(request)?;
    let now_ms = crate::clock::now_ms();
    let device_id = request.device_id.as_str();

    let mut tx = db.pool.begin().await?;
    // The agency's change sequence, locked until commit (made for an agency's first push), with
    // a number reserved for each record the push names: the most it can change, so no second
    // statement moves the sequence at the end. What is not used (an entry refused, replayed or
    // changing nothing) is a gap, which a pull's cursor passes over. In the same statement, the
    // last sequence number applied of this device and user. A morning's push was a dozen
    // statements, each costing the database about as much as the work in it (issue #18, item 6).
    let agency = user.agency_id.as_str();
    let reserved = request
        .entries
        .iter()
        .map(|entry| entry.record.id.as_str())
        .collect::<HashSet<_>>()
        .len() as i64;
    let (counter, last_seq): (i64, Option<i64>) = sqlx::query_as(
        "INSERT INTO sync_agency_counters (agency_id, seq) VALUES ($1, $2) \
         ON CONFLICT (agency_id) DO UPDATE SET seq = sync_agency_counters.seq + $2 \
         RETURNING seq - $2, (SELECT last_seq FROM sync_devices WHERE device_id = $3 AND user_id = $4)",
    )
    .bind(agency)
    .bind(reserved)
    .bind(device_id)
    .bind(&user.id)
    .fetch_one(&mut *tx)
    .await?;
    let last_seq = last_seq.unwrap_or(0) as u64;

    let Some(last) = request.entries.last() else {
        return Ok(PushResponse {
            acks: Vec::new(),
            last_seq,
            server_time_ms: now_ms,
        });
    };

    // Sequence numbers rise (`check_shape`), so the re-delivered entries are a prefix.
    let (replayed, fresh) = request
        .entries
        .split_at(request.entries.partition_point(|entry| entry.seq <= last_seq));
    let mut acks = replay(&mut tx, device_id, &user.id, replayed).await?;

    // The records the entries change, and the parents they name (whose scope they inherit).
    let ids: Vec<&str> = {
        let mut seen = HashSet::new();
        fresh
            .iter()
            .flat_map(|e| [Some(e.record.id.as_str()), e.record.parent_id.as_deref()])
            .flatten()
            .filter(|id| seen.insert(*id))
            .collect()
    };
    let referenced = load_referenced(&mut tx, kinds, fresh).await?;
    let (working, stored_seqs) = load_records(&mut tx, db.backend, &ids).await?;
    // Who the stored records are for before this push: a change that takes one out of a group
    // (unnames a reader, say) is told to that group's next pulls (`audience::store`).
    let audiences_before: HashMap<String, audience::Before> = working
        .values()
        .map(|record| {
            let before = audience::Before {
                server_seq: stored_seqs[&record.id],
                keys: audience::kept(kinds, record),
            };
            (record.id.clone(), before)
        })
        .collect();
    let mut batch = Batch {
        kinds,
        referenced,
        ctx: Context::server(now_ms),
        now_ms,
        max_clock_ahead_ms: policy.max_clock_ahead_ms.max(0),
        user,
        working,
        dirty: Vec::new(),
        dirty_ids: HashSet::new(),
        history: Vec::new(),
        rejections: Vec::new(),
    };
    for entry in fresh {
        let outcome = batch.apply(entry);
        acks.push(Ack {
            seq: entry.seq,
            outcome,
        });
    }

    let changed = batch.dirty.len() as i64;
    // Only a record an entry names can change, so the reservation covers every number handed
    // out below; were that ever not so, the next push would reuse them, and this one stops.
    if changed > reserved {
        return Err(ApiError::Internal(format!(
            "{changed} records changed, {reserved} sequence numbers reserved"
        )));
    }
    let rows = batch
        .dirty
        .iter()
        .zip(counter + 1..)
        .map(|(id, server_seq)| {
            let record = &batch.working[*id];
            let body = serde_json::to_string(record).map_err(|e| ApiError::Internal(e.to_string()))?;
            Ok((record, body, server_seq))
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    store_records(&mut tx, db.backend, &rows, now_ms).await?;
    projection::store(&mut tx, db.backend, kinds, &rows).await?;
    let stored: Vec<(&Record, i64)> = rows.iter().map(|(record, _, seq)| (*record, *seq)).collect();
    audience::store(&mut tx, db.backend, kinds, agency, &audiences_before, &stored).await?;
    store_history(&mut tx, db.backend, &batch.history, &user.id, device_id, now_ms).await?;
    store_rejections(&mut tx, db.backend, device_id, &user.id, &batch.rejections).await?;
    let new_last_seq = last.seq.max(last_seq);
    if !fresh.is_empty() {
        sqlx::query(
            "INSERT INTO sync_devices (device_id, user_id, last_seq, updated_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (device_id, user_id) DO UPDATE SET last_seq = excluded.last_seq, \
             updated_at = excluded.updated_at",
        )
        .bind(device_id)
        .bind(&user.id)
        .bind(new_last_seq as i64)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;

    tracing::debug!(
        device_id,
        user = %user.id,
        entries = request.entries.len(),
        replayed = replayed.len(),
        changed,
        rejected = batch.rejections.len(),
        "push applied"
    );
    Ok(PushResponse {
        acks,
        last_seq: new_last_seq,
        server_time_ms: now_ms,
    })
}

/// Refuses a malformed push before any database work: a bad device id, too many entries,
/// sequence numbers that do not rise or do not fit the database.
fn check_shape(request: &PushRequest) -> Result<(), ApiError> {
    let device = &request.device_id;
    if device.is_empty() || device.len() > MAX_DEVICE_ID_LEN || !device.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::BadRequest(format!(
            "device_id must be 1 to {MAX_DEVICE_ID_LEN} printable ASCII characters"
        )));
    }
    let entries = &request.entries;
    if entries.len() > MAX_PUSH_ENTRIES {
        return Err(ApiError::BadRequest(format!(
            "a push carries at most {MAX_PUSH_ENTRIES} entries, this one has {}",
            entries.len()
        )));
    }
    if let Some(entry) = entries.iter().find(|e| e.seq == 0 || e.seq > i64::MAX as u64) {
        return Err(ApiError::BadRequest(format!(
            "sequence number {} is out of range",
            entry.seq
        )));
    }
    if let Some((i, pair)) = entries
        .windows(2)
        .enumerate()
        .find(|(_, pair)| pair[1].seq <= pair[0].seq)
    {
        return Err(ApiError::BadRequest(format!(
            "entries must have rising sequence numbers: {} at position {} follows {}",
            pair[1].seq,
            i + 1,
            pair[0].seq
        )));
    }
    Ok(())
}

/// Acks for entries the server has already processed: the stored refusal for those it refused,
/// `Duplicate` for the rest. Nothing changes.
async fn replay(
    conn: &mut AnyConnection,
    device_id: &str,
    user_id: &str,
    entries: &[PushEntry],
) -> Result<Vec<Ack>, ApiError> {
    let (Some(first), Some(last)) = (entries.first(), entries.last()) else {
        return Ok(Vec::new());
    };
    let rows: Vec<(i64, String, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT seq, code, detail, field, problem FROM sync_rejections \
         WHERE device_id = $1 AND user_id = $2 AND seq >= $3 AND seq <= $4",
    )
    .bind(device_id)
    .bind(user_id)
    .bind(first.seq as i64)
    .bind(last.seq as i64)
    .fetch_all(&mut *conn)
    .await?;
    let mut refused = HashMap::with_capacity(rows.len());
    for (seq, code, detail, field, problem) in rows {
        let code =
            RejectCode::parse(&code).ok_or_else(|| ApiError::Internal(format!("stored rejection code {code}")))?;
        let problem = problem
            .map(|p| serde_json::from_str::<Problem>(&p))
            .transpose()
            .map_err(|e| ApiError::Internal(format!("stored rejection problem: {e}")))?;
        refused.insert(
            seq as u64,
            Rejection {
                code,
                detail,
                field,
                problem,
            },
        );
    }
    Ok(entries
        .iter()
        .map(|entry| Ack {
            seq: entry.seq,
            outcome: refused.remove(&entry.seq).map_or(Outcome::Duplicate, Outcome::Rejected),
        })
        .collect())
}

/// The records a push touches, as merged so far, and what it will write.
struct Batch<'a> {
    kinds: Registry,
    /// What the kinds' `fill`s read (`kit::derive`), as stored before the push: the records of
    /// the kinds that the pushed kinds with derived fields reference, by agency.
    referenced: HashMap<String, Vec<Record>>,
    /// What records are judged against: the server's clock.
    ctx: Context,
    /// The server's clock, and how far ahead of it a change's stamp may be.
    now_ms: i64,
    max_clock_ahead_ms: i64,
    user: &'a UserProfile,
    /// Stored records, replaced by their merged version as entries apply.
    working: HashMap<String, Record>,
    /// Ids of records whose state changed, in the order they first changed.
    dirty: Vec<&'a str>,
    dirty_ids: HashSet<&'a str>,
    history: Vec<(&'a str, HistoryRow<'a>)>,
    rejections: Vec<(u64, Rejection)>,
}

impl<'a> Batch<'a> {
    /// Checks and merges one entry. A refused entry leaves nothing behind but its refusal.
    fn apply(&mut self, entry: &'a PushEntry) -> Outcome {
        match self.merge(&entry.record) {
            Ok(()) => Outcome::Applied,
            Err(rejection) => {
                self.rejections.push((entry.seq, rejection.clone()));
                Outcome::Rejected(rejection)
            }
        }
    }

    fn merge(&mut self, incoming: &'a Record) -> Result<(), Rejection> {
        let refuse = |code, detail: String| Err(Rejection::new(code, detail));
        let envelope = [
            Some(&incoming.id),
            Some(&incoming.agency_id),
            incoming.office_id.as_ref(),
            incoming.owner_id.as_ref(),
            incoming.parent_id.as_ref(),
        ];
        // Before anything else: the ids are what scope and the working set are keyed by.
        if !envelope.into_iter().flatten().all(|id| kit::is_id(id)) {
            return refuse(
                RejectCode::Invalid,
                format!("ids must be 1 to {} bytes", kit::MAX_ID_LEN),
            );
        }
        let Some(kind) = self.kinds.get(&incoming.kind) else {
            return refuse(
                RejectCode::UnknownKind,
                format!("unknown record kind {:?}", incoming.kind),
            );
        };
        // A push writes its user's agency alone: its changes are numbered in that agency's
        // sequence, whose lock the push holds.
        if incoming.agency_id != self.user.agency_id {
            return refuse(
                RejectCode::OutOfScope,
                format!("record {} is of another agency than this user's", incoming.id),
            );
        }
        // Scope, the kind's access by role, and a log entry's owner (`kit::may_write`), judged
        // on the record as it arrives and as it is kept.
        if !kit::may_write(self.user, kind, incoming, self.working.get(&incoming.id)) {
            return refuse(
                RejectCode::OutOfScope,
                format!("record {} is outside what this user may write", incoming.id),
            );
        }
        // A stamp from the future would win every later edit of its field: refused, and the
        // device stamps the change again by the server's time. A stamp the server already
        // holds for that field is the same change again, whenever it was made.
        let stored = self.working.get(&incoming.id);
        let stamps = incoming
            .fields
            .iter()
            .filter(|(name, field)| stored.and_then(|s| s.fields.get(*name)).is_none_or(|s| s.s != field.s))
            .map(|(_, field)| &field.s)
            .chain(
                incoming
                    .deleted
                    .iter()
                    .filter(|d| stored.and_then(|s| s.deleted.as_ref()) != Some(*d)),
            );
        let latest = self.now_ms.saturating_add(self.max_clock_ahead_ms);
        if let Some(ahead) = stamps.filter(|stamp| stamp.ms() as i64 > latest).max() {
            return refuse(
                RejectCode::ClockAhead,
                format!(
                    "a change stamped {} ms after the server's time ({} ms allowed)",
                    ahead.ms() as i64 - self.now_ms,
                    self.max_clock_ahead_ms
                ),
            );
        }
        if let (Some(parent_kind), Some(parent_id)) = (kind.parent, &incoming.parent_id) {
            // A child inherits its parent's scope: same agency and office, and the parent
            // must be here first (the outbox sends it first).
            let inherits = self.working.get(parent_id).is_some_and(|parent| {
                parent.kind == parent_kind
                    && parent.agency_id == incoming.agency_id
                    && parent.office_id == incoming.office_id
            });
            if !inherits {
                return Err(Rejection::invalid(&Invalid::new("parent_id", Problem::NotFound)));
            }
        }
        // A record new to the server is the incoming one as it is: nothing to merge it with, and
        // its history is one creation row (below), so no change is computed per field.
        let was_new = !self.working.contains_key(&incoming.id);
        let (merged, changes, deleted_before) = match self.working.get(&incoming.id) {
            None => (incoming.clone(), Vec::new(), None),
            Some(stored) => {
                let mut merged = stored.clone();
                let deleted_before = merged.deleted.clone();
                match merged.merge(incoming) {
                    Ok(changes) => (merged, changes, deleted_before),
                    Err(e) => return refuse(RejectCode::EnvelopeChanged, e.to_string()),
                }
            }
        };
        let names: Box<dyn Iterator<Item = &str>> = if was_new {
            Box::new(incoming.fields.keys().map(String::as_str))
        } else {
            Box::new(changes.iter().map(|c| c.field.as_str()))
        };
        let names: Vec<&str> = names.collect();
        // A field only the admin sets (a violation's discipline level), changed by anyone else.
        if let Some(name) = kit::forbidden_field(self.user, kind, names.iter().copied()) {
            return refuse(
                RejectCode::OutOfScope,
                format!("only the Crisis Center admin sets {name} of a {}", kind.name),
            );
        }
        if let Err(name) = kit::check_names(kind, names.into_iter()) {
            return Err(Rejection {
                code: RejectCode::Invalid,
                detail: format!("{name} is not a field of a {} in this shape", kind.name),
                field: Some(name),
                problem: Some(Problem::UnknownField),
            });
        }
        // Derived fields are the server's to compute, from its own records (a violation's unit
        // head reads it: a device must not name them): whatever a device sent for them, the
        // merged record gets what `kit::derive` gives, under a stamp after every stamp the
        // record holds, which the device then pulls.
        let mut merged = merged;
        let mut changes = changes;
        if kind.fill.is_some() {
            let stored = self.working.get(&incoming.id);
            let before: Vec<(&'static str, Option<Field>)> = kind
                .fields
                .iter()
                .filter(|f| f.derived)
                .map(|f| (f.name, stored.and_then(|s| s.fields.get(f.name)).cloned()))
                .collect();
            self.derive(kind, before, &mut merged, &mut changes);
        }
        // A later version's fields are kept, within bounds this version can check.
        if let Err((field, problem)) = kit::check_undeclared(kind, &merged) {
            return Err(Rejection {
                code: RejectCode::Invalid,
                detail: format!("{field}: {}", problem.describe()),
                field: Some(field),
                problem: Some(problem),
            });
        }
        if let Some(invalid) = kit::check(kind, &merged, &self.ctx).first() {
            return Err(Rejection::invalid(invalid));
        }
        // One a day per person or office (the kind's declared ids): a record new to the
        // server with another id would be that day's second. A stored one keeps its id.
        if was_new {
            kit::check_id(kind, &merged).map_err(|invalid| Rejection::invalid(&invalid))?;
        }
        if let Some(tombstone) = &incoming.deleted {
            // A delete is a change too: the history shows who deleted the record, and when.
            if deleted_before.as_ref() != Some(tombstone) {
                changes.push(FieldChange {
                    field: DELETED_FIELD.to_owned(),
                    old: deleted_before.clone().map(|s| Field {
                        v: Value::Bool(true),
                        s,
                    }),
                    incoming: Field {
                        v: Value::Bool(true),
                        s: tombstone.clone(),
                    },
                    won: merged.deleted.as_ref() == Some(tombstone),
                });
            }
        }
        let changed = was_new || merged.deleted != deleted_before || changes.iter().any(|c| c.won);
        if changed {
            if self.dirty_ids.insert(&incoming.id) {
                self.dirty.push(&incoming.id);
            }
            self.working.insert(incoming.id.clone(), merged);
        }
        let id = incoming.id.as_str();
        if was_new {
            // Every field is new and took effect: one row for all (a tombstone keeps its own).
            if !incoming.fields.is_empty() {
                self.history.push((id, HistoryRow::Created(incoming)));
            }
            self.history
                .extend(changes.into_iter().map(|c| (id, HistoryRow::Change(c))));
        } else {
            // A field whose stamp the stored record already holds is the same change again (a
            // device sends its whole record): its row exists, maybe inside a creation row, where
            // the table's key cannot see it.
            let again = |c: &FieldChange| c.old.as_ref().is_some_and(|old| old.s == c.incoming.s);
            self.history.extend(
                changes
                    .into_iter()
                    .filter(|c| !again(c))
                    .map(|c| (id, HistoryRow::Change(c))),
            );
        }
        Ok(())
    }
}

impl Batch<'_> {
    /// Sets `merged`'s derived fields to what the server derives, each change recorded. The
    /// kind's `fill` reads the derived values as the server kept them (`before`), never as a
    /// device sent them: a screening's raised alert stays raised whatever a device says.
    fn derive(
        &self,
        kind: &kit::KindDecl,
        before: Vec<(&'static str, Option<Field>)>,
        merged: &mut Record,
        changes: &mut Vec<FieldChange>,
    ) {
        let targets: Vec<&str> = kit::referenced_kinds(kind).collect();
        // The stored records, with those this push made or changed in their place (none to
        // look for when the kind references nothing: a screening).
        let mut known: Vec<Record> = Vec::new();
        if !targets.is_empty() {
            known.extend(
                self.working
                    .values()
                    .filter(|r| r.agency_id == merged.agency_id && targets.contains(&r.kind.as_str()))
                    .cloned(),
            );
            if let Some(stored) = self.referenced.get(&merged.agency_id) {
                known.extend(stored.iter().filter(|r| !self.working.contains_key(&r.id)).cloned());
            }
        }
        let mut input = merged.clone();
        for (name, kept) in before {
            match kept {
                Some(field) => input.fields.insert(name.to_owned(), field),
                None => input.fields.remove(name),
            };
        }
        let derived = kit::derive(kind, &input, &known);
        let Some(latest) = merged.latest_stamp().cloned() else {
            return;
        };
        let stamp = latest.after(SERVER_DEVICE);
        for (name, value) in derived {
            let old = merged.fields.get(name).cloned();
            let now = old.as_ref().map_or(&Value::Null, |f| &f.v);
            if *now != value {
                changes.push(FieldChange {
                    field: name.to_owned(),
                    old,
                    incoming: Field {
                        v: value.clone(),
                        s: stamp.clone(),
                    },
                    won: true,
                });
                merged.fields.insert(
                    name.to_owned(),
                    Field {
                        v: value,
                        s: stamp.clone(),
                    },
                );
            }
        }
    }
}

/// The device id of the stamps the server gives the fields it derives.
pub const SERVER_DEVICE: &str = "server";

/// What the `fill`s of the pushed kinds read: the stored records of the kinds they reference,
/// in the agencies of the records pushed (a violation: the agency's roster). Only for kinds with
/// derived fields, so a morning of screenings reads nothing here.
async fn load_referenced(
    conn: &mut AnyConnection,
    kinds: Registry,
    entries: &[PushEntry],
) -> Result<HashMap<String, Vec<Record>>, ApiError> {
    let mut wanted: Vec<(&str, &str)> = Vec::new();
    for entry in entries {
        let Some(kind) = kinds.get(&entry.record.kind).filter(|k| k.fill.is_some()) else {
            continue;
        };
        for target in kit::referenced_kinds(kind) {
            if !wanted.contains(&(entry.record.agency_id.as_str(), target)) {
                wanted.push((entry.record.agency_id.as_str(), target));
            }
        }
    }
    let mut found: HashMap<String, Vec<Record>> = HashMap::new();
    for (agency, target) in wanted {
        let bodies: Vec<String> = sqlx::query_scalar("SELECT body FROM records WHERE agency_id = $1 AND kind = $2")
            .bind(agency)
            .bind(target)
            .fetch_all(&mut *conn)
            .await?;
        for body in bodies {
            let record: Record =
                serde_json::from_str(&body).map_err(|e| ApiError::Internal(format!("stored record: {e}")))?;
            found.entry(agency.to_owned()).or_default().push(record);
        }
    }
    Ok(found)
}

/// The stored records with these ids, by id.
async fn load_records(
    conn: &mut AnyConnection,
    backend: Backend,
    ids: &[&str],
) -> Result<(HashMap<String, Record>, HashMap<String, i64>), ApiError> {
    let mut records = HashMap::with_capacity(ids.len());
    let mut seqs = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(MAX_BIND_PARAMS) {
        let sql = format!(
            "SELECT body, server_seq FROM records WHERE id IN {}",
            values_placeholders(backend, 1, chunk.len())
        );
        let mut query = sqlx::query_as::<_, (String, i64)>(AssertSqlSafe(sql));
        for id in chunk {
            query = query.bind(*id);
        }
        for (body, seq) in query.fetch_all(&mut *conn).await? {
            let record: Record =
                serde_json::from_str(&body).map_err(|e| ApiError::Internal(format!("stored record: {e}")))?;
            seqs.insert(record.id.clone(), seq);
            records.insert(record.id.clone(), record);
        }
    }
    Ok((records, seqs))
}

/// Inserts or replaces records, each with its new change sequence number.
async fn store_records(
    conn: &mut AnyConnection,
    backend: Backend,
    rows: &[(&Record, String, i64)],
    now_ms: i64,
) -> Result<(), ApiError> {
    const COLUMNS: usize = 8;
    for chunk in rows.chunks(MAX_BIND_PARAMS / COLUMNS) {
        let sql = format!(
            "INSERT INTO records (id, kind, agency_id, office_id, owner_id, body, server_seq, updated_at) VALUES {} \
             ON CONFLICT (id) DO UPDATE SET body = excluded.body, server_seq = excluded.server_seq, \
             updated_at = excluded.updated_at WHERE records.agency_id = excluded.agency_id",
            values_placeholders(backend, chunk.len(), COLUMNS)
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for (record, body, server_seq) in chunk {
            query = query
                .bind(record.id.as_str())
                .bind(record.kind.as_str())
                .bind(record.agency_id.as_str())
                .bind(record.office_id.as_deref())
                .bind(record.owner_id.as_deref())
                .bind(body.as_str())
                .bind(*server_seq)
                .bind(now_ms);
        }
        // A record another agency's push stored meanwhile under the same id (a crafted one:
        // devices make UUIDs) is not overwritten, and this push fails whole.
        if query.execute(&mut *conn).await?.rows_affected() != chunk.len() as u64 {
            return Err(ApiError::Conflict("a record id of another agency".into()));
        }
    }
    Ok(())
}

/// One history row per field change, won or lost. A change already recorded (the same field of
/// the same record under the same stamp) is skipped by the key.
async fn store_history(
    conn: &mut AnyConnection,
    backend: Backend,
    changes: &[(&str, HistoryRow<'_>)],
    user_id: &str,
    device_id: &str,
    now_ms: i64,
) -> Result<(), ApiError> {
    const COLUMNS: usize = 6;
    for chunk in changes.chunks(MAX_BIND_PARAMS / COLUMNS) {
        // The three values every row shares are bound once. Both engines name the columns of a
        // bare VALUES list column1, column2, ...; `WHERE true` tells SQLite's parser that the
        // ON CONFLICT belongs to the INSERT, not to a join.
        let (user, device, received) = match backend {
            Backend::Sqlite => ("?".to_owned(), "?".to_owned(), "?".to_owned()),
            Backend::Postgres => ("$1".to_owned(), "$2".to_owned(), "$3".to_owned()),
        };
        let sql = format!(
            "INSERT INTO field_history \
             (record_id, field, old_value, new_value, stamp, won, user_id, device_id, received_at) \
             SELECT column1, column2, column3, column4, column5, column6, {user}, {device}, {received} \
             FROM (VALUES {}) AS changes WHERE true \
             ON CONFLICT (record_id, field, stamp) DO NOTHING",
            values_placeholders_from(backend, 4, chunk.len(), COLUMNS)
        );
        let mut query = sqlx::query(AssertSqlSafe(sql))
            .bind(user_id)
            .bind(device_id)
            .bind(now_ms);
        for (record_id, row) in chunk {
            query = match row {
                HistoryRow::Created(record) => query
                    .bind(*record_id)
                    .bind(CREATED_FIELD)
                    .bind(None::<String>)
                    .bind(serde_json::to_string(&record.fields).map_err(|e| ApiError::Internal(e.to_string()))?)
                    .bind(record.fields.values().map(|f| f.s.as_str()).max().unwrap_or_default())
                    .bind(1i16),
                HistoryRow::Change(change) => query
                    .bind(*record_id)
                    .bind(change.field.as_str())
                    // `Value`'s Display is its JSON.
                    .bind(change.old.as_ref().map(|old| old.v.to_string()))
                    .bind(change.incoming.v.to_string())
                    .bind(change.incoming.s.as_str())
                    .bind(i16::from(change.won)),
            };
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

async fn store_rejections(
    conn: &mut AnyConnection,
    backend: Backend,
    device_id: &str,
    user_id: &str,
    rejections: &[(u64, Rejection)],
) -> Result<(), ApiError> {
    const COLUMNS: usize = 7;
    for chunk in rejections.chunks(MAX_BIND_PARAMS / COLUMNS) {
        let sql = format!(
            "INSERT INTO sync_rejections (device_id, user_id, seq, code, detail, field, problem) VALUES {} \
             ON CONFLICT (device_id, user_id, seq) DO UPDATE SET code = excluded.code, detail = excluded.detail, \
             field = excluded.field, problem = excluded.problem",
            values_placeholders(backend, chunk.len(), COLUMNS)
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for (seq, rejection) in chunk {
            let problem = rejection
                .problem
                .as_ref()
                .map(serde_json::to_string)
                .transpose()
                .map_err(|e| ApiError::Internal(e.to_string()))?;
            query = query
                .bind(device_id)
                .bind(user_id)
                .bind(*seq as i64)
                .bind(rejection.code.as_str())
                .bind(rejection.detail.as_str())
                .bind(rejection.field.as_deref())
                .bind(problem);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}
