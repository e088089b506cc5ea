//! Indonesian identifiers: NIP (civil-servant number) and NIK (national ID) format checks.

use chrono::NaiveDate;

use crate::date::parse_compact_ymd;
use crate::validation::Problem;

/// NIP: 18 digits = birth date `yyyymmdd`, appointment month `yyyymm`, sex (1 male, 2 female),
/// and a 3-digit serial number that is never `000` (serials count from 001; a NIP typed into a
/// spreadsheet as a number keeps 15 digits and ends in `000`).
pub fn check_nip(nip: &str) -> Result<(), Problem> {
    let nip = nip.trim();
    if nip.is_empty() {
        return Err(Problem::Required);
    }
    digits(nip, 18)?;
    let birth = parse_compact_ymd(&nip[0..8]).ok_or(Problem::BadEmbeddedDate)?;
    let appointed = parse_compact_ymd(&format!("{}01", &nip[8..14])).ok_or(Problem::BadEmbeddedDate)?;
    if appointed <= birth {
        return Err(Problem::BadEmbeddedDate);
    }
    if !matches!(&nip[14..15], "1" | "2") || &nip[15..18] == "000" {
        return Err(Problem::BadFormat);
    }
    Ok(())
}

/// Exactly `expected` digits, or what is wrong said plainly: another sign among them, or how
/// many were typed (issue #19: "Formatnya tidak sesuai" for 16 digits said nothing).
fn digits(value: &str, expected: usize) -> Result<(), Problem> {
    if !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Problem::NotDigits);
    }
    if value.len() != expected {
        return Err(Problem::Length {
            expected,
            found: value.len(),
        });
    }
    Ok(())
}

/// The provinces' codes that open a NIK (Kemendagri's codes; Papua's provinces of 2022 and the
/// codes its NIKs carried before, 91 to 96).
const PROVINCES: &[&str] = &[
    "11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "31", "32", "33", "34", "35", "36", "51", "52", "53",
    "61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76", "81", "82", "91", "92", "93", "94", "95", "96",
];

/// NIK: 16 digits = region code (province, regency, kecamatan: 6 digits, the province one of
/// `PROVINCES`, neither of the others `00`), birth date `ddmmyy` with 40 added to the day for
/// women, and a 4-digit serial number that is never `0000`.
pub fn check_nik(nik: &str) -> Result<(), Problem> {
    read_nik(nik).map(drop)
}

/// What a valid NIK says of its holder: the day and month of birth, the year's last two digits
/// (the century is not in the NIK), and whether she is a woman (40 added to the day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NikHolder {
    pub day: u32,
    pub month: u32,
    pub year_of_century: u32,
    pub female: bool,
}

impl NikHolder {
    /// Whether `born` is the birth date the NIK carries.
    pub fn born_on(&self, born: NaiveDate) -> bool {
        use chrono::Datelike;
        born.day() == self.day
            && born.month() == self.month
            && born.year().rem_euclid(100) as u32 == self.year_of_century
    }
}

/// A NIK read (`check_nik`'s rules), or what is wrong with it.
pub fn read_nik(nik: &str) -> Result<NikHolder, Problem> {
    let nik = nik.trim();
    if nik.is_empty() {
        return Err(Problem::Required);
    }
    digits(nik, 16)?;
    if !PROVINCES.contains(&&nik[0..2]) || &nik[2..4] == "00" || &nik[4..6] == "00" || &nik[12..16] == "0000" {
        return Err(Problem::BadFormat);
    }
    let number = |range: std::ops::Range<usize>| nik[range].parse::<u32>().map_err(|_| Problem::BadFormat);
    let (coded_day, month, year) = (number(6..8)?, number(8..10)?, number(10..12)?);
    let female = coded_day > 40;
    let day = if female { coded_day - 40 } else { coded_day };
    // The century is not in the NIK; any century makes the same day valid except 29 February,
    // which 2000 (a leap year) accepts for "00".
    NaiveDate::from_ymd_opt(2000 + year as i32, month, day).ok_or(Problem::BadEmbeddedDate)?;
    Ok(NikHolder {
        day,
        month,
        year_of_century: year,
        female,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nip_table() {
        #[rustfmt::skip]
        let cases: &[(&str, Result<(), Problem>)] = &[
            ("198503302010121002", Ok(())),
            ("199001152015032001", Ok(())),
            (" 199001152015032001 ", Ok(())),
            ("",                   Err(Problem::Required)),
            ("19900115201503200",  Err(Problem::Length { expected: 18, found: 17 })),
            ("1990011520150320011",Err(Problem::Length { expected: 18, found: 19 })),
            ("1990011520150320",   Err(Problem::Length { expected: 18, found: 16 })),
            ("19900115201503200a", Err(Problem::NotDigits)),
            ("19900115 201503 2 001", Err(Problem::NotDigits)),
            ("199002302015032001", Err(Problem::BadEmbeddedDate)),
            ("199001152015132001", Err(Problem::BadEmbeddedDate)),
            ("201001151990032001", Err(Problem::BadEmbeddedDate)),
            ("199001152015033001", Err(Problem::BadFormat)),
            ("199001152015032000", Err(Problem::BadFormat)), // a number in a spreadsheet
        ];
        for (nip, expected) in cases {
            assert_eq!(&check_nip(nip), expected, "{nip:?}");
        }
    }

    #[test]
    fn nik_table() {
        #[rustfmt::skip]
        let cases: &[(&str, Result<(), Problem>)] = &[
            ("3573011503850001", Ok(())),
            ("3573015503850002", Ok(())),
            ("3573012902000001", Ok(())),
            ("",                 Err(Problem::Required)),
            ("357301150385000",  Err(Problem::Length { expected: 16, found: 15 })),
            ("3573011503850000", Err(Problem::BadFormat)),
            ("35730115038500x1", Err(Problem::NotDigits)),
            ("3573013203850001", Err(Problem::BadEmbeddedDate)),
            ("3573011513850001", Err(Problem::BadEmbeddedDate)),
            ("3573017203850001", Err(Problem::BadEmbeddedDate)),
            // the region: a province that is none, a regency or kecamatan 00
            ("2073011503850001", Err(Problem::BadFormat)),
            ("9973011503850001", Err(Problem::BadFormat)),
            ("3500011503850001", Err(Problem::BadFormat)),
            ("3573001503850001", Err(Problem::BadFormat)),
            ("9171011503850001", Ok(())),
            ("1101011503850001", Ok(())),
        ];
        for (nik, expected) in cases {
            assert_eq!(&check_nik(nik), expected, "{nik:?}");
        }
        // What a valid one says of its holder: a man born 15 March 1985, a woman born 15 March.
        let read = |nik| read_nik(nik).unwrap();
        assert_eq!(
            read("3573011503850001"),
            NikHolder {
                day: 15,
                month: 3,
                year_of_century: 85,
                female: false
            }
        );
        assert!(read("3573015503850002").female);
        assert!(read("3573015503850002").born_on(NaiveDate::from_ymd_opt(1985, 3, 15).unwrap()));
        assert!(!read("3573015503850002").born_on(NaiveDate::from_ymd_opt(1985, 3, 16).unwrap()));
    }
}
