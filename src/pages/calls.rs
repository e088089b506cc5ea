//! The day's calls to the 24-hour call center (issue #20 item 8), on the home of who reads them
//! (the health team): each call's time, caller, what was reported, the advice and the action, a
//! way to log a new one (the generic form), and a case opened from a call in one step: about
//! the roster person it names, or else about the person it concerns outside the roster, found
//! again by name and phone before a second one is made (`same_person`). In the tracing area.

use leptos::prelude::*;
use posko_core::cases::{Call, Case, OutsidePerson, CALL, CASE, OUTSIDE_PERSON};
use posko_core::same_person::{same_person, PersonKeys};

use super::typed;
use crate::components::form::alert as notice;
use crate::context::{use_app, AppContext};
use crate::generic::labels::{self, KindLabels};
use crate::i18n::{fill, use_i18n, Locale};
use crate::messages;
use crate::store::StoreError;
use crate::sync::use_sync;

/// Today's calls, newest first, and the cases opened from any of them.
#[derive(Clone, Default)]
struct Day {
    calls: Vec<Call>,
    cases: Vec<Case>,
}

async fn load(app: AppContext) -> Result<Day, StoreError> {
    let Some(store) = app.store() else {
        return Ok(Day::default());
    };
    let today = crate::device_clock::today(app);
    let offsets = crate::device_clock::context(app).utc_offsets_minutes.1;
    let mut calls: Vec<Call> = typed::<Call>(store.all_of(CALL.name).await?)
        .into_iter()
        .filter(|call| {
            let local = call.at + chrono::Duration::minutes(i64::from(offsets));
            local.date_naive() == today
        })
        .collect();
    // Newest first, by insertion: a day's calls are few.
    for i in 1..calls.len() {
        let mut j = i;
        while j > 0 && calls[j - 1].at < calls[j].at {
            calls.swap(j - 1, j);
            j -= 1;
        }
    }
    let cases = typed::<Case>(store.all_of(CASE.name).await?)
        .into_iter()
        .filter(|case| case.call.is_some())
        .collect();
    Ok(Day { calls, cases })
}

/// The card on the home.
#[component]
pub fn CallsToday() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let sync = use_sync();
    let role = app.user().map(|u| u.role);
    let names = crate::view_data::ViewData::new(move || labels::load_for(i18n.locale(), role));
    let loaded = crate::view_data::ViewData::new(move || {
        sync.revision.track();
        load(app)
    });
    let logs = role.is_some_and(|role| CALL.access.writable_by(role));
    move || {
        let locale = i18n.locale();
        let t = locale.strings();
        let l = locale.later();
        let names = names.get().flatten().unwrap_or_else(labels::fallback);
        let body = match loaded.get() {
            None => view! { <p class="muted">{t.loading}</p> }.into_any(),
            Some(Err(error)) => notice(messages::store_error(t, &error)),
            Some(Ok(day)) if day.calls.is_empty() => view! { <p class="muted">{l.calls_none}</p> }.into_any(),
            Some(Ok(day)) => view! {
                <ul class="calls">
                    {day.calls.iter().map(|call| call_item(locale, &names, call, &day.cases)).collect_view()}
                </ul>
            }
            .into_any(),
        };
        view! {
            <section class="calls-today" data-testid="calls-today">
                <h2>{l.calls_title}</h2>
                {body}
                {logs.then(|| view! {
                    <a class="button" href=format!("/catatan/{}/baru", CALL.name)>{l.calls_log}</a>
                })}
            </section>
        }
    }
}

fn words(names: &KindLabels, field: &str, code: &str) -> String {
    CALL.fields
        .iter()
        .find(|f| f.name == field)
        .map(|f| names.code(&CALL, f, code))
        .unwrap_or_default()
}

fn call_item(locale: Locale, names: &KindLabels, call: &Call, cases: &[Case]) -> impl IntoView {
    let t = locale.strings();
    let l = locale.later();
    let app = use_app();
    let time = messages::time_of(t, call.at.timestamp_millis() as f64);
    let opened = cases.iter().find(|c| c.call.as_deref() == Some(call.id.as_str()));
    let case = match opened {
        Some(case) => Some(
            view! {
                <a class="link" href=format!("/catatan/{}/{}", CASE.name, case.id)>{l.calls_case_opened}</a>
            }
            .into_any(),
        ),
        None => app
            .user()
            .is_some_and(|u| CASE.access.writable_by(u.role))
            .then(|| open_case_button(locale, call)),
    };
    view! {
        <li class="call-item" data-testid="call">
            <p>
                <strong>{time} " · " {call.caller.clone()}</strong>
                {call.concerns.clone().map(|who| view! { " " <span class="muted">{fill(l.calls_about, &[("name", &who)])}</span> })}
            </p>
            <p>{words(names, "status_reported", &call.status_reported)} " · " {words(names, "action", &call.action)}</p>
            {call.advice.clone().map(|advice| view! { <p class="muted">{advice}</p> })}
            {case}
        </li>
    }
}

/// A case opened from a call in one step, linked to it, about the roster person the call names,
/// or else about whom it concerns (the caller if no one else), as a person outside the roster:
/// one already on the device with that name and phone is taken rather than made again. Then
/// the case's form, for the rest.
fn open_case_button(locale: Locale, call: &Call) -> AnyView {
    let t = locale.strings();
    let l = locale.later();
    let app = use_app();
    let failed = RwSignal::new(None::<String>);
    let caller = call.caller.clone();
    let call = call.clone();
    let open = move |_| {
        let (Some(store), Some(user)) = (app.store(), app.user()) else {
            return;
        };
        let call = call.clone();
        leptos::task::spawn_local(async move {
            let made: Result<String, StoreError> = async {
                let outside_person = match &call.person {
                    Some(_) => None,
                    None => {
                        let name = call.concerns.clone().unwrap_or_else(|| call.caller.clone());
                        let wanted = PersonKeys {
                            nik: None,
                            name: &name,
                            phone: call.caller_phone.as_deref(),
                        };
                        let known = typed::<OutsidePerson>(store.all_of(OUTSIDE_PERSON.name).await?);
                        let found = known.iter().find(|p| {
                            let keys = PersonKeys {
                                nik: p.nik.as_deref(),
                                name: &p.full_name,
                                phone: p.phone.as_deref(),
                            };
                            same_person(&wanted, &keys).is_some()
                        });
                        Some(match found {
                            Some(person) => person.id.clone(),
                            None => {
                                let person = OutsidePerson {
                                    id: uuid::Uuid::now_v7().to_string(),
                                    agency_id: call.agency_id.clone(),
                                    office_id: call.office_id.clone(),
                                    owner_id: None,
                                    parent_id: None,
                                    full_name: name.clone(),
                                    nik: None,
                                    sex: None,
                                    birth_date: None,
                                    age: None,
                                    phone: call.caller_phone.clone(),
                                    address: None,
                                    kecamatan: None,
                                    kelurahan: None,
                                    relative_of: None,
                                    relationship: None,
                                };
                                store.create(&person, &user.id).await?;
                                person.id
                            }
                        })
                    }
                };
                let case = Case {
                    person: call.person.clone(),
                    outside_person,
                    call: Some(call.id.clone()),
                    ..Case::suspect(
                        uuid::Uuid::now_v7().to_string(),
                        call.agency_id.clone(),
                        call.office_id.clone(),
                    )
                };
                store.create(&case, &user.id).await?;
                Ok(case.id)
            }
            .await;
            match made {
                Ok(id) => crate::route::navigate(&format!("/catatan/{}/{id}/ubah", CASE.name), false),
                Err(error) => failed.set(Some(messages::store_error(t, &error))),
            }
        });
    };
    view! {
        <button class="button" type="button" on:click=open
            aria-label=fill(l.calls_open_case_for, &[("name", &caller)])>{l.alert_open_case}</button>
        {move || failed.get().map(notice)}
    }
    .into_any()
}
