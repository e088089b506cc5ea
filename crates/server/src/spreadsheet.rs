//! Spreadsheets (XLSX) on the server, so the client carries no zip or XML code. Read: roster
//! files (`first_sheet_as_csv`); written: printable lists (`workbook`). Roster spreadsheets:
//! the first worksheet comes back as the CSV text the device's roster import reads
//! (`roster_import::csv_rows`), `;`-separated and quoted where needed, as a spreadsheet's
//! "save as CSV" writes it: from cell A1, every row as wide as the widest, trailing empty rows
//! dropped. Cells as the sheet shows them: text as it is, numbers without a decimal part when
//! they have none, dates as `yyyy-mm-dd`, booleans as `true`/`false`.

use std::io::{Cursor, Read};

use calamine::{DataRef, Reader, Xlsx};
use posko_core::date::{format_ymd, parse_ymd};

use crate::error::ApiError;

/// The largest upload `POST /api/roster/xlsx` takes: a roster file's limit, as for a CSV.
pub const MAX_XLSX_BYTES: usize = posko_core::roster_import::MAX_FILE_BYTES;
/// The most the workbook's files may unpack to, all together: more is a zip bomb, not a roster.
const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;
/// The rows and columns read from the sheet (a roster file's limits, as for a CSV): a cell past
/// them is refused rather than padding a huge table.
const MAX_ROWS: u32 = posko_core::roster_import::MAX_ROWS as u32;
const MAX_COLUMNS: u32 = posko_core::roster_import::MAX_COLUMNS as u32;

fn unreadable(error: impl std::fmt::Display) -> ApiError {
    ApiError::NotASpreadsheet(error.to_string())
}

/// The first worksheet of the XLSX workbook `bytes`, as CSV text. `NotASpreadsheet` for
/// anything else (another format, a damaged file, a workbook without a worksheet), `TooLarge`
/// for a workbook past the limits.
pub fn first_sheet_as_csv(bytes: &[u8]) -> Result<String, ApiError> {
    check_archive(bytes)?;
    let mut workbook: Xlsx<Cursor<&[u8]>> = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let Some(name) = workbook.sheet_names().into_iter().next() else {
        return Err(ApiError::NotASpreadsheet("the workbook has no worksheet".into()));
    };
    let mut cells = workbook.worksheet_cells_reader(&name).map_err(unreadable)?;
    let mut rows: Vec<Vec<String>> = Vec::new();
    while let Some(cell) = cells.next_cell().map_err(unreadable)? {
        let text = cell_text(cell.get_value());
        if text.is_empty() {
            continue;
        }
        let (row, column) = cell.get_position();
        if row >= MAX_ROWS || column >= MAX_COLUMNS {
            return Err(ApiError::TooLarge(format!(
                "a roster sheet has at most {MAX_ROWS} rows and {MAX_COLUMNS} columns"
            )));
        }
        let (row, column) = (row as usize, column as usize);
        if rows.len() <= row {
            rows.resize_with(row + 1, Vec::new);
        }
        let cells = &mut rows[row];
        if cells.len() <= column {
            cells.resize(column + 1, String::new());
        }
        cells[column] = text;
    }
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    for row in &mut rows {
        row.resize(width, String::new());
        writer
            .write_record(&*row)
            .map_err(|e| ApiError::Internal(e.to_string()))?;
    }
    let bytes = writer.into_inner().map_err(|e| ApiError::Internal(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| ApiError::Internal(e.to_string()))
}

/// Refuses a workbook whose files unpack past `MAX_UNPACKED_BYTES` (decompressed here, so what
/// the reader decompresses after is bounded), or whose shared strings announce more strings
/// than a roster sheet's cells (the reader reserves room for as many as announced, and an
/// allocation that fails ends the process).
fn check_archive(bytes: &[u8]) -> Result<(), ApiError> {
    let too_large = || ApiError::TooLarge(format!("the workbook unpacks to more than {MAX_UNPACKED_BYTES} bytes"));
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    let mut left = MAX_UNPACKED_BYTES;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(unreadable)?;
        let strings = entry
            .name()
            .map_err(unreadable)?
            .to_ascii_lowercase()
            .ends_with("sharedstrings.xml");
        let mut content = Vec::new();
        (&mut entry)
            .take(left + 1)
            .read_to_end(&mut content)
            .map_err(unreadable)?;
        left = left.checked_sub(content.len() as u64).ok_or_else(too_large)?;
        if strings && announced_strings(&content) > u64::from(MAX_ROWS) * u64::from(MAX_COLUMNS) {
            return Err(ApiError::TooLarge("the workbook announces too many strings".into()));
        }
    }
    Ok(())
}

/// The largest `uniqueCount="N"` in `xml` (0 when none): how many shared strings it announces.
fn announced_strings(xml: &[u8]) -> u64 {
    const NAME: &[u8] = b"uniqueCount";
    let mut most = 0;
    let mut rest = xml;
    while let Some(at) = rest.windows(NAME.len()).position(|w| w == NAME) {
        rest = &rest[at + NAME.len()..];
        let value = rest
            .iter()
            .skip_while(|b| b.is_ascii_whitespace())
            .skip(1) // `=`
            .skip_while(|b| b.is_ascii_whitespace())
            .skip(1) // the quote
            .take_while(|b| b.is_ascii_digit());
        // Digits past what a u64 holds are past any limit too.
        let n = value.fold(0u64, |n, b| n.saturating_mul(10).saturating_add(u64::from(b - b'0')));
        most = most.max(n);
    }
    most
}

/// A cell as the sheet shows it.
fn cell_text(value: &DataRef) -> String {
    match value {
        DataRef::Empty => String::new(),
        DataRef::String(text) | DataRef::DurationIso(text) => text.clone(),
        DataRef::SharedString(text) => (*text).to_owned(),
        DataRef::Int(n) => n.to_string(),
        DataRef::Float(x) => number(*x),
        DataRef::Bool(yes) => yes.to_string(),
        DataRef::DateTime(when) if when.is_datetime() => when
            .as_datetime()
            .map_or_else(|| number(when.as_f64()), |t| format_ymd(t.date())),
        // A duration: its number of days.
        DataRef::DateTime(when) => number(when.as_f64()),
        DataRef::DateTimeIso(text) => match text.get(..10).and_then(parse_ymd) {
            Some(day) => format_ymd(day),
            None => text.clone(),
        },
        DataRef::Error(error) => error.to_string(),
    }
}

/// A number as a spreadsheet shows it: to the 15 significant digits it keeps, with no decimal
/// part when it has none, however large. An 18-digit NIP typed as a number kept only 15
/// digits: it comes out as the integer it now is, which the import's NIP check refuses.
fn number(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    let kept: f64 = format!("{x:.14e}").parse().unwrap_or(x);
    // `Display` writes no exponent and no `.0`; `+ 0.0` turns -0 into 0.
    format!("{}", kept + 0.0)
}

/// Excel's longest sheet name.
const MAX_SHEET_NAME: usize = 31;
/// The widest a column is made, in characters: longer text wraps when printed.
const MAX_COLUMN_CHARS: usize = 40;
/// A4 in Excel's paper sizes.
const PAPER_A4: u8 = 9;

/// A printable workbook of one sheet: `title` at the top of every printed page and as the
/// sheet's name (cut to Excel's 31 characters, the signs Excel refuses in a name replaced),
/// `header` in bold on the first row, frozen, repeated on every printed page and with a filter,
/// then `rows`. Every cell is text: a name typed as "=1+1" stays text, nothing written runs.
/// A4, landscape, one page wide, pages numbered at the foot; columns as wide as their longest
/// text, up to 40 characters.
pub fn workbook(title: &str, header: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, ApiError> {
    let failed = |error: rust_xlsxwriter::XlsxError| ApiError::Internal(format!("writing a workbook: {error}"));
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name(title)).map_err(failed)?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for (col, text) in header.iter().enumerate() {
        sheet
            .write_string_with_format(0, col as u16, *text, &bold)
            .map_err(failed)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let at = u32::try_from(r + 1).map_err(|_| ApiError::TooLarge("too many rows for a worksheet".into()))?;
        for (col, text) in row.iter().enumerate() {
            sheet.write_string(at, col as u16, text).map_err(failed)?;
            if widths.len() <= col {
                widths.resize(col + 1, 0);
            }
            widths[col] = widths[col].max(text.chars().count());
        }
    }
    for (col, chars) in widths.iter().enumerate() {
        sheet
            .set_column_width(col as u16, (*chars).clamp(6, MAX_COLUMN_CHARS) as f64 + 1.0)
            .map_err(failed)?;
    }
    let last_col = widths.len().saturating_sub(1) as u16;
    sheet.set_freeze_panes(1, 0).map_err(failed)?;
    sheet.autofilter(0, 0, rows.len() as u32, last_col).map_err(failed)?;
    sheet.set_repeat_rows(0, 0).map_err(failed)?;
    sheet
        .set_paper_size(PAPER_A4)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        // `&` starts a code in a page header: one written is doubled.
        .set_header(format!("&L{}", title.replace('&', "&&")))
        .set_footer("&R&P / &N");
    book.save_to_buffer().map_err(failed)
}

/// `title` as a sheet may be named: without the signs Excel refuses (`[]:*?/\`), not starting
/// or ending with `'`, at most 31 characters, never empty.
fn sheet_name(title: &str) -> String {
    let name: String = title
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .take(MAX_SHEET_NAME)
        .collect();
    let name = name.trim().trim_matches('\'').trim();
    if name.is_empty() {
        "Posko".to_owned()
    } else {
        name.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{CellErrorType, ExcelDateTime, ExcelDateTimeType};

    #[test]
    fn cells_as_the_sheet_shows_them() {
        let date = |serial: f64| DataRef::DateTime(ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, false));
        #[rustfmt::skip]
        let cases: Vec<(DataRef, &str)> = vec![
            (DataRef::Empty,                              ""),
            (DataRef::String("Siti Aminah".into()),       "Siti Aminah"),
            (DataRef::SharedString(" Bagian Umum "),      " Bagian Umum "),
            (DataRef::Int(42),                            "42"),
            (DataRef::Float(42.0),                        "42"),
            (DataRef::Float(36.6),                        "36.6"),
            (DataRef::Float(0.1 + 0.2),                   "0.3"),
            (DataRef::Float(-0.0),                        "0"),
            (DataRef::Float(81_234_567_890.0),            "81234567890"),
            // An 18-digit NIP as Excel keeps a number: 15 digits, then zeros.
            (DataRef::Float(199_001_152_015_032_001.0),   "199001152015032000"),
            (DataRef::Float(f64::NAN),                    ""),
            (DataRef::Bool(true),                         "true"),
            (DataRef::Bool(false),                        "false"),
            (date(44_098.0),                              "2020-09-24"),
            (date(44_098.75),                             "2020-09-24"),
            (DataRef::DateTime(ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false)), "1.5"),
            (DataRef::DateTimeIso("2020-09-24T08:00:00".into()), "2020-09-24"),
            (DataRef::DateTimeIso("08:00:00".into()),     "08:00:00"),
            (DataRef::Error(CellErrorType::NA),           "#N/A"),
        ];
        for (value, expected) in cases {
            assert_eq!(cell_text(&value), expected, "{value:?}");
        }
    }

    #[test]
    fn announced_strings_table() {
        #[rustfmt::skip]
        let cases: &[(&str, u64)] = &[
            (r#"<sst xmlns="x" count="3" uniqueCount="2"><si>"#,          2),
            (r#"<sst uniqueCount = '7'>"#,                                7),
            (r#"<!-- uniqueCount="1" --><sst uniqueCount="900000000">"#,  900_000_000),
            (r#"<sst uniqueCount="99999999999999999999999999">"#,         u64::MAX),
            (r#"<sst count="3">"#,                                        0),
        ];
        for (xml, expected) in cases {
            assert_eq!(announced_strings(xml.as_bytes()), *expected, "{xml}");
        }
    }

    #[test]
    fn a_workbook_past_the_limits_is_refused_before_it_is_read() {
        use std::io::Write;
        let zip_of = |name: &str, content: &[u8]| {
            let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
            let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
            zip.start_file(name, options).unwrap();
            zip.write_all(content).unwrap();
            zip.finish().unwrap().into_inner()
        };
        let bomb = vec![b' '; MAX_UNPACKED_BYTES as usize + 1];
        let cases = [
            // The reader would reserve room for this many strings, and the process end.
            zip_of("xl/sharedStrings.xml", br#"<sst uniqueCount="99999999999"></sst>"#),
            zip_of("xl/worksheets/sheet1.xml", &bomb),
        ];
        for body in cases {
            assert!(matches!(first_sheet_as_csv(&body), Err(ApiError::TooLarge(_))));
        }
        let within = zip_of("xl/sharedStrings.xml", br#"<sst uniqueCount="3"></sst>"#);
        assert!(check_archive(&within).is_ok());
    }

    #[test]
    fn what_is_not_a_workbook_is_said_so() {
        for body in [&b""[..], b"NIP;Nama\n1;A\n", b"PK\x03\x04 not really"] {
            assert!(
                matches!(first_sheet_as_csv(body), Err(ApiError::NotASpreadsheet(_))),
                "{body:?}"
            );
        }
    }

    #[test]
    fn a_written_workbook_reads_back_as_text_in_its_order() {
        use posko_core::residence::{rows, Resident};
        let resident = |kecamatan, kelurahan, name, status: &str| Resident {
            kecamatan,
            kelurahan,
            name,
            details: vec![status.to_owned()],
        };
        let residents = [
            resident("Lowokwaru", "Dinoyo", "Siti Aminah", "Kontak erat"),
            resident("Klojen", "Kauman", "=1+1", "Konfirmasi"),
            resident("Klojen", "Kauman", "Budi", "Suspek"),
        ];
        let header = ["Kecamatan", "Kelurahan", "Nama", "Status"];
        let bytes = workbook(
            "Daftar menurut tempat tinggal: Kota Malang & sekitarnya [Desember]",
            &header,
            &rows(&residents),
        )
        .expect("a workbook");
        let text = first_sheet_as_csv(&bytes).expect("it reads back");
        // The same rows as the device's CSV, in the same order; the formula stays text.
        assert_eq!(
            text,
            "Kecamatan;Kelurahan;Nama;Status\n\
             Klojen;Kauman;=1+1;Konfirmasi\n\
             Klojen;Kauman;Budi;Suspek\n\
             Lowokwaru;Dinoyo;Siti Aminah;Kontak erat\n"
        );
        let mut book: Xlsx<Cursor<&[u8]>> = Xlsx::new(Cursor::new(&bytes[..])).unwrap();
        // The title's colon is no sign for a sheet's name, and the name stops at 31 characters.
        assert_eq!(book.sheet_names(), vec!["Daftar menurut tempat tinggal-".to_owned()]);
        let range = book.worksheet_range_at(0).unwrap().unwrap();
        assert!(matches!(range.get_value((1, 2)), Some(calamine::Data::String(s)) if s == "=1+1"));

        // Printable: A4 landscape one page wide, the header row frozen and printed on each page.
        let part = |name: &str| {
            let mut zip = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
            let mut text = String::new();
            zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
            text
        };
        let sheet = part("xl/worksheets/sheet1.xml");
        for setting in [
            r#"paperSize="9""#,
            r#"orientation="landscape""#,
            r#"fitToHeight="0""#,
            r#"ySplit="1""#,
        ] {
            assert!(sheet.contains(setting), "{setting} in {sheet}");
        }
        assert!(
            sheet.contains("Malang &amp;&amp; sekitarnya"),
            "the title's & doubled in the page header: {sheet}"
        );
        assert!(part("xl/workbook.xml").contains("_xlnm.Print_Titles"));
    }

    #[test]
    fn sheet_name_table() {
        #[rustfmt::skip]
        let cases = [
            ("Kasus", "Kasus"),
            ("a/b\\c?d*e[f]g:h", "a-b-c-d-e-f-g-h"),
            ("'Kutip'", "Kutip"),
            ("", "Posko"),
            ("   ", "Posko"),
            ("Daftar kasus dan kontak erat menurut kelurahan", "Daftar kasus dan kontak erat me"),
        ];
        for (title, name) in cases {
            assert_eq!(sheet_name(title), name, "{title:?}");
            assert!(sheet_name(title).chars().count() <= MAX_SHEET_NAME);
        }
    }
}
