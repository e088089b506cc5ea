//! Screens loaded after the first paint: WebAssembly modules per area, split off at build time.
//!
//! Everything reachable only from one area's constructor is moved by `wasm-split-cli` (run by
//! `tools/build.mjs`) into that area's module, fetched the first time one of its views shows;
//! code two areas share goes into a chunk both fetch. An employee's phone therefore loads the
//! sign-in and screening screens first, then the home area, and never the Crisis Center's or
//! the monitor's screens. Once a user has signed in, the service worker precaches the areas
//! their role uses (`precache_areas`), so they show offline too.
//!
//! A view belongs here when a user does not need it to sign in and submit a screening; its
//! area is the role that uses it ([`Later::area`]), so adding a view touches this file only.

use leptos::prelude::*;

use crate::components::{Hotline, StorageNote, UpdateBanner};
use crate::i18n::{use_i18n, Words};
use crate::pages::{
    ActivatePage, AlertCase, CallsToday, CaseContacts, CaseHistory, CasesPage, ChecklistPage, CompliancePage,
    HistoryPage, HomeCards, HomeToday, NotFoundPage, PersonCases, RecordsPage, ResidencePage, RoleTools,
    RosterImportPage, SavedScreeningSyncState, TodayPage, TracingPage, WfoPlanPage,
};

/// The views in the later module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Later {
    /// The employee's whole screening history.
    HistoryPage,
    /// The top of the home once the day's screening is done, and every other role's: the day's
    /// result and what follows it.
    HomeToday,
    /// The home's cards below its top: recent screenings, the call center, the device note.
    HomeCards,
    /// On the screening's result: where the screening just saved stands with the server.
    SavedScreeningSyncState,
    /// The records on the device, of any declared kind (`/catatan/...`).
    RecordsPage,
    /// The Crisis Center's day: suspect alerts and who has not screened (`/hari-ini`).
    TodayPage,
    /// Today's office protocol checklist (`/daftar-periksa`).
    ChecklistPage,
    /// Compliance by office, with the 30-day trend (`/kepatuhan`).
    CompliancePage,
    /// Importing an office's roster from a CSV file (`/impor-pegawai`).
    RosterImportPage,
    /// A new user's first sign-in with an activation code (`/aktivasi`).
    ActivatePage,
    /// The home screen's part for a role other than the employee: what it does, and its tools.
    RoleTools,
    /// The work-from-office plan of an office's day (`/rencana-wfo`).
    WfoPlanPage,
    /// A tracing officer's day: the close contacts to follow up today (`/pemantauan`).
    TracingPage,
    /// The cases, their office clusters and chain, and the follow-up completed (`/kasus`).
    CasesPage,
    /// Cases and contacts by where they live, for the camat and the lurah (`/domisili`).
    ResidencePage,
    /// On the home of the health team: the day's calls to the call center.
    CallsToday,
    /// On an alert of the day's page, for the health team: its case, or a button to open one.
    AlertCase,
    /// Under a case on its page: its status history, from the server.
    CaseHistory,
    /// Under a case on its page: its close contacts, and a co-worker listed in two taps.
    CaseContacts,
    /// On a roster person's page, for the health team: their cases.
    PersonCases,
    /// A path no screen knows.
    NotFoundPage,
    /// "New version available": shown only when one waits.
    UpdateBanner,
    /// The storage warning or advice, shown only when there is one.
    StorageNote,
    /// The button to the office's Crisis Center call center (the national line where none is
    /// set, or where this area cannot load).
    Hotline,
}

/// The modules the later views are split into, one per area of work: what a role never
/// opens, its phone never fetches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    /// Every signed-in user's: the home's parts, the history, the notes, signing
    /// out and the loaders of words (`split_home`).
    Home,
    /// The Crisis Center's screens: the day's alerts, the records, the checklist, the roster
    /// import, the work-from-office plan (`split_center`).
    Center,
    /// Compliance by office and the monitors' figures, and the tools on the home of every role
    /// but the employee's, which all take this area (`split_monitoring`).
    Monitoring,
    /// A new user's first sign-in with an activation code (`split_activation`): once per
    /// person, and online only, so no role keeps it and no signed-in phone fetches it.
    Activation,
    /// Cases and contact tracing (issue #20): the tracer's day (`split_tracing`), for the roles
    /// that read the health kinds (`Access::Health`), with the health kinds' names.
    Tracing,
}

impl Area {
    /// The name the build gives the area's module and the service worker its files under.
    pub fn name(self) -> &'static str {
        match self {
            Area::Home => "home",
            Area::Center => "center",
            Area::Monitoring => "monitoring",
            Area::Activation => "activation",
            Area::Tracing => "tracing",
        }
    }

    /// The areas a role uses, which its phone keeps for offline use once signed in. An
    /// employee reads a violation through the records page (`Center`) only when one names
    /// them, and fetches it then (`ViolationsLink`).
    pub fn of(role: posko_core::Role) -> &'static [Area] {
        use posko_core::Role;
        match role {
            Role::Employee => &[Area::Home],
            Role::Monitor => &[Area::Home, Area::Monitoring],
            Role::ProtocolOfficer => &[Area::Home, Area::Center, Area::Monitoring],
            Role::TracingOfficer | Role::CrisisAdmin | Role::Ppk => {
                &[Area::Home, Area::Center, Area::Monitoring, Area::Tracing]
            }
        }
    }
}

impl Later {
    /// The module the view is in.
    pub fn area(self) -> Area {
        match self {
            Later::HistoryPage
            | Later::HomeToday
            | Later::HomeCards
            | Later::SavedScreeningSyncState
            | Later::NotFoundPage
            | Later::UpdateBanner
            | Later::StorageNote
            | Later::Hotline => Area::Home,
            Later::RecordsPage
            | Later::TodayPage
            | Later::ChecklistPage
            | Later::RosterImportPage
            | Later::WfoPlanPage => Area::Center,
            // The tools on a home of every role but the employee's: with the figures, in the
            // one area every such role takes and an employee's phone never fetches.
            Later::CompliancePage | Later::RoleTools => Area::Monitoring,
            Later::ActivatePage => Area::Activation,
            Later::TracingPage
            | Later::CasesPage
            | Later::ResidencePage
            | Later::CallsToday
            | Later::AlertCase
            | Later::CaseHistory
            | Later::CaseContacts
            | Later::PersonCases => Area::Tracing,
        }
    }

    /// A note beside a screen rather than a screen or a part of one.
    fn is_note(self) -> bool {
        matches!(
            self,
            Later::UpdateBanner
                | Later::StorageNote
                | Later::HomeCards
                | Later::SavedScreeningSyncState
                | Later::CallsToday
                | Later::AlertCase
                | Later::PersonCases
        )
    }
}

/// The waits before a later view that failed to load just after the connection returned is
/// loaded again (`view`), in milliseconds.
const RETRIES_AFTER_RETURN: [u32; 2] = [1_000, 3_000];

/// The later module could not be fetched (offline before the service worker had it).
pub struct NotLoaded;

impl From<leptos::wasm_split::SplitLoaderError> for NotLoaded {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        NotLoaded
    }
}

/// A view's constructor, from its area's module.
async fn constructor(view: Later) -> Result<Construct, NotLoaded> {
    let construct = match view.area() {
        Area::Home => home_views().await?,
        Area::Center => center_views().await?,
        Area::Monitoring => monitoring_views().await?,
        Area::Activation => activation_views().await?,
        Area::Tracing => tracing_views().await?,
    };
    link_styles(view.area());
    Ok(construct(view))
}

/// Each area's constructors: `fallible`, so a failed fetch is an `Err` to show, not an abort of
/// the whole app (which is what a panic is in this build). A constructor, not a view, crosses
/// the split: the main module keeps it in a signal and calls it like any component. A view of
/// another area is never asked of it (`constructor` picks by `Later::area`); it would be empty.
type Constructors = fn(Later) -> Construct;

/// A view's constructor: given the record a part is about (`view_about`; empty for a screen).
type Construct = fn(&str) -> AnyView;

#[leptos::wasm_split::wasm_split(home, wasm_split_path = ::leptos::wasm_split, fallible)]
fn home_views() -> Result<Constructors, NotLoaded> {
    Ok(|view| match view {
        Later::HistoryPage => |_| view! { <HistoryPage /> }.into_any(),
        Later::HomeToday => |_| view! { <HomeToday /> }.into_any(),
        Later::HomeCards => |_| view! { <HomeCards /> }.into_any(),
        Later::SavedScreeningSyncState => |_| view! { <SavedScreeningSyncState /> }.into_any(),
        Later::UpdateBanner => |_| view! { <UpdateBanner /> }.into_any(),
        Later::NotFoundPage => |_| view! { <NotFoundPage /> }.into_any(),
        Later::StorageNote => |_| view! { <StorageNote /> }.into_any(),
        Later::Hotline => |_| view! { <Hotline /> }.into_any(),
        _ => |_| ().into_any(),
    })
}

#[leptos::wasm_split::wasm_split(center, wasm_split_path = ::leptos::wasm_split, fallible)]
fn center_views() -> Result<Constructors, NotLoaded> {
    Ok(|view| match view {
        Later::RecordsPage => |_| view! { <RecordsPage /> }.into_any(),
        Later::TodayPage => |_| view! { <TodayPage /> }.into_any(),
        Later::ChecklistPage => |_| view! { <ChecklistPage /> }.into_any(),
        Later::RosterImportPage => |_| view! { <RosterImportPage /> }.into_any(),
        Later::WfoPlanPage => |_| view! { <WfoPlanPage /> }.into_any(),
        _ => |_| ().into_any(),
    })
}

#[leptos::wasm_split::wasm_split(activation, wasm_split_path = ::leptos::wasm_split, fallible)]
fn activation_views() -> Result<Constructors, NotLoaded> {
    Ok(|view| match view {
        Later::ActivatePage => |_| view! { <ActivatePage /> }.into_any(),
        _ => |_| ().into_any(),
    })
}

#[leptos::wasm_split::wasm_split(tracing, wasm_split_path = ::leptos::wasm_split, fallible)]
fn tracing_views() -> Result<Constructors, NotLoaded> {
    Ok(|view| match view {
        Later::TracingPage => |_| view! { <TracingPage /> }.into_any(),
        Later::CasesPage => |_| view! { <CasesPage /> }.into_any(),
        Later::ResidencePage => |_| view! { <ResidencePage /> }.into_any(),
        Later::CallsToday => |_| view! { <CallsToday /> }.into_any(),
        Later::AlertCase => |screening| view! { <AlertCase screening=screening.to_owned() /> }.into_any(),
        Later::CaseHistory => |case| view! { <CaseHistory case=case.to_owned() /> }.into_any(),
        Later::CaseContacts => |case| view! { <CaseContacts case=case.to_owned() /> }.into_any(),
        Later::PersonCases => |person| view! { <PersonCases person=person.to_owned() /> }.into_any(),
        _ => |_| ().into_any(),
    })
}

#[leptos::wasm_split::wasm_split(monitoring, wasm_split_path = ::leptos::wasm_split, fallible)]
fn monitoring_views() -> Result<Constructors, NotLoaded> {
    Ok(|view| match view {
        Later::CompliancePage => |_| view! { <CompliancePage /> }.into_any(),
        Later::RoleTools => |_| view! { <RoleTools /> }.into_any(),
        _ => |_| ().into_any(),
    })
}

/// Links the later views' styles into the page, once each: the home area's (`style/home.css`,
/// copied to `/home.css` by the build and kept with the home area, which every signed-in user
/// keeps), and for any other area's views also the rest (`/later.css`), so an employee's phone
/// never fetches the Crisis Center's and the monitor's styles. They load with the modules, not
/// with the first screens.
fn link_styles(area: Area) {
    link_style("home-css", "/home.css");
    if area != Area::Home {
        link_style("later-css", "/later.css");
    }
}

fn link_style(id: &str, href: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if document.get_element_by_id(id).is_some() {
        return;
    }
    if let (Ok(link), Some(head)) = (document.create_element("link"), document.head()) {
        link.set_id(id);
        let _ = link.set_attribute("rel", "stylesheet");
        let _ = link.set_attribute("href", href);
        let _ = head.append_child(&link);
    }
}

/// Loads a locale's messages (`i18n::load`), a future boxed so its code stays in this module.
pub type LocaleLoader = fn(crate::i18n::Locale) -> std::pin::Pin<Box<dyn std::future::Future<Output = bool>>>;

/// The loader of other languages: only a user who switches language needs it.
#[leptos::wasm_split::wasm_split(home, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn locale_loader() -> Result<LocaleLoader, NotLoaded> {
    Ok(|locale| Box::pin(crate::i18n::load(locale)))
}

/// Loads one table of the later views' messages in a locale (`i18n::load_words`).
pub type WordsLoader =
    fn(crate::i18n::Locale, crate::i18n::Words) -> std::pin::Pin<Box<dyn std::future::Future<Output = bool>>>;

/// The loader of the later views' messages, with the views' code.
#[leptos::wasm_split::wasm_split(home, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn words_loader() -> Result<WordsLoader, NotLoaded> {
    Ok(|locale, words| Box::pin(crate::i18n::load_words(locale, words)))
}

/// What follows a push (`sync::after_push`) when the server refused changes for a clock ahead
/// of its own: those changes stamped again. A future boxed so its code stays in this module.
pub type Restamp = fn(
    std::rc::Rc<crate::store::Store>,
    Vec<u64>,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), crate::sync::SyncError>>>>;

/// Only a device whose clock ran ahead of the server's needs it.
#[leptos::wasm_split::wasm_split(home, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn restamp() -> Result<Restamp, NotLoaded> {
    Ok(|store, clock_ahead| {
        Box::pin(async move {
            store.restamp(&clock_ahead).await?;
            Ok(())
        })
    })
}

/// Sending the photos waiting (`sync::photos`), once their records are sent: how many went up.
pub type UploadPhotos = fn(
    std::rc::Rc<crate::store::Store>,
    String,
)
    -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<u32, crate::sync::SyncError>>>>;

/// Photos are evidence the Crisis Center takes (checklists, violations): their upload is in its
/// area, never on an employee's or a monitor's phone (it was 8 kB of the home area).
#[leptos::wasm_split::wasm_split(center, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn upload_photos() -> Result<UploadPhotos, NotLoaded> {
    Ok(|store, token| Box::pin(crate::sync::photos::upload_all(store, token)))
}

/// The pull that follows a push (`sync::engine::pull`), a future boxed so its code stays in the
/// home area: the store, the session, and whom to tell of stored pages and of progress.
pub type Pull =
    for<'a> fn(
        &'a crate::store::Store,
        &'a posko_core::api::LoginResponse,
        &'a dyn Fn(),
        &'a dyn Fn(crate::sync::engine::Progress),
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), crate::sync::SyncError>> + 'a>>;

/// Receiving the server's changes: no one needs it to sign in and send a screening, and every
/// signed-in user's home loads this module anyway.
#[leptos::wasm_split::wasm_split(home, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn pull() -> Result<Pull, NotLoaded> {
    Ok(|store, session, on_change, on_progress| {
        Box::pin(crate::sync::engine::pull(store, session, on_change, on_progress))
    })
}

/// Signs out after asking about unsent changes (`session`): `true` when the user went ahead.
pub type SignOut = fn(crate::context::AppContext, &'static crate::i18n::Strings, u32) -> bool;

/// Signing out: no employee needs it to sign in and screen.
#[leptos::wasm_split::wasm_split(home, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn sign_out_flow() -> Result<SignOut, NotLoaded> {
    Ok(|app, t, pending| {
        let go = crate::session::confirm_sign_out(t, pending);
        if go {
            crate::session::sign_out(app);
        }
        go
    })
}

/// The view, once its module is here (nothing before: a moment, or none once loaded); or a
/// notice that it cannot show yet, with a retry, tried again by itself when the connection
/// returns.
pub fn view(later: Later) -> AnyView {
    view_about(later, String::new())
}

/// How a screen of one area shows a part from another area's module (`view_about`): through
/// the app's context (`part_about`), so the screen names no area's loader and what links the
/// screen alone (a browser test of its parts) links none of them, nor their placeholders.
#[derive(Clone, Copy)]
pub struct Parts(pub fn(Later, String) -> AnyView);

/// A part about one record from another area's module, through the app's `Parts`; nothing
/// where the app did not provide them.
pub fn part_about(later: Later, subject: String) -> Option<AnyView> {
    use_context::<Parts>().map(|parts| (parts.0)(later, subject))
}

/// A part of a screen about one record (`subject`: the alert whose case it shows), from its
/// area's module, as `view` shows a view.
pub fn view_about(later: Later, subject: String) -> AnyView {
    let i18n = use_i18n();
    let loaded = RwSignal::new(None::<Result<Construct, ()>>);
    // The view and its messages in the user's language (`i18n::load_words`), both before it
    // shows: the home area's table for its views, both tables for every other area's (whose
    // views may show a home view's words, a record's standing for one).
    let tables: &[Words] = if later.area() == Area::Home {
        &[Words::Home]
    } else {
        &[Words::Home, Words::Later]
    };
    let load = move || {
        leptos::task::spawn_local(async move {
            let view = constructor(later).await.map_err(|NotLoaded| ());
            let words_here = match words_loader().await {
                // The language can change while its words load (a saved language is set once
                // its first screens' messages arrive, and was then judged ready because no
                // later words were in use yet): load until they are the language now shown.
                // Seen as an empty heading in the walk of every screen (screens.spec.ts).
                Ok(load) => 'language: loop {
                    let locale = i18n.locale_untracked();
                    for &words in tables {
                        if !load(locale, words).await {
                            break 'language false;
                        }
                    }
                    if i18n.locale_untracked() == locale {
                        break true;
                    }
                },
                Err(NotLoaded) => false,
            };
            loaded.set(Some(view.and_then(|view| if words_here { Ok(view) } else { Err(()) })));
        })
    };
    load();
    // One that could not load offline (a first screening saved offline, before its home's day
    // was kept) loads when the connection returns, without a tap: while it has failed, its
    // drawing follows `online`, and a return from offline loads again. A phone says it is
    // online a moment before requests go through (seen in CI: the load at the `online` event
    // failed, and the notice stayed), so a load that fails just after the return is tried again
    // after 1 s and 3 s; a failure after that, or online from the start (say a module the
    // server does not have), waits for the tap.
    let online = crate::context::use_app().online;
    let mut seen_offline = false;
    let mut tries_since_return = RETRIES_AFTER_RETURN.len();
    (move || {
        let outcome = loaded.get();
        if matches!(outcome, Some(Err(()))) {
            if !online.get() {
                seen_offline = true;
            } else if std::mem::take(&mut seen_offline) {
                tries_since_return = 0;
                load();
            } else if let Some(&delay_ms) = RETRIES_AFTER_RETURN.get(tries_since_return) {
                tries_since_return += 1;
                gloo::timers::callback::Timeout::new(delay_ms, load).forget();
            }
        }
        match outcome {
            None => ().into_any(),
            Some(Ok(construct)) => construct(&subject),
            // A note beside the screen (the update banner, the storage advice) is left out rather
            // than replaced by a notice: the screen's own notice says it once.
            Some(Err(())) if later.is_note() => ().into_any(),
            // Someone told to stay home always has a number to call.
            Some(Err(())) if later == Later::Hotline => crate::components::national_hotline().into_any(),
            Some(Err(())) => {
                let t = i18n.t();
                view! {
                    <p class="alert" role="alert">
                        {t.later_not_loaded} " " {t.later_not_loaded_hint} " "
                        <button class="button" on:click=move |_| load()>{t.try_again}</button>
                    </p>
                    // The home whose day cannot show still gives a number to call.
                    {(later == Later::HomeToday).then(crate::components::national_hotline)}
                }
                .into_any()
            }
        }
    })
    .into_any()
}
