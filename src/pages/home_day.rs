//! The home once the day's screening is done, in the home area's module: today's result and
//! what follows it, the recent screenings, the call center, the violations an employee reads.
//! Loaded code: it draws the home area's views as components, never through `later::view`
//! (the house rule `later_code_calls_no_split_function`).

use leptos::prelude::*;
use posko_core::Role;

use super::{RecentScreenings, WfoToday};
use crate::components::{Hotline, StorageNote};
use crate::context::use_app;
use crate::i18n::{fill, use_i18n};

/// The top of the home once the day's screening is done, and for every role but the employee:
/// today's screening and its result, where the employee works today (`WfoToday`, which never
/// says "the office" after a stay-home result), and the one thing to do next. After screening,
/// the main action views or changes today's answers, never a new form.
#[component]
pub fn HomeToday() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let Some(user) = app.user() else {
        return ().into_any();
    };
    let employee = user.role == Role::Employee;
    let change_href = posko_core::screening::screening_id(&user.id, crate::device_clock::today(app))
        .map_or_else(|| "/skrining".to_owned(), |id| format!("/skrining?ubah={id}"));
    (move || {
        let locale = i18n.locale();
        let (t, h) = (locale.strings(), locale.home());
        let status = match app.todays_screening.get() {
            None => view! { <p class="muted">{t.loading}</p> }.into_any(),
            // Made on another phone, or recorded for them: said at once; its answers come with
            // the pull the server's answer started.
            Some(None) if app.screened_on_server_today() => view! {
                <p class="status">{h.today_screened}</p>
                <p class="muted">{t.loading}</p>
            }
            .into_any(),
            Some(None) => view! {
                <p class="status todo">{t.today_not_screened}</p>
                <a class="button primary wide" href="/skrining">{t.screening_start}</a>
            }
            .into_any(),
            Some(Some((fit, alert_stays))) => view! {
                <p class="status" class:ok=fit class:stay-home=!fit data-testid="today-result">
                    {h.today_screened} " " {if fit { t.result_fit } else { t.result_stay_home }} "."
                </p>
                {alert_stays.then(|| view! { <p class="notice" data-testid="alert-stays">{t.screening_alert_stays}</p> })}
                {employee.then(|| view! { <WfoToday /> })}
                {(!fit).then(|| view! { <Hotline /> })}
                <a class="button primary wide" href=change_href.clone()>{h.screening_view_today}</a>
            }
            .into_any(),
        };
        view! {
            {status}
            {employee.then(|| view! { <ViolationsLink /> })}
        }
    })
    .into_any()
}

/// The home's cards below its top, once the day's screening is done: the recent screenings,
/// the call center, the advice on keeping data.
#[component]
pub fn HomeCards() -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let locale = i18n.locale();
        let t = locale.strings();
        view! {
            <section class="card">
                <h2>{t.history_title}</h2>
                <RecentScreenings />
                <a class="link" href="/riwayat">{t.history_title}</a>
            </section>
            <section class="card hotline">
                <h2>{locale.home().hotline_title}</h2>
                <p>{t.hotline_text}</p>
                <Hotline />
            </section>
            <StorageNote home=true />
        }
    }
}

/// The employee's way to the protocol violations they read, when the device holds any: their
/// own, and, for a unit head, those of their unit (`kit::FieldDecl::reader`).
#[component]
fn ViolationsLink() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let sync = crate::sync::use_sync();
    let count = crate::view_data::ViewData::new(move || {
        sync.revision.track();
        async move {
            let list = app.store()?.all_of(posko_core::violation::VIOLATION.name).await.ok()?;
            Some(list.iter().filter(|l| !l.record.is_deleted()).count())
        }
    });
    move || {
        let l = i18n.locale().home();
        count.get().flatten().filter(|n| *n > 0).map(|n| {
            // The violations open in the Crisis Center's records page: keep it for offline use.
            crate::update::precache_areas(&[crate::later::Area::Center], i18n.locale_untracked());
            let href = format!("/catatan/{}", posko_core::violation::VIOLATION.name);
            view! {
                <a class="button wide" href=href data-testid="violations-link">
                    {fill(l.violations_link, &[("count", &n.to_string())])}
                </a>
            }
        })
    }
}
