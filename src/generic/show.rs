//! A record of any kind, shown from its declaration: each field's value in the user's words
//! (choice names, decimals with the local separator, dates as people write them), as a list
//! row or as the whole record.

use posko_core::date::parse_ymd;
use posko_core::kit::{format_fixed, members, FieldDecl, FieldType, KindDecl};
use posko_core::sync::{Record, Value};

use super::labels::KindLabels;
use crate::i18n::Locale;

/// What shows for a field with no value.
pub const EMPTY: &str = "—";

/// One scalar value of type `ty`, in the user's words. `field` names choice codes.
fn scalar(
    labels: &KindLabels,
    locale: Locale,
    kind: &KindDecl,
    field: &FieldDecl,
    ty: &FieldType,
    value: &Value,
) -> String {
    let l = locale.later();
    match (ty, value) {
        (_, Value::Null) => EMPTY.to_owned(),
        (FieldType::Decimal { scale, .. }, Value::Int(v)) => {
            format_fixed(*v, *scale).replace('.', &locale.decimal_separator().to_string())
        }
        (FieldType::Boolean, Value::Bool(b)) => (if *b { l.yes } else { l.no }).to_owned(),
        (FieldType::Date { .. }, Value::Text(text)) => parse_ymd(text)
            .map(|d| crate::messages::short_date(locale.strings(), d))
            .unwrap_or_else(|| text.clone()),
        (FieldType::DateTime { .. }, Value::Int(ms)) => crate::messages::time_of(locale.strings(), *ms as f64),
        (FieldType::Choice(_), Value::Text(code)) => labels.code(kind, field, code),
        (FieldType::Text { .. }, Value::Text(text)) => labels.text_value(kind, field, text),
        (_, Value::Int(v)) => v.to_string(),
        (_, Value::Text(text)) => text.clone(),
        (_, Value::Bool(b)) => (if *b { l.yes } else { l.no }).to_owned(),
    }
}

/// The value of `field` in `record`, in the user's words: a set as its members' names, items as
/// "name: answer" lines, photos as their count.
pub fn value(labels: &KindLabels, locale: Locale, kind: &KindDecl, field: &FieldDecl, record: &Record) -> String {
    let text = match &field.ty {
        FieldType::ChoiceSet(_) => members(record, field.name)
            .filter(|(_, v)| **v == Value::Bool(true))
            .map(|(code, _)| labels.code(kind, field, code))
            .collect::<Vec<_>>()
            .join(", "),
        FieldType::Attachments { .. } => {
            let count = members(record, field.name)
                .filter(|(_, v)| **v == Value::Bool(true))
                .count();
            if count == 0 {
                String::new()
            } else {
                crate::i18n::fill(locale.later().record_photos, &[("count", &count.to_string())])
            }
        }
        FieldType::Items { item, .. } => members(record, field.name)
            .filter(|(_, v)| **v != Value::Null)
            .map(|(code, v)| {
                format!(
                    "{}: {}",
                    labels.item(kind, code),
                    scalar(labels, locale, kind, field, item, v)
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
        ty => {
            return scalar(
                labels,
                locale,
                kind,
                field,
                ty,
                record.get(field.name).unwrap_or(&Value::Null),
            )
        }
    };
    if text.is_empty() {
        EMPTY.to_owned()
    } else {
        text
    }
}

/// The fields a list row shows: the indexed ones (what the kind is looked up by), else the
/// first three.
pub fn summary_fields(kind: &KindDecl) -> Vec<&'static FieldDecl> {
    let indexed: Vec<_> = kind.fields.iter().filter(|f| f.index).collect();
    if indexed.is_empty() {
        kind.fields.iter().take(3).collect()
    } else {
        indexed
    }
}
