//! The always-visible bar: app name, online/offline indicator, language switch, sign-out.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::i18n::*;
use crate::session::use_app;

pub const LANGUAGE_KEY: &str = "posko.lang";

#[component]
pub fn TopBar() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let navigate = use_navigate();

    let switch_language = move |_| {
        let next = match i18n.get_locale() {
            Locale::id => Locale::en,
            Locale::en => Locale::id,
        };
        i18n.set_locale(next);
        if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = storage.set_item(LANGUAGE_KEY, next.as_str());
        }
    };

    let sign_out = move |_| {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            if let Some(session) = app.session.get_untracked() {
                crate::server_api::logout(&session.token).await;
            }
            if let Some(store) = crate::app::store() {
                if let Err(error) = store.clear_session().await {
                    app.store_error.set(Some(error.to_string()));
                }
            }
            app.session.set(None);
            navigate("/masuk", Default::default());
        });
    };

    view! {
        <header class="top-bar">
            <a class="brand" href="/">
                <span class="brand-name">{t!(i18n, app_name)}</span>
                <span class="brand-tagline">{t!(i18n, app_tagline)}</span>
            </a>
            <div class="top-actions">
                <span
                    class="net-status"
                    class:offline=move || !app.online.get()
                    role="status"
                    data-testid="net-status"
                >
                    <span class="dot" aria-hidden="true"></span>
                    {move || if app.online.get() { t_string!(i18n, online) } else { t_string!(i18n, offline) }}
                </span>
                <button
                    class="link-button"
                    on:click=switch_language
                    aria-label=move || t_string!(i18n, switch_language_label)
                    lang=move || if i18n.get_locale() == Locale::id { "en" } else { "id" }
                >
                    {t!(i18n, switch_language)}
                </button>
                <Show when=move || app.session.with(|s| s.is_some())>
                    <button class="link-button" on:click=sign_out.clone()>{t!(i18n, logout)}</button>
                </Show>
            </div>
        </header>
        <Show when=move || !app.online.get()>
            <p class="offline-hint">{t!(i18n, offline_hint)}</p>
        </Show>
    }
}
