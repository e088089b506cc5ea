//! Shown for a path no route knows.

use leptos::prelude::*;

use crate::i18n::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card">
            <h1>{t!(i18n, not_found)}</h1>
            <a class="button" href="/">{t!(i18n, back_home)}</a>
        </section>
    }
}
