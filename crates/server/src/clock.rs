//! The server's clock: the machine's, read ahead by a shift only a rehearsal sets.
//!
//! Every time the server decides (a change's stamp limit, today's date for a record's rules, a
//! session's expiry, the demo's days) is read here. `posko-server --clock-shift-hours 24`
//! rehearses tomorrow on today's machine: the end-to-end test of a tracer's two offline days
//! restarts its server a day ahead, as the server of the next day would be. In service the
//! shift is 0; a server started with another says so in its log.

use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Duration, Local, NaiveDate, Utc};

/// Milliseconds the clock reads ahead of the machine's; set once, before serving.
static SHIFT_MS: AtomicI64 = AtomicI64::new(0);

/// Reads the clock `hours` ahead of the machine's from now on (negative: behind).
pub fn shift_by_hours(hours: i64) {
    SHIFT_MS.store(hours.saturating_mul(3_600_000), Ordering::Relaxed);
}

/// The server's time.
pub fn now() -> DateTime<Utc> {
    Utc::now() + Duration::milliseconds(SHIFT_MS.load(Ordering::Relaxed))
}

/// The server's time in milliseconds since the epoch (the sync stamps' unit).
pub fn now_ms() -> i64 {
    now().timestamp_millis()
}

/// The server's time in seconds since the epoch (sessions, codes, limits).
pub fn now_secs() -> i64 {
    now().timestamp()
}

/// The date on the machine running the demo, by the server's time (the demo's days).
pub fn local_today() -> NaiveDate {
    now().with_timezone(&Local).date_naive()
}
