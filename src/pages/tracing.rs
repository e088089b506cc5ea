//! A tracing officer's day (`/pemantauan`, issue #20 item 5): the close contacts whose
//! follow-up runs today, the most urgent first (lost to follow-up, overdue, due, done), each
//! with one button per code of the national monitoring form, so a tap records today's entry.
//! A tracer sees the contacts assigned to them; the admin and the PPK every contact on the
//! device, with its tracer. Everything is read from the device and saved like any record, so a
//! tracer offline for days keeps working. In the tracing area's module, which only the roles
//! that trace fetch (`later::Area::Tracing`).

use leptos::prelude::*;
use posko_core::case_rules::{CaseRules, FollowUpCode, FollowUpDay};
use posko_core::cases::{todays_list, Case, CloseContact, OutsidePerson, CASE, CLOSE_CONTACT, OUTSIDE_PERSON};
use posko_core::roster::Person;
use posko_core::sync::SyncRecord;
use posko_core::Role;

use super::signed_in;
use crate::components::form::alert as notice;
use crate::context::{use_app, AppContext};
use crate::generic::labels::{self, KindLabels};
use crate::i18n::{fill, use_i18n, Locale};
use crate::messages;
use crate::store::{Store, StoreError};
use crate::sync::use_sync;

/// A contact on today's list, with what the card shows of them.
#[derive(Clone)]
struct Listed {
    contact: CloseContact,
    day: FollowUpDay,
    rules: CaseRules,
    name: String,
    phone: Option<String>,
    /// Their tracer's name, shown to those who read every tracer's contacts.
    tracer: Option<String>,
}

/// The contacts on today's list of `tracer` (every contact on the device when `None`), each
/// with where its follow-up stands and its case's revision of the rules, the most urgent first:
/// what the tracer's day reads and ranks before it names anyone. Timed over 5,000 contacts by
/// the bench `a_tracer_s_day_over_5_000_contacts` (tests/browser/bench_store.rs).
pub async fn todays_contacts(
    store: &Store,
    tracer: Option<&str>,
    today: chrono::NaiveDate,
) -> Result<Vec<(CloseContact, FollowUpDay, CaseRules)>, StoreError> {
    // Read from the summaries (`Store::summaries`: values without stamps, one row a tracer).
    let mut contacts: Vec<Option<CloseContact>> = store
        .summaries::<CloseContact>(tracer)
        .await?
        .into_iter()
        .map(Some)
        .collect();
    // Each case's revision, read once: a case has many contacts.
    let revisions: std::collections::HashMap<String, CaseRules> = store
        .summaries::<Case>(None)
        .await?
        .into_iter()
        .map(|case| {
            let rules = CaseRules::by_version(&case.rules_version).unwrap_or_else(CaseRules::latest);
            (case.id, rules)
        })
        .collect();
    let rules_of = |contact: &CloseContact| {
        contact
            .parent_id
            .as_ref()
            .and_then(|case| revisions.get(case).copied())
            .unwrap_or_else(CaseRules::latest)
    };
    let read: Vec<(usize, CaseRules)> = contacts
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.as_ref().map(|c| (i, rules_of(c))))
        .collect();
    let days: Vec<_> = read
        .iter()
        .map(|(i, rules)| contacts[*i].as_ref().map(|c| c.days(*rules)))
        .collect::<Option<_>>()
        .unwrap_or_default();
    let mut out = Vec::new();
    for (at, day) in todays_list(&days, today) {
        let (i, rules) = read[at];
        if let Some(contact) = contacts[i].take() {
            out.push((contact, day, rules));
        }
    }
    Ok(out)
}

/// Today's list as the page shows it: `todays_contacts` of the user (a tracer's own; every one
/// for the admin and the PPK), each named from the roster or from the people outside it, read
/// once each.
async fn load(app: AppContext, unnamed: &'static str) -> Result<Vec<Listed>, StoreError> {
    let (Some(store), Some(user)) = (app.store(), app.user()) else {
        return Ok(Vec::new());
    };
    let tracer = (user.role == Role::TracingOfficer).then_some(user.id.as_str());
    let today = crate::device_clock::today(app);
    let list = todays_contacts(&store, tracer, today).await?;
    if list.is_empty() {
        return Ok(Vec::new());
    }
    let mut people: std::collections::HashMap<String, (String, Option<String>)> = std::collections::HashMap::new();
    for local in store.all_of("person").await? {
        if let Ok(p) = Person::from_record(&local.record) {
            people.insert(p.id, (p.full_name, p.phone));
        }
    }
    for local in store.all_of(OUTSIDE_PERSON.name).await? {
        if let Ok(p) = OutsidePerson::from_record(&local.record) {
            people.insert(p.id, (p.full_name, p.phone));
        }
    }
    let named = |id: &Option<String>| id.as_ref().and_then(|id| people.get(id));
    Ok(list
        .into_iter()
        .map(|(contact, day, rules)| {
            let (name, phone) = named(&contact.person)
                .or_else(|| named(&contact.outside_person))
                .cloned()
                .unwrap_or_else(|| (unnamed.to_owned(), None));
            let tracer = tracer.is_none().then(|| {
                people
                    .get(&contact.tracer)
                    .map_or_else(|| unnamed.to_owned(), |(name, _)| name.clone())
            });
            Listed {
                contact,
                day,
                rules,
                name,
                phone,
                tracer,
            }
        })
        .collect())
}

#[component]
pub fn TracingPage() -> impl IntoView {
    signed_in(|| {
        let i18n = use_i18n();
        let app = use_app();
        let sync = use_sync();
        let role = app.user().map(|u| u.role);
        // Only who reads the contacts has a day here; anyone else finds no such page.
        if let Some(not_found) = super::not_for_the_health_team() {
            return not_found;
        }
        let names = crate::view_data::ViewData::new(move || labels::load_for(i18n.locale(), role));
        let loaded = crate::view_data::ViewData::new(move || {
            sync.revision.track();
            load(app, i18n.locale_untracked().later().today_someone)
        });
        (move || {
            let locale = i18n.locale();
            let t = locale.strings();
            let l = locale.later();
            let names = names.get().flatten().unwrap_or_else(labels::fallback);
            let today = crate::device_clock::today(app);
            let body = match loaded.get() {
                None => view! { <p class="muted">{t.loading}</p> }.into_any(),
                Some(Err(error)) => notice(messages::store_error(t, &error)),
                Some(Ok(list)) => list_view(locale, &names, today, &list, loaded),
            };
            view! {
                <section class="card">
                    <h1>{l.tracing_title}</h1>
                    <p class="muted">{messages::long_date(t, today)}</p>
                </section>
                {body}
            }
            .into_any()
        })
        .into_any()
    })
}

/// How many of the list stand where, in words: "2 hilang dari pemantauan, 5 belum dilaporkan…".
fn summary(locale: Locale, list: &[Listed]) -> String {
    let l = locale.later();
    let count = |pick: fn(&FollowUpDay) -> bool| list.iter().filter(|c| pick(&c.day)).count();
    let parts = [
        (count(|d| matches!(d, FollowUpDay::Lost(_))), l.tracing_count_lost),
        (count(|d| matches!(d, FollowUpDay::Overdue(_))), l.tracing_count_overdue),
        (count(|d| matches!(d, FollowUpDay::Due)), l.tracing_count_due),
        (count(|d| matches!(d, FollowUpDay::Done)), l.tracing_count_done),
    ];
    parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, words)| fill(words, &[("count", &n.to_string())]))
        .collect::<Vec<_>>()
        .join(", ")
}

fn list_view(
    locale: Locale,
    names: &KindLabels,
    today: chrono::NaiveDate,
    list: &[Listed],
    loaded: crate::view_data::ViewData<Result<Vec<Listed>, StoreError>>,
) -> AnyView {
    let l = locale.later();
    if list.is_empty() {
        return view! { <section class="card"><p class="muted">{l.tracing_none}</p></section> }.into_any();
    }
    let cards = list
        .iter()
        .map(|listed| contact_card(locale, names, today, listed, loaded))
        .collect_view();
    view! {
        <section class="card" data-testid="tracing-list">
            <h2>{fill(l.tracing_list_title, &[("count", &list.len().to_string())])}</h2>
            <p>{summary(locale, list)}</p>
            <ul class="contacts">{cards}</ul>
        </section>
    }
    .into_any()
}

fn follow_up_field() -> &'static posko_core::kit::FieldDecl {
    CLOSE_CONTACT
        .fields
        .iter()
        .find(|f| f.name == "follow_up")
        .expect("the close contact declares its follow-up")
}

/// One contact: who, where their follow-up stands, how they were exposed and until when they
/// are quarantined, their last report, and today's entry beside a call.
fn contact_card(
    locale: Locale,
    names: &KindLabels,
    today: chrono::NaiveDate,
    listed: &Listed,
    loaded: crate::view_data::ViewData<Result<Vec<Listed>, StoreError>>,
) -> impl IntoView {
    let t = locale.strings();
    let l = locale.later();
    let contact = &listed.contact;
    let entries = contact.entries();
    let last = entries.last().copied();
    let (class, standing) = match listed.day {
        FollowUpDay::Lost(days) => ("badge refused", fill(l.tracing_lost, &[("days", &days.to_string())])),
        FollowUpDay::Overdue(1) => ("badge pending", l.tracing_overdue_yesterday.to_owned()),
        FollowUpDay::Overdue(days) => ("badge pending", fill(l.tracing_overdue, &[("days", &days.to_string())])),
        FollowUpDay::Due => ("badge pending", l.tracing_due.to_owned()),
        _ => ("badge ok", l.tracing_done.to_owned()),
    };
    let quarantine_end = listed.rules.quarantine_end(contact.last_exposure);
    let category = CLOSE_CONTACT
        .fields
        .iter()
        .find(|f| f.name == "category")
        .map(|field| names.code(&CLOSE_CONTACT, field, &contact.category))
        .unwrap_or_default();
    let quarantine = fill(
        l.tracing_quarantine,
        &[("date", &messages::short_date(t, quarantine_end))],
    );
    let last_entry = last.map(|(day, code)| {
        fill(
            l.tracing_last_entry,
            &[
                ("code", &names.code(&CLOSE_CONTACT, follow_up_field(), code.code())),
                ("date", &messages::short_date(t, day)),
            ],
        )
    });
    let call = listed.phone.clone().map(|phone| {
        view! {
            <a class="button" href=format!("tel:{}", phone.replace([' ', '-'], ""))
                aria-label=fill(l.alert_call, &[("name", &listed.name), ("phone", &phone)])>
                {fill(l.alert_call_short, &[("phone", &phone)])}
            </a>
        }
    });
    let todays = entries.iter().find(|(day, _)| *day == today).map(|(_, code)| *code);
    let writes = use_app()
        .user()
        .is_some_and(|u| CLOSE_CONTACT.access.writable_by(u.role));
    view! {
        <li class="contact-item" data-testid="contact">
            <p>
                <strong>{listed.name.clone()}</strong> " "
                <span class=class data-testid="follow-up-state">{standing}</span>
            </p>
            {listed.tracer.clone().map(|tracer| view! {
                <p class="muted">{fill(l.tracing_tracer, &[("name", &tracer)])}</p>
            })}
            <p class="muted">{category} " · " {quarantine}</p>
            {last_entry.map(|words| view! { <p class="muted">{words}</p> })}
            // Who may write the follow-up (the tracer, the admin) records it; the PPK reads.
            {if writes {
                entry_buttons(locale, names, today, listed, todays, call, loaded)
            } else {
                call.map(|call| view! { <p class="contact">{call}</p> }).into_any()
            }}
        </li>
    }
}

/// The day's entry: "healthy", the usual answer, one tap; the other codes of the form folded
/// under it, a tap more. Saved on the device as the signed-in user and queued; the list reads
/// again. The code recorded today is shown pressed (and its fold open); another tap changes it.
fn entry_buttons(
    locale: Locale,
    names: &KindLabels,
    today: chrono::NaiveDate,
    listed: &Listed,
    todays: Option<FollowUpCode>,
    call: Option<impl IntoView>,
    loaded: crate::view_data::ViewData<Result<Vec<Listed>, StoreError>>,
) -> AnyView {
    let t = locale.strings();
    let l = locale.later();
    let app = use_app();
    let role = app.user().map(|u| u.role).unwrap_or(Role::Employee);
    let failed = RwSignal::new(None::<String>);
    let button = |code: FollowUpCode, class: &'static str| {
        let label = names.code(&CLOSE_CONTACT, follow_up_field(), code.code());
        let mut contact = listed.contact.clone();
        let record = move |_| {
            let (Some(store), Some(user)) = (app.store(), app.user()) else {
                return;
            };
            let day = posko_core::date::format_ymd(today);
            contact.follow_up.retain(|(d, _)| *d != day);
            contact.follow_up.push((day, code.code().to_owned()));
            let contact = contact.clone();
            leptos::task::spawn_local(async move {
                match store.save(&contact, &user.id).await {
                    Ok(_) => {
                        failed.set(None);
                        loaded.refetch();
                    }
                    Err(error) => failed.set(Some(messages::store_error(t, &error))),
                }
            });
        };
        let named = fill(l.alert_action_for, &[("action", &label), ("name", &listed.name)]);
        let pressed = if todays == Some(code) { "true" } else { "false" };
        view! {
            <button class=class type="button" on:click=record aria-label=named aria-pressed=pressed>
                {label}
            </button>
        }
    };
    let others = FollowUpCode::ALL
        .into_iter()
        .filter(|code| *code != FollowUpCode::Healthy)
        .map(|code| button(code, "button"))
        .collect_view();
    let other_today = todays.is_some_and(|code| code != FollowUpCode::Healthy);
    view! {
        <div class="entry">
            <span class="muted">{l.tracing_entry_prompt}</span>
            {button(FollowUpCode::Healthy, "button primary")}
            {call}
            <details open=other_today>
                <summary>{l.tracing_other_codes}</summary>
                <div class="buttons">{others}</div>
                {posko_core::cases::CASE.access.writable_by(role).then(|| make_case_button(locale, listed, failed))}
            </details>
            {move || failed.get().map(notice)}
        </div>
    }
    .into_any()
}

/// A contact who fell ill or tested positive made a case in one step: a suspect of the same
/// person (on the roster or outside it), in the contact's office, linked both ways (the case to
/// the contact it came from, the contact to the case it became, which takes it off the list);
/// then the case's form, for the rest. Their own contacts are listed on the new case.
fn make_case_button(locale: Locale, listed: &Listed, failed: RwSignal<Option<String>>) -> AnyView {
    let t = locale.strings();
    let l = locale.later();
    let app = use_app();
    let contact = listed.contact.clone();
    let make = move |_| {
        let (Some(store), Some(user)) = (app.store(), app.user()) else {
            return;
        };
        let case = Case {
            person: contact.person.clone(),
            outside_person: contact.outside_person.clone(),
            cluster: (contact.category == "household").then(|| "family".to_owned()),
            from_contact: Some(contact.id.clone()),
            ..Case::suspect(
                uuid::Uuid::now_v7().to_string(),
                contact.agency_id.clone(),
                contact.office_id.clone(),
            )
        };
        let mut became = contact.clone();
        became.became_case = Some(case.id.clone());
        leptos::task::spawn_local(async move {
            let saved = match store.create(&case, &user.id).await {
                Ok(()) => store.save(&became, &user.id).await.map(|_| ()),
                Err(error) => Err(error),
            };
            match saved {
                Ok(()) => crate::route::navigate(&format!("/catatan/{}/{}/ubah", CASE.name, case.id), false),
                Err(error) => failed.set(Some(messages::store_error(t, &error))),
            }
        });
    };
    view! {
        <button class="button" type="button" on:click=make
            aria-label=fill(l.tracing_make_case_for, &[("name", &listed.name)])>{l.tracing_make_case}</button>
    }
    .into_any()
}
