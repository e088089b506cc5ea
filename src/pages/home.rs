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
        let app = use_app();
        let Some(user) = app.user() else {
            return ().into_any();
        };
        let place = match &user.office_name {
            Some(office) => format!("{} · {}", office, user.agency_name),
            None => user.agency_name.clone(),
        };
        (move || {
            let t = i18n.t();
            // An employee's day starts with the screening: until today's is on the device (or
            // on the server) the home shows it alone (`AppContext::screening_first`) and the
            // phone fetches nothing more. The rest of the day, and every other role's home, are
            // the home area's (`HomeToday`, `HomeCards`).
            let held = app.screening_first();
            view! {
                <section class="card">
                    <h1>{fill(t.greeting, &[("name", &user.full_name)])}</h1>
                    <p class="role-line" data-testid="role">
                        <span class="badge role">{messages::role(t, user.role)}</span>
                        <span class="muted">{place.clone()}</span>
                    </p>
                    {if !held {
                        later::view(Later::HomeToday)
                    } else if app.todays_screening.get().is_none() {
                        view! { <p class="muted">{t.loading}</p> }.into_any()
                    } else {
                        view! {
                            <p class="status todo">{t.today_not_screened}</p>
                            <a class="button primary wide" href="/skrining">{t.screening_start}</a>
                            <p class="muted" data-testid="after-screening">{t.home_after_screening}</p>
                            <a class="link" href="/riwayat">{t.history_title}</a>
                        }
                        .into_any()
                    }}
                </section>
                {(!held).then(|| later::view(Later::HomeCards))}
            }
        })
        .into_any()
    })
}

/// The top of the home once the day's screening is done, and for every role but the employee:
/// what the role does, today's screening and its result, where the employee works today
/// (`WfoToday`, which never says "the office" after a stay-home result), and the one thing to
/// do next. After screening, the main action views or changes today's answers, never a new
/// form.
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
            Some(None) if app.screened_on_server.get() => view! {
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
                {employee.then(|| later::view(Later::WfoToday))}
                {(!fit).then(|| later::view(Later::Hotline))}
                <a class="button primary wide" href=change_href.clone()>{h.screening_view_today}</a>
            }
            .into_any(),
        };
        view! {
            // What the other roles do is in the monitoring area, words and links.
            {(!employee).then(|| later::view(Later::RoleTools))}
            {status}
            {employee.then(|| later::view(Later::ViolationsLink))}
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
                {later::view(Later::RecentScreenings)}
                <a class="link" href="/riwayat">{t.history_title}</a>
            </section>
            <section class="card hotline">
                <h2>{locale.home().hotline_title}</h2>
                <p>{t.hotline_text}</p>
                {later::view(Later::Hotline)}
            </section>
            {later::view(Later::DeviceNote)}
        }
    }
}

/// Today's screening of the signed-in user as this device holds it: whether it says fit for the
/// office and whether an alert it raised earlier stays open (answers changed from stay home to
/// fit); `None` when not screened yet. One read: its id is the kind's declared one for the
/// person and day.
async fn todays_screening(app: AppContext) -> Option<(bool, bool)> {
    let user = app.user()?;
    let id = posko_core::screening::screening_id(&user.id, crate::device_clock::today(app))?;
    let record = app.store()?.bare_record(&id).await.ok()??;
    if record.is_deleted() {
        return None;
    }
    let screening = Screening::from_record(&record).ok()?;
    let fit = screening.result().is_fit();
    Some((fit, fit && screening.raised_alert()))
}

/// Reads today's screening into `AppContext::todays_screening` (set only when it changed: the
/// home is drawn again from it). Answers whether the phone has just stopped waiting for it
/// (`AppContext::screening_first`), when the pull that waited should start.
pub async fn read_todays_screening(app: AppContext) -> bool {
    let waited = untrack(|| app.screening_first());
    let today = todays_screening(app).await;
    if app.todays_screening.get_untracked() != Some(today) {
        app.todays_screening.set(Some(today));
    }
    waited && today.is_some()
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
