//! When sync runs and what the UI sees of it: the status signals, and the triggers (start,
//! `online`, the page becoming visible, shortly after each local write, the user's midnight, and
//! a backoff timer while anything is pending). Only one run at a time; a trigger during a run
//! queues one more.

pub mod engine;
pub mod photos;
pub mod storage;

use std::cell::{Cell, RefCell};

use gloo::timers::callback::Timeout;
use leptos::prelude::*;

use crate::context::AppContext;
pub use engine::SyncError;

/// Everything the UI shows about sync.
#[derive(Clone, Copy)]
pub struct SyncStatus {
    /// The signed-in user's changes waiting in the outbox (not another user's of a shared
    /// phone); `None` until counted, so the strip never claims "all sent" before it knows.
    pub pending: RwSignal<Option<u32>>,
    /// Changes on this device the server refused (kept, with why, until fixed or discarded):
    /// the strip counts them rather than saying all was sent.
    pub refused: RwSignal<Option<u32>>,
    /// Unix milliseconds of the last run that finished without error.
    pub last_success: RwSignal<Option<f64>>,
    pub running: RwSignal<bool>,
    /// How far a long pull is (more than one page), while it runs: records received, of how
    /// many. Signals of a type the status already has (a new signal type costs the app shell
    /// its own copy of the reactive code).
    pub progress_done: RwSignal<Option<u32>>,
    pub progress_total: RwSignal<Option<u32>>,
    /// Whether that progress is a push's (else a pull's).
    pub progress_sending: RwSignal<bool>,
    pub problem: RwSignal<Option<SyncError>>,
    /// The device clock is more than 5 minutes off the server's.
    pub clock_skewed: RwSignal<bool>,
    pub storage: RwSignal<storage::StorageState>,
    /// Bumped whenever a run changed local records, so lists read them again.
    pub revision: RwSignal<u32>,
}

/// How soon after a local write the push starts: long enough to batch a burst of saves.
const AFTER_WRITE_MS: u32 = 1_500;
const BACKOFF_BASE_MS: f64 = 2_000.0;
const BACKOFF_MAX_MS: f64 = 5.0 * 60.0 * 1_000.0;

thread_local! {
    static RUNNING: Cell<bool> = const { Cell::new(false) };
    static AGAIN: Cell<bool> = const { Cell::new(false) };
    static FAILURES: Cell<u32> = const { Cell::new(0) };
    static TIMER: RefCell<Option<Timeout>> = const { RefCell::new(None) };
    /// The user's day when the last run ended.
    static DAY: Cell<Option<chrono::NaiveDate>> = const { Cell::new(None) };
}

pub fn use_sync() -> SyncStatus {
    expect_context::<SyncStatus>()
}

/// Creates the status, provides it as context, and installs the `online` and
/// `visibilitychange` triggers. The first run starts once the app has loaded its session.
pub fn provide_sync(app: AppContext) -> SyncStatus {
    let status = SyncStatus {
        pending: RwSignal::new(None),
        refused: RwSignal::new(None),
        last_success: RwSignal::new(None),
        running: RwSignal::new(false),
        progress_done: RwSignal::new(None),
        progress_total: RwSignal::new(None),
        progress_sending: RwSignal::new(false),
        problem: RwSignal::new(None),
        clock_skewed: RwSignal::new(false),
        storage: RwSignal::new(storage::StorageState::Unknown),
        revision: RwSignal::new(0),
    };
    provide_context(status);
    let online = window_event_listener(leptos::ev::online, move |_| run_now(app, status));
    let visible = window_event_listener(leptos::ev::visibilitychange, move |_| {
        let visible = document().visibility_state() == web_sys::VisibilityState::Visible;
        if visible {
            run_now(app, status);
        }
    });
    // They live as long as the app.
    std::mem::forget(online);
    std::mem::forget(visible);
    status
}

/// Runs a sync as soon as possible (start, `online`, visible, "sync now").
pub fn run_now(app: AppContext, status: SyncStatus) {
    schedule(app, status, 0);
}

/// A local write happened: update the count now, push shortly.
pub fn after_local_write(app: AppContext, status: SyncStatus) {
    leptos::task::spawn_local(read_device_state(app, status));
    schedule(app, status, AFTER_WRITE_MS);
}

fn schedule(app: AppContext, status: SyncStatus, delay_ms: u32) {
    let timeout = Timeout::new(delay_ms, move || {
        TIMER.with(|t| t.borrow_mut().take());
        leptos::task::spawn_local(run(app, status));
    });
    // A newer schedule replaces an older one (dropping a Timeout cancels it).
    TIMER.with(|t| *t.borrow_mut() = Some(timeout));
}

/// Reads again what the screens show of the device's own state: the user's changes waiting and
/// refused, and today's screening (`AppContext::todays_screening`). After every local write,
/// every stored batch or page, at the start and the end of a run: whenever they may change. The
/// moment an employee's phone stops waiting for the screening, a run starts, with the pull that
/// waited for it (`AppContext::waiting_for_screening`).
pub(crate) async fn read_device_state(app: AppContext, status: SyncStatus) {
    let Some(user_id) = app.session.with_untracked(|s| s.as_ref().map(|s| s.user.id.clone())) else {
        return;
    };
    if let Some(store) = app.store() {
        if let Ok(count) = store.pending_count_of(&user_id).await {
            status.pending.set(Some(count));
        }
        if let Ok(count) = store.refused_count().await {
            status.refused.set(Some(count));
        }
        if crate::pages::read_todays_screening(app).await {
            run_now(app, status);
        }
    }
}

async fn run(app: AppContext, status: SyncStatus) {
    if RUNNING.with(Cell::get) {
        AGAIN.with(|a| a.set(true));
        return;
    }
    let (Some(store), Some(session)) = (app.store(), app.session.get_untracked()) else {
        return;
    };
    RUNNING.with(|r| r.set(true));
    status.running.set(true);
    let mut outcome;
    // Whether any run stored acknowledgements or pulled records: lists then read again. A run
    // that changed nothing (offline, say) leaves them be.
    let changed = Cell::new(false);
    let on_change = || {
        changed.set(true);
        leptos::task::spawn_local(read_device_state(app, status));
    };
    loop {
        AGAIN.with(|a| a.set(false));
        let on_progress = |p: engine::Progress| {
            status.progress_sending.set(p.sending);
            status.progress_total.set(Some(p.total));
            status.progress_done.set(Some(p.done));
        };
        // Asked each round; the moment a phone stops waiting for the screening, a run starts.
        let waiting = untrack(|| app.waiting_for_screening());
        outcome = match engine::sync_once(&store, &session, !waiting, on_change, on_progress).await {
            Ok(clock_ahead) => {
                // Changes stamped again go out in the next round, straight away.
                if !clock_ahead.is_empty() {
                    AGAIN.with(|a| a.set(true));
                }
                after_push(&store, &session, clock_ahead).await.map(|sent| {
                    // Records now show their photos as sent.
                    if sent > 0 {
                        changed.set(true);
                    }
                })
            }
            Err(error) => Err(error),
        };
        if waiting && outcome.is_ok() {
            // In place of the pull: today's screening made elsewhere stops the wait, and the
            // next round pulls it.
            outcome = engine::ask_screened(&store, &session, || crate::device_clock::today(app))
                .await
                .map(|screened| {
                    if let Some(day) = screened {
                        let id = posko_core::screening::screening_id(&session.user.id, day);
                        app.screened_on_server.set(id);
                        AGAIN.with(|a| a.set(true));
                    }
                });
        }
        if !AGAIN.with(Cell::get) || outcome.is_err() {
            break;
        }
    }
    status.clock_skewed.set(store.clock().is_skewed());
    read_device_state(app, status).await;
    match &outcome {
        Ok(_) => {
            FAILURES.with(|f| f.set(0));
            status.last_success.set(Some(js_sys::Date::now()));
            status.problem.set(None);
            let _ = store.set_meta("last_sync", &js_sys::Date::now()).await;
        }
        Err(error) => {
            FAILURES.with(|f| f.set(f.get().saturating_add(1)));
            status.problem.set(Some(error.clone()));
        }
    }
    // A new day changes what lists show too (the roll call of today, today's score).
    let today = crate::device_clock::today(app);
    let new_day = DAY.with(|d| d.replace(Some(today))).is_some_and(|day| day != today);
    if changed.get() || new_day {
        status.revision.update(|r| *r += 1);
    }
    status.running.set(false);
    status.progress_done.set(None);
    RUNNING.with(|r| r.set(false));

    // Retry while anything is pending, except when only a new sign-in can help.
    let waiting = status.pending.get_untracked() != Some(0) || outcome.is_err();
    let needs_user = matches!(outcome, Err(SyncError::SessionExpired));
    if AGAIN.with(Cell::get) {
        schedule(app, status, 0);
    } else if waiting && !needs_user {
        schedule(app, status, backoff_ms(FAILURES.with(Cell::get)));
    } else {
        // Else the next run is a second after the user's midnight (by the corrected clock), if
        // nothing comes first: its reading of the device's state finds that yesterday's
        // screening is not today's, so a phone left open and visible overnight asks for the new
        // day's.
        let wait = crate::device_clock::context(app).ms_until_tomorrow() + 1_000;
        schedule(app, status, wait as u32);
    }
}

/// What follows a push, from the later modules: the changes the server refused for a clock
/// ahead of its own stamped again (`Store::restamp`, home area), then the photos waiting
/// uploaded, once their records are sent (center area); returns how many photos went up.
/// Photos are evidence officers and admins take (checklists, violations): only a role that
/// keeps the Crisis Center's area looks for them, so an employee's or a monitor's phone whose
/// clock kept time fetches neither.
async fn after_push(
    store: &std::rc::Rc<crate::store::Store>,
    session: &posko_core::api::LoginResponse,
    clock_ahead: Vec<u64>,
) -> Result<u32, SyncError> {
    if !clock_ahead.is_empty() {
        let restamp = crate::later::restamp().await.map_err(|_| SyncError::Unreachable)?;
        restamp(store.clone(), clock_ahead).await?;
    }
    if !crate::later::Area::of(session.user.role).contains(&crate::later::Area::Center) {
        return Ok(0);
    }
    let upload = crate::later::upload_photos()
        .await
        .map_err(|_| SyncError::Unreachable)?;
    upload(store.clone(), session.token.clone()).await
}

/// Exponential backoff with jitter, so a hundred phones coming back online at once do not
/// retry in step: 2 s, 4 s, 8 s ... up to 5 minutes, each scaled by a random 0.5–1.5.
pub fn backoff_ms(failures: u32) -> u32 {
    let exponential = BACKOFF_BASE_MS * 2f64.powi(failures.min(16) as i32);
    let jitter = 0.5 + js_sys::Math::random();
    (exponential.min(BACKOFF_MAX_MS) * jitter) as u32
}

/// Loads what the status shows from the store (pending count, last sync), then starts a run.
pub async fn start(app: AppContext, status: SyncStatus) {
    if let Some(store) = app.store() {
        if let Ok(Some(last)) = store.meta::<f64>("last_sync").await {
            status.last_success.set(Some(last));
        }
        status.clock_skewed.set(store.clock().is_skewed());
    }
    read_device_state(app, status).await;
    if app.session.with_untracked(|s| s.is_some()) {
        storage::check(status).await;
        run_now(app, status);
    }
}
