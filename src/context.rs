//! What every screen and the sync engine work with, as one app-wide context instead of globals:
//! the session, connectivity, the store once start-up has opened it, and a store failure to show.
//! A screen takes it with `use_app()` when it is built and hands the copy (it is `Copy`) to its
//! handlers and tasks; nothing reaches the store through a global, so a test mounts a view with
//! a store of its own.

use std::rc::Rc;

use leptos::prelude::*;
use posko_core::api::LoginResponse;
use posko_core::UserProfile;

use crate::store::Store;

#[derive(Clone, Copy)]
pub struct AppContext {
    /// `false` until start-up has opened the store and read the saved session.
    pub loaded: RwSignal<bool>,
    pub session: RwSignal<Option<LoginResponse>>,
    pub online: ReadSignal<bool>,
    /// A store failure the user must see (storage refused, quota), in the browser's words.
    pub store_error: RwSignal<Option<String>>,
    /// The device's store: `None` until opened, or when the browser refused to open it.
    store: StoredValue<Option<Rc<Store>>, LocalStorage>,
}

impl AppContext {
    /// A context with no session and no store yet.
    pub fn new(online: ReadSignal<bool>) -> AppContext {
        AppContext {
            loaded: RwSignal::new(false),
            session: RwSignal::new(None),
            online,
            store_error: RwSignal::new(None),
            store: StoredValue::new_local(None),
        }
    }

    pub fn user(&self) -> Option<UserProfile> {
        self.session.with(|s| s.as_ref().map(|s| s.user.clone()))
    }

    /// The open store, once start-up has opened it.
    pub fn store(&self) -> Option<Rc<Store>> {
        self.store.get_value()
    }

    pub fn set_store(&self, store: Rc<Store>) {
        self.store.set_value(Some(store));
    }
}

pub fn use_app() -> AppContext {
    expect_context::<AppContext>()
}
