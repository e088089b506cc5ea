//! The sync strip under the top bar: pending count, last sync, "sync now", and the warnings
//! that need the user (session ended, clock wrong, storage at risk).

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
            let state = sync.pending.get().map(|count| match count {
                0 => t.sync_all_sent.to_owned(),
                count => fill(t.sync_pending, &[("count", &count.to_string())]),
            });
            let last = match sync.last_success.get() {
                Some(ms) => fill(t.sync_last, &[("time", &messages::time_of(t, ms))]),
                None => t.sync_never.to_owned(),
            };
            if let Some(done) = sync.progress_done.get() {
                let total = sync.progress_total.get_untracked().unwrap_or(done);
                let message = if sync.progress_sending.get_untracked() {
                    t.sync_progress_send
                } else {
                    t.sync_progress_receive
                };
                return fill(message, &[("done", &done.to_string()), ("total", &total.to_string())]);
            }
            // Offline is a normal state: said once, calmly, where the sync state is.
            let last = if app.online.get() {
                last
            } else {
                format!("{} · {last}", t.offline_hint)
            };
            match state {
                Some(state) => format!("{state} · {last}"),
                None => last,
            }
        };
        view! {
            <section class="sync-bar" aria-label=t.sync_now data-testid="sync-status">
                <p class="sync-summary" role="status" data-pending=move || sync.pending.get().map(|count| count.to_string())>
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
                // A later view, built only when there is something to say.
                {move || {
                    matches!(sync.storage.get(), StorageState::NearlyFull | StorageState::NotPersisted)
                        .then(|| crate::later::view(crate::later::Later::StorageNote))
                }}
            </section>
        }
        .into_any()
    }
}

/// What the browser said about this device's storage, when it is worth saying: nearly full (an
/// alarm), or not protected from automatic clearing (advice: one line, opened to read it).
#[component]
pub fn StorageNote() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    move || {
        let t = i18n.t();
        match sync.storage.get() {
            StorageState::NearlyFull => {
                Some(view! { <p class="sync-problem" role="alert">{t.storage_nearly_full}</p> }.into_any())
            }
            StorageState::NotPersisted => Some(
                view! {
                    <details class="sync-note" data-testid="storage-note">
                        <summary>{t.storage_not_persisted_short}</summary>
                        <p>{t.storage_not_persisted}</p>
                    </details>
                }
                .into_any(),
            ),
            StorageState::Persisted | StorageState::Unknown => None,
        }
    }
}
