//! The always-visible bar: app name, online/offline indicator, language switch, sign-out.

use leptos::prelude::*;

use crate::context::use_app;
use crate::i18n::{use_i18n, Locale};

#[component]
pub fn TopBar() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();

    let sync = crate::sync::use_sync();
    // Signing out is in the later module (`later::sign_out_flow`): not needed to sign in and screen.
    let sign_out = move || {
        let (t, pending) = (i18n.t(), sync.pending.get_untracked().unwrap_or(0));
        leptos::task::spawn_local(async move {
            if let Ok(sign_out) = crate::later::sign_out_flow().await {
                if sign_out(app, t, pending) {
                    crate::route::navigate("/masuk", false);
                }
            }
        });
    };

    move || {
        let t = i18n.t();
        let other = match i18n.locale() {
            Locale::Id => Locale::En,
            Locale::En => Locale::Id,
        };
        let sign_out = sign_out.clone();
        view! {
            <header class="top-bar">
                <a class="brand" href="/">
                    <span class="brand-name">{t.app_name}</span>
                    <span class="brand-tagline">{t.app_tagline}</span>
                </a>
                <div class="top-actions">
                    <span class="net-status" class:offline=move || !app.online.get() role="status" data-testid="net-status">
                        <span class="dot" aria-hidden="true"></span>
                        {move || if app.online.get() { t.online } else { t.offline }}
                    </span>
                    <button class="link-button" on:click=move |_| i18n.set_locale(other) aria-label=t.switch_language_label lang=other.code()>
                        {t.switch_language}
                    </button>
                    {move || {
                        let sign_out = sign_out.clone();
                        app.session.with(|s| s.is_some()).then(|| {
                            view! { <button class="link-button" on:click=move |_| sign_out()>{t.logout}</button> }
                        })
                    }}
                </div>
            </header>
        }
    }
}
