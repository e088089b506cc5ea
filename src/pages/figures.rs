//! What a monitor sees of compliance (`/kepatuhan`, for the Pemda, Satgas and ministry): every
//! office of every agency by its day's score, worst first, with its screenings and whether it
//! kept its checklist, from the server's figures (`GET /api/figures`). Counts only: a monitor
//! never reads a record about a person (UU 27/2022), so nothing of theirs is on the device and
//! these come from the server, with a connection. A search narrows 500 agencies to one; the
//! list shows the first hundred. In the later module.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::context::AppContext;
use crate::i18n::{fill, Locale};
use crate::js_codec::property;
use crate::server_api::{self, ServerError};

/// How many offices the list shows at once; the search finds the rest.
const SHOWN: usize = 100;

/// One office on the day asked.
#[derive(Clone)]
struct Row {
    agency: String,
    office: String,
    staff: u32,
    screened: u32,
    checklist: bool,
    score: u32,
}

fn rows(body: &wasm_bindgen::JsValue) -> Option<Vec<Row>> {
    let number = |v: &wasm_bindgen::JsValue, name| property(v, name).as_f64().map(|n| n as u32);
    let offices: js_sys::Array = property(body, "offices").dyn_into().ok()?;
    let mut rows = offices
        .iter()
        .map(|office| {
            let day = js_sys::Array::from(&property(&office, "days")).get(0);
            Some(Row {
                agency: property(&office, "agency_name").as_string()?,
                office: property(&office, "office_name").as_string()?,
                staff: number(&office, "staff")?,
                screened: number(&day, "screened")?,
                checklist: !property(&day, "checklist").is_null(),
                score: number(&day, "score")?,
            })
        })
        .collect::<Option<Vec<Row>>>()?;
    posko_core::order::sort_by_key(&mut rows, |r| r.score);
    Some(rows)
}

/// Where the last figures are kept on the device: counts only, never about a person, so a
/// monitor offline still sees them, with their time (issue #19 item 9).
const KEPT_FIGURES: &str = "posko.figures";

/// The figures as last fetched: the server's reply, the day asked and when it came.
fn keep(body: &wasm_bindgen::JsValue, day: chrono::NaiveDate, at: f64) {
    let kept = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&kept, &"body".into(), body);
    let _ = js_sys::Reflect::set(&kept, &"day".into(), &day.to_string().into());
    let _ = js_sys::Reflect::set(&kept, &"at".into(), &at.into());
    if let (Some(storage), Ok(text)) = (
        web_sys::window().and_then(|w| w.local_storage().ok().flatten()),
        js_sys::JSON::stringify(&kept),
    ) {
        let _ = storage.set_item(KEPT_FIGURES, &String::from(text));
    }
}

/// The figures kept on this device, with the day they are of and when they came.
fn kept() -> Option<(Vec<Row>, chrono::NaiveDate, f64)> {
    let text = web_sys::window()?
        .local_storage()
        .ok()??
        .get_item(KEPT_FIGURES)
        .ok()??;
    let kept = js_sys::JSON::parse(&text).ok()?;
    let day = posko_core::date::parse_ymd(&property(&kept, "day").as_string()?)?;
    Some((rows(&property(&kept, "body"))?, day, property(&kept, "at").as_f64()?))
}

/// What the list shows: fresh figures, or the kept ones with when they came.
#[derive(Clone)]
enum Figures {
    Fresh(Vec<Row>),
    Kept {
        rows: Vec<Row>,
        day: chrono::NaiveDate,
        at: f64,
    },
}

/// `part` of `whole` in percent, rounded down; 0 of nothing is 0.
fn percent(part: u32, whole: u32) -> u32 {
    (part * 100).checked_div(whole).unwrap_or(0)
}

/// The monitor's list of offices for today: fetched again when the connection returns; the last
/// figures kept and shown, with their time, when there is none.
pub fn figures_view(app: AppContext, locale: Locale) -> AnyView {
    let today = crate::device_clock::today(app);
    let token = app.session.with_untracked(|s| s.as_ref().map(|s| s.token.clone()));
    let loaded = crate::view_data::ViewData::new(move || {
        let token = token.clone();
        // Read again whenever the browser's connection comes or goes.
        let online = app.online.get();
        async move {
            let fetched = async {
                let token = token.ok_or(ServerError::Unreachable)?;
                if !online {
                    return Err(ServerError::Unreachable);
                }
                let body = server_api::figures(&token, today, 1).await?;
                let rows = rows(&body).ok_or(ServerError::BrokenReply)?;
                keep(&body, today, js_sys::Date::now());
                Ok(rows)
            };
            match fetched.await {
                Ok(rows) => Ok(Figures::Fresh(rows)),
                Err(ServerError::Unreachable) => match kept() {
                    Some((rows, day, at)) => Ok(Figures::Kept { rows, day, at }),
                    None => Err(ServerError::Unreachable),
                },
                Err(error) => Err(error),
            }
        }
    });
    let search = RwSignal::new(String::new());
    let (t, l) = (locale.strings(), locale.later());
    let list = move || match loaded.get() {
        None => view! { <p class="muted">{t.loading}</p> }.into_any(),
        Some(Err(ServerError::Unreachable)) => view! { <p class="alert">{l.figures_offline}</p> }.into_any(),
        Some(Err(_)) => view! { <p class="alert">{t.login_failed_server}</p> }.into_any(),
        Some(Ok(figures)) => {
            let (all, note) = match figures {
                Figures::Fresh(rows) => (rows, None),
                Figures::Kept { rows, day, at } => {
                    let note = fill(
                        l.figures_kept,
                        &[
                            ("day", &crate::messages::long_date(t, day)),
                            ("time", &crate::messages::time_of(t, at)),
                        ],
                    );
                    (
                        rows,
                        Some(view! { <p class="alert" data-testid="figures-kept">{note}</p> }),
                    )
                }
            };
            let total = all.len();
            let average = all.iter().map(|r| r.score).sum::<u32>() / (total.max(1) as u32);
            let without = all.iter().filter(|r| !r.checklist).count();
            let typed = search.get();
            let words = typed.trim().to_lowercase();
            let found: Vec<&Row> = all
                .iter()
                .filter(|r| words.is_empty() || format!("{} {}", r.agency, r.office).to_lowercase().contains(&words))
                .collect();
            let summary = fill(
                l.figures_summary,
                &[
                    ("offices", &total.to_string()),
                    ("average", &average.to_string()),
                    ("without", &without.to_string()),
                ],
            );
            let shown = if found.is_empty() && !words.is_empty() {
                fill(
                    l.figures_none_found,
                    &[("query", typed.trim()), ("total", &total.to_string())],
                )
            } else {
                fill(
                    l.figures_shown,
                    &[
                        ("shown", &found.len().min(SHOWN).to_string()),
                        ("found", &found.len().to_string()),
                    ],
                )
            };
            let rows = found
                .iter()
                .take(SHOWN)
                .map(|r| {
                    let checklist = if r.checklist { l.figures_with_checklist } else { l.figures_no_checklist };
                    let screened = fill(
                        l.figures_screened_of,
                        &[("screened", &r.screened.to_string()), ("staff", &r.staff.to_string())],
                    );
                    view! {
                        <tr data-testid="figures-row">
                            <td>
                                {r.office.clone()}
                                <small class="muted">{r.agency.clone()}</small>
                                <small class:missing=!r.checklist>{checklist}</small>
                            </td>
                            <td><span class="score">{r.score.to_string()}</span><small class="muted">"/100"</small></td>
                            <td>{format!("{}%", percent(r.screened, r.staff))}<small class="muted">{screened}</small></td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                {note}
                <p data-testid="figures-summary">{summary}</p>
                <p class="muted" data-testid="figures-shown">{shown}</p>
                <table class="figures">
                    <thead><tr>
                        <th>{l.figures_office}</th><th>{l.figures_score}</th><th>{l.figures_screened}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            .into_any()
        }
    };
    view! {
        <section class="card">
            <p class="muted">{l.figures_intro}</p>
            <label class="field">
                <span>{l.figures_search}</span>
                <input type="search" on:input=move |e| search.set(event_target_value(&e)) />
            </label>
            {list}
        </section>
    }
    .into_any()
}
