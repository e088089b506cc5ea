//! The root component: context, router, and the start-up that opens the store and restores the session.

use std::rc::Rc;

use leptos::prelude::*;

use crate::components::{BackLink, SyncStatusBar, TopBar};
use crate::context::AppContext;
use crate::i18n::{fill, provide_i18n};
use crate::later::{self, Later};
use crate::pages::{HomePage, LoginPage, ScreeningPage};
use crate::store::{Store, DEFAULT_DB_NAME};

#[component]
pub fn App() -> impl IntoView {
    let i18n = provide_i18n();
    crate::route::provide_location();
    provide_context(later::Parts(later::view_about));
    let app = AppContext::new(crate::connectivity::online_signal());
    provide_context(app);
    let sync = crate::sync::provide_sync(app);
    let update_ready = crate::update::update_ready_signal();

    leptos::task::spawn_local(async move {
        match Store::open(DEFAULT_DB_NAME).await {
            Ok(store) => {
                match store.session().await {
                    Ok(Some(session)) if session.is_current_at(js_sys::Date::now() as i64) => {
                        app.session.set(Some(session))
                    }
                    Ok(_) => {}
                    Err(error) => app.store_error.set(Some(error.to_string())),
                }
                // Every local change starts a push shortly: no screen has to ask for it.
                store.on_local_change(move || crate::sync::after_local_write(app, sync));
                app.set_store(Rc::new(store));
            }
            Err(error) => app.store_error.set(Some(error.to_string())),
        }
        app.loaded.set(true);
        crate::sync::start(app, sync).await;
    });

    // Once signed in, the phone keeps the modules its role opens for offline use; an employee's
    // once today's screening is on the device or the server (`AppContext::waiting_for_screening`).
    // Asked when online, and again when the connection returns: a first screening saved offline
    // keeps the home area then (the service worker fetches only what it lacks).
    Effect::new(move |_| {
        if let Some(role) = app.session.with(|s| s.as_ref().map(|s| s.user.role)) {
            if !app.waiting_for_screening() && app.online.get() {
                crate::update::precache_areas(later::Area::of(role), i18n.locale());
            }
        }
    });

    view! {
            <TopBar />
            {move || update_ready.get().then(|| later::view(Later::UpdateBanner))}
            <SyncStatusBar />
            {move || {
                app.store_error.get().map(|detail| {
                    view! { <p class="alert error" role="alert">{move || fill(i18n.t().error_storage, &[("detail", &detail)])}</p> }
                })
            }}
            <main class="page">
                {move || {
                    if !app.loaded.get() {
                        return view! { <p class="muted">{move || i18n.t().loading}</p> }.into_any();
                    }
                    view! { <Pages /> }
                    .into_any()
                }}
            </main>
    }
}

/// The screens by path. Every path is flat, so a match on the path is the whole route table;
/// leptos_router's route components would add 12 kB of brotli for matching this needs none of.
#[derive(Clone, Copy, PartialEq)]
enum Screen {
    Home,
    Login,
    Screening,
    History,
    /// `/catatan` and every path under it: the records page reads the rest itself.
    Records,
    /// `/hari-ini`: the Crisis Center's day.
    Today,
    /// `/daftar-periksa`: today's office protocol checklist.
    Checklist,
    /// `/kepatuhan`: compliance by office.
    Compliance,
    /// `/impor-pegawai`: importing a roster file.
    RosterImport,
    /// `/aktivasi`: a new user's first sign-in.
    Activate,
    /// `/rencana-wfo`: the work-from-office plan.
    WfoPlan,
    /// `/pemantauan`: a tracing officer's day.
    Tracing,
    /// `/kasus`: the cases, clusters and chain.
    Cases,
    /// `/domisili`: cases and contacts by residence.
    Residence,
    NotFound,
}

impl Screen {
    fn at(path: &str) -> Screen {
        match path.strip_suffix('/').filter(|p| !p.is_empty()).unwrap_or(path) {
            "/" => Screen::Home,
            "/masuk" => Screen::Login,
            "/skrining" => Screen::Screening,
            "/riwayat" => Screen::History,
            "/catatan" => Screen::Records,
            "/hari-ini" => Screen::Today,
            "/daftar-periksa" => Screen::Checklist,
            "/kepatuhan" => Screen::Compliance,
            "/impor-pegawai" => Screen::RosterImport,
            "/aktivasi" => Screen::Activate,
            "/rencana-wfo" => Screen::WfoPlan,
            "/pemantauan" => Screen::Tracing,
            "/kasus" => Screen::Cases,
            "/domisili" => Screen::Residence,
            p if p.starts_with("/catatan/") => Screen::Records,
            _ => Screen::NotFound,
        }
    }
}

/// The current screen; a new one is built only when the path names another screen (a change
/// of query alone keeps the screen, as it keeps what the user typed).
#[component]
fn Pages() -> impl IntoView {
    let path = crate::route::use_location().pathname;
    let screen = Memo::new(move |_| path.with(|p| Screen::at(p)));
    let page = move || match screen.get() {
        Screen::Home => view! { <HomePage /> }.into_any(),
        Screen::Login => view! { <LoginPage /> }.into_any(),
        Screen::Screening => view! { <ScreeningPage /> }.into_any(),
        Screen::History => later::view(Later::HistoryPage),
        Screen::Records => later::view(Later::RecordsPage),
        Screen::Today => later::view(Later::TodayPage),
        Screen::Checklist => later::view(Later::ChecklistPage),
        Screen::Compliance => later::view(Later::CompliancePage),
        Screen::RosterImport => later::view(Later::RosterImportPage),
        Screen::Activate => later::view(Later::ActivatePage),
        Screen::WfoPlan => later::view(Later::WfoPlanPage),
        Screen::Tracing => later::view(Later::TracingPage),
        Screen::Cases => later::view(Later::CasesPage),
        Screen::Residence => later::view(Later::ResidencePage),
        Screen::NotFound => later::view(Later::NotFoundPage),
    };
    view! { <BackLink /> {page} }
}
