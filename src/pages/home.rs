//! The home screen: what this role does, today's screening status, recent history, the hotline.

use leptos::prelude::*;
use posko_core::Role;

use super::history::{my_screenings, ScreeningList};
use super::signed_in;
use crate::i18n::*;
use crate::messages;
use crate::session::use_app;

#[component]
pub fn HomePage() -> impl IntoView {
    signed_in(|| {
        let i18n = use_i18n();
        let app = use_app();
        let user = app.user();
        let name = user.as_ref().map(|u| u.full_name.clone()).unwrap_or_default();
        let role = user.as_ref().map(|u| u.role).unwrap_or(Role::Employee);
        let place = user
            .as_ref()
            .map(|u| match &u.office_name {
                Some(office) => format!("{} · {}", office, u.agency_name),
                None => u.agency_name.clone(),
            })
            .unwrap_or_default();
        let screenings = my_screenings(|| ());
        let today = chrono::Local::now().date_naive();
        let screened_today = move || {
            screenings.get().and_then(|r| r.ok()).map(|list| list.iter().any(|s| s.record.date == today))
        };

        view! {
            <section class="card">
                <h1>{t!(i18n, greeting, name = move || name.clone())}</h1>
                <p class="role-line" data-testid="role">
                    <span class="badge role">{move || messages::role(i18n.get_locale(), role)}</span>
                    <span class="muted">{place.clone()}</span>
                </p>
                <p>{move || messages::role_summary(i18n.get_locale(), role)}</p>
                {(role != Role::Employee).then(|| view! { <p class="muted">{t!(i18n, home_coming_next)}</p> })}
            </section>

            <section class="card">
                {move || match screened_today() {
                    Some(true) => view! { <p class="status ok">{t!(i18n, today_screened)}</p> }.into_any(),
                    Some(false) => view! { <p class="status todo">{t!(i18n, today_not_screened)}</p> }.into_any(),
                    None => view! { <p class="muted">{t!(i18n, loading)}</p> }.into_any(),
                }}
                <a class="button primary wide" href="/skrining">{t!(i18n, screening_start)}</a>
            </section>

            <section class="card">
                <h2>{t!(i18n, history_title)}</h2>
                <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
                    {move || {
                        screenings.get().map(|result| match result {
                            Ok(list) => view! { <ScreeningList screenings=list.into_iter().take(5).collect() /> }.into_any(),
                            Err(error) => view! { <p class="alert error" role="alert">{error}</p> }.into_any(),
                        })
                    }}
                </Suspense>
                <a class="link" href="/riwayat">{t!(i18n, history_title)}</a>
            </section>

            <section class="card hotline">
                <h2>{t!(i18n, hotline_title)}</h2>
                <p>{t!(i18n, hotline_text)}</p>
                <a class="button wide" href="tel:119">"119 ext 9"</a>
            </section>
        }
    })
}
