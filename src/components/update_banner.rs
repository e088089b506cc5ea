//! "New version available, reload": shown when a new service worker waits to take over.

use leptos::prelude::*;

use crate::i18n::use_i18n;

#[component]
pub fn UpdateBanner(ready: ReadSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let t = i18n.t();
        ready.get().then(|| {
            view! {
                <div class="update-banner" role="alert">
                    <span>{t.update_available}</span>
                    <button class="button small" on:click=|_| crate::update::apply_update()>{t.update_reload}</button>
                </div>
            }
        })
    }
}
