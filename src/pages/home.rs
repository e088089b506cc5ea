//! The home screen: what this role does, today's screening status, recent history, the hotline.

use leptos::prelude::*;
use posko_core::screening::Screening;
use posko_core::sync::SyncRecord;
use posko_core::Role;

use super::signed_in;
use crate::context::{use_app, AppContext};
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
        let today_fit = app.todays_screening;
        let today_id = posko_core::screening::screening_id(&user.id, crate::device_clock::today(app));
        // After screening, the main action views or changes today's answers, never a new form.
        let change_href = today_id.map(|id| format!("/skrining?ubah={id}"));
        let place = match &user.office_name {
            Some(office) => format!("{} · {}", office, user.agency_name),
            None => user.agency_name.clone(),
        };

        // An employee's day starts with the screening: until today's is on the device the home
        // shows it alone (`AppContext::screening_first`), and the rest of the day once it is
        // saved. Drawn again only when what the device holds of today's screening changes.
        let employee = user.role == Role::Employee;

        (move || {
            let locale = i18n.locale();
            let t = locale.strings();
            let change_href = change_href.clone();
            // The day at the top: today's screening and its result, where the employee works
            // today (`WfoToday`, which never says "the office" after a stay-home result), and
            // the one thing to do next.
            let day = move || {
                let today = today_fit.get();
                let held = employee && !matches!(today, Some(Some(_)));
                let status = match today {
                    None => view! { <p class="muted">{t.loading}</p> }.into_any(),
                    Some(None) => view! {
                        <p class="status todo">{t.today_not_screened}</p>
                        <a class="button primary wide" href="/skrining">{t.screening_start}</a>
                    }
                    .into_any(),
                    Some(Some((fit, alert_stays))) => view! {
                        <p class="status" class:ok=fit class:stay-home=!fit data-testid="today-result">
                            {t.today_screened} " " {if fit { t.result_fit } else { t.result_stay_home }} "."
                        </p>
                        {alert_stays.then(|| view! { <p class="notice" data-testid="alert-stays">{t.screening_alert_stays}</p> })}
                        {employee.then(|| later::view(Later::WfoToday))}
                        {(!fit).then(|| later::view(Later::Hotline))}
                        <a class="button primary wide" href=change_href.clone().unwrap_or_else(|| "/skrining".into())>
                            {t.screening_view_today}
                        </a>
                    }
                    .into_any(),
                };
                view! {
                    {status}
                    {(employee && !held).then(|| later::view(Later::ViolationsLink))}
                }
            };
            let below = move || {
                let today = today_fit.get();
                if employee && !matches!(today, Some(Some(_))) {
                    return (today == Some(None))
                        .then(|| view! {
                            <p class="muted" data-testid="after-screening">{t.home_after_screening}</p>
                            <a class="link" href="/riwayat">{t.history_title}</a>
                        })
                        .into_any();
                }
                view! {
                    <section class="card">
                        <h2>{t.history_title}</h2>
                        {later::view(Later::RecentScreenings)}
                        <a class="link" href="/riwayat">{t.history_title}</a>
                    </section>
                    <section class="card hotline">
                        <h2>{t.hotline_title}</h2>
                        <p>{t.hotline_text}</p>
                        {later::view(Later::Hotline)}
                    </section>
                    {later::view(Later::DeviceNote)}
                }
                .into_any()
            };
            view! {
                <section class="card">
                    <h1>{fill(t.greeting, &[("name", &user.full_name)])}</h1>
                    <p class="role-line" data-testid="role">
                        <span class="badge role">{messages::role(t, user.role)}</span>
                        <span class="muted">{place.clone()}</span>
                    </p>
                    // What the other roles do is in the later module, words and links.
                    {(!employee).then(|| later::view(Later::RoleTools))}
                    {day}
                </section>
                {below}
            }
        })
        .into_any()
    })
}

/// Today's screening of the signed-in user as this device holds it; `None` when not screened
/// yet (its id is the kind's declared one for the person and day: one read).
async fn todays_screening(app: AppContext) -> Option<Screening> {
    let user = app.user()?;
    let id = posko_core::screening::screening_id(&user.id, crate::device_clock::today(app))?;
    let record = app.store()?.bare_record(&id).await.ok()??;
    if record.is_deleted() {
        return None;
    }
    Screening::from_record(&record).ok()
}

/// Keeps `AppContext::todays_screening` read: once the store is open, and again whenever the
/// session, a local write (the pending count is set after each) or a sync run may change it.
/// The moment an employee's phone stops waiting for the screening, a sync run starts, with the
/// pull that waited for it (`AppContext::screening_first`).
pub fn watch_today(app: AppContext, sync: crate::sync::SyncStatus) {
    Effect::new(move |_| {
        // (`get` rather than `track`: the same code the screens link already.)
        let _ = (
            app.loaded.get(),
            app.session.with(|_| ()),
            sync.pending.get(),
            sync.revision.get(),
        );
        leptos::task::spawn_local(async move {
            let fit = todays_screening(app).await.map(|screening| {
                let fit = screening.result().is_fit();
                (fit, fit && screening.raised_alert())
            });
            let waited = app.screening_first();
            // Set only when it changed: the home is drawn again from it.
            if app.todays_screening.get() != Some(fit) {
                app.todays_screening.set(Some(fit));
            }
            if waited && fit.is_some() {
                crate::sync::run_now(app, sync);
            }
        });
    });
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
