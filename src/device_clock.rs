//! The device's clock as the forms need it: now, and today's date where the user is.
//!
//! Read from the browser's `Date` rather than chrono's `Local`, whose time-zone code costs the
//! app shell 0.4 kB of brotli for what the browser already knows.

use chrono::{DateTime, NaiveDate, Utc};

/// Today's date in the device's time zone.
pub fn today() -> NaiveDate {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(now.get_full_year() as i32, now.get_month() + 1, now.get_date()).unwrap_or_default()
}

pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}
