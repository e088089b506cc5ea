//! The hybrid-logical-clock stamp on every field: text whose plain string order is clock order.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

/// `{ms:012x}-{counter:04x}-{device}`: Unix milliseconds, a counter for events in the same
/// millisecond, and the device that made the change. Fixed-width lower-case hex makes the
/// string order the clock order, ties broken by device id, so comparing two stamps costs a
/// `memcmp` and the WASM client never parses them on the hot path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Stamp(String);

const MS_DIGITS: usize = 12;
const COUNTER_DIGITS: usize = 4;
const DEVICE_START: usize = MS_DIGITS + 1 + COUNTER_DIGITS + 1;
/// Device ids are UUIDs or shorter; the bound keeps a hostile client from bloating every row.
pub const MAX_DEVICE_ID_LEN: usize = 64;
pub const MAX_COUNTER: u16 = u16::MAX;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a clock stamp: '{0}'")]
pub struct BadStamp(pub String);

impl Stamp {
    pub fn new(ms: u64, counter: u16, device: &str) -> Stamp {
        debug_assert!(ms < (1 << 48), "milliseconds beyond year 10889");
        Stamp(format!("{ms:012x}-{counter:04x}-{device}"))
    }

    /// Checks the shape, so a stamp read from the network compares correctly with ours.
    pub fn parse(text: &str) -> Result<Stamp, BadStamp> {
        let bytes = text.as_bytes();
        let hex = |range: std::ops::Range<usize>| {
            bytes[range]
                .iter()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
        };
        let device_len = bytes.len().saturating_sub(DEVICE_START);
        let well_formed = bytes.len() > DEVICE_START
            && device_len <= MAX_DEVICE_ID_LEN
            && hex(0..MS_DIGITS)
            && bytes[MS_DIGITS] == b'-'
            && hex(MS_DIGITS + 1..MS_DIGITS + 1 + COUNTER_DIGITS)
            && bytes[DEVICE_START - 1] == b'-'
            && bytes[DEVICE_START..].iter().all(|b| b.is_ascii_graphic());
        if well_formed {
            Ok(Stamp(text.to_owned()))
        } else {
            Err(BadStamp(text.to_owned()))
        }
    }

    /// The first stamp of `device` after this one: the next counter, or the next millisecond
    /// when the counter is full (as `Clock::tick` does). What the server stamps the fields it
    /// derives with, so they win over the change they were derived from.
    pub fn after(&self, device: &str) -> Stamp {
        match self.counter() {
            MAX_COUNTER => Stamp::new(self.ms() + 1, 0, device),
            counter => Stamp::new(self.ms(), counter + 1, device),
        }
    }

    pub fn ms(&self) -> u64 {
        u64::from_str_radix(&self.0[..MS_DIGITS], 16).unwrap_or(0)
    }

    pub fn counter(&self) -> u16 {
        u16::from_str_radix(&self.0[MS_DIGITS + 1..DEVICE_START - 1], 16).unwrap_or(0)
    }

    pub fn device(&self) -> &str {
        &self.0[DEVICE_START..]
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Stamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Stamp::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_stamp_after_sorts_after_whatever_the_device() {
        #[rustfmt::skip]
        let cases = [
            // ms, counter, device of the stamp, device after → (ms, counter) after
            (5, 0,           "zzzz", "server", (5, 1)),
            (5, 41,          "a",    "server", (5, 42)),
            (5, MAX_COUNTER, "zzzz", "server", (6, 0)), // the counter is full: the next ms
        ];
        for (ms, counter, device, by, expected) in cases {
            let stamp = Stamp::new(ms, counter, device);
            let after = stamp.after(by);
            assert_eq!((after.ms(), after.counter()), expected);
            assert_eq!(after.device(), by);
            assert!(after > stamp, "{after} after {stamp}");
        }
    }

    use super::*;

    #[test]
    fn string_order_is_clock_order() {
        #[rustfmt::skip]
        let ordered = [
            Stamp::new(1, 0, "b"),
            Stamp::new(1, 1, "a"),
            Stamp::new(1, 0xffff, "a"),
            Stamp::new(2, 0, "a"),
            Stamp::new(2, 0, "b"),
            Stamp::new(0x10, 0, "a"),
            Stamp::new(1_800_000_000_000, 3, "0193-device"),
        ];
        for pair in ordered.windows(2) {
            assert!(pair[0] < pair[1], "{} < {}", pair[0], pair[1]);
        }
    }

    #[test]
    fn parts_round_trip() {
        let stamp = Stamp::new(1_700_000_000_123, 42, "dev-1");
        assert_eq!(stamp.ms(), 1_700_000_000_123);
        assert_eq!(stamp.counter(), 42);
        assert_eq!(stamp.device(), "dev-1");
        assert_eq!(Stamp::parse(stamp.as_str()), Ok(stamp));
    }

    #[test]
    fn parse_refuses_malformed_stamps() {
        let long_device = format!("000000000001-0000-{}", "d".repeat(MAX_DEVICE_ID_LEN + 1));
        for bad in [
            "",
            "000000000001-0000-",
            "000000000001-0000",
            "00000000000G-0000-dev",
            "00000000000A-0000-dev",
            "000000000001_0000-dev",
            "00000000001-00000-dev",
            "000000000001-0000-de v",
            long_device.as_str(),
        ] {
            assert!(Stamp::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
