//! Reading a roster file (CSV or a spreadsheet's first sheet, as rows of text cells) into people
//! of one office: the header names the columns (in Indonesian or English, in any order), each
//! row is checked as the form and the server check a person (`kit::check`), and every problem is
//! named by its row (as the spreadsheet numbers it, the header being row 1), its column (as the
//! file names it) and what is wrong. All or nothing: people come back only when no row has a
//! problem. A NIP already on the roster updates that person rather than adding them twice.

use std::collections::BTreeMap;

use crate::kit::{self, Context};
use crate::roster::{Person, PERSON};
use crate::sync::{Stamp, SyncRecord};
use crate::validation::Problem;

/// A column of the roster file, and the person's field it fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Nip,
    FullName,
    Unit,
    Position,
    Phone,
    Kecamatan,
    Kelurahan,
    UnitHead,
}

impl Column {
    const ALL: [Column; 8] = [
        Column::Nip,
        Column::FullName,
        Column::Unit,
        Column::Position,
        Column::Phone,
        Column::Kecamatan,
        Column::Kelurahan,
        Column::UnitHead,
    ];

    /// The person's field the column fills.
    pub fn field(self) -> &'static str {
        match self {
            Column::Nip => "nip",
            Column::FullName => "full_name",
            Column::Unit => "unit",
            Column::Position => "position",
            Column::Phone => "phone",
            Column::Kecamatan => "kecamatan",
            Column::Kelurahan => "kelurahan",
            Column::UnitHead => "unit_head",
        }
    }

    /// The headers offices write for it, lower case, spaces and punctuation as written.
    fn headers(self) -> &'static [&'static str] {
        match self {
            Column::Nip => &["nip"],
            Column::FullName => &["nama", "nama lengkap", "name", "full name", "full_name"],
            Column::Unit => &["unit", "bidang", "bagian", "bidang/bagian", "unit kerja"],
            Column::Position => &["jabatan", "position"],
            Column::Phone => &["telepon", "no hp", "no. hp", "hp", "nomor telepon", "phone"],
            Column::Kecamatan => &["kecamatan"],
            Column::Kelurahan => &["kelurahan", "desa/kelurahan"],
            Column::UnitHead => &["kepala unit", "kepala", "unit head", "unit_head"],
        }
    }

    fn required(self) -> bool {
        matches!(self, Column::Nip | Column::FullName | Column::Unit)
    }
}

/// What is wrong with one cell or row of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportProblem {
    /// The header lacks a column every person needs.
    MissingColumn,
    /// The value breaks the person's rules (`Problem`, as the form would say it).
    Invalid(Problem),
    /// "Kepala unit" that is neither yes nor no.
    NotYesOrNo,
    /// The same NIP on an earlier row of the file.
    DuplicateNip { first_row: usize },
    /// The file has no row of people.
    Empty,
}

/// One problem: the file's row (the header is row 1), the column as the file names it (or as
/// the app names it, for a missing one), and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub row: usize,
    pub column: String,
    pub problem: ImportProblem,
}

/// Where the people go and how they are made: the office, new ids, the clock.
pub struct Target<'a> {
    pub agency_id: &'a str,
    pub office_id: &'a str,
    /// The office's people already on the roster: a row with one of their NIPs updates them.
    pub existing: &'a [Person],
}

/// The largest roster file taken, CSV or Excel: a roster of thousands is well under 1 MB.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;
/// The most rows a roster file may have, its header included, and the most columns: a row per
/// person and a dozen columns. The same for a CSV read on the phone and a workbook read by the
/// server (issue #19: a 60,796-row CSV froze the page for 19.7 s and was then offered for saving).
pub const MAX_ROWS: usize = 20_000;
pub const MAX_COLUMNS: usize = 100;

/// Why a file's rows could not be had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotRead {
    /// Not CSV (a quote left open).
    NotCsv,
    /// More than `MAX_ROWS` rows or `MAX_COLUMNS` columns: refused before any row is checked.
    TooLarge,
}

/// The rows of a CSV file as a spreadsheet saves it: the separator is the header's (`;` where
/// the decimal comma is the custom, as in Indonesia, or `,`), cells may be quoted, a byte-order
/// mark is dropped. Reading stops at the first row past the limits.
pub fn csv_rows(text: &str) -> Result<Vec<Vec<String>>, NotRead> {
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|_| NotRead::NotCsv)?;
        if rows.len() == MAX_ROWS || row.len() > MAX_COLUMNS {
            return Err(NotRead::TooLarge);
        }
        rows.push(row.iter().map(str::to_owned).collect());
    }
    Ok(rows)
}

/// A yes or a no as offices write it; `None` for anything else. Empty is no.
fn yes_or_no(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "" | "tidak" | "t" | "no" | "n" | "0" | "false" | "bukan" => Some(false),
        "ya" | "y" | "yes" | "1" | "true" | "kepala" => Some(true),
        _ => None,
    }
}

/// Reads `rows` (the header first) into people of `target`'s office, or every problem found.
/// `new_id` names a person the roster does not have yet. `ctx` is the clock the checks use.
pub fn read(
    rows: &[Vec<String>],
    target: &Target,
    ctx: &Context,
    mut new_id: impl FnMut() -> String,
) -> Result<Vec<Person>, Vec<RowError>> {
    let Some((header, people)) = rows.split_first() else {
        return Err(vec![RowError {
            row: 1,
            column: String::new(),
            problem: ImportProblem::Empty,
        }]);
    };
    let normal = |h: &str| h.trim().trim_start_matches('\u{feff}').to_lowercase();
    let mut at: Vec<(Column, usize)> = Vec::new();
    let mut errors = Vec::new();
    for column in Column::ALL {
        match header
            .iter()
            .position(|h| column.headers().contains(&normal(h).as_str()))
        {
            Some(i) => at.push((column, i)),
            None if column.required() => errors.push(RowError {
                row: 1,
                column: column.headers()[0].to_owned(),
                problem: ImportProblem::MissingColumn,
            }),
            None => {}
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let header_of = |column: Column| {
        at.iter().find(|(c, _)| *c == column).map_or_else(
            || column.field().to_owned(),
            |(_, i)| header[*i].trim().trim_start_matches('\u{feff}').to_owned(),
        )
    };
    // By NIP, looked up once per row: time that grows with the rows (times their logarithm),
    // not their square. A B-tree, whose code the records already bring (a hash map added 7 kB).
    let existing: BTreeMap<&str, &Person> = target.existing.iter().map(|p| (p.nip.as_str(), p)).collect();
    let known = |nip: &str| existing.get(nip).copied();
    // Each NIP of the file and its first row.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut found = Vec::new();
    let stamp = Stamp::new(0, 0, "import");
    for (i, cells) in people.iter().enumerate() {
        let row = i + 2;
        // A row with nothing in it (a spreadsheet's trailing lines) is no person.
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |column: Column| {
            at.iter()
                .find(|(c, _)| *c == column)
                .and_then(|(_, i)| cells.get(*i))
                .map(|c| c.trim().to_owned())
                .unwrap_or_default()
        };
        let optional = |column: Column| Some(cell(column)).filter(|c| !c.is_empty());
        let nip: String = cell(Column::Nip).chars().filter(|c| !c.is_whitespace()).collect();
        let unit_head = match yes_or_no(&cell(Column::UnitHead)) {
            Some(yes) => yes,
            None => {
                errors.push(RowError {
                    row,
                    column: header_of(Column::UnitHead),
                    problem: ImportProblem::NotYesOrNo,
                });
                false
            }
        };
        if !nip.is_empty() {
            if let Some(first_row) = seen.get(&nip) {
                errors.push(RowError {
                    row,
                    column: header_of(Column::Nip),
                    problem: ImportProblem::DuplicateNip { first_row: *first_row },
                });
            } else {
                seen.insert(nip.clone(), row);
            }
        }
        let id = known(&nip).map_or_else(&mut new_id, |p| p.id.clone());
        let person = Person {
            id,
            agency_id: target.agency_id.to_owned(),
            office_id: Some(target.office_id.to_owned()),
            owner_id: None,
            parent_id: None,
            nip,
            full_name: cell(Column::FullName),
            unit: cell(Column::Unit),
            position: optional(Column::Position),
            phone: optional(Column::Phone),
            kecamatan: optional(Column::Kecamatan),
            kelurahan: optional(Column::Kelurahan),
            unit_head,
        };
        for invalid in kit::check(&PERSON, &person.to_new_record(&stamp), ctx) {
            let column = Column::ALL
                .into_iter()
                .find(|c| invalid.field.split('.').next() == Some(c.field()))
                .map_or_else(|| invalid.field.to_string(), header_of);
            errors.push(RowError {
                row,
                column,
                problem: ImportProblem::Invalid(invalid.problem),
            });
        }
        found.push(person);
    }
    if found.is_empty() && errors.is_empty() {
        errors.push(RowError {
            row: 2,
            column: String::new(),
            problem: ImportProblem::Empty,
        });
    }
    if errors.is_empty() {
        Ok(found)
    } else {
        crate::order::sort_by_key(&mut errors, |e| e.row);
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<Vec<String>> {
        text.lines()
            .map(|l| l.split(';').map(str::to_owned).collect())
            .collect()
    }

    fn ids() -> impl FnMut() -> String {
        let mut n = 0;
        move || {
            n += 1;
            format!("new-{n}")
        }
    }

    const CTX: fn() -> Context = || Context::server(1_600_923_600_000);

    fn existing() -> Vec<Person> {
        let ok = read(
            &rows("NIP;Nama;Unit\n199001152015032001;Siti Aminah;Umum"),
            &Target {
                agency_id: "ag",
                office_id: "of",
                existing: &[],
            },
            &CTX(),
            || "p-siti".to_owned(),
        );
        ok.unwrap()
    }

    #[test]
    fn every_kind_of_bad_row_is_named_by_row_column_and_reason() {
        let file = "\u{feff}Nama Lengkap;NIP;Bidang;Kepala Unit;No HP\n\
                    Budi;199001152015031002;Umum;ya;0812-1111-2222\n\
                    Tanpa NIP;;Umum;;\n\
                    Tanggal Salah;199002302015031003;Umum;tidak;\n\
                    Budi Lagi;199001152015031002;Keuangan;;\n\
                    ;199001152015031004;Keuangan;;\n\
                    Kepala Ragu;199001152015031005;Keuangan;mungkin;\n\
                    Tanpa Bidang;199001152015031006;;;12ab\n\
                    Telepon Aneh;199001152015031007;Umum;;12ab\n\
                    ;;;;\n";
        let got = read(
            &rows(file),
            &Target {
                agency_id: "ag",
                office_id: "of",
                existing: &[],
            },
            &CTX(),
            ids(),
        )
        .unwrap_err();
        let got: Vec<(usize, &str, ImportProblem)> = got
            .iter()
            .map(|e| (e.row, e.column.as_str(), e.problem.clone()))
            .collect();
        #[rustfmt::skip]
        let expected: Vec<(usize, &str, ImportProblem)> = vec![
            (3, "NIP",         ImportProblem::Invalid(Problem::Required)),
            (4, "NIP",         ImportProblem::Invalid(Problem::BadEmbeddedDate)),
            (5, "NIP",         ImportProblem::DuplicateNip { first_row: 2 }),
            (6, "Nama Lengkap",ImportProblem::Invalid(Problem::Required)),
            (7, "Kepala Unit", ImportProblem::NotYesOrNo),
            // the person's own rules (the phone) run with the fields', one round for the row
            (8, "Bidang",      ImportProblem::Invalid(Problem::Required)),
            (8, "No HP",       ImportProblem::Invalid(Problem::NotAPhone)),
            (9, "No HP",       ImportProblem::Invalid(Problem::NotAPhone)),
        ];
        assert_eq!(got, expected);
    }

    #[test]
    fn csv_as_spreadsheets_save_it_table() {
        #[rustfmt::skip]
        let cases: &[(&str, Result<&[&[&str]], NotRead>)] = &[
            ("NIP;Nama\r\n1;Siti\r\n",              Ok(&[&["NIP", "Nama"], &["1", "Siti"]])),
            ("NIP,Nama\n1,\"Aminah, S.Kom\"",          Ok(&[&["NIP", "Nama"], &["1", "Aminah, S.Kom"]])),
            ("\u{feff}NIP;Nama\n1;\"Siti \"\"Ita\"\"\"", Ok(&[&["NIP", "Nama"], &["1", "Siti \"Ita\""]])),
            ("NIP;Nama;Unit\n1;Siti",                   Ok(&[&["NIP", "Nama", "Unit"], &["1", "Siti"]])),
            ("",                                       Ok(&[])),
        ];
        for (text, expected) in cases {
            let expected = expected.map(|rows| {
                rows.iter()
                    .map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>())
                    .collect::<Vec<_>>()
            });
            assert_eq!(csv_rows(text), expected, "{text:?}");
        }
    }

    #[test]
    fn a_file_past_the_limits_is_refused_as_an_excel_file_is() {
        let rows = |n: usize| format!("NIP;Nama\n{}", "1;Siti\n".repeat(n - 1));
        assert_eq!(csv_rows(&rows(MAX_ROWS)).map(|r| r.len()), Ok(MAX_ROWS));
        assert_eq!(csv_rows(&rows(MAX_ROWS + 1)), Err(NotRead::TooLarge));
        let wide = format!("{}\n", ["x"; MAX_COLUMNS + 1].join(";"));
        assert_eq!(csv_rows(&wide), Err(NotRead::TooLarge));
        assert_eq!(
            csv_rows(&format!("{}\n", ["x"; MAX_COLUMNS].join(";"))).map(|r| r[0].len()),
            Ok(MAX_COLUMNS)
        );
    }

    #[test]
    fn headers_and_whole_files_table() {
        let target = Target {
            agency_id: "ag",
            office_id: "of",
            existing: &[],
        };
        #[rustfmt::skip]
        let cases: &[(&str, Result<usize, Vec<(usize, &str, ImportProblem)>>)] = &[
            ("",                                          Err(vec![(1, "", ImportProblem::Empty)])),
            ("NIP;Nama;Unit",                             Err(vec![(2, "", ImportProblem::Empty)])),
            ("NIP;Nama",                                  Err(vec![(1, "unit", ImportProblem::MissingColumn)])),
            ("Name;Jabatan",                              Err(vec![(1, "nip", ImportProblem::MissingColumn), (1, "unit", ImportProblem::MissingColumn)])),
            ("nip;full name;unit\n199001152015032001;A;U", Ok(1)),
            // other columns are left alone, in any order
            ("Catatan;Unit;NIP;Nama\nx;U;199001152015032001;A\ny;U;199001152015031002;B", Ok(2)),
        ];
        for (file, expected) in cases {
            let got = read(&rows(file), &target, &CTX(), ids())
                .map(|people| people.len())
                .map_err(|errors| {
                    errors
                        .into_iter()
                        .map(|e| (e.row, e.column, e.problem))
                        .collect::<Vec<_>>()
                });
            let expected = expected
                .clone()
                .map_err(|v| v.into_iter().map(|(r, c, p)| (r, c.to_owned(), p)).collect::<Vec<_>>());
            assert_eq!(got, expected, "{file:?}");
        }
    }

    #[test]
    fn a_nip_already_on_the_roster_updates_that_person() {
        let existing = existing();
        let people = read(
            &rows(
                "NIP;Nama;Unit;Kepala unit\n199001152015032001;Siti Aminah;Keuangan;ya\n199001152015031002;Budi;Umum;",
            ),
            &Target {
                agency_id: "ag",
                office_id: "of",
                existing: &existing,
            },
            &CTX(),
            ids(),
        )
        .unwrap();
        let got: Vec<(&str, &str, bool)> = people
            .iter()
            .map(|p| (p.id.as_str(), p.unit.as_str(), p.unit_head))
            .collect();
        assert_eq!(got, [("p-siti", "Keuangan", true), ("new-1", "Umum", false)]);
    }

    /// 2,000 people read and checked in one go: the time is printed, not asserted
    /// (`cargo test -p posko-core --release roster_import -- --nocapture`).
    #[test]
    fn two_thousand_people_in_one_go() {
        let mut file = String::from("NIP;Nama;Unit;Jabatan;Telepon;Kecamatan;Kelurahan;Kepala unit");
        for n in 0..2000u32 {
            file.push_str(&format!(
                "\n1990{:02}{:02}2015{:02}{}{:03};Pegawai {n};Unit {};Staf;0812-3456-{:04};Klojen;Kauman;{}",
                1 + n % 12,
                1 + n % 28,
                1 + n % 12,
                1 + n % 2,
                1 + n % 999,
                n / 50,
                n,
                if n % 50 == 0 { "ya" } else { "" }
            ));
        }
        // Each NIP differs: its birth day, months, sex digit and serial do not repeat together.
        let rows = rows(&file);
        let started = std::time::Instant::now();
        let result = read(
            &rows,
            &Target {
                agency_id: "ag",
                office_id: "of",
                existing: &[],
            },
            &CTX(),
            ids(),
        );
        let elapsed = started.elapsed();
        let people = result.map_err(|e| e.into_iter().take(3).collect::<Vec<_>>()).unwrap();
        assert_eq!(people.len(), 2000);
        println!("read and checked 2,000 people in {elapsed:?}");
    }
}
