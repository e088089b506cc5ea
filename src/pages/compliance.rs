//! Compliance by office (`/kepatuhan`), for the Crisis Center and the PPK: today's score from
//! the day's checklist and screenings (`compliance::ComplianceRules`), its flags (no checklist,
//! people who have not screened), the last 30 days as a line (SVG, drawn to the phone's width),
//! and the latest checklist with what failed and its evidence photos. Read from the device, so
//! it shows offline what the last sync brought; photos another device took are fetched when
//! shown. A monitor sees the server's figures of every agency instead (`figures.rs`). In the
//! later module.

use std::sync::Arc;

use chrono::NaiveDate;
use leptos::prelude::*;
use posko_core::checklist::{asked_items, Checklist, ChecklistTemplate, CHECKLIST, CHECKLIST_TEMPLATE};
use posko_core::compliance::{office_days, ComplianceRules, Flag};
use posko_core::roster::Person;
use posko_core::sync::Value;
use posko_core::Screening;

use super::signed_in;
use super::typed;
use crate::components::form::alert as notice;
use crate::context::{use_app, AppContext};
use crate::generic::labels::{self, KindLabels};
use crate::generic::photo_view::photo_view;
use crate::i18n::{fill, use_i18n, Locale};
use crate::messages;
use crate::store::StoreError;
use crate::sync::use_sync;

/// How many days the trend shows, today included.
const DAYS: i64 = 30;

#[derive(Clone, Default)]
struct Held {
    checklists: Vec<Checklist>,
    /// The agency's own checklist versions, whose items name a checklist's failures.
    versions: Vec<ChecklistTemplate>,
    people: Vec<Person>,
    screenings: Vec<Screening>,
    /// The offices to show, by id, with their names.
    offices: Vec<(String, String)>,
}

async fn load(app: AppContext, first: NaiveDate, today: NaiveDate) -> Result<Held, StoreError> {
    let Some(store) = app.store() else {
        return Ok(Held::default());
    };
    let day = |d: NaiveDate| Value::Text(d.to_string());
    let screenings = typed(store.query("screening", "date", &day(first), &day(today)).await?);
    let checklists: Vec<Checklist> = typed(store.all_of(CHECKLIST.name).await?);
    let versions: Vec<ChecklistTemplate> = typed(store.all_of(CHECKLIST_TEMPLATE.name).await?);
    let people: Vec<Person> = typed(store.all_of("person").await?);
    // The user's own office, or the agency's offices; and any other office the device holds.
    let user = app.user();
    let mut offices: Vec<(String, String)> = match user.as_ref().and_then(|u| u.office_id.clone().map(|id| (id, u))) {
        Some((id, user)) => vec![(id.clone(), user.office_name.clone().unwrap_or(id))],
        None => store
            .session_offices()
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect(),
    };
    for id in people.iter().filter_map(|p| p.office_id.as_deref()) {
        if !offices.iter().any(|(o, _)| o == id) {
            offices.push((id.to_owned(), id.to_owned()));
        }
    }
    Ok(Held {
        checklists,
        versions,
        people,
        screenings,
        offices,
    })
}

#[component]
pub fn CompliancePage() -> impl IntoView {
    signed_in(|| {
        let i18n = use_i18n();
        let app = use_app();
        // A monitor holds no records about people: their compliance is the server's figures.
        if app.user().is_some_and(|u| u.role == posko_core::Role::Monitor) {
            return (move || {
                let locale = i18n.locale();
                view! {
                    <section class="card"><h1>{locale.later().compliance_title}</h1></section>
                    {super::figures::figures_view(app, locale)}
                }
            })
            .into_any();
        }
        let sync = use_sync();
        let names = crate::view_data::ViewData::new(move || labels::load(i18n.locale()));
        let today = crate::device_clock::today(app);
        let first = today - chrono::Duration::days(DAYS - 1);
        let loaded = crate::view_data::ViewData::new(move || {
            sync.revision.track();
            load(app, first, today)
        });
        (move || {
            let locale = i18n.locale();
            let (t, l) = (locale.strings(), locale.later());
            let names = names.get().flatten().unwrap_or_else(labels::fallback);
            let body = match loaded.get() {
                None => view! { <p class="muted">{t.loading}</p> }.into_any(),
                Some(Err(error)) => notice(messages::store_error(t, &error)),
                Some(Ok(held)) => {
                    let days: Vec<NaiveDate> = first.iter_days().take(DAYS as usize).collect();
                    held.offices
                        .iter()
                        .map(|(id, name)| office_view(locale, &names, &held, id, name, &days))
                        .collect_view()
                        .into_any()
                }
            };
            view! {
                <section class="card">
                    <h1>{l.compliance_title}</h1>
                    <p class="muted">{l.compliance_rule}</p>
                    <a class="button wide" href="/daftar-periksa">{l.checklist_title}</a>
                </section>
                {body}
            }
            .into_any()
        })
        .into_any()
    })
}

fn office_view(
    locale: Locale,
    names: &Arc<KindLabels>,
    held: &Held,
    id: &str,
    name: &str,
    days: &[NaiveDate],
) -> AnyView {
    let l = locale.later();
    let rules = ComplianceRules::POSKO_2020;
    let counted = office_days(id, days, &held.checklists, &held.people, &held.screenings);
    // A day with neither a checklist nor a screening has no score to draw, only today's to say.
    let known: Vec<bool> = counted
        .iter()
        .map(|(_, d)| d.checklist.is_some() || d.screened > 0)
        .collect();
    let judged: Vec<(NaiveDate, posko_core::compliance::Compliance)> = counted
        .into_iter()
        .map(|(day, office_day)| (day, rules.judge(&office_day)))
        .collect();
    let Some((_, today)) = judged.last() else {
        return ().into_any();
    };
    let flags = today
        .flags
        .iter()
        .map(|flag| {
            let text = match flag {
                Flag::NoChecklist => l.compliance_no_checklist.to_owned(),
                Flag::ScreeningsMissing(n) => fill(l.compliance_missing, &[("count", &n.to_string())]),
            };
            view! { <li class="flag">{text}</li> }
        })
        .collect_view();
    let latest = held
        .checklists
        .iter()
        .filter(|c| c.office_id.as_deref() == Some(id))
        .max_by_key(|c| c.date)
        .map(|c| latest_checklist(locale, names, c, &held.versions));
    view! {
        <section class="card" data-testid="office-compliance" data-office=id.to_owned()>
            <h2>{name.to_owned()}</h2>
            <p class="score" data-testid="score-today">
                {fill(l.compliance_today, &[("score", &today.score.to_string())])}
            </p>
            <ul class="flags">{flags}</ul>
            {trend(locale, name, &judged, &known)}
            {latest}
        </section>
    }
    .into_any()
}

/// The scores of the days as a line from 0 to 100, each day a dot (red below 60), drawn in a
/// box that scales to the screen's width. A day with no data (no checklist and no screening)
/// is a gap in the line, not a 0; the first, middle and last days are named under it, and a
/// screen reader reads each day's score from a list the eye does not see (issue #19 item 5).
fn trend(
    locale: Locale,
    office: &str,
    judged: &[(NaiveDate, posko_core::compliance::Compliance)],
    known: &[bool],
) -> AnyView {
    let (t, l) = (locale.strings(), locale.later());
    // Whole numbers only (a tenth of a point per unit): no float formatting in the bundle.
    let (width, height, pad, axis) = (3000_i64, 1100_i64, 100_i64, 140_i64);
    let step = (width - 2 * pad) / (judged.len().max(2) as i64 - 1);
    let at = |i: usize, score: u32| {
        (
            pad + i as i64 * step,
            height - pad - i64::from(score) * (height - 2 * pad) / 100,
        )
    };
    // One line per run of days with data.
    let mut runs: Vec<Vec<(i64, i64)>> = vec![Vec::new()];
    for (i, (_, c)) in judged.iter().enumerate() {
        if known[i] {
            runs.last_mut().expect("one run at least").push(at(i, c.score));
        } else if !runs.last().is_some_and(Vec::is_empty) {
            runs.push(Vec::new());
        }
    }
    let lines = runs
        .into_iter()
        .filter(|run| run.len() > 1)
        .map(|run| {
            let points = run
                .iter()
                .map(|(x, y)| format!("{x},{y}"))
                .collect::<Vec<_>>()
                .join(" ");
            view! { <polyline class="line" points=points /> }
        })
        .collect_view();
    let dots = judged
        .iter()
        .enumerate()
        .filter(|(i, _)| known[*i])
        .map(|(i, (day, c))| {
            let (x, y) = at(i, c.score);
            let class = if c.score < 60 { "dot low" } else { "dot" };
            let title = format!("{}: {}/100", crate::messages::short_date(t, *day), c.score);
            view! { <circle class=class cx=x.to_string() cy=y.to_string() r="25"><title>{title}</title></circle> }
        })
        .collect_view();
    let guide = |score: u32| {
        let (_, y) = at(0, score);
        view! {
            <line class="guide" x1=pad.to_string() x2=(width - pad).to_string() y1=y.to_string() y2=y.to_string() />
            <text class="guide-label" x="0" y=(y + 30).to_string()>{score.to_string()}</text>
        }
    };
    let last = judged.len().saturating_sub(1);
    let day_labels = [0, last / 2, last]
        .into_iter()
        .filter_map(|i| judged.get(i).map(|(day, _)| (i, day)))
        .map(|(i, day)| {
            let (x, _) = at(i, 0);
            let anchor = if i == 0 {
                "start"
            } else if i == last {
                "end"
            } else {
                "middle"
            };
            view! {
                <text class="axis-label" x=x.to_string() y=(height + axis - 30).to_string() text-anchor=anchor>
                    {crate::messages::short_date(t, *day)}
                </text>
            }
        })
        .collect_view();
    let label = fill(
        l.compliance_chart,
        &[("office", office), ("days", &judged.len().to_string())],
    );
    let spoken = judged
        .iter()
        .enumerate()
        .map(|(i, (day, c))| {
            let value = if known[i] {
                format!("{}/100", c.score)
            } else {
                l.compliance_no_data.to_owned()
            };
            view! { <li>{format!("{}: {value}", crate::messages::short_date(t, *day))}</li> }
        })
        .collect_view();
    view! {
        <figure class="trend">
            <svg viewBox=format!("0 0 {width} {}", height + axis) aria-hidden="true" data-testid="trend">
                {guide(100)}{guide(50)}{guide(0)}
                {lines}
                {dots}
                {day_labels}
            </svg>
            <figcaption class="muted">{label.clone()}</figcaption>
            <ul class="visually-hidden" aria-label=label data-testid="trend-days">{spoken}</ul>
        </figure>
    }
    .into_any()
}

/// The office's latest checklist: its date, the items not met with their notes, its photos.
fn latest_checklist(
    locale: Locale,
    names: &Arc<KindLabels>,
    checklist: &Checklist,
    versions: &[ChecklistTemplate],
) -> AnyView {
    let l = locale.later();
    let asked = asked_items(&checklist.template, versions).unwrap_or_default();
    let words = |code: &str| {
        asked
            .iter()
            .find(|(c, _)| c == code)
            .and_then(|(_, w)| w.clone())
            .unwrap_or_else(|| names.checklist_item(code))
    };
    let failed = checklist
        .answers
        .iter()
        .filter(|(_, a)| a == "fail")
        .map(|(code, _)| {
            let note = checklist.notes.iter().find(|(c, _)| c == code).map(|(_, n)| n.clone());
            view! {
                <li>
                    {words(code)}
                    {note.map(|n| view! { <br /><span class="muted">{n}</span> })}
                </li>
            }
        })
        .collect_view();
    let photos = checklist
        .photos
        .iter()
        .map(|sha| view! { <li>{photo_view(locale, checklist.id.clone(), sha.clone())}</li> })
        .collect_view();
    view! {
        <div class="latest-checklist" data-testid="latest-checklist">
            <h3>{fill(l.compliance_latest, &[("date", &crate::messages::short_date(locale.strings(), checklist.date))])}</h3>
            <ul class="failed">{failed}</ul>
            <ul class="photos">{photos}</ul>
        </div>
    }
    .into_any()
}
