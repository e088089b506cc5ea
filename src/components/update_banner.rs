//! "New version available, reload": shown when a new service worker waits to take over.

use leptos::prelude::*;

use crate::i18n::*;

#[component]
pub fn UpdateBanner(ready: ReadSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || ready.get()>
            <div class="update-banner" role="alert">
                <span>{t!(i18n, update_available)}</span>
                <button class="button small" on:click=|_| crate::update::apply_update()>
                    {t!(i18n, update_reload)}
                </button>
            </div>
        </Show>
    }
}
