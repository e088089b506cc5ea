//! "New version available, reload": shown when a new service worker waits to take over (a
//! later view: `app.rs` builds it only then).

use leptos::prelude::*;

use crate::i18n::use_i18n;

#[component]
pub fn UpdateBanner() -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let l = i18n.locale().home();
        view! {
            <div class="update-banner" role="alert">
                <span>{l.update_available}</span>
                <button class="button small" on:click=|_| crate::update::apply_update()>{l.update_reload}</button>
            </div>
        }
    }
}
