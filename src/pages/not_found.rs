//! Shown for a path no route knows (its way back, to the home, is above it: `BackLink`).

use leptos::prelude::*;

use crate::i18n::use_i18n;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let l = i18n.locale().home();
        view! {
            <section class="card">
                <h1>{l.not_found}</h1>
            </section>
        }
    }
}
