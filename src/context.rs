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
    /// Today's screening of the user as the device holds it (`pages::read_todays_screening`),
    /// read again at sign-in and with the pending count (`sync::read_device_state`):
    /// `None` while read; then whether it says fit for the office and whether an alert it raised
    /// earlier stays open (answers changed from stay home to fit), or nothing when not screened.
    pub todays_screening: RwSignal<Option<Option<(bool, bool)>>>,
    /// The screening the server said it holds for the user, before this device did (made on
    /// another phone, or recorded for them), by its id, which is the person's and the day's
    /// (`screening::screening_id`): the phone stops waiting for it and pulls it. An id, not a
    /// yes: on a phone left open overnight it says nothing of the next day. Cleared at each
    /// sign-in.
    pub screened_on_server: RwSignal<Option<String>>,
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
            todays_screening: RwSignal::new(None),
            screened_on_server: RwSignal::new(None),
        }
    }

    pub fn user(&self) -> Option<UserProfile> {
        self.session.with(|s| s.as_ref().map(|s| s.user.clone()))
    }

    /// The open store, once start-up has opened it.
    pub fn store(&self) -> Option<Rc<Store>> {
        self.store.get_value()
    }

    /// Whether this is an employee's phone still waiting for today's screening (also while it is
    /// read: a view asked for meanwhile would fetch its module). Until it is on the device the
    /// phone fetches nothing past the first load: the home shows the screening alone, a sync run
    /// pushes and, in place of the pull, asks the server whether today's screening was made
    /// elsewhere and what time it is (`sync::engine::ask_screened`), and the home area is not
    /// kept offline yet. On a 400 kbit/s link
    /// the screening then goes out first (issue #19, item 10: an employee signs in and screens
    /// within 150 kB); today's place of work, the recent screenings and the office's call center
    /// follow once it is saved, the plan after the day's first pull. Tracked.
    pub fn waiting_for_screening(&self) -> bool {
        self.session
            .with(|s| s.as_ref().is_some_and(|s| s.user.role == posko_core::Role::Employee))
            && !matches!(self.todays_screening.get(), Some(Some(_)))
            && !self.screened_on_server_today()
    }

    /// Whether the server said it holds the user's screening of today (by the corrected clock).
    /// Tracked.
    pub fn screened_on_server_today(&self) -> bool {
        let today = self.session.with(|s| {
            let user = &s.as_ref()?.user;
            posko_core::screening::screening_id(&user.id, crate::device_clock::today(*self))
        });
        self.screened_on_server.with(|held| held.is_some() && *held == today)
    }

    pub fn set_store(&self, store: Rc<Store>) {
        self.store.set_value(Some(store));
    }
}

pub fn use_app() -> AppContext {
    expect_context::<AppContext>()
}
