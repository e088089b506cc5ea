//! Shown for a path no route knows.

use leptos::prelude::*;

use crate::i18n::use_i18n;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let t = i18n.t();
        view! {
            <section class="card">
                <h1>{t.not_found}</h1>
                <a class="button" href="/">{t.back_home}</a>
            </section>
        }
    }
}
