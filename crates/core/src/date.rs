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

/// `dd-mm-yyyy`, the order Indonesian forms use.
pub fn format_dmy(date: NaiveDate) -> String {
    format!("{:02}-{:02}-{:04}", date.day(), date.month(), date.year())
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
        let date = NaiveDate::from_ymd_opt(987, 1, 2).unwrap();
        assert_eq!(
            (format_ymd(date), format_dmy(date)),
            ("0987-01-02".into(), "02-01-0987".into())
        );
        assert_eq!(parse_compact_ymd("19900115"), NaiveDate::from_ymd_opt(1990, 1, 15));
        assert_eq!(parse_compact_ymd("19900230"), None);
    }
}
