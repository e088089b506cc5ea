//! Pulling: the records in a user's scope changed after a cursor, one page at a time, sent as
//! the JSON the server stored, never parsed and serialised again.

use posko_core::kit::{self, Registry};
use posko_core::sync::protocol::{DEFAULT_PULL_PAGE, MAX_PULL_PAGE};
use posko_core::UserProfile;

use super::audience;
use crate::db::Db;
use crate::error::ApiError;

/// One page of stored records, oldest change first.
pub struct Page {
    /// Each record's stored JSON.
    pub bodies: Vec<String>,
    pub cursor: u64,
    pub more: bool,
    /// Records in scope after `cursor` (0 when `more` is false).
    pub remaining: u64,
    /// Ids of records that left the user's reach within the page's range (`PullResponse::gone`).
    pub gone: Vec<String>,
    /// The user's reach now (`reach_of`).
    pub reach: String,
    /// The device's reach was another: the page starts from the beginning.
    pub reset: bool,
}

/// A fingerprint of the user's reach: the groups they read (`kit::audiences_of`) under the
/// rules of this server (`kit::AUDIENCE_RULES`). A device that pulled under another one (the
/// user moved office, got a new role, or the rules changed) pulls again from the start
/// (`PullResponse::reset`).
pub fn reach_of(user: &UserProfile) -> String {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    hasher.update(format!("rules {}\n", kit::AUDIENCE_RULES));
    for audience in kit::audiences_of(user) {
        hasher.update(format!("{}\n{}\n", audience.agency_id(), audience.key()));
    }
    hex::encode(&hasher.finalize()[..8])
}

/// The records `user` may read (those for a group they are in: `kit::audiences_of`, the one
/// rule `kit::may_read` also applies) whose `server_seq` is above `after`: at most `limit` of
/// them (`DEFAULT_PULL_PAGE` when not given, never more than `MAX_PULL_PAGE`).
///
/// One statement, so one snapshot. Pushes hand out `server_seq` in commit order within an
/// agency (see `push::apply`), and a user reads one agency, so the snapshot holds every change
/// numbered up to the highest it shows, and a client that moves its cursor to the last record
/// it got never skips one.
///
/// `reach` is the fingerprint the device's cursor was reached under (`None` from a device
/// before issue #18, or on its first pull): another than the user's now starts from 0.
pub async fn page(
    db: &Db,
    kinds: Registry,
    user: &UserProfile,
    after: u64,
    limit: Option<u64>,
    reach: Option<&str>,
) -> Result<Page, ApiError> {
    let after = i64::try_from(after).map_err(|_| ApiError::BadRequest(format!("cursor {after} is out of range")))?;
    let current = reach_of(user);
    let reset = after > 0 && reach.is_some_and(|reach| reach != current);
    let after = if reset { 0 } else { after };
    let limit = limit.map_or(DEFAULT_PULL_PAGE, |l| l.clamp(1, MAX_PULL_PAGE as u64) as usize);
    let groups = kit::audiences_of(user);
    // A monitor reads no record: nothing to ask the database.
    if groups.is_empty() {
        return Ok(Page {
            bodies: Vec::new(),
            cursor: after as u64,
            more: false,
            remaining: 0,
            gone: Vec::new(),
            reach: current,
            reset,
        });
    }
    // The whole agency's group is every record of it, and its everyday readers' every record
    // but the health kinds' (`Access::is_health`); the others are looked up by their rows, once
    // each however many of the user's groups a record is for. $1 the cursor, $2 the page size
    // (with $1 only for the count), $3 the agency, then the groups, then the health kinds.
    let whole_agency = groups.iter().any(|g| matches!(g, kit::Audience::Agency { .. }));
    let everyday = groups.iter().any(|g| matches!(g, kit::Audience::AgencyWork { .. }));
    let keys = if whole_agency {
        Vec::new()
    } else {
        audience::kept_keys(&groups)
    };
    let health: Vec<&str> = if everyday {
        kinds
            .kinds()
            .iter()
            .filter(|k| k.access.is_health())
            .map(|k| k.name)
            .collect()
    } else {
        Vec::new()
    };
    let in_list = group_params(4, keys.len());
    let (sql, count_sql) = if whole_agency || (everyday && health.is_empty()) {
        (
            "SELECT server_seq, body FROM records WHERE agency_id = $3 AND server_seq > $1 \
             ORDER BY server_seq LIMIT $2"
                .to_owned(),
            "SELECT COUNT(*) FROM records WHERE agency_id = $3 AND server_seq > $1 AND $2 > 0".to_owned(),
        )
    } else if everyday {
        let health_list = group_params(4 + keys.len(), health.len());
        let readable = format!(
            "agency_id = $3 AND server_seq > $1 AND (kind NOT IN ({health_list}) OR server_seq IN \
             (SELECT server_seq FROM record_audiences WHERE agency_id = $3 AND audience IN ({in_list}) \
             AND server_seq > $1))"
        );
        (
            format!("SELECT server_seq, body FROM records WHERE {readable} ORDER BY server_seq LIMIT $2"),
            format!("SELECT COUNT(*) FROM records WHERE {readable} AND $2 > 0"),
        )
    } else {
        (
            format!(
                "SELECT server_seq, body FROM records WHERE agency_id = $3 AND server_seq IN \
                 (SELECT DISTINCT server_seq FROM record_audiences WHERE agency_id = $3 AND audience IN ({in_list}) \
                 AND server_seq > $1 ORDER BY server_seq LIMIT $2) ORDER BY server_seq"
            ),
            format!(
                "SELECT COUNT(DISTINCT server_seq) FROM record_audiences WHERE agency_id = $3 \
                 AND audience IN ({in_list}) AND server_seq > $1 AND $2 > 0"
            ),
        )
    };
    let mut query = sqlx::query_as::<_, (i64, String)>(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(after)
        // One more than asked for tells whether another page waits.
        .bind(limit as i64 + 1)
        .bind(&user.agency_id);
    for key in &keys {
        query = query.bind(key.as_str());
    }
    for kind in &health {
        query = query.bind(*kind);
    }
    let mut rows = query.fetch_all(&db.pool).await?;
    let more = rows.len() > limit;
    rows.truncate(limit);
    let cursor = rows.last().map_or(after, |(seq, _)| *seq);
    // What is left after this page, for the device's progress: counted on the index only when
    // there is more (a separate statement: a count need not be of the same snapshot).
    let remaining = if more {
        let mut count = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(count_sql.as_str()))
            .bind(cursor)
            .bind(1_i64)
            .bind(&user.agency_id);
        for key in &keys {
            count = count.bind(key.as_str());
        }
        for kind in &health {
            count = count.bind(*kind);
        }
        count.fetch_one(&db.pool).await? as u64
    } else {
        0
    };
    // What left the user's reach in the page's range: departures (`audience::store`) of records
    // they still cannot read (a later change may have made them readable again). A page from
    // the start brings everything in reach, and the device drops what it does not bring.
    let gone = if reset {
        Vec::new()
    } else {
        departed(db, kinds, user, &groups, after, if more { cursor } else { i64::MAX }).await?
    };
    Ok(Page {
        bodies: rows.into_iter().map(|(_, body)| body).collect(),
        cursor: cursor as u64,
        more,
        remaining,
        gone,
        reach: current,
        reset,
    })
}

/// The records that left one of `groups` (the user's) by changes numbered in `(after, until]`
/// and that the user may not read now (`kit::may_read`, on the record as stored).
async fn departed(
    db: &Db,
    kinds: Registry,
    user: &UserProfile,
    groups: &[kit::Audience],
    after: i64,
    until: i64,
) -> Result<Vec<String>, ApiError> {
    let keys = audience::kept_keys(groups);
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let in_list = group_params(4, keys.len());
    let sql = format!(
        "SELECT d.record_id, r.body FROM record_group_departures d LEFT JOIN records r ON r.id = d.record_id \
         WHERE d.agency_id = $1 AND d.server_seq > $2 AND d.server_seq <= $3 AND d.audience IN ({in_list}) \
         ORDER BY d.server_seq"
    );
    let mut query = sqlx::query_as::<_, (String, Option<String>)>(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(&user.agency_id)
        .bind(after)
        .bind(until);
    for key in &keys {
        query = query.bind(key.as_str());
    }
    let rows = query.fetch_all(&db.pool).await?;
    let mut gone: Vec<String> = Vec::new();
    for (id, body) in rows {
        let readable = match body {
            Some(body) => {
                let record: posko_core::sync::Record =
                    serde_json::from_str(&body).map_err(|e| ApiError::Internal(format!("stored record: {e}")))?;
                kinds
                    .get(&record.kind)
                    .is_some_and(|kind| kit::may_read(user, kind, &record))
            }
            None => false,
        };
        if !readable && !gone.contains(&id) {
            gone.push(id);
        }
    }
    Ok(gone)
}

/// `$first, $first+1, ...`: the parameters of `n` values (group keys after the three each
/// statement starts with, from `$4`; then kinds), numbered on both engines: SQLite takes `$n`
/// by its number too.
fn group_params(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Page {
    /// The page as a `PullResponse` body, written around the stored records' JSON. The stored
    /// bodies are `serde_json` output of `Record`, so they drop in as they are.
    pub fn to_json(&self, server_time_ms: i64) -> String {
        let records_len: usize = self.bodies.iter().map(|b| b.len() + 1).sum();
        let mut json = String::with_capacity(records_len + 96);
        json.push_str("{\"records\":[");
        for (i, body) in self.bodies.iter().enumerate() {
            if i > 0 {
                json.push(',');
            }
            json.push_str(body);
        }
        json.push_str(&format!(
            "],\"cursor\":{},\"more\":{},\"server_time_ms\":{},\"remaining\":{},\"gone\":{},\"reach\":{},\"reset\":{}}}",
            self.cursor,
            self.more,
            server_time_ms,
            self.remaining,
            serde_json::to_string(&self.gone).unwrap_or_else(|_| "[]".to_owned()),
            serde_json::to_string(&self.reach).unwrap_or_else(|_| "\"\"".to_owned()),
            self.reset
        ));
        json
    }
}

#[cfg(test)]
mod tests {
    use posko_core::sync::protocol::PullResponse;
    use posko_core::sync::{Record, Stamp, Value};

    use super::*;

    /// The hand-written body must stay the wire type: a field added to `PullResponse` fails
    /// here until `to_json` writes it too.
    #[test]
    fn the_page_body_is_a_pull_response() {
        let mut record = Record::new("screening", "r1".into(), "ag".into(), None, Some("u\"1".into()));
        record.set(
            "other_symptom",
            Value::Text("pusing \"berat\"\n".into()),
            &Stamp::new(1, 0, "d"),
        );
        let body = serde_json::to_string(&record).unwrap();
        for (bodies, more) in [
            (vec![], false),
            (vec![body.clone()], true),
            (vec![body.clone(), body], false),
        ] {
            let page = Page {
                bodies,
                cursor: 42,
                more,
                remaining: u64::from(more) * 9,
                gone: vec!["r\"9".into(); usize::from(more)],
                reach: "0123abcd".into(),
                reset: more,
            };
            let parsed: PullResponse = serde_json::from_str(&page.to_json(7)).unwrap();
            assert_eq!(parsed.records, vec![record.clone(); page.bodies.len()]);
            assert_eq!(
                (parsed.cursor, parsed.more, parsed.server_time_ms, parsed.remaining),
                (42, more, 7, page.remaining)
            );
            assert_eq!(
                (&parsed.gone, &parsed.reach, parsed.reset),
                (&page.gone, &page.reach, page.reset)
            );
        }
    }
}
