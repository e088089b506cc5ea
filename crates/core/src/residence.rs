//! Residence lists (issue #20, item 7): cases and contacts by kecamatan and kelurahan, for the
//! camat and the lurah. The places and their order, and the list as CSV text, are made here, so
//! the device's CSV (offline) and the server's workbook hold the same rows in the same order.
//! A place is found by its words whatever their case and spacing (`kit::spelling_key`), and
//! written as first spelled.

use crate::kit::spelling_key;

/// One person on the list: where they live, their name, and the rest of their row in the list's
/// column order (status, address, phone, dates), already in the reader's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resident<'a> {
    pub kecamatan: &'a str,
    pub kelurahan: &'a str,
    pub name: &'a str,
    pub details: Vec<String>,
}

/// A kelurahan of a kecamatan and who of the list lives there (indexes into the list, by name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place<'a> {
    pub kecamatan: &'a str,
    pub kelurahan: &'a str,
    pub residents: Vec<usize>,
}

/// A place's or a name's order: whether it was not given (so it sorts last), then its words
/// (`kit::spelling_key`).
type Key = (bool, String);

/// The places of `residents`, by kecamatan then kelurahan in alphabetical order, each one's
/// residents by name; a place not given (an empty kecamatan or kelurahan) after the others of
/// its level, so the camat's and the lurah's own come first.
pub fn places<'a>(residents: &[Resident<'a>]) -> Vec<Place<'a>> {
    // One sort over keys of one type: (kecamatan, kelurahan, name) keys with "not given" last.
    let key = |text: &str| -> Key {
        let key = spelling_key(text);
        (key.is_empty(), key)
    };
    let mut order: Vec<(Key, Key, Key, usize)> = residents
        .iter()
        .enumerate()
        .map(|(i, r)| (key(r.kecamatan), key(r.kelurahan), key(r.name), i))
        .collect();
    order.sort();
    let mut out: Vec<Place<'a>> = Vec::new();
    let mut last: Option<(&Key, &Key)> = None;
    for (kecamatan, kelurahan, _, i) in &order {
        if last != Some((kecamatan, kelurahan)) {
            out.push(Place {
                kecamatan: residents[*i].kecamatan.trim(),
                kelurahan: residents[*i].kelurahan.trim(),
                residents: Vec::new(),
            });
            last = Some((kecamatan, kelurahan));
        }
        if let Some(place) = out.last_mut() {
            place.residents.push(*i);
        }
    }
    out
}

/// The list's rows in the order of `places`: kecamatan, kelurahan and name as the places write
/// them, then each resident's details. What the CSV and the server's workbook both write.
pub fn rows(residents: &[Resident]) -> Vec<Vec<String>> {
    let mut out = Vec::with_capacity(residents.len());
    for place in places(residents) {
        for i in place.residents {
            let r = &residents[i];
            let mut row = vec![
                place.kecamatan.to_owned(),
                place.kelurahan.to_owned(),
                r.name.trim().to_owned(),
            ];
            row.extend(r.details.iter().cloned());
            out.push(row);
        }
    }
    out
}

/// The list as CSV text for a spreadsheet: a byte-order mark (so a spreadsheet reads the text
/// as UTF-8), `header` (kecamatan, kelurahan, name, then the details' names), then `rows`, lines
/// ended by CR LF. A cell that a spreadsheet would take for a formula (starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return) gets a leading `'`: a name typed on a phone never runs
/// in the camat's spreadsheet.
pub fn csv(header: &[&str], residents: &[Resident]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let header: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
    for cells in std::iter::once(header).chain(rows(residents)) {
        // Writing to memory fails only for lack of it.
        let _ = writer.write_record(cells.iter().map(|c| defused(c)));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

/// Where a person lives and how to reach them, from the roster or from outside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Home {
    pub name: String,
    pub kecamatan: String,
    pub kelurahan: String,
    pub address: String,
    pub phone: String,
}

impl Home {
    pub fn of_person(person: &crate::roster::Person) -> Home {
        Home {
            name: person.full_name.clone(),
            kecamatan: person.kecamatan.clone().unwrap_or_default(),
            kelurahan: person.kelurahan.clone().unwrap_or_default(),
            address: String::new(),
            phone: person.phone.clone().unwrap_or_default(),
        }
    }

    pub fn of_outside(person: &crate::cases::OutsidePerson) -> Home {
        Home {
            name: person.full_name.clone(),
            kecamatan: person.kecamatan.clone().unwrap_or_default(),
            kelurahan: person.kelurahan.clone().unwrap_or_default(),
            address: person.address.clone().unwrap_or_default(),
            phone: person.phone.clone().unwrap_or_default(),
        }
    }
}

/// The list's columns, as keys of the health kinds' names (`locales/cases/`).
pub const HEADER_KEYS: [&str; 6] = [
    "outside_person.kecamatan",
    "outside_person.kelurahan",
    "outside_person.full_name",
    "case.status",
    "outside_person.address",
    "outside_person.phone",
];

/// Who is on the list: every case and close contact whose person has a home (`home_of`, by the
/// person's id on the roster or outside it), with what they are in words (`word` of a key of the
/// health kinds' names: "Kasus: Suspek", "Kontak erat"), their address and phone. The server's
/// workbook and the device's list and CSV are made from it.
pub fn residents<'a>(
    cases: &[crate::cases::Case],
    contacts: &[crate::cases::CloseContact],
    home_of: impl Fn(&str) -> Option<&'a Home>,
    word: impl Fn(&str) -> String,
) -> Vec<Resident<'a>> {
    let mut out = Vec::new();
    let people = cases
        .iter()
        .map(|case| {
            let what = format!("{}: {}", word("case"), word(&format!("case.status.{}", case.status)));
            (case.person.as_deref().or(case.outside_person.as_deref()), what)
        })
        .chain(contacts.iter().map(|contact| {
            (
                contact.person.as_deref().or(contact.outside_person.as_deref()),
                word("close_contact"),
            )
        }));
    for (id, what) in people {
        let Some(home) = id.and_then(&home_of) else { continue };
        out.push(Resident {
            kecamatan: &home.kecamatan,
            kelurahan: &home.kelurahan,
            name: &home.name,
            details: vec![what, home.address.clone(), home.phone.clone()],
        });
    }
    out
}

/// A cell as it may stand in a spreadsheet: one a spreadsheet would read as a formula gets a
/// leading `'`.
fn defused(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resident<'a>(kecamatan: &'a str, kelurahan: &'a str, name: &'a str, status: &str) -> Resident<'a> {
        Resident {
            kecamatan,
            kelurahan,
            name,
            details: vec![status.to_owned()],
        }
    }

    #[test]
    fn places_table() {
        #[rustfmt::skip]
        let cases: &[(&[(&str, &str, &str)], &[(&str, &str, &[&str])])] = &[
            (&[], &[]),
            // by kecamatan, then kelurahan, then name
            (&[("Lowokwaru", "Dinoyo", "Siti"), ("Klojen", "Kauman", "Budi"), ("Lowokwaru", "Dinoyo", "Ani"), ("Lowokwaru", "Merjosari", "Citra")],
                &[("Klojen", "Kauman", &["Budi"]), ("Lowokwaru", "Dinoyo", &["Ani", "Siti"]), ("Lowokwaru", "Merjosari", &["Citra"])]),
            // one place however it was typed, written as first spelled in name order
            (&[("Klojen", "Kauman", "Budi"), ("KLOJEN ", "kauman", "Ani")], &[("KLOJEN", "kauman", &["Ani", "Budi"])]),
            // not given: after the others of its level
            (&[("", "", "Dewi"), ("Sukun", "", "Eka"), ("Sukun", "Bandungrejosari", "Fajar"), ("Blimbing", "Arjosari", "Gita")],
                &[("Blimbing", "Arjosari", &["Gita"]), ("Sukun", "Bandungrejosari", &["Fajar"]), ("Sukun", "", &["Eka"]), ("", "", &["Dewi"])]),
        ];
        for (given, expected) in cases {
            let residents: Vec<Resident> = given.iter().map(|(k, l, n)| resident(k, l, n, "Suspek")).collect();
            let found: Vec<(&str, &str, Vec<&str>)> = places(&residents)
                .into_iter()
                .map(|p| {
                    (
                        p.kecamatan,
                        p.kelurahan,
                        p.residents.iter().map(|&i| residents[i].name).collect(),
                    )
                })
                .collect();
            let expected: Vec<(&str, &str, Vec<&str>)> =
                expected.iter().map(|(k, l, n)| (*k, *l, n.to_vec())).collect();
            assert_eq!(found, expected, "{given:?}");
        }
    }

    #[test]
    fn csv_rows_follow_the_places_and_defuse_formulas() {
        let residents = [
            resident("Lowokwaru", "Dinoyo", "Siti Aminah", "Kontak erat"),
            resident("Klojen", "Kauman", "=HYPERLINK(\"http://x\")", "Konfirmasi"),
            resident("Klojen", "Kauman", "Budi, S.E.", "-"),
        ];
        let text = csv(&["Kecamatan", "Kelurahan", "Nama", "Status"], &residents);
        assert_eq!(
            text,
            "\u{feff}Kecamatan,Kelurahan,Nama,Status\r\n\
             Klojen,Kauman,\"'=HYPERLINK(\"\"http://x\"\")\",Konfirmasi\r\n\
             Klojen,Kauman,\"Budi, S.E.\",'-\r\n\
             Lowokwaru,Dinoyo,Siti Aminah,Kontak erat\r\n"
        );
    }

    #[test]
    fn defused_table() {
        #[rustfmt::skip]
        let cases = [
            ("Siti", "Siti"), ("=1+1", "'=1+1"), ("+62812", "'+62812"), ("-", "'-"),
            ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("", ""), ("0812", "0812"),
        ];
        for (cell, expected) in cases {
            assert_eq!(defused(cell), expected, "{cell:?}");
        }
    }
}
