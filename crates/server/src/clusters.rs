//! Office clusters (issue #20, item 6) counted in SQL over the case projection (`kind_case`):
//! the probable and confirmed cases of each office, by the day the rule counts them on (onset,
//! else specimen date), cut into runs wherever a case follows the one before by more than the
//! revision's days, and the runs of at least its number of cases. The same rule as
//! `CaseRules::office_clusters` on a device (a test holds the two to each other over the same
//! records), for reports and monitoring that read many agencies without reading a record.

use posko_core::case_rules::{CaseRules, CaseStatus};
use posko_core::date::parse_ymd;
use sqlx::AssertSqlSafe;

use crate::db::{Backend, Db};
use crate::error::ApiError;

/// One office cluster of an agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeCluster {
    pub office_id: String,
    /// The cases' ids, by the day they are counted on, then by id.
    pub cases: Vec<String>,
    pub first_day: chrono::NaiveDate,
    pub last_day: chrono::NaiveDate,
}

/// The office clusters of `agency_id` under `rules`, by office, then by their first day.
pub async fn of_agency(db: &Db, agency_id: &str, rules: &CaseRules) -> Result<Vec<OfficeCluster>, ApiError> {
    let statuses: Vec<&str> = CaseStatus::ALL
        .into_iter()
        .filter(|s| s.probable_or_confirmed())
        .map(CaseStatus::code)
        .collect();
    let in_list = (3..3 + statuses.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    // Days between two `yyyy-mm-dd` texts: the one place the engines differ.
    let gap = match db.backend {
        Backend::Sqlite => "julianday(day) - julianday(LAG(day) OVER w)",
        Backend::Postgres => "CAST(day AS DATE) - CAST(LAG(day) OVER w AS DATE)",
    };
    // $1 the agency, $2 the revision's days, then the statuses. A case starts a run when no
    // case of its office came within the days before it (the first's gap is NULL).
    let sql = format!(
        "WITH counted AS (SELECT office_id, id, COALESCE(onset, specimen) AS day FROM kind_case \
           WHERE agency_id = $1 AND deleted = 0 AND office_id IS NOT NULL \
           AND COALESCE(onset, specimen) IS NOT NULL AND status IN ({in_list})), \
         marked AS (SELECT office_id, id, day, CASE WHEN {gap} <= $2 THEN 0 ELSE 1 END AS starts \
           FROM counted WINDOW w AS (PARTITION BY office_id ORDER BY day, id)) \
         SELECT office_id, id, day, SUM(starts) OVER (PARTITION BY office_id ORDER BY day, id \
           ROWS UNBOUNDED PRECEDING) AS run FROM marked ORDER BY office_id, day, id"
    );
    let mut query = sqlx::query_as::<_, (String, String, String, i64)>(AssertSqlSafe(sql))
        .bind(agency_id)
        .bind(i64::from(rules.cluster_days));
    for status in &statuses {
        query = query.bind(*status);
    }
    let rows = query.fetch_all(&db.pool).await?;
    let mut clusters: Vec<OfficeCluster> = Vec::new();
    let mut run: Option<(String, i64)> = None;
    let mut current: Vec<(String, chrono::NaiveDate)> = Vec::new();
    let min = rules.cluster_min_cases.max(1) as usize;
    let mut close = |office: &str, cases: &mut Vec<(String, chrono::NaiveDate)>| {
        if cases.len() >= min {
            clusters.push(OfficeCluster {
                office_id: office.to_owned(),
                first_day: cases[0].1,
                last_day: cases[cases.len() - 1].1,
                cases: cases.iter().map(|(id, _)| id.clone()).collect(),
            });
        }
        cases.clear();
    };
    for (office_id, id, day, number) in rows {
        let day = parse_ymd(&day).ok_or_else(|| ApiError::Internal(format!("case {id}: a day {day:?}")))?;
        let this = (office_id, number);
        if run.as_ref() != Some(&this) {
            if let Some((office, _)) = &run {
                close(office, &mut current);
            }
            run = Some(this);
        }
        current.push((id, day));
    }
    if let Some((office, _)) = &run {
        close(office, &mut current);
    }
    Ok(clusters)
}
