//! A person outside the roster found again on the device before a second one is written down
//! (issue #20 item 1), offline too: by NIK, or by name and phone (core's `same_person`), among
//! every such person the device holds (the health team holds its agency's). Two tracers who
//! wrote down the same person while both were offline still make two; the admin merges them
//! (`cases::Duplicates`).

use posko_core::cases::{Case, CloseContact, OutsidePerson, CASE, CLOSE_CONTACT, OUTSIDE_PERSON};
use posko_core::same_person::{duplicates, same_person, Match, PersonKeys};

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


/// Makes `gone` one with `kept`, on the device, for the admin (issue #20 item 1): what `kept`
/// lacks is taken from `gone`, every case and close contact that names `gone` names `kept`,
/// and `gone` is deleted, last, so a merge cut short is found again and finished by merging
/// the same two. Each change syncs as any edit does. Returns how many records now name `kept`.
pub async fn merge(store: &Store, kept: &OutsidePerson, gone: &OutsidePerson, user_id: &str) -> Result<usize, StoreError> {
    let mut whole = kept.clone();
    let fill = |mine: &mut Option<String>, theirs: &Option<String>| {
        if mine.as_deref().is_none_or(|m| m.trim().is_empty()) {
            mine.clone_from(theirs);
        }
    };
    fill(&mut whole.nik, &gone.nik);
    fill(&mut whole.sex, &gone.sex);
    fill(&mut whole.phone, &gone.phone);
    fill(&mut whole.address, &gone.address);
    fill(&mut whole.kecamatan, &gone.kecamatan);
    fill(&mut whole.kelurahan, &gone.kelurahan);
    fill(&mut whole.relative_of, &gone.relative_of);
    fill(&mut whole.relationship, &gone.relationship);
    whole.birth_date = whole.birth_date.or(gone.birth_date);
    whole.age = whole.age.or(gone.age);
    store.save(&whole, user_id).await?;
    let named = posko_core::sync::Value::Text(gone.id.clone());
    let mut moved = 0;
    for mut case in super::typed::<Case>(store.query_eq(CASE.name, "outside_person", &named).await?) {
        case.outside_person = Some(kept.id.clone());
        store.save(&case, user_id).await?;
        moved += 1;
    }
    for mut contact in super::typed::<CloseContact>(store.query_eq(CLOSE_CONTACT.name, "outside_person", &named).await?) {
        contact.outside_person = Some(kept.id.clone());
        store.save(&contact, user_id).await?;
        moved += 1;
    }
    store.delete(&gone.id, user_id).await?;
    Ok(moved)
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
