//! Signing in and out: the session kept in IndexedDB across restarts, and told to the server.

use leptos::prelude::*;
use posko_core::api::LoginResponse;

use crate::context::AppContext;

/// Keeps a new session on the device, so the app opens signed in with no connection.
/// `reply` is the session as the server sent it, kept whole (see `server_api::login`).
pub async fn sign_in(
    app: AppContext,
    sync: crate::sync::SyncStatus,
    session: LoginResponse,
    reply: wasm_bindgen::JsValue,
) {
    keep_session(app, sync, session, reply).await;
    // A queue left by an expired session goes out now.
    crate::sync::run_now(app, sync);
}

/// `sign_in` without starting a sync: for a brand-new user (an activation), who has nothing
/// queued; their first save or the next trigger syncs. The later module signs people in this
/// way, so it reaches no sync code (a split function's body that did would link the split
/// loader into every browser test binary, which cannot load it).
pub async fn keep_session(
    app: AppContext,
    sync: crate::sync::SyncStatus,
    session: LoginResponse,
    reply: wasm_bindgen::JsValue,
) {
    if let Some(store) = app.store() {
        if let Err(error) = store.set_session(&reply).await {
            app.store_error.set(Some(error.to_string()));
        }
    }
    // The count and today's screening shown were another session's (a shared phone): read
    // again for this user.
    app.todays_screening.set(None);
    app.screened_on_server.set(None);
    app.session.set(Some(session));
    sync.pending.set(None);
    crate::pages::read_todays_screening(app).await;
    // This is when storage is asked to persist.
    crate::sync::storage::check(sync).await;
}

/// Asks before signing out with changes not yet sent: they stay on the device either way
/// (and go out at the next sign-in), but the user should know. Returns whether to go ahead.
pub fn confirm_sign_out(t: &'static crate::i18n::Strings, pending: u32) -> bool {
    if pending == 0 {
        return true;
    }
    let question = crate::i18n::fill(t.logout_unsynced_confirm, &[("count", &pending.to_string())]);
    web_sys::window()
        .and_then(|w| w.confirm_with_message(&question).ok())
        .unwrap_or(false)
}

/// Ends the session on this device at once; the server is told in the background, so signing
/// out never waits on the network. Records and the outbox on the device are kept.
pub fn sign_out(app: AppContext) {
    let session = app.session.get_untracked();
    app.session.set(None);
    leptos::task::spawn_local(async move {
        if let Some(store) = app.store() {
            if let Err(error) = store.clear_session().await {
                app.store_error.set(Some(error.to_string()));
            }
        }
        if let Some(session) = session {
            crate::server_api::logout(&session.token).await;
        }
    });
}
