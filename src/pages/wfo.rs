//! The work-from-office plan (`/rencana-wfo`), for the Crisis Center: an office's day, its zone
//! risk and headcount, and who of its roster works from the office, by unit, counted against the
//! cap (SE Menpan-RB 67/2020, `wfo::CapRules`) with a warning when over; saved on the device and
//! sent like any record. And the employee's line on the home screen (`WfoToday`): whether they
//! work from the office today. In the later module.

use leptos::prelude::*;
use posko_core::roster::{Person, PERSON};
use posko_core::sync::SyncRecord;
use posko_core::wfo::{wfo_day_id, CapRules, WfoDay, ZoneRisk, WFO_DAY};
use posko_core::{Screening, SCREENING};

use super::signed_in;
use crate::components::form::alert as notice;
use crate::context::{use_app, AppContext};
use crate::generic::labels::{self, KindLabels};
use crate::generic::office;
use crate::i18n::{fill, use_i18n, Locale};
use crate::messages;

#[component]
pub fn WfoPlanPage() -> impl IntoView {
    signed_in(|| {
        let i18n = use_i18n();
        let app = use_app();
        let names = crate::view_data::ViewData::new(move || labels::load(i18n.locale()));
        let Some(user) = app.user() else {
            return ().into_any();
        };
        let office = RwSignal::new(user.office_id.clone());
        let day = RwSignal::new(crate::device_clock::today(app));
        let offices = office::offices(app);
        (move || {
            let locale = i18n.locale();
            let l = locale.later();
            let names = names.get().flatten().unwrap_or_else(labels::fallback);
            let picker = user
                .office_id
                .is_none()
                .then(|| office::office_picker(l.office_pick, crate::generic::show::EMPTY, office, offices.get().unwrap_or_default(), || ()));
            let body = office
                .get()
                .map(|office_id| plan_form(app, locale, names.clone(), office_id, day.get()));
            view! {
                <section class="card">
                    <h1>{l.wfo_title}</h1>
                    {picker}
                    <label class="field">
                        <span>{names.field(&WFO_DAY, WFO_DAY.field("date").expect("declared"))}</span>
                        // `parse_ymd`, not chrono's `FromStr`, whose general parser cost the
                        // Crisis Center's module 6.6 kB (raw) for this one input.
                        <input id="f-date" type="date" prop:value=move || posko_core::date::format_ymd(day.get())
                            on:change=move |e| if let Some(d) = posko_core::date::parse_ymd(&event_target_value(&e)) { day.set(d) } />
                        // The browser shows the day in its own digits (12/06/2026 to an English
                        // reader): it is said in words under it, as every date input is.
                        <small class="hint" data-testid="date-words">{move || crate::messages::long_date(locale.strings(), day.get())}</small>
                    </label>
                </section>
                {body}
            }
            .into_any()
        })
        .into_any()
    })
}

/// The plan of `office_id` for `date`: loaded with the office's roster, then the form.
fn plan_form(
    app: AppContext,
    locale: Locale,
    names: std::sync::Arc<KindLabels>,
    office_id: String,
    date: chrono::NaiveDate,
) -> AnyView {
    let t = locale.strings();
    // Office ids fit (`kit::MAX_HOLDER_ID_LEN`, which the operator's command keeps).
    let Some(id) = wfo_day_id(&office_id, date) else {
        return crate::components::form::alert(t.error_bad_format.to_owned());
    };
    let zone_field = WFO_DAY.field("zone").expect("declared");
    let zone_names: Vec<(&'static str, String)> = ZoneRisk::CODES
        .iter()
        .map(|&c| (c, names.code(&WFO_DAY, zone_field, c)))
        .collect();
    let headcount_name = names.field(&WFO_DAY, WFO_DAY.field("headcount").expect("declared"));
    let loaded = crate::view_data::ViewData::new(move || {
        let (id, office_id) = (id.clone(), office_id.clone());
        async move {
            let Some(store) = app.store() else {
                return Ok((None, Vec::new(), Vec::new(), office_id));
            };
            let plan = store
                .record(&id)
                .await?
                .and_then(|l| WfoDay::from_record(&l.record).ok());
            let people: Vec<Person> = store
                .all_of(PERSON.name)
                .await?
                .iter()
                .filter_map(|l| Person::from_record(&l.record).ok())
                .filter(|p| p.office_id.as_deref() == Some(office_id.as_str()))
                .collect();
            // Who must stay home as of the plan's day, by their latest screening.
            let screenings: Vec<Screening> = store
                .all_of(SCREENING.name)
                .await?
                .iter()
                .filter(|local| !local.record.is_deleted())
                .filter_map(|local| Screening::from_record(&local.record).ok())
                .collect();
            let stay_home = posko_core::screening::staying_home(&screenings, date);
            Ok((plan, people, stay_home, office_id))
        }
    });
    (move || match loaded.get() {
        None => view! { <p class="muted">{t.loading}</p> }.into_any(),
        Some(Err(error)) => notice(messages::store_error(t, &error)),
        Some(Ok((plan, people, stay_home, office_id))) => filled(
            app,
            locale,
            names.clone(),
            zone_names.clone(),
            headcount_name.clone(),
            plan,
            people,
            stay_home,
            office_id,
            date,
        ),
    })
    .into_any()
}

#[allow(clippy::too_many_arguments)]
fn filled(
    app: AppContext,
    locale: Locale,
    names: std::sync::Arc<KindLabels>,
    zone_names: Vec<(&'static str, String)>,
    headcount_name: String,
    plan: Option<WfoDay>,
    people: Vec<Person>,
    stay_home: Vec<String>,
    office_id: String,
    date: chrono::NaiveDate,
) -> AnyView {
    let l = locale.later();
    // Who is ticked for the office though their latest screening says stay home: warned, not
    // refused (the Crisis Center may know more), and their own home never tells them to come.
    let planned_at_home = {
        let names: Vec<(String, String)> = people
            .iter()
            .filter(|p| stay_home.contains(&p.id))
            .map(|p| (p.id.clone(), p.full_name.clone()))
            .collect();
        move |ticks: &Vec<(String, bool)>| -> Vec<String> {
            names
                .iter()
                .filter(|(id, _)| ticks.iter().any(|(p, yes)| p == id && *yes))
                .map(|(_, name)| name.clone())
                .collect()
        }
    };
    let zone = RwSignal::new(plan.as_ref().map_or_else(|| "moderate".to_owned(), |p| p.zone.clone()));
    let headcount = RwSignal::new(plan.as_ref().map_or(people.len() as i64, |p| p.headcount));
    let ticks = RwSignal::new(plan.as_ref().map(|p| p.in_office.clone()).unwrap_or_default());
    let saved = RwSignal::new(None::<Result<(), String>>);
    let rules = &CapRules::SE_MENPAN_RB_67_2020;
    let judged = move || {
        let planned = ticks.with(|t| t.iter().filter(|(_, yes)| *yes).count() as u32);
        let zone = ZoneRisk::from_code(&zone.get()).unwrap_or(ZoneRisk::Moderate);
        (
            planned,
            rules.judge(planned, u32::try_from(headcount.get()).unwrap_or(0), zone),
        )
    };
    // By unit, each unit's head first, then by name.
    let mut people = people;
    posko_core::order::sort_by_key(&mut people, |p| (p.unit.clone(), !p.unit_head, p.full_name.clone()));
    let mut by_unit: Vec<(String, Vec<Person>)> = Vec::new();
    for person in people {
        match by_unit.last_mut() {
            Some((unit, members)) if *unit == person.unit => members.push(person),
            _ => by_unit.push((person.unit.clone(), vec![person])),
        }
    }
    let units = by_unit
        .into_iter()
        .map(|(unit, members)| {
            let rows = members
                .into_iter()
                .map(|person| {
                    let id = person.id.clone();
                    let checked = {
                        let id = id.clone();
                        move || ticks.with(|t| t.iter().any(|(p, yes)| *p == id && *yes))
                    };
                    let toggle = move |e: leptos::ev::Event| {
                        let yes = event_target_checked(&e);
                        ticks.update(|t| {
                            t.retain(|(p, _)| *p != id);
                            t.push((id.clone(), yes));
                        });
                        saved.set(None);
                    };
                    let must_stay_home = stay_home.contains(&person.id);
                    view! {
                        <li>
                            <label class="check">
                                <input type="checkbox" prop:checked=checked on:change=toggle />
                                <span>{person.full_name.clone()}</span>
                                {must_stay_home.then(|| view! { <span class="badge refused">{l.wfo_stay_home_badge}</span> })}
                            </label>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="wfo-unit">
                    <legend>{unit}</legend>
                    <ul class="wfo-people">{rows}</ul>
                </fieldset>
            }
        })
        .collect_view();
    // Where the plan stands with the server, read again once saved (and after every sync).
    let record_id = {
        let id = wfo_day_id(&office_id, date);
        Signal::derive(move || {
            saved.track();
            id.clone()
        })
    };
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let (Some(store), Some(user), Some(id)) = (app.store(), app.user(), wfo_day_id(&office_id, date)) else {
            return;
        };
        let plan = WfoDay {
            id,
            agency_id: user.agency_id.clone(),
            office_id: Some(office_id.clone()),
            owner_id: None,
            parent_id: None,
            date,
            zone: zone.get_untracked(),
            headcount: headcount.get_untracked(),
            rules_version: rules.version.to_owned(),
            in_office: ticks.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            saved.set(Some(
                store
                    .save(&plan, &user.id)
                    .await
                    .map(|_| ())
                    .map_err(|e| messages::store_error(locale.strings(), &e)),
            ));
        });
    };
    // Who may not change the plan (the PPK reads it) sees it, with nothing to change or save.
    let may_change = app.user().is_some_and(|u| WFO_DAY.access.writable_by(u.role));
    view! {
        <form class="card" on:submit=save novalidate>
          <fieldset class="plain" disabled=!may_change>
            {(!may_change).then(|| view! { <p class="muted" data-testid="wfo-read-only">{l.wfo_read_only}</p> })}
            <label class="field">
                <span>{l.wfo_zone}</span>
                <select id="f-zone" on:change=move |e| { zone.set(event_target_value(&e)); saved.set(None); }>
                    {zone_names.into_iter().map(|(code, name)| view! { <option value=code selected=zone.get_untracked() == code>{name}</option> }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span>{headcount_name}</span>
                <input id="f-headcount" type="number" min="0" prop:value=move || headcount.get().to_string()
                    on:input=move |e| { headcount.set(event_target_value(&e).trim().parse().unwrap_or(0)); saved.set(None); } />
            </label>
            <p class="status" data-testid="wfo-count">
                {move || {
                    let (planned, judged) = judged();
                    fill(l.wfo_count, &[("planned", &planned.to_string()), ("cap", &judged.cap.to_string())])
                }}
            </p>
            {move || {
                let (_, judged) = judged();
                judged.is_over().then(|| view! {
                    <p class="alert" role="alert" data-testid="wfo-over">{fill(l.wfo_over, &[("over", &judged.over_by.to_string())])}</p>
                })
            }}
            {move || {
                let names = ticks.with(&planned_at_home);
                (!names.is_empty()).then(|| view! {
                    <p class="alert" role="alert" data-testid="wfo-stay-home">
                        {fill(l.wfo_stay_home_planned, &[("names", &names.join(", "))])}
                    </p>
                })
            }}
            {units}
          </fieldset>
            <p class="status"><super::history::RecordSyncState kind=&WFO_DAY record_id names=names.clone() /></p>
            {may_change.then(|| view! { <button class="button primary wide" type="submit">{l.wfo_save}</button> })}
            {move || saved.get().map(|r| match r {
                Ok(()) => view! { <p class="status ok" role="status">{l.saved_on_device}</p> }.into_any(),
                Err(text) => notice(text),
            })}
        </form>
    }
    .into_any()
}

/// The employee's line on the home screen: where they work today, once their office's plan for
/// today names them; nothing otherwise.
#[component]
pub fn WfoToday() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let sync = crate::sync::use_sync();
    let today = crate::device_clock::today(app);
    // Where the employee works today: from home whenever today's screening says stay home,
    // whatever the plan says (a suspect is never told to come in); else as the plan says.
    let mine = crate::view_data::ViewData::new(move || {
        sync.revision.track();
        async move {
            let user = app.user()?;
            let store = app.store()?;
            let screening = store
                .record(&posko_core::screening::screening_id(&user.id, today)?)
                .await
                .ok()
                .flatten()
                .filter(|local| !local.record.is_deleted())
                .and_then(|local| posko_core::screening::Screening::from_record(&local.record).ok());
            if screening.is_some_and(|s| !s.result().is_fit()) {
                return Some(Place::StayHome);
            }
            let plan = store
                .record(&wfo_day_id(user.office_id.as_deref()?, today)?)
                .await
                .ok()??;
            let in_office = WfoDay::from_record(&plan.record).ok()?.works_from_office(&user.id)?;
            Some(if in_office { Place::Office } else { Place::Home })
        }
    });
    move || {
        let l = i18n.locale().home();
        mine.get().flatten().map(|place| {
            let text = match place {
                Place::Office => l.wfo_you_office,
                Place::Home => l.wfo_you_home,
                Place::StayHome => l.wfo_you_stay_home,
            };
            view! { <p class="status" data-testid="wfo-today">{text}</p> }
        })
    }
}

/// Where an employee works today, as their home says it.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    Office,
    Home,
    /// Today's screening says stay home: from home, whatever the plan says.
    StayHome,
}
