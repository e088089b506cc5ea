//! Calendar dates as `yyyy-mm-dd` text, parsed and written without chrono's general formatter
//! (which costs the WASM client tens of kilobytes for three fixed formats).

use chrono::{Datelike, NaiveDate};

/// Parses exactly `yyyy-mm-dd` (what `<input type="date">` gives); anything else is `None`.
pub fn parse_ymd(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(number(&text[0..4])? as i32, number(&text[5..7])?, number(&text[8..10])?)
}

/// Parses exactly `yyyymmdd` (the birth date at the start of a NIP).
pub fn parse_compact_ymd(text: &str) -> Option<NaiveDate> {
    if text.len() != 8 {
        return None;
    }
    NaiveDate::from_ymd_opt(number(&text[0..4])? as i32, number(&text[4..6])?, number(&text[6..8])?)
}

fn number(digits: &str) -> Option<u32> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// `yyyy-mm-dd`.
pub fn format_ymd(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// A language's names for the parts of a date, as its translation gives them: each a list
/// separated by spaces (weekdays from Monday). Dates on screen are in words, never all digits
/// ("06-12-2026" is 12 June to an English reader).
#[derive(Debug, Clone, Copy)]
pub struct DateWords<'a> {
    pub weekdays: &'a str,
    pub months: &'a str,
    pub months_short: &'a str,
}

impl DateWords<'_> {
    fn nth(list: &str, n: usize) -> &str {
        list.split_whitespace().nth(n).unwrap_or("?")
    }

    /// "Sabtu, 6 Desember 2026" / "Saturday, 6 December 2026".
    pub fn long(&self, date: NaiveDate) -> String {
        format!(
            "{}, {} {} {}",
            Self::nth(self.weekdays, date.weekday().num_days_from_monday() as usize),
            date.day(),
            Self::nth(self.months, date.month0() as usize),
            date.year()
        )
    }

    /// "6 Des 2026" / "6 Dec 2026".
    pub fn short(&self, date: NaiveDate) -> String {
        format!(
            "{} {} {}",
            date.day(),
            Self::nth(self.months_short, date.month0() as usize),
            date.year()
        )
    }
}

/// Serde for `NaiveDate` as `yyyy-mm-dd`, through the functions above.
pub mod ymd {
    use chrono::NaiveDate;
    use serde::{de, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&super::format_ymd(*date))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
        let text = String::deserialize(deserializer)?;
        super::parse_ymd(&text).ok_or_else(|| de::Error::custom(format!("not a yyyy-mm-dd date: {text:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ymd_table() {
        #[rustfmt::skip]
        let cases: &[(&str, Option<(i32, u32, u32)>)] = &[
            ("2020-09-24", Some((2020, 9, 24))), ("2020-02-29", Some((2020, 2, 29))),
            ("2021-02-29", None), ("2020-13-01", None), ("2020-9-24", None), ("24-09-2020", None),
            ("2020/09/24", None), ("2020-09-2x", None), ("", None), ("+020-09-24", None),
        ];
        for (text, expected) in cases {
            let expected = expected.map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap());
            assert_eq!(parse_ymd(text), expected, "{text:?}");
            if let Some(date) = expected {
                assert_eq!(format_ymd(date), *text);
            }
        }
        assert_eq!(format_ymd(NaiveDate::from_ymd_opt(987, 1, 2).unwrap()), "0987-01-02");
        assert_eq!(parse_compact_ymd("19900115"), NaiveDate::from_ymd_opt(1990, 1, 15));
        assert_eq!(parse_compact_ymd("19900230"), None);
    }

    #[test]
    fn dates_in_words_table() {
        let id = DateWords {
            weekdays: "Senin Selasa Rabu Kamis Jumat Sabtu Minggu",
            months: "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember",
            months_short: "Jan Feb Mar Apr Mei Jun Jul Agu Sep Okt Nov Des",
        };
        #[rustfmt::skip]
        let cases = [
            ("2026-12-06", "Minggu, 6 Desember 2026", "6 Des 2026"),
            ("2026-12-05", "Sabtu, 5 Desember 2026",  "5 Des 2026"),
            ("2020-09-24", "Kamis, 24 September 2020", "24 Sep 2020"),
            ("2021-01-04", "Senin, 4 Januari 2021",   "4 Jan 2021"),
        ];
        for (date, long, short) in cases {
            let date = parse_ymd(date).unwrap();
            assert_eq!((id.long(date).as_str(), id.short(date).as_str()), (long, short));
        }
        // A translation missing a name shows a mark, not a panic.
        let short = DateWords {
            months_short: "Jan",
            ..id
        };
        assert_eq!(short.short(parse_ymd("2021-02-01").unwrap()), "1 ? 2021");
    }
}
