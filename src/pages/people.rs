//! A person outside the roster found again on the device before a second one is written down
//! (issue #20 item 1), offline too: by NIK, or by name and phone (core's `same_person`), among
//! every such person the device holds (the health team holds its agency's). Two tracers who
//! wrote down the same person while both were offline still make two; the admin merges them
//! (`cases::Duplicates`).

use posko_core::cases::{OutsidePerson, CASE, CLOSE_CONTACT, OUTSIDE_PERSON};
use posko_core::kit::FieldType;
use posko_core::same_person::{duplicates, same_person, Match, PersonKeys};
use posko_core::sync::{Record, Value};

use crate::store::{Store, StoreError};

/// What a person outside the roster is found again by.
pub fn keys_of(person: &OutsidePerson) -> PersonKeys<'_> {
    PersonKeys {
        nik: person.nik.as_deref(),
        name: &person.full_name,
        phone: person.phone.as_deref(),
    }
}

/// The person the device already holds who is the one `wanted` describes, and why; a match by
/// NIK before one by name and phone.
pub async fn find_again(store: &Store, wanted: &PersonKeys<'_>) -> Result<Option<(OutsidePerson, Match)>, StoreError> {
    let held: Vec<OutsidePerson> = super::typed(store.all_of(OUTSIDE_PERSON.name).await?);
    Ok(held
        .into_iter()
        .filter_map(|person| same_person(wanted, &keys_of(&person)).map(|how| (person, how)))
        .min_by_key(|(_, how)| *how))
}

/// Makes `gone` one with `kept`, on the device, for the admin (issue #20 item 1): each field
/// `kept` lacks is taken from `gone`, every case and close contact (the kinds that name a person
/// outside the roster, a core test holds) that names `gone` names `kept`, and `gone` is deleted, last, so a
/// merge cut short is found again and finished by merging the same two. Record by record, not
/// by type: each change syncs as any edit does. Returns how many records now name `kept`.
pub async fn merge(
    store: &Store,
    kept: &OutsidePerson,
    gone: &OutsidePerson,
    user_id: &str,
) -> Result<usize, StoreError> {
    let Some(gone_record) = store.bare_record(&gone.id).await? else {
        return Ok(0);
    };
    if !gone_record.is_deleted() {
        fill_blanks(store, &kept.id, &gone_record, user_id).await?;
    }
    let named = Value::Text(gone.id.clone());
    let mut moved = 0;
    for kind in [&CASE, &CLOSE_CONTACT] {
        let reference = kind
            .fields
            .iter()
            .filter(|f| matches!(f.ty, FieldType::Reference(target) if target == OUTSIDE_PERSON.name))
            .map(|f| f.name);
        for field in reference {
            for local in store.query_eq(kind.name, field, &named).await? {
                let values = [(field.to_owned(), Value::Text(kept.id.clone()))];
                store.save_values(local.record, &values, &[], user_id).await?;
                moved += 1;
            }
        }
    }
    store.delete(&gone.id, user_id).await?;
    Ok(moved)
}

/// Gives the person `kept` (an id) each field it lacks that `other` (the same person written
/// down again, or typed again) holds, as one edit; nothing when it lacks none.
pub async fn fill_blanks(store: &Store, kept: &str, other: &Record, user_id: &str) -> Result<(), StoreError> {
    let Some(kept_record) = store.bare_record(kept).await? else {
        return Ok(());
    };
    let lacking: Vec<(String, Value)> = OUTSIDE_PERSON
        .fields
        .iter()
        .filter(|field| kept_record.get(field.name).is_none_or(blank))
        .filter_map(|field| {
            let theirs = other.get(field.name).filter(|v| !blank(v))?;
            Some((field.name.to_owned(), theirs.clone()))
        })
        .collect();
    if !lacking.is_empty() {
        store.save_values(kept_record, &lacking, &[], user_id).await?;
    }
    Ok(())
}

/// The pairs of people outside the roster on the device who are one person, the one written
/// down first kept: what the admin is asked to merge.
pub fn pairs_to_merge(people: &[OutsidePerson]) -> Vec<(OutsidePerson, OutsidePerson, Match)> {
    let keys: Vec<PersonKeys> = people.iter().map(keys_of).collect();
    duplicates(&keys)
        .into_iter()
        .map(|(a, b, how)| {
            let (first, second) = if people[a].id <= people[b].id { (a, b) } else { (b, a) };
            (people[first].clone(), people[second].clone(), how)
        })
        .collect()
}

/// A value that says nothing: none, or only spaces.
fn blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Text(text) => text.trim().is_empty(),
        _ => false,
    }
}
