//! The device's clock as the forms need it: now corrected by the server's clock once a sync has
//! seen it (a phone a day ahead still dates today's screening today), and the validation
//! context (`kit::Context`) for that instant in the device's own time zone.
//!
//! The zone is read from the browser's `Date` rather than chrono's `Local`, whose time-zone code
//! costs the app shell 0.4 kB of brotli for what the browser already knows.

use chrono::{DateTime, NaiveDate, Utc};
use posko_core::kit::Context;

use crate::context::AppContext;

/// Milliseconds since the epoch on the server's clock, as the store's clock last measured it.
pub fn now_ms(app: AppContext) -> i64 {
    let device = js_sys::Date::now() as i64;
    match app.store() {
        Some(store) => store.clock().corrected(device) as i64,
        None => device,
    }
}

pub fn now(app: AppContext) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(now_ms(app)).unwrap_or_default()
}

/// What the forms validate against: the corrected now, in the device's time zone.
pub fn context(app: AppContext) -> Context {
    let offset_minutes = -(js_sys::Date::new_0().get_timezone_offset() as i32);
    Context::device(now_ms(app), offset_minutes)
}

/// Today's date where the user is, by the corrected clock.
pub fn today(app: AppContext) -> NaiveDate {
    context(app).today()
}

/// The hour and minute of `ms` (Unix milliseconds) on the device's clock face ("07:45").
pub fn local_time(ms: f64) -> String {
    let when = js_sys::Date::new(&ms.into());
    format!("{:02}:{:02}", when.get_hours(), when.get_minutes())
}
