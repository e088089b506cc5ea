//! Roster spreadsheets read by the server (`POST /api/roster/xlsx`) on both engines: an XLSX
//! file's first sheet comes back as the CSV text the device's roster import reads into the
//! same people; what is not a spreadsheet is said so; only who keeps the roster may send one.

use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{Reply, TestApp};
use posko_core::kit::Context;
use posko_core::roster_import::{csv_rows, read, ImportProblem, RowError, Target};
use posko_core::Problem;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

on_both_databases!(
    a_sheet_comes_back_as_the_csv_the_import_reads,
    what_is_not_a_spreadsheet_is_refused,
    only_who_keeps_the_roster_sends_a_sheet,
);

const AGENCY: &str = "demo-pemkot-malang";
const OFFICE: &str = "demo-balai-kota";

async fn upload(app: &TestApp, token: Option<&str>, body: Vec<u8>) -> Reply {
    let mut request = Request::post("/api/roster/xlsx").header(
        "content-type",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    app.send(request.body(Body::from(body)).unwrap()).await
}

/// A roster as an office keeps it: a header, two people with their NIP as text, a phone typed
/// as a number, a date, a boolean, a position with the separator in it, then a formatted but
/// empty row.
fn roster_xlsx(nip_as_number: bool) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let header = ["NIP", "Nama", "Unit", "Jabatan", "Telepon", "Kepala unit", "TMT"];
    for (column, name) in header.iter().enumerate() {
        sheet.write_string(0, column as u16, *name).unwrap();
    }
    if nip_as_number {
        sheet.write_number(1, 0, 199_001_152_015_032_001_f64).unwrap();
    } else {
        sheet.write_string(1, 0, "199001152015032001").unwrap();
    }
    sheet.write_string(1, 1, "Siti Aminah").unwrap();
    sheet.write_string(1, 2, "Bagian Umum").unwrap();
    sheet.write_string(1, 3, "Kepala; Bagian Umum").unwrap();
    sheet.write_number(1, 4, 81_234_567_890_f64).unwrap();
    sheet.write_boolean(1, 5, true).unwrap();
    sheet
        .write_datetime_with_format(1, 6, ExcelDateTime::from_ymd(2015, 3, 1).unwrap(), &date)
        .unwrap();
    sheet.write_string(2, 0, "198507202010011002").unwrap();
    sheet.write_string(2, 1, "Budi Santoso").unwrap();
    sheet.write_string(2, 2, "Bagian Umum").unwrap();
    sheet.write_boolean(2, 5, false).unwrap();
    sheet.write_blank(3, 0, &Format::new().set_bold()).unwrap();
    sheet.write_blank(3, 6, &Format::new().set_bold()).unwrap();
    workbook.save_to_buffer().unwrap()
}

async fn a_sheet_comes_back_as_the_csv_the_import_reads(app: TestApp) {
    let token = app.login("admin").await;
    let reply = upload(&app, Some(&token), roster_xlsx(false)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", String::from_utf8_lossy(&reply.body));
    assert_eq!(reply.header("content-type"), "text/csv; charset=utf-8");
    let csv = String::from_utf8(reply.body).unwrap();
    assert_eq!(
        csv,
        "NIP;Nama;Unit;Jabatan;Telepon;Kepala unit;TMT\n\
         199001152015032001;Siti Aminah;Bagian Umum;\"Kepala; Bagian Umum\";81234567890;true;2015-03-01\n\
         198507202010011002;Budi Santoso;Bagian Umum;;;false;\n"
    );

    let rows = csv_rows(&csv).expect("CSV");
    let target = Target {
        agency_id: AGENCY,
        office_id: OFFICE,
        existing: &[],
    };
    let mut n = 0;
    let people = read(&rows, &target, &Context::server(1_600_923_600_000), || {
        n += 1;
        format!("new-{n}")
    })
    .expect("the people of the sheet");
    type Row<'a> = (&'a str, &'a str, Option<&'a str>, Option<&'a str>, bool);
    let got: Vec<Row> = people
        .iter()
        .map(|p| {
            (
                p.nip.as_str(),
                p.full_name.as_str(),
                p.position.as_deref(),
                p.phone.as_deref(),
                p.unit_head,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "199001152015032001",
                "Siti Aminah",
                Some("Kepala; Bagian Umum"),
                Some("81234567890"),
                true
            ),
            ("198507202010011002", "Budi Santoso", None, None, false),
        ]
    );

    // A NIP typed as a number lost its last digits in the spreadsheet: it comes as the number
    // it now is (ending in 000, no serial), and the import refuses it, naming row and column.
    let reply = upload(&app, Some(&token), roster_xlsx(true)).await;
    let csv = String::from_utf8(reply.body).unwrap();
    assert!(csv.contains("\n199001152015032000;Siti Aminah;"), "{csv}");
    let refused = read(
        &csv_rows(&csv).unwrap(),
        &target,
        &Context::server(1_600_923_600_000),
        || "new".into(),
    )
    .unwrap_err();
    assert!(
        refused.iter().any(|e| matches!(
            e,
            RowError { row: 2, column, problem: ImportProblem::Invalid(Problem::BadFormat) } if column == "NIP"
        )),
        "{refused:?}"
    );
}

async fn what_is_not_a_spreadsheet_is_refused(app: TestApp) {
    let token = app.login("petugas").await;
    let mut damaged = roster_xlsx(false);
    damaged.truncate(damaged.len() / 2);
    let cases: [(&str, Vec<u8>); 4] = [
        ("empty", Vec::new()),
        ("csv", b"NIP;Nama;Unit\n199001152015032001;Siti;Umum\n".to_vec()),
        ("a zip of something else", {
            let mut zip = Vec::new();
            // The smallest zip archive: an end of central directory, no files.
            zip.extend_from_slice(b"PK\x05\x06");
            zip.extend_from_slice(&[0; 18]);
            zip
        }),
        ("damaged", damaged),
    ];
    for (what, body) in cases {
        let reply = upload(&app, Some(&token), body).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{what}");
        assert_eq!(
            reply.json()["error"]["code"],
            posko_core::api::NOT_A_SPREADSHEET_ERROR_CODE,
            "{what}"
        );
    }
}

async fn only_who_keeps_the_roster_sends_a_sheet(app: TestApp) {
    #[rustfmt::skip]
    let cases: &[(Option<&str>, StatusCode)] = &[
        (Some("admin"),    StatusCode::OK),
        (Some("petugas"),  StatusCode::OK),
        (Some("pelacak"),  StatusCode::OK),
        (Some("ppk"),      StatusCode::FORBIDDEN),
        (Some("pemantau"), StatusCode::FORBIDDEN),
        (Some("pegawai"),  StatusCode::FORBIDDEN),
        (None,             StatusCode::UNAUTHORIZED),
    ];
    for (user, status) in cases {
        let token = match user {
            Some(user) => Some(app.login(user).await),
            None => None,
        };
        let reply = upload(&app, token.as_deref(), roster_xlsx(false)).await;
        assert_eq!(reply.status, *status, "{user:?}");
        if *status == StatusCode::FORBIDDEN {
            assert_eq!(reply.json()["error"]["code"], "forbidden", "{user:?}");
        }
    }
    // Past the size limit: too large, not read.
    let token = app.login("admin").await;
    let reply = upload(
        &app,
        Some(&token),
        vec![0; posko_server::spreadsheet::MAX_XLSX_BYTES + 1],
    )
    .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
}
