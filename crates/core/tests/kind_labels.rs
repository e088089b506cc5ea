//! Every kind Posko ships has its name, its fields' names and its choices' names in every locale
//! of `locales/kinds/` (what the generic views show), and those files name nothing else; the
//! health kinds' (issue #20) are in `locales/cases/`, for the roles that trace alone, so no
//! other role's phone fetches them.

use std::collections::BTreeSet;
use std::path::Path;

use posko_core::kit::{KindDecl, Registry};

#[test]
fn every_declared_kind_field_and_choice_is_named_in_every_locale_and_nothing_else() {
    let (health, everyday): (Vec<&&KindDecl>, Vec<&&KindDecl>) =
        Registry::standard().kinds().iter().partition(|k| k.access.is_health());
    assert!(!health.is_empty(), "the health kinds are declared");
    let everyday: BTreeSet<String> = everyday
        .iter()
        .flat_map(|k| k.label_keys())
        // The checklist items and versions of every published template.
        .chain(posko_core::checklist::published_label_keys())
        .collect();
    let health: BTreeSet<String> = health.iter().flat_map(|k| k.label_keys()).collect();
    all_named_in("kinds", &everyday);
    all_named_in("cases", &health);
}

/// Every key of `expected` and nothing else, bar hints of its fields, in every locale of
/// `locales/<folder>/`.
fn all_named_in(folder: &str, expected: &BTreeSet<String>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../locales").join(folder);
    let mut locales = 0;
    for entry in std::fs::read_dir(&dir).expect("locales/kinds") {
        let path = entry.unwrap().path();
        let table: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        // Hints are optional: each must belong to a declared field.
        let (hints, found): (BTreeSet<String>, BTreeSet<String>) = table
            .keys()
            .cloned()
            .partition(|k| k.ends_with(&format!(".{}", posko_core::kit::HINT)));
        for hint in &hints {
            let field = hint.strip_suffix(&format!(".{}", posko_core::kit::HINT)).unwrap();
            assert!(
                expected.contains(field) && field.contains('.'),
                "{} hints at {field}, no declared field",
                path.display()
            );
        }
        let missing: Vec<_> = expected.difference(&found).collect();
        let stale: Vec<_> = found.difference(expected).collect();
        assert!(missing.is_empty(), "{} lacks {missing:?}", path.display());
        assert!(
            stale.is_empty(),
            "{} names what no kind declares: {stale:?}",
            path.display()
        );
        assert!(table.values().all(|v| v.as_str().is_some_and(|s| !s.trim().is_empty())));
        locales += 1;
    }
    assert!(locales >= 2, "expected the names in {folder} in Indonesian and English");
}

#[test]
fn label_keys_name_the_kind_its_fields_and_their_codes() {
    use posko_core::kinds::fixtures::{CASE_STATUSES, FIXTURE_CASE, FIXTURE_CHECKLIST};
    let case = FIXTURE_CASE.label_keys();
    for key in [
        "fixture_case",
        "fixture_case.status",
        "fixture_case.symptoms.cough",
        "fixture_case.isolated",
    ] {
        assert!(case.iter().any(|k| k == key), "{key} in {case:?}");
    }
    let statuses = case.iter().filter(|k| k.starts_with("fixture_case.status.")).count();
    assert_eq!(statuses, CASE_STATUSES.len());
    // Items that are choices name their answers; items that are text name nothing more.
    let checklist = FIXTURE_CHECKLIST.label_keys();
    assert!(
        checklist.iter().any(|k| k.starts_with("fixture_checklist.answers.")),
        "{checklist:?}"
    );
    assert!(
        !checklist.iter().any(|k| k.starts_with("fixture_checklist.notes.")),
        "{checklist:?}"
    );
}
