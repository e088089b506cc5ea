//! The signed-in session as app-wide context: who is signed in, kept in IndexedDB across restarts.

use leptos::prelude::*;
use posko_core::api::LoginResponse;
use posko_core::UserProfile;

/// App-wide state every page reads.
#[derive(Clone, Copy)]
pub struct AppContext {
    /// `None` until the store has been read at start-up.
    pub loaded: RwSignal<bool>,
    pub session: RwSignal<Option<LoginResponse>>,
    pub online: ReadSignal<bool>,
    /// A store failure the user must see (storage refused, quota), already translated.
    pub store_error: RwSignal<Option<String>>,
}

impl AppContext {
    pub fn user(&self) -> Option<UserProfile> {
        self.session.with(|s| s.as_ref().map(|s| s.user.clone()))
    }
}

pub fn use_app() -> AppContext {
    expect_context::<AppContext>()
}

/// A session is usable offline until it expires.
pub fn is_current(session: &LoginResponse, now_ms: f64) -> bool {
    (session.expires_at as f64) * 1000.0 > now_ms
}
