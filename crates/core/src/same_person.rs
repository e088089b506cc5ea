//! Whether two people written down by different hands are one (issue #20, item 1): by NIK, or
//! by name and phone, each compared in a normal form (a phone in the international form the
//! roster's message links use, `roster::international_phone`), so "Hj. Siti  Aminah, +62 812-3456-7890"
//! and "siti aminah, 081234567890" are found again before a second person is made, and two
//! tracers who added the same person offline are shown to the admin as one to merge.

use crate::identity::check_nik;
use crate::kinds::roster::international_phone;

/// What a person is found again by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PersonKeys<'a> {
    pub nik: Option<&'a str>,
    pub name: &'a str,
    pub phone: Option<&'a str>,
}

/// Why two people are taken for one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Match {
    /// The same valid NIK.
    Nik,
    /// No NIK on one side or both, the same name and the same phone number.
    NameAndPhone,
}

/// Whether `a` and `b` are one person, and why. Two valid NIKs decide alone: if they differ,
/// the people differ whatever their names (a family shares a phone). A NIK that is not valid
/// counts as none.
pub fn same_person(a: &PersonKeys, b: &PersonKeys) -> Option<Match> {
    if let (Some(x), Some(y)) = (valid_nik(a.nik), valid_nik(b.nik)) {
        return (x == y).then_some(Match::Nik);
    }
    let (Some(pa), Some(pb)) = (
        a.phone.and_then(international_phone),
        b.phone.and_then(international_phone),
    ) else {
        return None;
    };
    let (na, nb) = (name_key(a.name), name_key(b.name));
    (!na.is_empty() && na == nb && pa == pb).then_some(Match::NameAndPhone)
}

fn valid_nik(nik: Option<&str>) -> Option<&str> {
    nik.map(str::trim).filter(|n| check_nik(n).is_ok())
}

/// A name as people are found by: in lower case, only its letters and digits, one space
/// between words, without the titles and forms of address Indonesians put before a name
/// ("Bapak", "Ibu", "Hj.", "dr."), which one writer adds and another does not. More than
/// `kit::spelling_key`, which keeps a unit's words as typed but for case and spacing.
pub fn name_key(name: &str) -> String {
    const TITLES: &[&str] = &[
        "bapak", "bpk", "pak", "ibu", "bu", "sdr", "sdri", "saudara", "saudari", "h", "hj", "haji", "hajjah", "dr",
        "drg", "ir", "prof", "tn", "ny", "nn", "an", "by",
    ];
    let lower = name.to_lowercase();
    let words: Vec<String> = lower
        .split(|c: char| c.is_whitespace() || c == '.' || c == ',')
        .map(|w| w.chars().filter(|c| c.is_alphanumeric()).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect();
    // Titles only before the name: "Siti Bu" keeps its "bu".
    let first = words
        .iter()
        .position(|w| !TITLES.contains(&w.as_str()))
        .unwrap_or(words.len());
    words[first..].join(" ")
}

/// The pairs among `people` that are one person (by index, the earlier first, in order), for
/// the admin to merge: people are grouped by NIK and by name and phone first, and only those of
/// one group compared (a roster and its contacts run to thousands; a group holds a few).
pub fn duplicates(people: &[PersonKeys]) -> Vec<(usize, usize, Match)> {
    let mut keyed: Vec<(String, usize)> = Vec::new();
    for (i, person) in people.iter().enumerate() {
        if let Some(nik) = valid_nik(person.nik) {
            keyed.push((format!("nik {nik}"), i));
        }
        if let Some(phone) = person.phone.and_then(international_phone) {
            let name = name_key(person.name);
            if !name.is_empty() {
                keyed.push((format!("name {name}\u{0}{phone}"), i));
            }
        }
    }
    keyed.sort();
    let mut found = Vec::new();
    for group in keyed.chunk_by(|a, b| a.0 == b.0) {
        for (k, (_, a)) in group.iter().enumerate() {
            for (_, b) in &group[k + 1..] {
                if let Some(how) = same_person(&people[*a], &people[*b]) {
                    found.push((*a.min(b), *a.max(b), how));
                }
            }
        }
    }
    found.sort();
    found.dedup_by(|x, y| (x.0, x.1) == (y.0, y.1));
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys<'a>(nik: Option<&'a str>, name: &'a str, phone: Option<&'a str>) -> PersonKeys<'a> {
        PersonKeys { nik, name, phone }
    }

    #[test]
    fn name_key_table() {
        #[rustfmt::skip]
        let cases = [
            ("Siti Aminah",              "siti aminah"),
            ("  SITI   aminah ",         "siti aminah"),
            ("Hj. Siti Aminah",          "siti aminah"),
            ("Ibu Hj. Siti Aminah, S.E.", "siti aminah s e"),
            ("dr. Budi",                 "budi"),
            ("Siti Bu",                  "siti bu"),
            ("Muh. Ridwan",              "muh ridwan"),
            ("Bapak",                    ""),
        ];
        for (name, key) in cases {
            assert_eq!(name_key(name), key, "{name:?}");
        }
    }

    #[test]
    fn same_person_table() {
        const NIK: &str = "3573015503850002";
        const OTHER_NIK: &str = "3573011503850001";
        #[rustfmt::skip]
        let cases = [
            // the same NIK, whatever else was typed
            (keys(Some(NIK), "Siti", None),             keys(Some(NIK), "Aminah", Some("0812")),          Some(Match::Nik)),
            // two valid NIKs that differ: two people, even with one name and one phone
            (keys(Some(NIK), "Siti Aminah", Some("081234567890")), keys(Some(OTHER_NIK), "Siti Aminah", Some("081234567890")), None),
            // a NIK on one side only: name and phone decide
            (keys(Some(NIK), "Hj. Siti Aminah", Some("+62 812-3456-7890")), keys(None, "siti aminah", Some("081234567890")), Some(Match::NameAndPhone)),
            // a NIK that is not valid counts as none
            (keys(Some("1234"), "Siti Aminah", Some("081234567890")), keys(Some(NIK), "Siti Aminah", Some("081234567890")), Some(Match::NameAndPhone)),
            // one phone, two names: a family
            (keys(None, "Siti Aminah", Some("081234567890")), keys(None, "Budi Santoso", Some("081234567890")), None),
            // one name, no phone: not enough
            (keys(None, "Siti Aminah", None),           keys(None, "Siti Aminah", None),                  None),
            (keys(None, "Siti Aminah", Some("081234567890")), keys(None, "Siti Aminah", Some("081234567891")), None),
            // a name of titles only is no name
            (keys(None, "Ibu", Some("081234567890")),   keys(None, "Bu", Some("081234567890")),           None),
        ];
        for (a, b, expected) in cases {
            assert_eq!(same_person(&a, &b), expected, "{a:?} / {b:?}");
            assert_eq!(same_person(&b, &a), expected, "{b:?} / {a:?}");
        }
    }

    #[test]
    fn duplicates_are_found_in_a_crowd() {
        const NIK: &str = "3573015503850002";
        let people = [
            keys(None, "Budi Santoso", Some("081111111111")),
            keys(Some(NIK), "Siti Aminah", None),
            keys(None, "Hj. Siti Aminah", Some("+62 812 3456 7890")),
            keys(Some(NIK), "Siti A.", Some("081299999999")),
            keys(None, "siti aminah", Some("0812-3456-7890")),
            keys(None, "Budi Santoso", Some("082222222222")),
        ];
        assert_eq!(
            duplicates(&people),
            vec![(1, 3, Match::Nik), (2, 4, Match::NameAndPhone)]
        );
    }

    #[test]
    fn duplicates_agree_with_same_person_on_every_pair() {
        const NIK: &str = "3573015503850002";
        let people = [
            keys(Some(NIK), "Siti Aminah", Some("081234567890")),
            keys(None, "Siti Aminah", Some("081234567890")),
            keys(Some("3573011503850001"), "Siti Aminah", Some("081234567890")),
            keys(Some(NIK), "Ani", None),
        ];
        let mut pairs = Vec::new();
        for a in 0..people.len() {
            for b in a + 1..people.len() {
                if let Some(m) = same_person(&people[a], &people[b]) {
                    pairs.push((a, b, m));
                }
            }
        }
        // (0, 2) share name and phone but not their NIKs: two people, found by neither.
        assert_eq!(
            pairs,
            vec![
                (0, 1, Match::NameAndPhone),
                (0, 3, Match::Nik),
                (1, 2, Match::NameAndPhone)
            ]
        );
        assert_eq!(duplicates(&people), pairs);
    }
}
