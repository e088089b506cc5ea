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

/// The monitor's list of offices for today.
pub fn figures_view(app: AppContext, locale: Locale) -> AnyView {
    let today = crate::device_clock::today(app);
    let token = app.session.with_untracked(|s| s.as_ref().map(|s| s.token.clone()));
    let loaded = crate::view_data::ViewData::new(move || {
        let token = token.clone();
        async move {
            let token = token.ok_or(ServerError::Unreachable)?;
            let body = server_api::figures(&token, today, 1).await?;
            rows(&body).ok_or(ServerError::BrokenReply)
        }
    });
    let search = RwSignal::new(String::new());
    let (t, l) = (locale.strings(), locale.later());
    let list = move || match loaded.get() {
        None => view! { <p class="muted">{t.loading}</p> }.into_any(),
        Some(Err(ServerError::Unreachable)) => view! { <p class="alert">{l.figures_offline}</p> }.into_any(),
        Some(Err(_)) => view! { <p class="alert">{t.login_failed_server}</p> }.into_any(),
        Some(Ok(all)) => {
            let total = all.len();
            let average = all.iter().map(|r| r.score).sum::<u32>() / (total.max(1) as u32);
            let without = all.iter().filter(|r| !r.checklist).count();
            let words = search.get().to_lowercase();
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
            let shown = fill(
                l.figures_shown,
                &[
                    ("shown", &found.len().min(SHOWN).to_string()),
                    ("found", &found.len().to_string()),
                ],
            );
            let rows = found
                .iter()
                .take(SHOWN)
                .map(|r| {
                    view! {
                        <tr data-testid="figures-row">
                            <td>{r.office.clone()} <small class="muted">{r.agency.clone()}</small></td>
                            <td class="score">{r.score.to_string()}</td>
                            <td>{format!("{}/{}", r.screened, r.staff)}</td>
                            <td>{if r.checklist { l.yes } else { l.no }}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <p data-testid="figures-summary">{summary}</p>
                <p class="muted">{shown}</p>
                <table class="figures">
                    <thead><tr>
                        <th>{l.figures_office}</th><th>{l.figures_score}</th>
                        <th>{l.figures_screened}</th><th>{l.figures_checklist}</th>
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
