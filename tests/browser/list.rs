//! The rows a records list shows (`posko::generic::list`), as a table: a search in the name or
//! the NIP, an office, a unit in any case or spacing, sorted by name; and the units a list's
//! filter offers, one per spelling, in the office picked.

use posko::generic::list::{listed, values_held, Filter, SHOWN_ROWS};
use posko::store::{LocalRecord, SyncState};
use posko_core::roster::{Person, PERSON};
use posko_core::sync::{Stamp, SyncRecord};
use wasm_bindgen_test::*;

fn person(id: &str, name: &str, nip: &str, office: &str, unit: &str) -> LocalRecord {
    LocalRecord {
        record: Person {
            id: id.into(),
            agency_id: "ag".into(),
            office_id: Some(office.into()),
            owner_id: None,
            parent_id: None,
            nip: nip.into(),
            full_name: name.into(),
            unit: unit.into(),
            position: None,
            phone: None,
            kecamatan: None,
            kelurahan: None,
            unit_head: false,
        }
        .to_new_record(&Stamp::new(1, 0, "d")),
        sync: SyncState::Synced,
    }
}

fn roster() -> Vec<LocalRecord> {
    vec![
        person("1", "Siti Rahmawati", "198503142010012001", "balai", "Bagian Umum"),
        person("2", "Budi Santoso", "197901012005011002", "balai", "bagian  umum"),
        person("3", "Agus Wijaya", "198001012006041003", "balai", "Keuangan"),
        person("4", "Dewi Lestari", "199002022015032004", "klojen", "Pelayanan"),
        person("5", "zulkifli", "198812122012121005", "klojen", "Bagian Umum"),
    ]
}

/// A search, an office, a unit, and the names shown in order.
type Row<'a> = (&'a str, Option<&'a str>, Option<&'a str>, &'a [&'a str]);

#[wasm_bindgen_test]
fn a_list_keeps_what_its_filters_say_sorted_by_name() {
    let unit = PERSON.field("unit").unwrap();
    let list = roster();
    #[rustfmt::skip]
    let table: &[Row] = &[
        // query,          office,          unit,                 names shown, in order
        ("",               None,            None,                 &["Agus Wijaya", "Budi Santoso", "Dewi Lestari", "Siti Rahmawati", "zulkifli"]),
        ("SITI",           None,            None,                 &["Siti Rahmawati"]),
        ("  siti ",        None,            None,                 &["Siti Rahmawati"]),
        ("1979",           None,            None,                 &["Budi Santoso"]),
        ("",               Some("klojen"),  None,                 &["Dewi Lestari", "zulkifli"]),
        ("",               None,            Some("bagian umum"),  &["Budi Santoso", "Siti Rahmawati", "zulkifli"]),
        ("",               Some("balai"),   Some("Bagian Umum"),  &["Budi Santoso", "Siti Rahmawati"]),
        ("budi",           Some("balai"),   Some("Keuangan"),     &[]),
        ("",               None,            Some("Bagian"),       &[]),
    ];
    for &(query, office, value, names) in table {
        let (shown, matched) = listed(
            &PERSON,
            &list,
            Filter {
                query,
                office,
                value: value.map(|v| (unit, v)),
            },
        );
        let got: Vec<String> = shown
            .iter()
            .map(|r| Person::from_record(&r.record).unwrap().full_name)
            .collect();
        assert_eq!(got, names.to_vec(), "{query:?} {office:?} {value:?}");
        assert_eq!(matched, names.len());
    }
}

#[wasm_bindgen_test]
fn a_long_list_shows_its_first_rows_and_says_how_many_matched() {
    let list: Vec<LocalRecord> = (0..SHOWN_ROWS + 5)
        .map(|i| {
            person(
                &i.to_string(),
                &format!("Pegawai {i:04}"),
                "198503142010012001",
                "balai",
                "Umum",
            )
        })
        .collect();
    let (shown, matched) = listed(&PERSON, &list, Filter::default());
    assert_eq!((shown.len(), matched), (SHOWN_ROWS, SHOWN_ROWS + 5));
}

#[wasm_bindgen_test]
fn a_filter_offers_the_units_held_once_each_in_the_office_picked() {
    let unit = PERSON.field("unit").unwrap();
    let list = roster();
    assert_eq!(values_held(unit, &list, None), ["Bagian Umum", "Keuangan", "Pelayanan"]);
    assert_eq!(values_held(unit, &list, Some("balai")), ["Bagian Umum", "Keuangan"]);
    assert_eq!(values_held(unit, &list, Some("klojen")), ["Bagian Umum", "Pelayanan"]);
    assert!(values_held(unit, &list, Some("elsewhere")).is_empty());
}
