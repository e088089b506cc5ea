//! The monitors' figures (`GET /api/figures`): for each office in the user's reach and each day
//! asked for, the roster's size, how many of it screened, the day's checklist counted, and the
//! score and flags `ComplianceRules::judge` gives them, exactly as `compliance::office_days`
//! counts on a device. SQL over the projection tables (`kind_person`, `kind_screening`,
//! `kind_checklist`), never a record's JSON; and only counts leave: no person's name, id or
//! answer, so a monitor, who reads no record about a person, reads every agency's figures.

use std::collections::HashMap;

use posko_core::api::{DayFigures, Figures, FiguresQuery, OfficeFigures};
use posko_core::checklist::checklist_id;
use posko_core::compliance::{ChecklistTally, ComplianceRules, OfficeDay};
use posko_core::date::{format_ymd, parse_ymd};
use posko_core::kit::{self, FiguresReach};
use posko_core::UserProfile;
use sqlx::any::AnyArguments;
use sqlx::query::QueryAs;
use sqlx::{Any, AssertSqlSafe};

use crate::db::Db;
use crate::error::ApiError;

/// The rules the figures are scored by.
const RULES: &ComplianceRules = &ComplianceRules::POSKO_2020;

/// The offices (`o`) a user's figures cover (`kit::figures_reach`), as a SQL condition whose
/// parameters are numbered from `$first`, with their values. An employee reads no figures.
fn reach(user: &UserProfile, first: usize) -> Result<(String, Vec<String>), ApiError> {
    Ok(match kit::figures_reach(user) {
        FiguresReach::Everything => ("1 = 1".to_owned(), Vec::new()),
        FiguresReach::Agency { agency_id } => (format!("o.agency_id = ${first}"), vec![agency_id]),
        FiguresReach::Office { agency_id, office_id } => (
            format!("o.agency_id = ${first} AND o.id = ${}", first + 1),
            vec![agency_id, office_id],
        ),
        FiguresReach::Nothing => return Err(ApiError::Forbidden("an employee reads no office's figures")),
    })
}

/// Whether `user` reads figures at all: every role but the employee.
pub fn readable_by(user: &UserProfile) -> Result<(), ApiError> {
    reach(user, 1).map(drop)
}

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The figures `query` asks for, of the offices in `user`'s reach.
pub async fn of(db: &Db, user: &UserProfile, query: &FiguresQuery) -> Result<Figures, ApiError> {
    let (within, bound) = reach(user, 1)?;
    let dates = query.dates().ok_or_else(|| {
        ApiError::BadRequest(format!(
            "date must be a day as yyyy-mm-dd and days 1 to {}",
            posko_core::api::FIGURES_MAX_DAYS
        ))
    })?;
    let (first, last) = match (dates.first(), dates.last()) {
        (Some(first), Some(last)) => (format_ymd(*first), format_ymd(*last)),
        _ => return Err(ApiError::Internal("no day asked for".into())),
    };

    let offices: Vec<(String, String, String, String)> = bind_all(
        sqlx::query_as(AssertSqlSafe(format!(
            "SELECT o.agency_id, a.name, o.id, o.name FROM offices o JOIN agencies a ON a.id = o.agency_id \
             WHERE {within}"
        ))),
        &bound,
    )
    .fetch_all(&db.pool)
    .await?;

    // People on each office's roster: the records of people not deleted, filed under the office.
    let staff: HashMap<String, i64> = bind_all(
        sqlx::query_as(AssertSqlSafe(format!(
            "SELECT p.office_id, COUNT(*) FROM kind_person p \
             JOIN offices o ON o.id = p.office_id AND o.agency_id = p.agency_id \
             WHERE p.deleted = 0 AND {within} GROUP BY p.office_id"
        ))),
        &bound,
    )
    .fetch_all(&db.pool)
    .await?
    .into_iter()
    .collect();

    // Who of each roster screened each day: a screening's owner is the person who signs in
    // with the person's id; one who screened twice counts once, someone not on the roster not.
    let (within, bound) = reach(user, 3)?;
    let screened: Vec<(String, String, i64)> = bind_all(
        sqlx::query_as(AssertSqlSafe(format!(
            "SELECT p.office_id, s.date, COUNT(DISTINCT s.owner_id) FROM kind_screening s \
             JOIN kind_person p ON p.id = s.owner_id AND p.agency_id = s.agency_id \
             JOIN offices o ON o.id = p.office_id AND o.agency_id = p.agency_id \
             WHERE s.deleted = 0 AND p.deleted = 0 AND s.date >= $1 AND s.date <= $2 AND {within} \
             GROUP BY p.office_id, s.date"
        )))
        .bind(first.as_str())
        .bind(last.as_str()),
        &bound,
    )
    .fetch_all(&db.pool)
    .await?;
    let screened: HashMap<(String, String), i64> = screened
        .into_iter()
        .map(|(office, date, n)| ((office, date), n))
        .collect();

    // Each office's checklist of each day, counted by the projection (`answers_<choice>`).
    type ChecklistRow = (String, String, String, i64, i64, i64);
    let rows: Vec<ChecklistRow> = bind_all(
        sqlx::query_as(AssertSqlSafe(format!(
            "SELECT c.office_id, c.date, c.id, COALESCE(c.answers_pass, 0), COALESCE(c.answers_fail, 0), \
             COALESCE(c.answers_not_applicable, 0) FROM kind_checklist c \
             JOIN offices o ON o.id = c.office_id AND o.agency_id = c.agency_id \
             WHERE c.deleted = 0 AND c.date >= $1 AND c.date <= $2 AND {within} ORDER BY c.id"
        )))
        .bind(first.as_str())
        .bind(last.as_str()),
        &bound,
    )
    .fetch_all(&db.pool)
    .await?;
    let mut checklists: HashMap<(String, String), ChecklistTally> = HashMap::new();
    for (office, date, id, pass, fail, not_applicable) in rows {
        let tally = ChecklistTally {
            pass: count(pass),
            fail: count(fail),
            not_applicable: count(not_applicable),
        };
        // One a day per office (its id is the office and the day); should another record
        // claim the same day, the office's own one counts.
        let own = parse_ymd(&date).is_some_and(|day| checklist_id(&office, day).as_deref() == Some(id.as_str()));
        let key = (office, date);
        if own || !checklists.contains_key(&key) {
            checklists.insert(key, tally);
        }
    }

    let mut offices: Vec<OfficeFigures> = offices
        .into_iter()
        .map(|(agency_id, agency_name, office_id, office_name)| {
            let staff = count(staff.get(&office_id).copied().unwrap_or(0));
            let days = dates
                .iter()
                .map(|&date| {
                    let key = (office_id.clone(), format_ymd(date));
                    let day = OfficeDay {
                        checklist: checklists.get(&key).copied(),
                        staff,
                        screened: count(screened.get(&key).copied().unwrap_or(0)),
                    };
                    let judged = RULES.judge(&day);
                    DayFigures {
                        date,
                        screened: day.screened,
                        checklist: day.checklist,
                        score: judged.score,
                        flags: judged.flags,
                    }
                })
                .collect();
            OfficeFigures {
                agency_id,
                agency_name,
                office_id,
                office_name,
                staff,
                days,
            }
        })
        .collect();
    // Sorted here rather than by SQL: PostgreSQL orders text by its collation, SQLite by bytes.
    offices.sort_by(|a, b| {
        (&a.agency_name, &a.office_name, &a.office_id).cmp(&(&b.agency_name, &b.office_name, &b.office_id))
    });
    Ok(Figures {
        rules: RULES.version.to_owned(),
        offices,
    })
}

/// Binds `values` in order after what `query` has bound.
fn bind_all<'q, O>(
    mut query: QueryAs<'q, Any, O, AnyArguments>,
    values: &'q [String],
) -> QueryAs<'q, Any, O, AnyArguments> {
    for value in values {
        query = query.bind(value.as_str());
    }
    query
}
