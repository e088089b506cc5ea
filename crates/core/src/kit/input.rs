//! What a form's inputs hold (text) as record values, by the field's declared type: the one
//! reading of typed text, so every generic form parses alike and the checks that follow
//! (`kit::check`) judge values, not keystrokes.

use crate::sync::Value;
use crate::validation::Problem;

use super::decl::FieldType;

/// An input's text as the value of a scalar field of type `ty`. Empty text is no value (`Null`;
/// whether one is required is `check`'s to say). Decimals take "36,6" and "36.6", with no more
/// digits after the separator than the type keeps; a date-time is read as the browser's
/// `datetime-local` gives it plus the device's offset from UTC, in minutes.
pub fn parse_input(ty: &FieldType, text: &str, utc_offset_minutes: i32) -> Result<Value, Problem> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(Value::Null);
    }
    match ty {
        FieldType::Integer { .. } => text.parse().map(Value::Int).map_err(|_| Problem::NotANumber),
        FieldType::Decimal { scale, .. } => parse_fixed(text, *scale).map(Value::Int).ok_or(Problem::NotANumber),
        FieldType::Boolean => Ok(Value::Bool(matches!(text, "true" | "on"))),
        FieldType::DateTime { .. } => parse_local_datetime(text, utc_offset_minutes)
            .map(Value::Int)
            .ok_or(Problem::BadFormat),
        _ => Ok(Value::Text(text.to_owned())),
    }
}

/// "36,6" or "36.6" at scale 1 as 366; `None` for anything else, or more digits than `scale`.
pub fn parse_fixed(text: &str, scale: u8) -> Option<i64> {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once([',', '.']).unwrap_or((digits, ""));
    let scale = usize::from(scale);
    let digit = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 15 || fraction.len() > scale || !digit(whole) || !digit(fraction) {
        return None;
    }
    let units: i64 = format!("{whole}{fraction:0<scale$}").parse().ok()?;
    Some(if negative { -units } else { units })
}

/// `yyyy-mm-ddThh:mm` (seconds optional) at `utc_offset_minutes` from UTC, as Unix milliseconds.
/// Read by hand: chrono's format parser would add its whole machinery to the client.
fn parse_local_datetime(text: &str, utc_offset_minutes: i32) -> Option<i64> {
    let (date, time) = text.split_once('T')?;
    let date = crate::date::parse_ymd(date)?;
    let mut parts = time.split(':');
    let mut part = |len: usize| {
        let p = parts.next()?;
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse::<u32>().ok())?
    };
    let (hour, minute) = (part(2)?, part(2)?);
    let second = if time.len() > 5 { part(2)? } else { 0 };
    if parts.next().is_some() {
        return None;
    }
    let local = date.and_hms_opt(hour, minute, second)?;
    Some(local.and_utc().timestamp_millis() - i64::from(utc_offset_minutes) * 60_000)
}

/// What two spellings of one value share: its words in lower case, one space apart
/// ("bagian  umum" and "Bagian Umum" are both "bagian umum"). How a form keeps a unit's
/// spelling (`held_spelling`) and how a list's filter offers and matches units.
pub fn spelling_key(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The spelling records already hold for `typed`, when `typed` is the same words in another
/// case or spacing (`spelling_key`): a form keeps it, so a slip of the keyboard makes no second
/// unit. `None` when `typed` is new, or already spelled as held.
pub fn held_spelling<'a>(typed: &str, held: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let key = spelling_key(typed);
    if key.is_empty() {
        return None;
    }
    held.into_iter()
        .find(|h| spelling_key(h) == key)
        .filter(|h| *h != typed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_read_by_type() {
        let wib = 7 * 60;
        let decimal = FieldType::Decimal {
            scale: 1,
            min: 0,
            max: 500,
        };
        let integer = FieldType::Integer { min: 0, max: 10 };
        let when = FieldType::DateTime { past_only: true };
        #[rustfmt::skip]
        let cases: &[(&FieldType, &str, Result<Value, Problem>)] = &[
            (&decimal, "36,6", Ok(Value::Int(366))),
            (&decimal, " 36.6 ", Ok(Value::Int(366))),
            (&decimal, "37", Ok(Value::Int(370))),
            (&decimal, "36,65", Err(Problem::NotANumber)),
            (&decimal, "tiga", Err(Problem::NotANumber)),
            (&decimal, ",5", Err(Problem::NotANumber)),
            (&decimal, "", Ok(Value::Null)),
            (&integer, "12", Ok(Value::Int(12))),
            (&integer, "1,5", Err(Problem::NotANumber)),
            (&FieldType::Boolean, "on", Ok(Value::Bool(true))),
            (&FieldType::Text { max_chars: 10 }, "  Ana ", Ok(Value::Text("Ana".into()))),
            (&FieldType::Date { past_only: true }, "2020-09-14", Ok(Value::Text("2020-09-14".into()))),
            // 08:30 in Jakarta (UTC+7) is 01:30 UTC.
            (&when, "2020-09-14T08:30", Ok(Value::Int(1_600_047_000_000))),
            (&when, "2020-09-14T08:30:15", Ok(Value::Int(1_600_047_015_000))),
            (&when, "14-09-2020 08:30", Err(Problem::BadFormat)),
            (&when, "2020-09-14T25:00", Err(Problem::BadFormat)),
            (&when, "2020-09-14T8:30", Err(Problem::BadFormat)),
            (&when, "2020-09-14T08:30:15:00", Err(Problem::BadFormat)),
        ];
        for (ty, text, expected) in cases {
            assert_eq!(&parse_input(ty, text, wib), expected, "{ty:?} {text:?}");
        }
    }

    #[test]
    fn fixed_point_round_trips_through_its_text() {
        for (units, scale) in [(366, 1), (-5, 1), (0, 2), (12_345, 3), (7, 0)] {
            assert_eq!(
                parse_fixed(&super::super::format_fixed(units, scale), scale),
                Some(units)
            );
        }
        assert_eq!(parse_fixed("-0,5", 1), Some(-5));
    }

    #[test]
    fn held_spelling_table() {
        let held = ["Bagian Umum", "Seksi Arsip", "Bagian  Keuangan"];
        #[rustfmt::skip]
        let cases: &[(&str, Option<&str>)] = &[
            ("Bagian umum",       Some("Bagian Umum")),
            ("  bagian   UMUM ",  Some("Bagian Umum")),
            ("Bagian Umum",       None),
            ("bagian keuangan",   Some("Bagian  Keuangan")),
            ("Bagian Umum 2",     None),
            ("Bagian",            None),
            ("",                  None),
        ];
        for (typed, expected) in cases {
            assert_eq!(held_spelling(typed, held), *expected, "{typed:?}");
        }
    }
}
