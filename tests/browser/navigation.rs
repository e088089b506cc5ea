//! The way back (issue #19 item 8): each screen's parent, as a table.

use posko::components::{parent_of, Parent};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn every_screen_but_the_home_and_the_sign_in_has_a_parent() {
    let table: &[(&str, Option<(&str, Parent)>)] = &[
        ("/", None),
        ("/masuk", None),
        ("/masuk/", None),
        ("/aktivasi", Some(("/masuk", Parent::SignIn))),
        ("/skrining", Some(("/", Parent::Home))),
        ("/riwayat/", Some(("/", Parent::Home))),
        ("/hari-ini", Some(("/", Parent::Home))),
        ("/rencana-wfo", Some(("/", Parent::Home))),
        ("/tidak-ada", Some(("/", Parent::Home))),
        ("/catatan", Some(("/", Parent::Home))),
        ("/catatan/person", Some(("/catatan", Parent::Records))),
        ("/catatan/person/", Some(("/catatan", Parent::Records))),
        ("/catatan/person/baru", Some(("/catatan/person", Parent::List))),
        (
            "/catatan/person/demo-person-016",
            Some(("/catatan/person", Parent::List)),
        ),
        (
            "/catatan/person/demo-person-016/ubah",
            Some(("/catatan/person/demo-person-016", Parent::Record)),
        ),
    ];
    for (path, expected) in table {
        let found = parent_of(path);
        let found = found.as_ref().map(|(href, parent)| (href.as_str(), *parent));
        assert_eq!(found, *expected, "{path}");
    }
}
