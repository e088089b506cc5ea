//! Pulling: the records in a user's scope changed after a cursor, one page at a time, sent as
//! the JSON the server stored, never parsed and serialised again.

use posko_core::kit::Registry;
use posko_core::sync::protocol::{DEFAULT_PULL_PAGE, MAX_PULL_PAGE};
use posko_core::sync::Scope;
use posko_core::UserProfile;

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

/// A fingerprint of what decides a user's reach besides the records themselves: their role,
/// agency and office. A device that pulled under another one (the user moved office, or got a
/// new role) pulls again from the start (`PullResponse::reset`).
pub fn reach_of(user: &UserProfile) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(format!(
        "{}\n{}\n{}",
        user.role.as_str(),
        user.agency_id,
        user.office_id.as_deref().unwrap_or("")
    ));
    hex::encode(&digest[..8])
}

/// The records `user` may read (their scope, of the kinds their role reads, and those that name
/// them in a reader field: `kit::may_read`)
/// whose `server_seq` is above `after`: at most `limit` of them (`DEFAULT_PULL_PAGE` when not
/// given, never more than `MAX_PULL_PAGE`).
///
/// One statement, so one snapshot. Pushes hand out `server_seq` in commit order (see
/// `push::apply`), so the snapshot holds every change numbered up to the highest it shows, and
/// a client that moves its cursor to the last record it got never skips one.
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
    // The kinds the role reads (`Access`): all of them, usually, and then no filter; none for a
    // monitor (no record about a person), and then nothing to ask the database.
    let readable: Vec<&str> = kinds
        .kinds()
        .iter()
        .filter(|k| k.access.readable_by(user.role))
        .map(|k| k.name)
        .collect();
    if readable.is_empty() {
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
    let kind_filter = if readable.len() == kinds.kinds().len() {
        String::new()
    } else {
        // Kind names are words (`Registry::problems`), never user input.
        format!(" AND kind IN ('{}')", readable.join("', '"))
    };
    let limit = limit.map_or(DEFAULT_PULL_PAGE, |l| l.clamp(1, MAX_PULL_PAGE as u64) as usize);
    let scope = Scope::of(user);
    // An employee also reads their office's office-wide records (the day's plan).
    let office_wide: Vec<&str> = kinds
        .kinds()
        .iter()
        .filter(|k| k.access == posko_core::kit::Access::OfficeWide)
        .map(|k| k.name)
        .collect();
    // An officer also reads the agency's agency-wide records (its checklist versions).
    let agency_wide: Vec<&str> = kinds
        .kinds()
        .iter()
        .filter(|k| k.access == posko_core::kit::Access::AgencyWide)
        .map(|k| k.name)
        .collect();
    let agency_wide_clause = if agency_wide.is_empty() {
        String::new()
    } else {
        format!(" OR kind IN ('{}')", agency_wide.join("', '"))
    };
    let own_office_clause = format!(" OR (office_id = $5 AND kind IN ('{}'))", office_wide.join("', '"));
    // A record that names the user in a reader field (a violation's person, the unit head
    // answerable), found in its kind's projection, where reader fields are columns.
    let named = |user_param: &str| -> String {
        kinds
            .kinds()
            .iter()
            .filter(|k| k.fields.iter().any(|f| f.reader))
            .map(|k| {
                let columns: Vec<String> = k
                    .fields
                    .iter()
                    .filter(|f| f.reader)
                    .map(|f| format!("{} = {user_param}", f.name))
                    .collect();
                format!(
                    " OR id IN (SELECT id FROM {} WHERE agency_id = $3 AND ({}))",
                    super::projection::table(k),
                    columns.join(" OR ")
                )
            })
            .collect()
    };
    // One text for each shape of scope (and kinds read), so the statement cache keeps them.
    let (filter, scope_params): (String, [Option<&str>; 3]) = match (&scope, user.office_id.as_deref()) {
        (Scope::Everything, _) => (String::new(), [None, None, None]),
        // Whoever a record of the agency names is of the agency: the scope holds it already.
        (Scope::Agency { agency_id }, _) => (" AND agency_id = $3".into(), [Some(agency_id), None, None]),
        (Scope::Office { agency_id, office_id }, _) => {
            let named = named("$5");
            let user_id = (!named.is_empty()).then_some(user.id.as_str());
            (
                format!(" AND agency_id = $3 AND (office_id = $4{agency_wide_clause}{named})"),
                [Some(agency_id), Some(office_id), user_id],
            )
        }
        (Scope::Own { agency_id, user_id }, Some(office)) if !office_wide.is_empty() => (
            format!(
                " AND agency_id = $3 AND (owner_id = $4{own_office_clause}{})",
                named("$4")
            ),
            [Some(agency_id), Some(user_id), Some(office)],
        ),
        (Scope::Own { agency_id, user_id }, _) => (
            format!(" AND agency_id = $3 AND (owner_id = $4{})", named("$4")),
            [Some(agency_id), Some(user_id), None],
        ),
    };
    let sql = format!(
        "SELECT server_seq, body FROM records WHERE server_seq > $1{filter}{kind_filter} ORDER BY server_seq LIMIT $2"
    );
    // $2 is the page size above; here it only keeps the parameters numbered alike.
    let count_sql = format!("SELECT COUNT(*) FROM records WHERE server_seq > $1 AND $2 > 0{filter}{kind_filter}");
    let mut query = sqlx::query_as::<_, (i64, String)>(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(after)
        // One more than asked for tells whether another page waits.
        .bind(limit as i64 + 1);
    for param in scope_params.into_iter().flatten() {
        query = query.bind(param);
    }
    let mut rows = query.fetch_all(&db.pool).await?;
    let more = rows.len() > limit;
    rows.truncate(limit);
    let cursor = rows.last().map_or(after, |(seq, _)| *seq);
    // What is left after this page, for the device's progress: counted on the scope's index
    // only when there is more (a separate statement: a count need not be of the same snapshot).
    let remaining = if more {
        let mut count = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(count_sql.as_str()))
            .bind(cursor)
            .bind(1_i64);
        for param in scope_params.into_iter().flatten() {
            count = count.bind(param);
        }
        count.fetch_one(&db.pool).await? as u64
    } else {
        0
    };
    // What left the user's reach in the page's range: departures (`push::store_departures`) of
    // records they still cannot read (a later change may have named them again). A page from
    // the start brings everything in reach, and the device drops what it does not bring.
    let gone = if reset {
        Vec::new()
    } else {
        departed(db, kinds, user, after, if more { cursor } else { i64::MAX }).await?
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

/// The records unnamed as readable by `user` by changes numbered in `(after, until]` that the
/// user may not read now (`kit::may_read`, on the record as stored).
async fn departed(
    db: &Db,
    kinds: Registry,
    user: &UserProfile,
    after: i64,
    until: i64,
) -> Result<Vec<String>, ApiError> {
    let rows: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT d.record_id, r.body FROM record_departures d LEFT JOIN records r ON r.id = d.record_id \
         WHERE d.agency_id = $1 AND d.user_id = $2 AND d.server_seq > $3 AND d.server_seq <= $4 \
         ORDER BY d.server_seq",
    )
    .bind(&user.agency_id)
    .bind(&user.id)
    .bind(after)
    .bind(until)
    .fetch_all(&db.pool)
    .await?;
    let mut gone: Vec<String> = Vec::new();
    for (id, body) in rows {
        let readable = match body {
            Some(body) => {
                let record: posko_core::sync::Record =
                    serde_json::from_str(&body).map_err(|e| ApiError::Internal(format!("stored record: {e}")))?;
                kinds
                    .get(&record.kind)
                    .is_some_and(|kind| posko_core::kit::may_read(user, kind, &record))
            }
            None => false,
        };
        if !readable && !gone.contains(&id) {
            gone.push(id);
        }
    }
    Ok(gone)
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
