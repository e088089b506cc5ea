//! The hybrid logical clock: stamps that never go backwards on a device and always sort after
//! every stamp the device has seen, whatever its wall clock says.

use serde::{Deserialize, Serialize};

use super::stamp::{Stamp, MAX_COUNTER};

/// How far a device clock may be from the server's before the user is told (issue #3: 5 min).
pub const MAX_CLOCK_SKEW_MS: i64 = 5 * 60 * 1000;

/// A device's clock state. `offset_ms` is the server's time minus the device's, measured on each
/// exchange, so stamps follow the server's time even on a phone set to the wrong day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clock {
    pub device: String,
    pub last_ms: u64,
    pub last_counter: u16,
    #[serde(default)]
    pub offset_ms: i64,
}

impl Clock {
    pub fn new(device: &str) -> Clock {
        Clock {
            device: device.to_owned(),
            last_ms: 0,
            last_counter: 0,
            offset_ms: 0,
        }
    }

    /// The server's time now, as this device best knows it: its own clock plus the last offset seen.
    pub fn corrected(&self, device_now_ms: i64) -> u64 {
        device_now_ms.saturating_add(self.offset_ms).max(0) as u64
    }

    /// A new stamp for a local change, later than every stamp made or seen before.
    pub fn tick(&mut self, device_now_ms: i64) -> Stamp {
        let now = self.corrected(device_now_ms);
        if now > self.last_ms {
            self.last_ms = now;
            self.last_counter = 0;
        } else {
            self.advance_counter();
        }
        Stamp::new(self.last_ms, self.last_counter, &self.device)
    }

    /// Takes in a stamp from elsewhere, so the next local stamp sorts after it.
    pub fn observe(&mut self, seen: &Stamp) {
        let (ms, counter) = (seen.ms(), seen.counter());
        if (ms, counter) > (self.last_ms, self.last_counter) {
            self.last_ms = ms;
            self.last_counter = counter;
        }
    }

    /// Records the server's time from an exchange. `sent_ms`/`received_ms` are the device's
    /// clock around the request: the server answered, on average, half-way between them.
    pub fn observe_server_time(&mut self, server_ms: i64, sent_ms: i64, received_ms: i64) {
        let midpoint = sent_ms + (received_ms - sent_ms).max(0) / 2;
        self.offset_ms = server_ms - midpoint;
        let corrected = self.corrected(received_ms);
        if corrected > self.last_ms {
            self.last_ms = corrected;
            self.last_counter = 0;
        }
    }

    /// Forgets stamps made or seen after the server's time (as this device knows it): the server
    /// refused a change stamped ahead of its clock (`RejectCode::ClockAhead`), so the next
    /// stamp must follow the server's time again, not the refused one. The one place a clock
    /// goes back; the refused stamps never reached the server.
    pub fn rewind(&mut self, device_now_ms: i64) {
        let now = self.corrected(device_now_ms);
        if self.last_ms > now {
            self.last_ms = now;
            self.last_counter = 0;
        }
    }

    /// Whether the device's own clock is far enough off that the user should fix it.
    pub fn is_skewed(&self) -> bool {
        self.offset_ms.abs() > MAX_CLOCK_SKEW_MS
    }

    fn advance_counter(&mut self) {
        if self.last_counter == MAX_COUNTER {
            // 65,536 changes in one millisecond: borrow the next millisecond rather than wrap.
            self.last_ms += 1;
            self.last_counter = 0;
        } else {
            self.last_counter += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_never_go_backwards_when_the_wall_clock_does() {
        let mut clock = Clock::new("d");
        let mut previous = clock.tick(1_000);
        for now in [1_000, 999, 5, 1_001, 1_001, 0] {
            let next = clock.tick(now);
            assert!(next > previous, "{next} after {previous}");
            previous = next;
        }
    }

    #[test]
    fn a_local_change_sorts_after_anything_observed() {
        let mut clock = Clock::new("a");
        let remote = Stamp::new(9_000, 7, "z");
        clock.observe(&remote);
        assert!(clock.tick(1_000) > remote);
    }

    #[test]
    fn the_counter_borrows_the_next_millisecond_instead_of_wrapping() {
        let mut clock = Clock::new("d");
        clock.observe(&Stamp::new(10, MAX_COUNTER, "x"));
        let stamp = clock.tick(10);
        assert_eq!((stamp.ms(), stamp.counter()), (11, 0));
    }

    #[test]
    fn server_time_corrects_a_wrong_device_clock() {
        #[rustfmt::skip]
        let cases = [
            // server ms,   sent ms,      received ms, skewed?
            (1_000_000_000, 1_000_000_000, 1_000_000_020, false),
            (1_000_000_000, 1_000_400_000, 1_000_400_000, true),  // device 6 min 40 s fast
            (1_000_400_000, 1_000_000_000, 1_000_000_100, true),  // device slow
            (1_000_200_000, 1_000_000_000, 1_000_000_000, false), // 3 min 20 s off: tolerated
        ];
        for (server, sent, received, skewed) in cases {
            let mut clock = Clock::new("d");
            clock.observe_server_time(server, sent, received);
            assert_eq!(clock.is_skewed(), skewed, "{server} {sent} {received}");
            let stamp = clock.tick(received + 10);
            let expected = server + (received - sent) / 2 + 10;
            assert!(
                (stamp.ms() as i64 - expected).abs() <= 1,
                "{} vs {expected}",
                stamp.ms()
            );
        }
    }

    #[test]
    fn a_refused_future_stamp_is_forgotten_and_the_next_follows_the_server() {
        const YEAR_2030_MS: u64 = 1_893_456_000_000;
        #[rustfmt::skip]
        let cases = [
            // what the clock saw last, device now, server offset, next stamp's ms
            (YEAR_2030_MS,   1_000_000, 0,       1_000_000), // a phone set to 2030, then corrected
            (YEAR_2030_MS,   1_000_000, 500_000, 1_500_000), // by the server's offset
            (900_000,        1_000_000, 0,       1_000_000), // nothing ahead: nothing forgotten
            (1_000_000,      1_000_000, 0,       1_000_000), // the same millisecond: the counter moves on
        ];
        for (seen, device_now, offset, expected) in cases {
            let mut clock = Clock::new("d");
            clock.observe(&Stamp::new(seen, 3, "x"));
            clock.offset_ms = offset;
            clock.rewind(device_now);
            let next = clock.tick(device_now);
            assert_eq!(next.ms(), expected, "seen {seen}, now {device_now}, offset {offset}");
        }
    }
}
