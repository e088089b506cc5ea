//! A case's close contacts, under the case on its page (issue #20 item 4): who they are, how
//! they were exposed and until when they are quarantined; and for a tracing officer, listing a
//! co-worker in two taps (pick them from the roster of the case's office, add), the last
//! exposure today unless changed, with a warning, not a refusal, when it falls outside the
//! case's contact window; and a family member or other contact outside the roster listed by
//! name and phone in one tap more, found again on the device (by NIK, or name and phone) before
//! a second person is written down (`people::find_again`). The contact is the tracer's to
//! follow up from the next day. In the tracing area's module (`later::part_about`, with the
//! case's id).

use leptos::prelude::*;
use posko_core::case_rules::{CaseDates, CaseRules};
use posko_core::cases::{Case, CloseContact, OutsidePerson, CLOSE_CONTACT, OUTSIDE_PERSON};
use posko_core::kit::{FieldDecl, KindDecl};
use posko_core::roster::Person;
use posko_core::same_person::Match;
use posko_core::sync::{Stamp, SyncRecord};
use posko_core::Role;

use super::typed;
use crate::components::form::alert as notice;
use crate::context::use_app;
use crate::generic::labels::{self, KindLabels};
use crate::i18n::{fill, use_i18n, Locale};
use crate::messages;
use crate::sync::use_sync;

/// The case, its contacts with their names, and the people of its office to pick from.
#[derive(Clone)]
struct Listing {
    case: Case,
    contacts: Vec<(CloseContact, String)>,
    roster: Vec<Person>,
}

/// What the tracer typed and picked in the two ways of adding a contact, and what they were
/// told: kept while the list above is read again after each contact added (a household is
/// listed one member after another, with the same kind of contact and last exposure).
#[derive(Clone, Copy)]
struct Entered {
    coworker: RwSignal<String>,
    coworker_last: RwSignal<chrono::NaiveDate>,
    coworker_failed: RwSignal<Option<String>>,
    name: RwSignal<String>,
    phone: RwSignal<String>,
    nik: RwSignal<String>,
    category: RwSignal<String>,
    relationship: RwSignal<String>,
    last: RwSignal<chrono::NaiveDate>,
    failed: RwSignal<Option<String>>,
    done: RwSignal<Option<String>>,
}

impl Entered {
    fn new(today: chrono::NaiveDate) -> Entered {
        Entered {
            coworker: RwSignal::new(String::new()),
            coworker_last: RwSignal::new(today),
            coworker_failed: RwSignal::new(None),
            name: RwSignal::new(String::new()),
            phone: RwSignal::new(String::new()),
            nik: RwSignal::new(String::new()),
            category: RwSignal::new("household".to_owned()),
            relationship: RwSignal::new(String::new()),
            last: RwSignal::new(today),
            failed: RwSignal::new(None),
            done: RwSignal::new(None),
        }
    }
}

/// `case`: the case's id.
#[component]
pub fn CaseContacts(case: String) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let sync = use_sync();
    let role = app.user().map(|u| u.role);
    let entered = Entered::new(crate::device_clock::today(app));
    let names = crate::view_data::ViewData::new(move || labels::load_for(i18n.locale(), role));
    let listing = crate::view_data::ViewData::new(move || {
        sync.revision.track();
        let id = case.clone();
        async move {
            let store = app.store()?;
            let record = store.bare_record(&id).await.ok()??;
            let case = Case::from_record(&record).ok()?;
            let people: Vec<Person> = typed(store.all_of("person").await.ok()?);
            let outside: Vec<OutsidePerson> = typed(store.all_of(OUTSIDE_PERSON.name).await.ok()?);
            let name_of = |contact: &CloseContact| {
                let on_roster = contact
                    .person
                    .as_ref()
                    .and_then(|id| people.iter().find(|p| &p.id == id))
                    .map(|p| p.full_name.clone());
                let outside = || {
                    contact
                        .outside_person
                        .as_ref()
                        .and_then(|id| outside.iter().find(|p| &p.id == id))
                        .map(|p| p.full_name.clone())
                };
                on_roster.or_else(outside).unwrap_or_default()
            };
            let contacts: Vec<(CloseContact, String)> = typed::<CloseContact>(store.children(&record).await.ok()?)
                .into_iter()
                .map(|c| {
                    let name = name_of(&c);
                    (c, name)
                })
                .collect();
            let roster = people
                .into_iter()
                .filter(|p| p.office_id == case.office_id && Some(&p.id) != case.person.as_ref())
                .filter(|p| !contacts.iter().any(|(c, _)| c.person.as_ref() == Some(&p.id)))
                .collect();
            Some(Listing { case, contacts, roster })
        }
    });
    move || {
        let locale = i18n.locale();
        let names = names.get().flatten().unwrap_or_else(labels::fallback);
        listing
            .get()
            .flatten()
            .map(|found| contacts_view(locale, &names, &found, listing, entered))
    }
}

/// What the listing is read into, read again once a contact is added.
type Read = crate::view_data::ViewData<Option<Listing>>;

fn contacts_view(locale: Locale, names: &KindLabels, listing: &Listing, read: Read, entered: Entered) -> AnyView {
    let t = locale.strings();
    let l = locale.later();
    let rules = CaseRules::by_version(&listing.case.rules_version).unwrap_or_else(CaseRules::latest);
    let category_field = CLOSE_CONTACT.fields.iter().find(|f| f.name == "category");
    let items = listing
        .contacts
        .iter()
        .map(|(contact, name)| {
            let category = category_field
                .map(|field| names.code(&CLOSE_CONTACT, field, &contact.category))
                .unwrap_or_default();
            let until = fill(
                l.tracing_quarantine,
                &[(
                    "date",
                    &messages::short_date(t, rules.quarantine_end(contact.last_exposure)),
                )],
            );
            view! {
                <li data-testid="case-contact">
                    <a class="link" href=format!("/catatan/{}/{}", CLOSE_CONTACT.name, contact.id)>{name.clone()}</a>
                    " " <span class="muted">{category} " · " {until}</span>
                </li>
            }
        })
        .collect_view();
    let adders = use_app().user().filter(|u| u.role == Role::TracingOfficer).map(|_| {
        view! {
            {add_coworker(locale, listing, rules, read, entered)}
            {add_other(locale, names, listing, rules, read, entered)}
        }
    });
    view! {
        <section data-testid="case-contacts">
            <h2>{fill(l.case_contacts_title, &[("count", &listing.contacts.len().to_string())])}</h2>
            <ul class="links">{items}</ul>
            {adders}
        </section>
    }
    .into_any()
}

/// A new contact of `case` for the signed-in tracer to follow up, listed today, last exposed
/// on `last`, judged close by being near unless the form says more.
fn new_contact(
    case: &Case,
    tracer: &str,
    today: chrono::NaiveDate,
    last: chrono::NaiveDate,
    category: &str,
) -> CloseContact {
    CloseContact {
        id: uuid::Uuid::now_v7().to_string(),
        agency_id: case.agency_id.clone(),
        office_id: case.office_id.clone(),
        owner_id: None,
        parent_id: Some(case.id.clone()),
        tracer: tracer.to_owned(),
        person: None,
        outside_person: None,
        category: category.to_owned(),
        relationship: None,
        listed_on: today,
        first_exposure: None,
        last_exposure: last,
        minutes: None,
        distance_cm: None,
        ppe: None,
        criteria: vec!["near".to_owned()],
        follow_up: Vec::new(),
        became_case: None,
    }
}

/// The last exposure's input, today unless changed, with a warning, not a refusal, when it
/// falls outside the case's contact window.
fn last_exposure_input(locale: Locale, case: &Case, rules: CaseRules, last: RwSignal<chrono::NaiveDate>) -> AnyView {
    let t = locale.strings();
    let l = locale.later();
    let window = rules.contact_window(&CaseDates {
        onset: case.onset,
        specimen: case.specimen,
        symptoms_resolved: case.symptoms_resolved,
    });
    let warning = move || {
        let w = window.filter(|w| !w.contains(last.get()))?;
        Some(view! {
            <p class="notice" role="status" data-testid="outside-window">
                {fill(l.case_contacts_outside_window, &[
                    ("from", &messages::short_date(t, w.from)),
                    ("to", &messages::short_date(t, w.to)),
                ])}
            </p>
        })
    };
    view! {
        <label class="field">
            <span>{l.case_contacts_last_exposure}</span>
            <input type="date" prop:value=move || last.get().to_string()
                on:change=move |e| {
                    if let Some(day) = posko_core::date::parse_ymd(&event_target_value(&e)) {
                        last.set(day);
                    }
                } />
            <small class="hint">{move || messages::long_date(t, last.get())}</small>
        </label>
        {warning}
    }
    .into_any()
}

/// Listing a co-worker in two taps: the person, then "add".
fn add_coworker(locale: Locale, listing: &Listing, rules: CaseRules, read: Read, entered: Entered) -> AnyView {
    let t = locale.strings();
    let l = locale.later();
    let app = use_app();
    let today = crate::device_clock::today(app);
    let (picked, last, failed) = (entered.coworker, entered.coworker_last, entered.coworker_failed);
    let case = listing.case.clone();
    let options = listing
        .roster
        .iter()
        .map(|p| view! { <option value=p.id.clone()>{format!("{} · {}", p.full_name, p.unit)}</option> })
        .collect_view();
    let exposure = last_exposure_input(locale, &case, rules, last);
    let add = move |_| {
        let (Some(store), Some(user)) = (app.store(), app.user()) else {
            return;
        };
        let person = picked.get_untracked();
        if person.is_empty() {
            failed.set(Some(l.case_contacts_pick_first.to_owned()));
            return;
        }
        let contact = CloseContact {
            person: Some(person),
            ..new_contact(&case, &user.id, today, last.get_untracked(), "coworker")
        };
        leptos::task::spawn_local(async move {
            match store.create(&contact, &user.id).await {
                Ok(()) => {
                    failed.set(None);
                    picked.set(String::new());
                    read.refetch();
                }
                Err(error) => failed.set(Some(messages::store_error(t, &error))),
            }
        });
    };
    view! {
        <div class="record-action" data-testid="add-coworker">
            <label class="field">
                <span>{l.case_contacts_coworker}</span>
                <select prop:value=move || picked.get() on:change=move |e| picked.set(event_target_value(&e))>
                    <option value="">{l.case_contacts_pick}</option>
                    {options}
                </select>
            </label>
            {exposure}
            <button class="button primary" type="button" on:click=add>{l.case_contacts_add}</button>
            {move || failed.get().map(notice)}
        </div>
    }
    .into_any()
}

/// Listing a family member or another contact outside the roster: a name, a phone number and
/// "add", the kind of contact and the last exposure kept for the next one (a household is
/// listed one member after another). The person is found again on the device by NIK or by
/// name and phone before a new one is written down (`people::find_again`).
fn add_other(
    locale: Locale,
    names: &KindLabels,
    listing: &Listing,
    rules: CaseRules,
    read: Read,
    entered: Entered,
) -> AnyView {
    let t = locale.strings();
    let l = locale.later();
    let app = use_app();
    let today = crate::device_clock::today(app);
    let Entered {
        name,
        phone,
        nik,
        category,
        relationship,
        last,
        failed,
        done,
        ..
    } = entered;
    let case = listing.case.clone();
    let listed: Vec<String> = listing
        .contacts
        .iter()
        .filter_map(|(c, _)| c.outside_person.clone())
        .collect();
    fn field(kind: &'static KindDecl, name: &str) -> Option<&'static FieldDecl> {
        kind.fields.iter().find(|f| f.name == name)
    }
    let choices = |kind: &'static KindDecl, field_name: &str, codes: &[&'static str]| {
        let field = field(kind, field_name);
        codes
            .iter()
            .map(|code| {
                let label = field.map(|f| names.code(kind, f, code)).unwrap_or_default();
                view! { <option value=*code>{label}</option> }
            })
            .collect_view()
    };
    let categories = choices(
        &CLOSE_CONTACT,
        "category",
        &posko_core::cases::CONTACT_CATEGORIES
            .iter()
            .copied()
            .filter(|c| *c != "coworker")
            .collect::<Vec<_>>(),
    );
    let relationships: Vec<(&str, String)> = field(&OUTSIDE_PERSON, "relationship")
        .map(|f| {
            posko_core::cases::RELATIONSHIPS
                .iter()
                .map(|code| (*code, names.code(&OUTSIDE_PERSON, f, code)))
                .collect()
        })
        .unwrap_or_default();
    let exposure = last_exposure_input(locale, &case, rules, last);
    let labels: Vec<(&str, String)> = OUTSIDE_PERSON
        .fields
        .iter()
        .map(|f| (f.name, names.field(&OUTSIDE_PERSON, f)))
        .collect();
    let add = move |_| {
        let (Some(store), Some(user)) = (app.store(), app.user()) else {
            return;
        };
        done.set(None);
        let typed_name = name.get_untracked().trim().to_owned();
        if typed_name.is_empty() {
            failed.set(Some(l.case_contacts_name_first.to_owned()));
            return;
        }
        let text = |s: RwSignal<String>| Some(s.get_untracked().trim().to_owned()).filter(|v| !v.is_empty());
        let household = category.get_untracked() == "household";
        let person = OutsidePerson {
            id: uuid::Uuid::now_v7().to_string(),
            agency_id: case.agency_id.clone(),
            office_id: case.office_id.clone(),
            owner_id: None,
            parent_id: None,
            full_name: typed_name,
            nik: text(nik),
            sex: None,
            birth_date: None,
            age: None,
            phone: text(phone),
            address: None,
            kecamatan: None,
            kelurahan: None,
            relative_of: case.person.clone().filter(|_| household),
            relationship: text(relationship).filter(|_| household),
        };
        // Checked as the server will check it: a NIK that is no NIK, a phone that is no phone.
        let ctx = crate::device_clock::context(app);
        let problems = posko_core::kit::check(&OUTSIDE_PERSON, &person.to_new_record(&Stamp::new(0, 0, "draft")), &ctx);
        if let Some(problem) = problems.first() {
            let label = labels
                .iter()
                .find(|(name, _)| *name == problem.field)
                .map(|(_, label)| label.as_str())
                .unwrap_or_default();
            failed.set(Some(format!(
                "{label}: {}",
                messages::problem(locale, &problem.problem)
            )));
            return;
        }
        let contact = new_contact(&case, &user.id, today, last.get_untracked(), &category.get_untracked());
        let listed = listed.clone();
        leptos::task::spawn_local(async move {
            let keys = super::people::keys_of(&person);
            let found = match super::people::find_again(&store, &keys).await {
                Ok(found) => found,
                Err(error) => return failed.set(Some(messages::store_error(t, &error))),
            };
            let (person_id, said) = match &found {
                Some((held, _)) if listed.contains(&held.id) => {
                    return failed.set(Some(fill(l.case_contacts_already, &[("name", &held.full_name)])));
                }
                Some((held, how)) => {
                    // What was typed that the record lacks (a phone, the NIK) is kept on it.
                    let typed = person.to_new_record(&Stamp::new(0, 0, "typed"));
                    if let Err(error) = super::people::fill_blanks(&store, &held.id, &typed, &user.id).await {
                        return failed.set(Some(messages::store_error(t, &error)));
                    }
                    let words = match how {
                        Match::Nik => l.case_contacts_found_by_nik,
                        Match::NameAndPhone => l.case_contacts_found_by_phone,
                    };
                    (held.id.clone(), fill(words, &[("name", &held.full_name)]))
                }
                None => {
                    if let Err(error) = store.create(&person, &user.id).await {
                        return failed.set(Some(messages::store_error(t, &error)));
                    }
                    (
                        person.id.clone(),
                        fill(l.case_contacts_added, &[("name", &person.full_name)]),
                    )
                }
            };
            let contact = CloseContact {
                outside_person: Some(person_id),
                ..contact
            };
            match store.create(&contact, &user.id).await {
                Ok(()) => {
                    failed.set(None);
                    done.set(Some(said));
                    name.set(String::new());
                    phone.set(String::new());
                    nik.set(String::new());
                    relationship.set(String::new());
                    read.refetch();
                }
                Err(error) => failed.set(Some(messages::store_error(t, &error))),
            }
        });
    };
    let text_input = move |label: &'static str, value: RwSignal<String>, kind: &'static str, testid: &'static str| {
        let mode = match kind {
            "tel" => "tel",
            "digits" => "numeric",
            _ => "text",
        };
        let ty = if kind == "tel" { "tel" } else { "text" };
        view! {
            <label class="field">
                <span>{label}</span>
                <input type=ty inputmode=mode data-testid=testid prop:value=move || value.get()
                    on:input=move |e| value.set(event_target_value(&e)) />
            </label>
        }
    };
    view! {
        <div class="record-action" data-testid="add-other">
            <h3>{l.case_contacts_other}</h3>
            {text_input(l.case_contacts_name, name, "text", "other-name")}
            {text_input(l.case_contacts_phone, phone, "tel", "other-phone")}
            {text_input(l.case_contacts_nik, nik, "digits", "other-nik")}
            <label class="field">
                <span>{l.case_contacts_category}</span>
                <select prop:value=move || category.get() on:change=move |e| category.set(event_target_value(&e))>
                    {categories}
                </select>
            </label>
            <label class="field" hidden=move || category.get() != "household">
                    <span>{l.case_contacts_relationship}</span>
                    <select prop:value=move || relationship.get() on:change=move |e| relationship.set(event_target_value(&e))>
                        <option value="">{l.case_contacts_pick_relationship}</option>
                        {relationships}
                    </select>
                </label>
            {exposure}
            <button class="button primary" type="button" data-testid="add-other-contact" on:click=add>{l.case_contacts_add}</button>
            {move || done.get().map(|said| view! { <p class="notice ok" role="status" data-testid="other-added">{said}</p> })}
            {move || failed.get().map(notice)}
        </div>
    }
    .into_any()
}
