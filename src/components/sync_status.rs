//! The sync strip under the top bar: one line of pending count and last sync with "sync now",
//! and the warnings that need the user (session ended, clock wrong, storage at risk).

use leptos::prelude::*;

use crate::context::use_app;
use crate::i18n::{fill, use_i18n};
use crate::messages;
use crate::sync::storage::StorageState;
use crate::sync::{run_now, use_sync, SyncError};

#[component]
pub fn SyncStatusBar() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let sync = use_sync();
    move || {
        if app.session.with(|s| s.is_none()) {
            return ().into_any();
        }
        let t = i18n.t();
        let summary = move || {
            // Not counted yet (`None`): say nothing rather than "all sent".
            // Refused changes are not "sent": counted, until fixed or discarded where they were made.
            let refused = sync.refused.get().unwrap_or(0);
            let state = sync.pending.get().map(|count| match (count, refused) {
                (0, 0) => t.sync_all_sent.to_owned(),
                (0, refused) => fill(t.sync_refused, &[("count", &refused.to_string())]),
                (count, _) => fill(t.sync_pending, &[("count", &count.to_string())]),
            });
            let last = match sync.last_success.get() {
                Some(ms) => fill(t.sync_last, &[("time", &messages::time_of(t, ms))]),
                None => t.sync_never.to_owned(),
            };
            // One line at 360 px: the state and when, or progress; offline, the top bar's
            // badge says it, and the strip says what waits.
            if let Some(done) = sync.progress_done.get() {
                let total = sync.progress_total.get_untracked().unwrap_or(done);
                let message = if sync.progress_sending.get_untracked() {
                    t.sync_progress_send
                } else {
                    t.sync_progress_receive
                };
                return fill(message, &[("done", &done.to_string()), ("total", &total.to_string())]);
            }
            match (state, sync.pending.get()) {
                // Offline, what waits waits for a signal (the top bar says offline).
                (Some(_), Some(count)) if count > 0 && !app.online.get() => {
                    fill(t.sync_pending_offline, &[("count", &count.to_string())])
                }
                (Some(state), _) => format!("{state} · {last}"),
                (None, _) => last,
            }
        };
        let summary_class = move || {
            if sync.refused.get().unwrap_or(0) > 0 {
                "sync-summary refused"
            } else {
                "sync-summary"
            }
        };
        view! {
            <section class="sync-bar" aria-label=t.sync_now data-testid="sync-status">
                <p role="status" data-pending=move || sync.pending.get().map(|count| count.to_string())
                    data-refused=move || sync.refused.get().map(|count| count.to_string())
                    class=summary_class>
                    {summary}
                </p>
                // Offline there is nothing a sync could do: no button that would do nothing
                // (issue #19); the strip already says the data waits.
                {move || app.online.get().then(|| view! {
                    <button class="link-button" data-testid="sync-now" disabled=move || sync.running.get()
                        on:click=move |_| run_now(app, sync)>
                        {move || if sync.running.get() { t.sync_running } else { t.sync_now }}
                    </button>
                })}
                {move || sync.problem.get().and_then(|problem| {
                    // No connection is a normal state, not an error: offline, the badge says it
                    // all; online, a calm note says the data waits and will go, or, with nothing
                    // left to send, that it is on the server and new data comes later.
                    let nothing_to_send = sync.pending.get() == Some(0);
                    let calm = matches!(problem, SyncError::Unreachable | SyncError::Interrupted)
                        || (nothing_to_send && matches!(problem, SyncError::Server(_)));
                    if calm && !app.online.get() {
                        return None;
                    }
                    let session_ended = problem == SyncError::SessionExpired;
                    Some(view! {
                        <p class=if calm { "sync-note" } else { "sync-problem" } role=if calm { "note" } else { "alert" } data-testid="sync-problem">
                            {messages::sync_problem(t, &problem, nothing_to_send)}
                            " "
                            {session_ended.then(|| view! { <a class="link" href="/masuk">{t.login_again}</a> })}
                        </p>
                    })
                })}
                {move || sync.clock_skewed.get().then(|| view! {
                    <p class="sync-problem" role="alert" data-testid="clock-warning">{t.clock_skewed}</p>
                })}
                // A later view, built only when there is something to say: a storage nearly full
                // at once, the advice to keep data once an employee's screening is saved.
                {move || match sync.storage.get() {
                    StorageState::NearlyFull => Some(crate::later::view(crate::later::Later::StorageNote).into_any()),
                    StorageState::NotPersisted if !app.waiting_for_screening() => {
                        Some(crate::later::view(crate::later::Later::StorageNote).into_any())
                    }
                    _ => None,
                }}
            </section>
        }
        .into_any()
    }
}

/// Where this browser keeps that the storage advice was shown once in the strip.
const ADVICE_SHOWN_KEY: &str = "posko.storage-advice-shown";

thread_local! {
    /// Whether this page load shows the storage advice in the strip (the first load that has
    /// advice to give) or on the home (every later one): read once, so the two never both show.
    static ADVICE_IN_STRIP: bool = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .is_some_and(|s| s.get_item(ADVICE_SHOWN_KEY).ok().flatten().is_none());
}

/// What the browser said about this device's storage, when it is worth saying: nearly full (an
/// alarm, in the strip), or not protected from automatic clearing (advice: one line, opened to
/// read it; in the strip the first time, then on the home, `home`, so the strip stays one line).
#[component]
pub fn StorageNote(#[prop(optional)] home: bool) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    move || {
        let t = i18n.t();
        match sync.storage.get() {
            StorageState::NearlyFull if !home => {
                Some(view! { <p class="sync-problem" role="alert">{t.storage_nearly_full}</p> }.into_any())
            }
            StorageState::NotPersisted if home != ADVICE_IN_STRIP.with(|s| *s) => {
                if !home {
                    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
                        let _ = storage.set_item(ADVICE_SHOWN_KEY, "1");
                    }
                }
                Some(
                    view! {
                        <details class=if home { "card device-note" } else { "sync-note" } data-testid="storage-note">
                            <summary>{t.storage_not_persisted_short}</summary>
                            <p>{t.storage_not_persisted}</p>
                        </details>
                    }
                    .into_any(),
                )
            }
            _ => None,
        }
    }
}
