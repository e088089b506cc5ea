//! Which records a list shows: those its filters keep (a search, an office, a unit), named
//! records sorted by name, at most `SHOWN_ROWS`. Pure over what the store read, so the browser
//! tests check it as a table and the bench times it on a roster of 20,000 people.

use posko_core::kit::{spelling_key, FieldDecl, KindDecl};
use posko_core::sync::Value;

use crate::generic::show;
use crate::store::LocalRecord;

/// At most this many rows are drawn: more are found by typing or filtering (a roster of
/// 20,000 people).
pub const SHOWN_ROWS: usize = 100;

/// What narrows a list: words typed (in a row's title or shown values, any case), an office,
/// and one value of a field whose values are offered (`FieldDecl::suggested`: a unit), which
/// matches in any case or spacing, as the form keeps a unit's spelling.
#[derive(Clone, Copy, Debug, Default)]
pub struct Filter<'a> {
    pub query: &'a str,
    pub office: Option<&'a str>,
    pub value: Option<(&'static FieldDecl, &'a str)>,
}

/// The text `field` holds in `r`, if any.
fn text<'r>(r: &'r LocalRecord, field: &str) -> Option<&'r str> {
    r.record.get(field).and_then(Value::as_text)
}

/// The rows of a list, and how many matched: named records sorted by their titles, others
/// newest first.
pub fn listed<'a>(kind: &KindDecl, list: &'a [LocalRecord], filter: Filter) -> (Vec<&'a LocalRecord>, usize) {
    let query = filter.query.trim().to_lowercase();
    let named = kind.fields.iter().any(|f| f.title);
    let summary = show::summary_fields(kind);
    let value = filter.value.map(|(field, value)| (field.name, spelling_key(value)));
    let matches = |r: &LocalRecord| {
        filter
            .office
            .is_none_or(|office| r.record.office_id.as_deref() == Some(office))
            && value
                .as_ref()
                .is_none_or(|(field, value)| text(r, field).is_some_and(|held| spelling_key(held) == *value))
            && (query.is_empty()
                || kind.title_of(&r.record).to_lowercase().contains(&query)
                || summary
                    .iter()
                    .any(|f| text(r, f.name).is_some_and(|v| v.to_lowercase().contains(&query))))
    };
    let found: Vec<&LocalRecord> = list.iter().filter(|r| matches(r)).collect();
    let matched = found.len();
    let ordered: Vec<&LocalRecord> = if named {
        // Sorted by the browser, in n log n: a title, lower case, then the row's place.
        let keys = js_sys::Array::new();
        for (i, r) in found.iter().enumerate() {
            keys.push(&format!("{}\u{0}{i}", kind.title_of(&r.record).to_lowercase()).into());
        }
        keys.sort();
        keys.iter()
            .filter_map(|k| k.as_string())
            .filter_map(|k| k.rsplit('\u{0}').next().and_then(|i| i.parse::<usize>().ok()))
            .filter_map(|i| found.get(i).copied())
            .take(SHOWN_ROWS)
            .collect()
    } else {
        found.into_iter().rev().take(SHOWN_ROWS).collect()
    };
    (ordered, matched)
}

/// The values `field` holds among the records of `office` (all offices: `None`), one per
/// spelling that differs only in case or spacing (the first seen), sorted: what a list's filter
/// of that field offers.
pub fn values_held(field: &FieldDecl, list: &[LocalRecord], office: Option<&str>) -> Vec<String> {
    let mut seen = std::collections::BTreeMap::new();
    for r in list {
        if office.is_some_and(|office| r.record.office_id.as_deref() != Some(office)) || r.record.is_deleted() {
            continue;
        }
        if let Some(value) = text(r, field.name) {
            if !value.trim().is_empty() {
                seen.entry(spelling_key(value))
                    .or_insert_with(|| value.trim().to_owned());
            }
        }
    }
    seen.into_values().collect()
}
