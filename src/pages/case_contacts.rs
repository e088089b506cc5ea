//! A case's close contacts, under the case on its page (issue #20 item 4): who they are, how
//! they were exposed and until when they are quarantined; and for a tracing officer, listing a
//! co-worker in two taps (pick them from the roster of the case's office, add), the last
//! exposure today unless changed, with a warning, not a refusal, when it falls outside the
//! case's contact window. The contact is the tracer's to follow up from the next day. In the
//! tracing area's module (`later::part_about`, with the case's id).

use leptos::prelude::*;
use posko_core::case_rules::{CaseDates, CaseRules};
use posko_core::cases::{Case, CloseContact, OutsidePerson, CLOSE_CONTACT, OUTSIDE_PERSON};
use posko_core::roster::Person;
use posko_core::sync::SyncRecord;
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

/// `case`: the case's id.
#[component]
pub fn CaseContacts(case: String) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let sync = use_sync();
    let role = app.user().map(|u| u.role);
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
            .map(|found| contacts_view(locale, &names, &found, listing))
    }
}

/// What the listing is read into, read again once a contact is added.
type Read = crate::view_data::ViewData<Option<Listing>>;

fn contacts_view(locale: Locale, names: &KindLabels, listing: &Listing, read: Read) -> AnyView {
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
    let adder = use_app()
        .user()
        .filter(|u| u.role == Role::TracingOfficer)
        .map(|_| add_coworker(locale, listing, rules, read));
    view! {
        <section data-testid="case-contacts">
            <h2>{fill(l.case_contacts_title, &[("count", &listing.contacts.len().to_string())])}</h2>
            <ul class="links">{items}</ul>
            {adder}
        </section>
    }
    .into_any()
}

/// Listing a co-worker in two taps: the person, then "add". The last exposure is today unless
/// changed; outside the case's contact window it is warned of, and saved all the same.
fn add_coworker(locale: Locale, listing: &Listing, rules: CaseRules, read: Read) -> AnyView {
    let t = locale.strings();
    let l = locale.later();
    let app = use_app();
    let today = crate::device_clock::today(app);
    let picked = RwSignal::new(String::new());
    let last = RwSignal::new(today);
    let failed = RwSignal::new(None::<String>);
    let case = listing.case.clone();
    let window = rules.contact_window(&CaseDates {
        onset: case.onset,
        specimen: case.specimen,
        symptoms_resolved: case.symptoms_resolved,
    });
    let outside_window = move || window.is_some_and(|w| !w.contains(last.get()));
    let warning = move || {
        outside_window().then(|| {
            let w = window.expect("a window when outside it");
            view! {
                <p class="notice" role="status" data-testid="outside-window">
                    {fill(l.case_contacts_outside_window, &[
                        ("from", &messages::short_date(t, w.from)),
                        ("to", &messages::short_date(t, w.to)),
                    ])}
                </p>
            }
        })
    };
    let options = listing
        .roster
        .iter()
        .map(|p| view! { <option value=p.id.clone()>{format!("{} · {}", p.full_name, p.unit)}</option> })
        .collect_view();
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
            id: uuid::Uuid::now_v7().to_string(),
            agency_id: case.agency_id.clone(),
            office_id: case.office_id.clone(),
            owner_id: None,
            parent_id: Some(case.id.clone()),
            tracer: user.id.clone(),
            person: Some(person),
            outside_person: None,
            category: "coworker".to_owned(),
            relationship: None,
            listed_on: today,
            first_exposure: None,
            last_exposure: last.get_untracked(),
            minutes: None,
            distance_cm: None,
            ppe: None,
            criteria: vec!["near".to_owned()],
            follow_up: Vec::new(),
            became_case: None,
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
            <button class="button primary" type="button" on:click=add>{l.case_contacts_add}</button>
            {move || failed.get().map(notice)}
        </div>
    }
    .into_any()
}
