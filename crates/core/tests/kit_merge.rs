//! Property tests of the merge through the record kit's value types: devices edit typed records
//! (sets of choices, maps of items, attachments, references, scalars) offline, hear each other
//! in any order, and every replica ends with the same typed record, in which each member holds
//! its latest edit. The pinned cases of the issue follow as plain tests.

use std::collections::BTreeMap;

use posko_core::kinds::fixtures::{FixtureCase, FixtureChecklist, FixtureContact, ITEM_ANSWERS, SYMPTOMS};
use posko_core::sync::{Record, Stamp, SyncRecord};
use proptest::prelude::*;
use support::{merge_into, play, Replica, Step};

mod support;

const ITEMS: [&str; 3] = ["masks", "distance", "hand_washing"];
const PHOTOS: [&str; 2] = [
    "1111111111111111111111111111111111111111111111111111111111111111",
    "2222222222222222222222222222222222222222222222222222222222222222",
];

/// One typed edit a device makes.
#[derive(Debug, Clone)]
enum Edit {
    Symptom { index: usize, on: bool },
    Answer { item: usize, answer: Option<usize> },
    Photo { index: usize, on: bool },
    Status { index: usize },
    BecameCase { set: bool },
    Headcount { value: Option<i64> },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..SYMPTOMS.len(), any::<bool>()).prop_map(|(index, on)| Edit::Symptom { index, on }),
        (0..ITEMS.len(), prop::option::of(0..ITEM_ANSWERS.len()))
            .prop_map(|(item, answer)| Edit::Answer { item, answer }),
        (0..PHOTOS.len(), any::<bool>()).prop_map(|(index, on)| Edit::Photo { index, on }),
        (0..4usize).prop_map(|index| Edit::Status { index }),
        any::<bool>().prop_map(|set| Edit::BecameCase { set }),
        prop::option::of(0i64..5).prop_map(|value| Edit::Headcount { value }),
    ]
}

fn scenario() -> impl Strategy<Value = (Vec<Vec<Step<Edit>>>, u64)> {
    (2usize..=4).prop_flat_map(|devices| {
        let step = prop_oneof![
            6 => (edit(), -50i64..50).prop_map(|(edit, clock_jump)| Step::Edit { edit, clock_jump }),
            2 => (0..devices).prop_map(|from| Step::Hear { from }),
        ];
        (
            prop::collection::vec(prop::collection::vec(step, 1..25), devices),
            any::<u64>(),
        )
    })
}

fn case() -> FixtureCase {
    FixtureCase {
        id: "case-1".into(),
        agency_id: "ag".into(),
        office_id: Some("of".into()),
        owner_id: None,
        parent_id: None,
        name: "Budi".into(),
        status: "suspect".into(),
        symptoms: vec![],
        onset: None,
        reported_at: chrono::DateTime::from_timestamp_millis(1_000).unwrap(),
        isolated: false,
        temperature: Some(375),
    }
}

fn checklist() -> FixtureChecklist {
    FixtureChecklist {
        id: "list-1".into(),
        agency_id: "ag".into(),
        office_id: Some("of".into()),
        owner_id: None,
        parent_id: None,
        date: chrono::NaiveDate::from_ymd_opt(2020, 9, 24).unwrap(),
        answers: vec![],
        notes: vec![],
        photos: vec![],
        headcount: None,
    }
}

fn contact() -> FixtureContact {
    FixtureContact {
        id: "contact-1".into(),
        agency_id: "ag".into(),
        office_id: Some("of".into()),
        owner_id: None,
        parent_id: Some("case-1".into()),
        name: "Sari".into(),
        last_contact: chrono::NaiveDate::from_ymd_opt(2020, 9, 20).unwrap(),
        exposures: vec!["office".into()],
        became_case: None,
    }
}

/// Sets a set's member on or off, keeping it sorted.
fn toggle(set: &mut Vec<String>, member: &str, on: bool) {
    set.retain(|m| m != member);
    if on {
        set.push(member.to_owned());
        set.sort();
    }
}

/// Applies `edit` to the device's replica through the typed record, as a view would.
fn apply(replica: &mut Replica, edit: &Edit, stamp: &Stamp) -> Option<Record> {
    fn typed<T: SyncRecord>(
        replica: &mut Replica,
        blank: T,
        stamp: &Stamp,
        change: impl FnOnce(&mut T),
    ) -> Option<Record> {
        let record = replica
            .entry(blank.id().to_owned())
            .or_insert_with(|| blank.to_new_record(&Stamp::new(0, 0, "origin")));
        let mut value = T::from_record(record).expect("a replica holds valid records");
        change(&mut value);
        (value.write_into(record, stamp) > 0).then(|| record.clone())
    }
    match edit {
        Edit::Symptom { index, on } => typed(replica, case(), stamp, |c| {
            toggle(&mut c.symptoms, SYMPTOMS[*index], *on)
        }),
        Edit::Status { index } => typed(replica, case(), stamp, |c| {
            c.status = ["suspect", "probable", "confirmed", "discarded"][*index].into()
        }),
        Edit::Answer { item, answer } => typed(replica, checklist(), stamp, |l| {
            l.answers.retain(|(k, _)| k != ITEMS[*item]);
            if let Some(a) = answer {
                l.answers.push((ITEMS[*item].into(), ITEM_ANSWERS[*a].into()));
                l.answers.sort();
            }
        }),
        Edit::Photo { index, on } => typed(replica, checklist(), stamp, |l| {
            toggle(&mut l.photos, PHOTOS[*index], *on)
        }),
        Edit::Headcount { value } => typed(replica, checklist(), stamp, |l| l.headcount = *value),
        Edit::BecameCase { set } => typed(replica, contact(), stamp, |c| {
            c.became_case = set.then(|| "case-1".into())
        }),
    }
}

fn deliver(messages: &[Record], seed: u64) -> BTreeMap<String, Record> {
    let mut order: Vec<&Record> = messages.iter().chain(messages.iter().step_by(3)).collect();
    let mut x = seed | 1;
    for i in (1..order.len()).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        order.swap(i, (x % (i as u64 + 1)) as usize);
    }
    let mut replica = BTreeMap::new();
    for record in order {
        merge_into(&mut replica, record);
    }
    replica
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn typed_records_converge_member_by_member((scripts, seed) in scenario()) {
        let messages: Vec<Record> = play(&scripts, apply).into_iter().flatten().collect();
        let finals: Vec<_> = (0..scripts.len() + 1).map(|r| deliver(&messages, seed.wrapping_add(r as u64 * 7919))).collect();
        for other in &finals[1..] {
            prop_assert_eq!(&finals[0], other);
        }
        // Every record field (so every set member and map item) holds its latest edit.
        let mut latest: BTreeMap<(String, String), (Stamp, posko_core::sync::Value)> = BTreeMap::new();
        for record in &messages {
            for (name, field) in &record.fields {
                let candidate = (field.s.clone(), field.v.clone());
                let key = (record.id.clone(), name.clone());
                if latest.get(&key).is_none_or(|c| candidate > *c) {
                    latest.insert(key, candidate);
                }
            }
        }
        for ((id, name), (stamp, value)) in &latest {
            let got = &finals[0][id].fields[name];
            prop_assert_eq!((&got.s, &got.v), (stamp, value));
        }
        // And the merged records still read as their types.
        for record in finals[0].values() {
            let readable = match record.kind.as_str() {
                "fixture_case" => FixtureCase::from_record(record).is_ok(),
                "fixture_checklist" => FixtureChecklist::from_record(record).is_ok(),
                _ => FixtureContact::from_record(record).is_ok(),
            };
            prop_assert!(readable, "{} no longer reads", record.id);
        }
    }
}

/// Two officers tick different items of one checklist offline: both ticks survive.
#[test]
fn two_devices_ticking_different_items_both_win() {
    let base = checklist().to_new_record(&Stamp::new(1, 0, "a"));
    let mut a = FixtureChecklist::from_record(&base).unwrap();
    let mut b = a.clone();
    a.answers = vec![("masks".into(), "pass".into())];
    b.answers = vec![("distance".into(), "fail".into())];
    let (mut ra, mut rb) = (base.clone(), base);
    a.write_into(&mut ra, &Stamp::new(2, 0, "a"));
    b.write_into(&mut rb, &Stamp::new(3, 0, "b"));
    ra.merge(&rb).unwrap();
    let merged = FixtureChecklist::from_record(&ra).unwrap();
    assert_eq!(
        merged.answers,
        vec![("distance".into(), "fail".into()), ("masks".into(), "pass".into())]
    );
}

/// Two devices add different symptoms: both stay. A removal made later is not undone by an
/// add that arrives late with an older stamp.
#[test]
fn set_members_merge_on_their_own() {
    let base = case().to_new_record(&Stamp::new(1, 0, "a"));
    let edit = |record: &Record, stamp: Stamp, change: &dyn Fn(&mut FixtureCase)| {
        let mut value = FixtureCase::from_record(record).unwrap();
        change(&mut value);
        let mut out = record.clone();
        value.write_into(&mut out, &stamp);
        out
    };
    let fever = edit(&base, Stamp::new(2, 0, "a"), &|c| {
        toggle(&mut c.symptoms, "fever", true)
    });
    let cough = edit(&base, Stamp::new(3, 0, "b"), &|c| {
        toggle(&mut c.symptoms, "cough", true)
    });
    let mut merged = fever.clone();
    merged.merge(&cough).unwrap();
    assert_eq!(
        FixtureCase::from_record(&merged).unwrap().symptoms,
        vec!["cough", "fever"]
    );

    // Device c heard both, then removed fever at stamp 5; device d added fever at stamp 4
    // without having heard anything, and its edit arrives last.
    let removed = edit(&merged, Stamp::new(5, 0, "c"), &|c| {
        toggle(&mut c.symptoms, "fever", false)
    });
    let late_add = edit(&base, Stamp::new(4, 0, "d"), &|c| {
        toggle(&mut c.symptoms, "fever", true)
    });
    let mut server = merged;
    server.merge(&removed).unwrap();
    server.merge(&late_add).unwrap();
    assert_eq!(FixtureCase::from_record(&server).unwrap().symptoms, vec!["cough"]);
}
