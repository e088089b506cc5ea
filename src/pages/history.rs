//! The employee's own screening history, read from the device.

use leptos::prelude::*;
use posko_core::date::{format_dmy, format_ymd};
use posko_core::ScreeningResult;

use super::signed_in;
use crate::components::form::alert;
use crate::i18n::{fill, use_i18n, Locale};
use crate::messages;
use crate::session::use_app;
use crate::store::{LocalScreening, SyncState};

/// What a page shows of the user's screenings: not read yet, read, or the store's error.
pub type Loaded = Option<Result<Vec<LocalScreening>, String>>;

/// Starts reading the signed-in user's screenings from the device.
pub fn load_my_screenings() -> RwSignal<Loaded> {
    let app = use_app();
    let loaded = RwSignal::new(None);
    let employee = app.user().map(|u| u.id);
    leptos::task::spawn_local(async move {
        let result = match (crate::app::store(), employee) {
            (Some(store), Some(employee)) => store.screenings_of(&employee).await.map_err(|e| e.to_string()),
            _ => Ok(Vec::new()),
        };
        loaded.set(Some(result));
    });
    loaded
}

/// The list, at most `limit` entries, or the loading/empty/error state.
pub fn screening_list(locale: Locale, loaded: &Loaded, limit: usize) -> AnyView {
    let t = locale.strings();
    match loaded {
        None => view! { <p class="muted">{t.loading}</p> }.into_any(),
        Some(Err(error)) => alert(fill(t.error_storage, &[("detail", error)])),
        Some(Ok(list)) if list.is_empty() => view! { <p class="muted">{t.history_empty}</p> }.into_any(),
        Some(Ok(list)) => view! {
            <ul class="history" data-testid="screening-history">
                {list.iter().take(limit).map(|s| history_item(locale, s)).collect_view()}
            </ul>
        }
        .into_any(),
    }
}

fn history_item(locale: Locale, screening: &LocalScreening) -> impl IntoView {
    let t = locale.strings();
    let record = &screening.record;
    let (verdict, reasons) = match &record.result {
        ScreeningResult::FitForOffice => (t.result_fit, None),
        ScreeningResult::StayHomeAndReport { reasons } => (t.result_stay_home, Some(messages::reasons(t, reasons))),
    };
    view! {
        <li class="history-item" class:stay-home=!record.result.is_fit()>
            <div class="history-head">
                <time datetime=format_ymd(record.date)>{format_dmy(record.date)}</time>
                <span class="temperature">{messages::temperature(locale, record.temperature_decicelsius)}</span>
            </div>
            <strong class="verdict">{verdict}</strong>
            {reasons.map(|text| view! { <span class="reasons">{text}</span> })}
            {(screening.sync == SyncState::Pending).then(|| view! { <span class="badge">{t.history_pending}</span> })}
        </li>
    }
}

#[component]
pub fn HistoryPage() -> impl IntoView {
    signed_in(|| {
        let i18n = use_i18n();
        let loaded = load_my_screenings();
        (move || {
            let locale = i18n.locale();
            view! {
                <section class="card">
                    <h1>{locale.strings().history_title}</h1>
                    {move || loaded.with(|l| screening_list(locale, l, usize::MAX))}
                </section>
            }
        })
        .into_any()
    })
}
