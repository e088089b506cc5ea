//! The employee's own screening history, read from the device.

use leptos::prelude::*;
use posko_core::screening::format_decicelsius;
use posko_core::ScreeningResult;

use super::signed_in;
use crate::i18n::*;
use crate::messages;
use crate::session::use_app;
use crate::store::{LocalScreening, SyncState};

/// Reads the signed-in user's screenings; re-reads whenever `refresh` changes.
pub fn my_screenings(refresh: impl Fn() + Send + Sync + 'static) -> LocalResource<Result<Vec<LocalScreening>, String>> {
    let app = use_app();
    LocalResource::new(move || {
        refresh();
        let employee = app.user().map(|u| u.id);
        async move {
            let (Some(store), Some(employee)) = (crate::app::store(), employee) else { return Ok(Vec::new()) };
            store.screenings_of(&employee).await.map_err(|e| e.to_string())
        }
    })
}

#[component]
pub fn ScreeningList(screenings: Vec<LocalScreening>) -> impl IntoView {
    let i18n = use_i18n();
    if screenings.is_empty() {
        return view! { <p class="muted">{t!(i18n, history_empty)}</p> }.into_any();
    }
    view! {
        <ul class="history" data-testid="screening-history">
            {screenings
                .into_iter()
                .map(|s| {
                    let fit = s.record.result.is_fit();
                    let reasons = match &s.record.result {
                        ScreeningResult::FitForOffice => Vec::new(),
                        ScreeningResult::StayHomeAndReport { reasons } => reasons.clone(),
                    };
                    let temperature = s.record.temperature_decicelsius;
                    let date = s.record.date;
                    let pending = s.sync == SyncState::Pending;
                    view! {
                        <li class="history-item" class:stay-home=!fit>
                            <div class="history-head">
                                <time datetime=date.to_string()>{date.format("%d-%m-%Y").to_string()}</time>
                                <span class="temperature">
                                    {move || {
                                        let sep = if i18n.get_locale() == Locale::id { ',' } else { '.' };
                                        format!("{} °C", format_decicelsius(temperature, sep))
                                    }}
                                </span>
                            </div>
                            <strong class="verdict">
                                {move || if fit { t_string!(i18n, result_fit) } else { t_string!(i18n, result_stay_home) }}
                            </strong>
                            {(!reasons.is_empty()).then(|| {
                                let reasons = reasons.clone();
                                view! {
                                    <span class="reasons">
                                        {move || {
                                            let locale = i18n.get_locale();
                                            reasons.iter().map(|r| messages::reason(locale, *r)).collect::<Vec<_>>().join(", ")
                                        }}
                                    </span>
                                }
                            })}
                            {pending.then(|| view! { <span class="badge">{t!(i18n, history_pending)}</span> })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub fn HistoryPage() -> impl IntoView {
    signed_in(|| {
        let i18n = use_i18n();
        let screenings = my_screenings(|| ());
        view! {
            <section class="card">
                <h1>{t!(i18n, history_title)}</h1>
                <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
                    {move || {
                        screenings.get().map(|result| match result {
                            Ok(list) => view! { <ScreeningList screenings=list /> }.into_any(),
                            Err(error) => view! { <p class="alert error" role="alert">{error}</p> }.into_any(),
                        })
                    }}
                </Suspense>
            </section>
        }
    })
}
