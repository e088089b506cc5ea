//! The employee's own screening history, read from the device, with each record's sync state.

use std::sync::Arc;

use leptos::prelude::*;
use posko_core::date::format_ymd;
use posko_core::kit::KindDecl;
use posko_core::{Screening, ScreeningResult, SCREENING};

use super::signed_in;
use crate::components::form::alert;
use crate::context::use_app;
use crate::generic::labels::{self, KindLabels};
use crate::i18n::{use_i18n, Locale};
use crate::messages;
use crate::store::{StoreError, SyncState, Typed};
use crate::sync::use_sync;

/// What a page shows of the user's screenings: not read yet, read, or the store's error.
pub type Loaded = Option<Result<Vec<Typed<Screening>>, StoreError>>;

/// Reads the signed-in user's screenings from the device, newest first, and reads them again
/// whenever a sync run changes local records.
pub fn load_my_screenings() -> RwSignal<Loaded> {
    let app = use_app();
    let sync = use_sync();
    let loaded = RwSignal::new(None);
    let employee = app.user().map(|u| u.id);
    Effect::new(move |_| {
        sync.revision.track();
        let employee = employee.clone();
        leptos::task::spawn_local(async move {
            let result = match (app.store(), employee) {
                (Some(store), Some(employee)) => store.records_of::<Screening>(&employee).await.map(newest_first),
                _ => Ok(Vec::new()),
            };
            loaded.set(Some(result));
        });
    });
    loaded
}

/// Sorts by date, then time recorded, newest first. An insertion sort: one person's history is
/// short, and this is the app's only sort, so std's would add its routine (3 kB) for this list.
fn newest_first(mut list: Vec<Typed<Screening>>) -> Vec<Typed<Screening>> {
    let key = |s: &Typed<Screening>| (s.value.date, s.value.recorded_at);
    for i in 1..list.len() {
        let mut j = i;
        while j > 0 && key(&list[j - 1]) < key(&list[j]) {
            list.swap(j - 1, j);
            j -= 1;
        }
    }
    list
}

/// The names of kinds and fields in the user's language (a refusal names its field by them),
/// the declarations' own words until they are here. Fetched only once a refused screening is
/// in the list: an employee's phone whose screenings went through never needs them (1.4 kB).
fn names_of_kinds(loaded: RwSignal<Loaded>) -> impl Fn() -> std::sync::Arc<KindLabels> + Copy {
    let i18n = use_i18n();
    let names = crate::view_data::ViewData::new(move || {
        let refused = loaded.with(
            |list| matches!(list, Some(Ok(list)) if list.iter().any(|s| matches!(s.sync, SyncState::Refused(_)))),
        );
        let locale = i18n.locale();
        async move {
            if refused {
                labels::load(locale).await
            } else {
                None
            }
        }
    });
    move || names.get().flatten().unwrap_or_else(labels::fallback)
}

/// The list, at most `limit` entries, or the loading/empty/error state.
pub fn screening_list(locale: Locale, names: &KindLabels, loaded: &Loaded, limit: usize) -> AnyView {
    let t = locale.strings();
    let l = locale.home();
    match loaded {
        None => view! { <p class="muted">{t.loading}</p> }.into_any(),
        Some(Err(error)) => alert(messages::store_error(t, error)),
        Some(Ok(list)) if list.is_empty() => view! { <p class="muted">{l.history_empty}</p> }.into_any(),
        Some(Ok(list)) => view! {
            <ul class="history" data-testid="screening-history">
                {list.iter().take(limit).map(|s| history_item(locale, names, s)).collect_view()}
            </ul>
        }
        .into_any(),
    }
}

/// A record's sync state; a refusal names the field at fault as `kind`'s translations do.
pub(crate) fn sync_badge(locale: Locale, names: &KindLabels, kind: &KindDecl, sync: &SyncState) -> impl IntoView {
    let l = locale.home();
    let (class, text) = match sync {
        SyncState::Pending => ("badge", l.history_pending.to_owned()),
        SyncState::Synced => ("badge ok", l.record_synced.to_owned()),
        SyncState::Refused(rejection) => (
            "badge refused",
            messages::refusal(locale, rejection, &|field| names.field_named(kind, field)),
        ),
    };
    view! { <span class=class data-testid="sync-state">{text}</span> }
}

/// One record's sync state, shown where it was made: waiting, sent, or refused with the reason,
/// read again after every sync (issue #19 item 4); `names` name a refused field. Nothing until
/// the record is saved.
#[component]
pub fn RecordSyncState(
    kind: &'static KindDecl,
    record_id: Signal<Option<String>>,
    names: Arc<KindLabels>,
) -> impl IntoView {
    let app = use_app();
    let sync = use_sync();
    let i18n = use_i18n();
    let state = crate::view_data::ViewData::new(move || {
        sync.revision.track();
        let id = record_id.get();
        async move { app.store()?.record(&id?).await.ok().flatten().map(|local| local.sync) }
    });
    move || {
        state
            .get()
            .flatten()
            .map(|sync| sync_badge(i18n.locale(), &names, kind, &sync))
    }
}

/// The sync state of the screening just saved (`SavedScreening` in the page's context), on its
/// result card: the form is in the first module, this part in the home area, which reads the
/// user's screenings as the history does.
#[component]
pub fn SavedScreeningSyncState() -> impl IntoView {
    let saved = use_context::<crate::pages::SavedScreening>().map(|s| s.0);
    let loaded = load_my_screenings();
    let names = names_of_kinds(loaded);
    let i18n = use_i18n();
    move || {
        let id = saved.and_then(|s| s.get())?;
        loaded.with(|list| {
            let screening = list.as_ref()?.as_ref().ok()?.iter().find(|s| s.value.id == id)?;
            Some(sync_badge(i18n.locale(), &names(), &SCREENING, &screening.sync))
        })
    }
}

fn history_item(locale: Locale, names: &KindLabels, item: &Typed<Screening>) -> impl IntoView {
    let t = locale.strings();
    let l = locale.home();
    let record = &item.value;
    let result = record.result();
    let (verdict, reasons) = match &result {
        ScreeningResult::FitForOffice => (t.result_fit, None),
        ScreeningResult::StayHomeAndReport { reasons } => (t.result_stay_home, Some(messages::reasons(t, reasons))),
    };
    let fit = result.is_fit();
    let refused = matches!(item.sync, SyncState::Refused(_));
    let id = record.id.clone();
    let sync = use_sync();
    let app = crate::context::use_app();
    view! {
        <li class="history-item" class:stay-home=!fit data-record-id=record.id.clone()>
            <div class="history-head">
                <time datetime=format_ymd(record.date)>{crate::messages::short_date(t, record.date)}</time>
                // Two screenings of one day differ by the time they were recorded.
                <time class="muted">{crate::device_clock::local_time(record.recorded_at.timestamp_millis() as f64)}</time>
                <span class="temperature">{messages::temperature(locale, record.temperature_decicelsius)}</span>
            </div>
            <strong class="verdict">{verdict}</strong>
            {reasons.map(|text| view! { <span class="reasons">{text}</span> })}
            <div class="history-actions">
                {sync_badge(locale, names, &SCREENING, &item.sync)}
                <a class="link" href=format!("/skrining?ubah={}", record.id)>{l.record_edit}</a>
                {refused.then(|| view! {
                    <button class="link-button" on:click=move |_| discard(locale, app, id.clone(), sync)>{l.record_discard}</button>
                })}
            </div>
        </li>
    }
}

/// The user's explicit choice to drop a record the server refused; nothing else deletes one.
fn discard(locale: Locale, app: crate::context::AppContext, id: String, sync: crate::sync::SyncStatus) {
    let confirmed = web_sys::window()
        .and_then(|w| w.confirm_with_message(locale.home().record_discard_confirm).ok())
        .unwrap_or(false);
    if !confirmed {
        return;
    }
    leptos::task::spawn_local(async move {
        if let Some(store) = app.store() {
            if store.discard_refused(&id).await.unwrap_or(false) {
                sync.revision.update(|r| *r += 1);
            }
        }
    });
}

#[component]
pub fn HistoryPage() -> impl IntoView {
    signed_in(|| {
        let i18n = use_i18n();
        let loaded = load_my_screenings();
        let names = names_of_kinds(loaded);
        (move || {
            let locale = i18n.locale();
            view! {
                <section class="card">
                    <h1>{locale.strings().history_title}</h1>
                    {move || loaded.with(|l| screening_list(locale, &names(), l, usize::MAX))}
                </section>
            }
        })
        .into_any()
    })
}

/// The home screen's last five screenings (loaded after the home screen: see `later.rs`).
#[component]
pub fn RecentScreenings() -> impl IntoView {
    let i18n = use_i18n();
    let loaded = load_my_screenings();
    let names = names_of_kinds(loaded);
    move || loaded.with(|l| screening_list(i18n.locale(), &names(), l, 5))
}
