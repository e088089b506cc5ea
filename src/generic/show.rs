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
                // A map by day (a contact's follow-up) names its days in words.
                let key = match posko_core::date::parse_ymd(code) {
                    Some(day) => crate::messages::short_date(locale.strings(), day),
                    None => labels.item(kind, code),
                };
                format!("{}: {}", key, scalar(labels, locale, kind, field, item, v))
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

/// The kind a reference field names records of, where those have a name to show and to be
/// picked by (a person, a call); `None` for a link to a record with none (a case's screening
/// alert or contact), which the screens that make the link set and no generic view shows.
pub fn named_target(field: &FieldDecl) -> Option<&'static KindDecl> {
    match field.ty {
        FieldType::Reference(target) => posko_core::kit::Registry::standard()
            .get(target)
            .filter(|shape| shape.fields.iter().any(|f| f.title)),
        _ => None,
    }
}

/// The names of the records a kind's references point at, as the device holds them (`id`,
/// name), read for its list and its records' pages.
#[derive(Clone, Default)]
pub struct ReferenceNames(Vec<(String, String)>);

impl ReferenceNames {
    /// Reads the named records of every kind `kind` references (`named_target`).
    pub async fn of(store: &crate::store::Store, kind: &KindDecl) -> Result<ReferenceNames, crate::store::StoreError> {
        let mut names = Vec::new();
        let mut read: Vec<&str> = Vec::new();
        for target in kind.fields.iter().filter_map(named_target) {
            if read.contains(&target.name) {
                continue;
            }
            read.push(target.name);
            for local in store.all_of(target.name).await? {
                names.push((local.record.id.clone(), target.title_of(&local.record)));
            }
        }
        Ok(ReferenceNames(names))
    }

    /// A field's value as shown: a reference by its record's name (a dash when the device does
    /// not hold it), anything else as `value` shows it.
    pub fn value(
        &self,
        labels: &KindLabels,
        locale: Locale,
        kind: &KindDecl,
        field: &FieldDecl,
        record: &Record,
    ) -> String {
        if !matches!(field.ty, FieldType::Reference(_)) {
            return value(labels, locale, kind, field, record);
        }
        record
            .get(field.name)
            .and_then(Value::as_text)
            .and_then(|id| self.0.iter().find(|(at, _)| at == id))
            .map_or_else(|| EMPTY.to_owned(), |(_, name)| name.clone())
    }
}

/// Whether a view shows `field`: not a reference to a record with no name (`named_target`).
pub fn shown(field: &FieldDecl) -> bool {
    !matches!(field.ty, FieldType::Reference(_)) || named_target(field).is_some()
}
