//! The Crisis Center's day (`/hari-ini`), for the protocol and tracing officers and the admin:
//! the suspect alerts (every screening of the office, or of the agency for the admin, that
//! said "stay home": today's, and earlier days' until settled) with what was done about each and buttons to record the next action, and the roll
//! call: who of the roster has not screened today, by unit. Everything is read from the device,
//! so it works offline with what the last sync brought; an action is saved and queued like any
//! record. In the later module.

use leptos::prelude::*;
use posko_core::alert::{self, AlertAction, AlertState, ACTIONS, ALERT_ACTION};
use posko_core::roster::Person;
use posko_core::{Screening, UserProfile};

use super::signed_in;
use super::typed;
use crate::components::form::alert as notice;
use crate::context::{use_app, AppContext};
use crate::generic::labels::{self, KindLabels};
use crate::i18n::{fill, use_i18n, Locale};
use crate::messages;
use crate::store::StoreError;
use crate::sync::use_sync;

/// What the page reads from the device: the day's records of three kinds.
#[derive(Clone, Default)]
struct Day {
    screenings: Vec<Screening>,
    actions: Vec<AlertAction>,
    people: Vec<Person>,
}

async fn load(app: AppContext) -> Result<Day, StoreError> {
    let Some(store) = app.store() else {
        return Ok(Day::default());
    };
    let today = posko_core::sync::Value::Text(crate::device_clock::today(app).to_string());
    // Today's screenings (the roll call, today's alerts), and every one that raised an alert,
    // whatever its day: an open one is carried until the Crisis Center settles it.
    let mut screenings: Vec<Screening> = typed(store.query_eq("screening", "date", &today).await?);
    let raised: Vec<Screening> = typed(
        store
            .query_eq("screening", "alert_raised", &posko_core::sync::Value::Bool(true))
            .await?,
    );
    for screening in raised {
        if !screenings.iter().any(|s| s.id == screening.id) {
            screenings.push(screening);
        }
    }
    let mut actions = Vec::new();
    for screening in &screenings {
        let parent = posko_core::sync::Value::Text(screening.id.clone());
        actions.extend(typed(store.query_eq(ALERT_ACTION.name, "parent_id", &parent).await?));
    }
    let people = typed(store.all_of("person").await?);
    Ok(Day {
        screenings,
        actions,
        people,
    })
}

#[component]
pub fn TodayPage() -> impl IntoView {
    signed_in(|| {
        let i18n = use_i18n();
        let app = use_app();
        let sync = use_sync();
        let names = crate::view_data::ViewData::new(move || labels::load(i18n.locale()));
        let loaded = crate::view_data::ViewData::new(move || {
            sync.revision.track();
            load(app)
        });
        let Some(user) = app.user() else {
            return ().into_any();
        };
        (move || {
            let locale = i18n.locale();
            let t = locale.strings();
            let names = names.get().flatten().unwrap_or_else(labels::fallback);
            let today = crate::device_clock::today(app);
            let body = match loaded.get() {
                None => view! { <p class="muted">{t.loading}</p> }.into_any(),
                Some(Err(error)) => notice(messages::store_error(t, &error)),
                Some(Ok(day)) => day_view(locale, &names, &user, today, &day, loaded),
            };
            view! {
                <section class="card">
                    <h1>{locale.later().today_title}</h1>
                    <p class="muted">{messages::long_date(t, today)}</p>
                </section>
                {body}
            }
            .into_any()
        })
        .into_any()
    })
}

fn day_view(
    locale: Locale,
    names: &KindLabels,
    user: &UserProfile,
    today: chrono::NaiveDate,
    day: &Day,
    loaded: crate::view_data::ViewData<Result<Day, StoreError>>,
) -> AnyView {
    let t = locale.strings();
    let l = locale.later();
    let person_of = |id: &str| day.people.iter().find(|p| p.id == id);
    let who = |user_id: Option<&str>| -> String {
        match user_id.and_then(person_of) {
            Some(person) => person.full_name.clone(),
            None if user_id == Some(user.id.as_str()) => user.full_name.clone(),
            None => l.today_someone.to_owned(),
        }
    };
    let alerts = alert::alerts_of(today, &day.screenings, &day.actions);
    let alert_views = alerts
        .iter()
        .map(|a| {
            let person = a.screening.owner_id.as_deref().and_then(person_of);
            let name = who(a.screening.owner_id.as_deref());
            let unit = person.map(|p| p.unit.clone()).unwrap_or_default();
            let (state_class, state) = match a.state() {
                AlertState::Open => ("badge pending", l.alert_open),
                AlertState::Following => ("badge pending", l.alert_following),
                AlertState::AwaitingResult => ("badge pending", l.alert_awaiting_result),
                AlertState::Settled => ("badge synced", l.alert_settled),
            };
            // The person's phone from the roster: a call, and a WhatsApp message where the
            // number reads as one; each link's name says whom it reaches.
            let contact = match person.and_then(|p| p.phone.clone()) {
                Some(phone) => {
                    let message = posko_core::roster::international_phone(&phone).map(|digits| {
                        view! {
                            <a class="button small" href=format!("https://wa.me/{digits}") target="_blank" rel="noopener"
                                aria-label=fill(l.alert_message, &[("name", &name)])>{l.alert_message_short}</a>
                        }
                    });
                    view! {
                        <p class="contact">
                            <a class="button small" href=format!("tel:{}", phone.replace([' ', '-'], ""))
                                aria-label=fill(l.alert_call, &[("name", &name), ("phone", &phone)])>
                                {fill(l.alert_call_short, &[("phone", &phone)])}
                            </a>
                            {message}
                        </p>
                    }
                    .into_any()
                }
                None => view! { <p class="muted">{l.alert_no_phone}</p> }.into_any(),
            };
            let last = a.actions.last().map(|action| action.id.clone());
            let done = a
                .actions
                .iter()
                .map(|action| {
                    let what = names.code(&ALERT_ACTION, action_field(), &action.action);
                    // The latest action, if the user recorded it, can be taken back: a tap on
                    // the wrong button is undone, not argued with.
                    let undo = (last.as_deref() == Some(action.id.as_str())
                        && action.owner_id.as_deref() == Some(user.id.as_str()))
                    .then(|| undo_button(locale, &what, &name, &action.id, loaded));
                    let line = fill(
                        l.alert_done_by,
                        &[
                            ("action", &what),
                            ("who", &who(action.owner_id.as_deref())),
                            ("time", &messages::time_of(t, action.done_at.timestamp_millis() as f64)),
                        ],
                    );
                    view! {
                        <li>
                            {line}
                            {action.note.clone().map(|n| view! { <br /><span class="muted">{n}</span> })}
                            {undo}
                        </li>
                    }
                })
                .collect_view();
            // Who records actions: the kind's access by role, as the server judges it.
            let recorder = ALERT_ACTION
                .access
                .writable_by(user.role)
                .then(|| action_buttons(locale, names, a.screening, &name, loaded));
            // The case opened from it, for the health team (in their area's module).
            let case = posko_core::kit::Access::Health
                .readable_by(user.role)
                .then_some(())
                .and_then(|()| crate::later::part_about(crate::later::Later::AlertCase, a.screening.id.clone()));
            view! {
                <li class="alert-item" data-testid="alert">
                    <p>
                        <strong>{name}</strong> " " <span class="muted">{unit}</span> " "
                        <span class=state_class>{state}</span>
                    </p>
                    {(a.screening.date != today).then(|| view! {
                        <p class="carried" data-testid="alert-since">
                            {fill(l.alert_since, &[("date", &messages::long_date(t, a.screening.date))])}
                        </p>
                    })}
                    <p>
                        {messages::temperature(locale, a.screening.temperature_decicelsius)} " · "
                        {if a.changed_to_fit() { t.result_fit.to_owned() } else { messages::reasons(t, &a.reasons) }} " · "
                        {messages::time_of(t, a.screening.recorded_at.timestamp_millis() as f64)}
                    </p>
                    {a.changed_to_fit().then(|| view! {
                        <p class="notice" data-testid="alert-changed">{l.alert_changed_to_fit}</p>
                    })}
                    {contact}
                    <ul class="actions-done">{done}</ul>
                    {case}
                    {recorder}
                </li>
            }
        })
        .collect_view();
    let alerts_section = view! {
        <section class="card" data-testid="alerts">
            <h2>{fill(l.alerts_title, &[("count", &alerts.len().to_string())])}</h2>
            {alerts.is_empty().then(|| view! { <p class="muted">{l.alerts_none}</p> })}
            <ul class="alerts">{alert_views}</ul>
        </section>
    };
    let units = alert::roll_call(today, &day.people, &day.screenings);
    let missing: usize = units.iter().map(|u| u.missing.len()).sum();
    let unit_views = units
        .iter()
        .map(|unit| {
            let counted = fill(
                l.roll_call_unit,
                &[
                    ("screened", &unit.screened.len().to_string()),
                    ("total", &(unit.screened.len() + unit.missing.len()).to_string()),
                ],
            );
            let people = unit
                .missing
                .iter()
                .map(|p| {
                    let name = if p.unit_head {
                        fill(l.roll_call_head, &[("name", &p.full_name)])
                    } else {
                        p.full_name.clone()
                    };
                    view! { <li>{name}</li> }
                })
                .collect_view();
            view! {
                <li data-testid="unit">
                    <p><strong>{unit.unit.to_owned()}</strong> " " <span class="muted">{counted}</span></p>
                    <ul class="missing">{people}</ul>
                </li>
            }
        })
        .collect_view();
    view! {
        {alerts_section}
        <section class="card" data-testid="roll-call">
            <h2>{fill(l.roll_call_title, &[("count", &missing.to_string())])}</h2>
            {units.is_empty().then(|| view! { <p class="muted">{l.roll_call_no_roster}</p> })}
            <ul class="units">{unit_views}</ul>
        </section>
    }
    .into_any()
}

fn action_field() -> &'static posko_core::kit::FieldDecl {
    ALERT_ACTION
        .fields
        .iter()
        .find(|f| f.name == "action")
        .expect("the alert action declares its action")
}

/// A note to go with the next action, and one button per action: a tap records it, now, as
/// the signed-in user, in the screening's office.
fn action_buttons(
    locale: Locale,
    names: &KindLabels,
    screening: &Screening,
    name: &str,
    loaded: crate::view_data::ViewData<Result<Day, StoreError>>,
) -> AnyView {
    let t = locale.strings();
    let l = locale.later();
    let app = use_app();
    let note = RwSignal::new(String::new());
    let failed = RwSignal::new(None::<String>);
    let screening = screening.clone();
    let buttons = ACTIONS
        .iter()
        .map(|&code| {
            let label = names.code(&ALERT_ACTION, action_field(), code);
            let screening = screening.clone();
            let record = move |_| {
                let (Some(store), Some(user)) = (app.store(), app.user()) else {
                    return;
                };
                let text = note.get_untracked().trim().to_owned();
                let action = AlertAction {
                    id: uuid::Uuid::now_v7().to_string(),
                    agency_id: screening.agency_id.clone(),
                    office_id: screening.office_id.clone(),
                    owner_id: Some(user.id.clone()),
                    parent_id: Some(screening.id.clone()),
                    action: code.to_owned(),
                    note: (!text.is_empty()).then_some(text),
                    done_at: crate::device_clock::now(app),
                };
                leptos::task::spawn_local(async move {
                    match store.create(&action, &user.id).await {
                        Ok(()) => {
                            note.set(String::new());
                            failed.set(None);
                            loaded.refetch();
                        }
                        Err(error) => failed.set(Some(messages::store_error(t, &error))),
                    }
                });
            };
            let named = fill(l.alert_action_for, &[("action", &label), ("name", name)]);
            view! { <button class="button" type="button" on:click=record aria-label=named>{label}</button> }
        })
        .collect_view();
    view! {
        <div class="record-action">
            <label>
                <span>{l.alert_note}</span>
                <input type="text" maxlength="300" prop:value=note on:input=move |e| note.set(event_target_value(&e)) />
            </label>
            <div class="buttons">{buttons}</div>
            {move || failed.get().map(notice)}
        </div>
    }
    .into_any()
}

/// Takes back the user's latest action on an alert (its record deleted, which syncs and stays
/// in the server's history), named for its person.
fn undo_button(
    locale: Locale,
    what: &str,
    name: &str,
    action_id: &str,
    loaded: crate::view_data::ViewData<Result<Day, StoreError>>,
) -> AnyView {
    let l = locale.later();
    let t = locale.strings();
    let app = use_app();
    let failed = RwSignal::new(None::<String>);
    let id = action_id.to_owned();
    let undo = move |_| {
        let (Some(store), Some(user)) = (app.store(), app.user()) else {
            return;
        };
        let id = id.clone();
        leptos::task::spawn_local(async move {
            match store.delete(&id, &user.id).await {
                Ok(_) => loaded.refetch(),
                Err(error) => failed.set(Some(messages::store_error(t, &error))),
            }
        });
    };
    view! {
        " "
        <button class="link-button" type="button" on:click=undo
            aria-label=fill(l.alert_undo_for, &[("action", what), ("name", name)])>{l.alert_undo}</button>
        {move || failed.get().map(notice)}
    }
    .into_any()
}
