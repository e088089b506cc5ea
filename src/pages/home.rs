//! The home screen: what this role does, today's screening status, recent history, the hotline.

use leptos::prelude::*;
use posko_core::screening::Screening;
use posko_core::sync::SyncRecord;
use posko_core::Role;

use super::signed_in;
use crate::context::use_app;
use crate::i18n::{fill, use_i18n};
use crate::later::{self, Later};
use crate::messages;

#[component]
pub fn HomePage() -> impl IntoView {
    signed_in(|| {
        let i18n = use_i18n();
        let Some(user) = use_app().user() else {
            return ().into_any();
        };
        let app = use_app();
        let today = crate::device_clock::today(app);
        // Today's screening is one record, its id the kind's declared one for the person and
        // day: one read, read again whenever a sync run changes local records. `None` while
        // read; then whether it says fit for the office and whether an alert it raised earlier
        // stays open (answers changed from stay home to fit), or nothing when not screened yet.
        let today_fit = RwSignal::new(None::<Option<(bool, bool)>>);
        let today_id = posko_core::screening::screening_id(&user.id, today);
        let sync = crate::sync::use_sync();
        {
            let today_id = today_id.clone();
            Effect::new(move |_| {
                sync.revision.track();
                let today_id = today_id.clone();
                leptos::task::spawn_local(async move {
                    // The record alone: its standing with the server is not shown here.
                    let found = match (app.store(), today_id) {
                        (Some(store), Some(id)) => store.bare_record(&id).await.ok().flatten(),
                        _ => None,
                    };
                    let fit = found
                        .filter(|record| !record.is_deleted())
                        .and_then(|record| Screening::from_record(&record).ok())
                        .map(|screening| {
                            let fit = screening.result().is_fit();
                            (fit, fit && screening.raised_alert())
                        });
                    today_fit.set(Some(fit));
                });
            });
        }
        // After screening, the main action views or changes today's answers, never a new form.
        let change_href = today_id.map(|id| format!("/skrining?ubah={id}"));
        let place = match &user.office_name {
            Some(office) => format!("{} · {}", office, user.agency_name),
            None => user.agency_name.clone(),
        };

        (move || {
            let locale = i18n.locale();
            let t = locale.strings();
            let change_href = change_href.clone();
            // The day at the top: today's screening and its result, where the employee works
            // today (`WfoToday`, which never says "the office" after a stay-home result), and
            // the one thing to do next.
            let day = move || match today_fit.get() {
                None => view! { <p class="muted">{t.loading}</p> }.into_any(),
                Some(None) => view! { <p class="status todo">{t.today_not_screened}</p> }.into_any(),
                Some(Some((fit, alert_stays))) => view! {
                    <p class="status" class:ok=fit class:stay-home=!fit data-testid="today-result">
                        {t.today_screened} " " {if fit { t.result_fit } else { t.result_stay_home }} "."
                    </p>
                    {alert_stays.then(|| view! { <p class="notice" data-testid="alert-stays">{t.screening_alert_stays}</p> })}
                }
                .into_any(),
            };
            let action = move || match today_fit.get() {
                None => ().into_any(),
                Some(None) => {
                    view! { <a class="button primary wide" href="/skrining">{t.screening_start}</a> }.into_any()
                }
                Some(Some((fit, _))) => view! {
                    {(!fit).then(|| later::view(Later::Hotline))}
                    <a class="button primary wide" href=change_href.clone().unwrap_or_else(|| "/skrining".into())>
                        {t.screening_view_today}
                    </a>
                }
                .into_any(),
            };
            view! {
                <section class="card">
                    <h1>{fill(t.greeting, &[("name", &user.full_name)])}</h1>
                    <p class="role-line" data-testid="role">
                        <span class="badge role">{messages::role(t, user.role)}</span>
                        <span class="muted">{place.clone()}</span>
                    </p>
                    {if user.role == Role::Employee {
                        view! {
                            {day}
                            {later::view(Later::WfoToday)}
                            {action}
                            {later::view(Later::ViolationsLink)}
                        }
                        .into_any()
                    } else {
                        // What the other roles do is in the later module, words and links.
                        view! {
                            {later::view(Later::RoleTools)}
                            {day}
                            {action}
                        }
                        .into_any()
                    }}
                </section>
                <section class="card">
                    <h2>{t.history_title}</h2>
                    {later::view(Later::RecentScreenings)}
                    <a class="link" href="/riwayat">{t.history_title}</a>
                </section>
                <section class="card hotline">
                    <h2>{t.hotline_title}</h2>
                    <p>{t.hotline_text}</p>
                    {crate::later::view(crate::later::Later::Hotline)}
                </section>
                {crate::later::view(crate::later::Later::DeviceNote)}
            }
        })
        .into_any()
    })
}

/// What a role other than the employee does, and the way to its screens.
#[component]
pub fn RoleTools() -> impl IntoView {
    let i18n = use_i18n();
    let Some(user) = use_app().user() else {
        return ().into_any();
    };
    (move || {
        let l = i18n.locale().later();
        view! {
            <p>{messages::role_summary(l, user.role)}</p>
            {matches!(user.role, Role::ProtocolOfficer | Role::TracingOfficer | Role::CrisisAdmin | Role::Ppk)
                .then(|| view! {
                    <a class="button primary wide" href="/hari-ini">{l.today_title}</a>
                    <div class="jobs">
                        {jobs(l, &user)}
                        <a class="button" href="/kepatuhan">{l.compliance_link}</a>
                        <a class="button" href="/rencana-wfo">{l.wfo_title}</a>
                    </div>
                })}
            {(user.role == Role::Monitor).then(|| view! {
                <a class="button primary wide" href="/kepatuhan">{l.compliance_link}</a>
            })}
            // A monitor reads figures, never a record (UU 27/2022): no records page to offer.
            {(user.role != Role::Monitor).then(|| view! { <a class="button wide" href="/catatan">{l.records_title}</a> })}
        }
    })
    .into_any()
}

/// The Crisis Center's jobs a tap from the home, for the roles that do them (`kit::may_add` of
/// the kind each makes): the day's checklist, a violation, a person, a roster file. The PPK,
/// who reads, is offered none (issue #19 item 4).
fn jobs(l: &'static crate::i18n::LaterStrings, user: &posko_core::UserProfile) -> impl IntoView {
    use posko_core::checklist::CHECKLIST;
    use posko_core::roster::PERSON;
    use posko_core::violation::VIOLATION;
    let role = user.role;
    // The same question the records' "add" asks, so a job is never offered where it is not.
    let may = |kind: &posko_core::kit::KindDecl| posko_core::kit::may_add(user, kind);
    view! {
        {may(&CHECKLIST).then(|| view! { <a class="button" href="/daftar-periksa">{l.job_checklist}</a> })}
        {may(&VIOLATION).then(|| view! {
            <a class="button" href=format!("/catatan/{}/baru", VIOLATION.name)>{l.job_violation}</a>
        })}
        {may(&PERSON).then(|| view! {
            <a class="button" href=format!("/catatan/{}/baru", PERSON.name)>{l.job_person}</a>
            <a class="button" href="/impor-pegawai">{l.job_import}</a>
        })}
        // The office's call center number is the admin's alone to set (its fields `admin_only`).
        {(role == Role::CrisisAdmin).then(|| view! {
            <a class="button" href=format!("/catatan/{}", posko_core::call_center::CALL_CENTER.name)>
                {l.call_center_link}
            </a>
        })}
    }
}

/// The employee's way to the protocol violations they read, when the device holds any: their
/// own, and, for a unit head, those of their unit (`kit::FieldDecl::reader`).
#[component]
pub fn ViolationsLink() -> impl IntoView {
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
