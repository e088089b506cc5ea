//! Failed sign-ins, limited per account and per address (issue #18): a guesser gets a handful of
//! tries per window and then a refusal that costs the server no password hash. Counted in the
//! database (migration 0007), so replicas share the count.

use crate::db::Db;
use crate::error::ApiError;

/// How long a window of failures lasts, in seconds.
pub const WINDOW_SECS: i64 = 15 * 60;
/// Wrong passwords for one account in a window before its sign-in is refused until the window
/// ends: enough for a civil servant who mistypes on a small keyboard, too few for a guesser.
pub const MAX_ACCOUNT_FAILURES: i64 = 5;
/// Failed sign-ins from one address in a window: an office behind one NAT signs in from one
/// address, so this is higher.
pub const MAX_ADDRESS_FAILURES: i64 = 50;

/// The two counters a sign-in is judged by.
pub fn keys(username: &str, address: &str) -> [(String, i64); 2] {
    [
        (format!("account:{username}"), MAX_ACCOUNT_FAILURES),
        (format!("address:{address}"), MAX_ADDRESS_FAILURES),
    ]
}

/// Refuses a sign-in while either counter is at its limit, saying when to try again.
pub async fn check(db: &Db, keys: &[(String, i64); 2], now: i64) -> Result<(), ApiError> {
    for (key, limit) in keys {
        let row: Option<(i64, i64)> =
            sqlx::query_as("SELECT failures, window_start FROM sign_in_failures WHERE key = $1")
                .bind(key)
                .fetch_optional(&db.pool)
                .await?;
        if let Some((failures, start)) = row {
            let ends = start + WINDOW_SECS;
            if failures >= *limit && now < ends {
                return Err(ApiError::TooManyAttempts {
                    retry_after_secs: (ends - now) as u64,
                });
            }
        }
    }
    Ok(())
}

/// Counts a failed sign-in on both counters; a counter whose window has ended starts again.
pub async fn record_failure(db: &Db, keys: &[(String, i64); 2], now: i64) -> Result<(), ApiError> {
    for (key, _) in keys {
        sqlx::query(
            "INSERT INTO sign_in_failures (key, failures, window_start) VALUES ($1, 1, $2) \
             ON CONFLICT (key) DO UPDATE SET \
             failures = CASE WHEN sign_in_failures.window_start + $3 <= $2 THEN 1 \
                             ELSE sign_in_failures.failures + 1 END, \
             window_start = CASE WHEN sign_in_failures.window_start + $3 <= $2 THEN $2 \
                                 ELSE sign_in_failures.window_start END",
        )
        .bind(key)
        .bind(now)
        .bind(WINDOW_SECS)
        .execute(&db.pool)
        .await?;
    }
    Ok(())
}

/// A right password clears its account's count (not the address's: one success does not
/// excuse a hundred guesses at other accounts).
pub async fn record_success(db: &Db, keys: &[(String, i64); 2]) -> Result<(), ApiError> {
    sqlx::query("DELETE FROM sign_in_failures WHERE key = $1")
        .bind(&keys[0].0)
        .execute(&db.pool)
        .await?;
    Ok(())
}
