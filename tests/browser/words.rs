//! The later views' words as two tables (`i18n::Words`): the home area's apart from the rest, so
//! a phone that opens only the home area has only the home words, and every other view's words
//! stay blank until their own table is here.

use posko::i18n::{install_words, Locale, Words};
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
fn the_home_table_fills_the_home_words_alone() {
    // English: no other test installs its later words, so nothing is here before this test.
    let locale = Locale::En;
    assert_eq!(locale.home().history_empty, "", "blank until loaded");
    assert!(install_words(
        locale,
        Words::Home,
        include_str!("../../locales/home/en.json")
    ));
    assert_eq!(locale.home().history_empty, "No screenings yet.");
    assert_eq!(
        locale.later().records_empty,
        "",
        "the other views' words are another table"
    );

    // A table of another shape (the other table's keys) is refused, never installed in the
    // wrong fields.
    assert!(!install_words(
        locale,
        Words::Home,
        include_str!("../../locales/later/en.json")
    ));
    assert!(install_words(
        locale,
        Words::Later,
        include_str!("../../locales/later/en.json")
    ));
    assert_eq!(
        locale.later().records_empty,
        "No records of this kind on this device yet."
    );
    assert_eq!(locale.home().history_empty, "No screenings yet.");
}
