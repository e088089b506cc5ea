//! The home screen's first-load part: the greeting, and until today's screening is done the
//! screening alone (`home_day.rs` has the rest, in the home area); what other roles do; today's
//! screening as the device holds it.

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
            // on the server) the home shows it alone (`AppContext::waiting_for_screening`) and the
            // phone fetches nothing more. The rest of the day, and every other role's home, are
            // the home area's (`HomeToday`, `HomeCards`).
            let waiting = app.waiting_for_screening();
            view! {
                <section class="card">
                    <h1>{fill(t.greeting, &[("name", &user.full_name)])}</h1>
                    <p class="role-line" data-testid="role">
                        <span class="badge role">{messages::role(t, user.role)}</span>
                        <span class="muted">{place.clone()}</span>
                    </p>
                    // What the other roles do is in the monitoring area, words and links.
                    {(user.role != Role::Employee).then(|| later::view(Later::RoleTools))}
                    {if !waiting {
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
                {(!waiting).then(|| later::view(Later::HomeCards))}
            }
        })
        .into_any()
    })
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
/// (`AppContext::waiting_for_screening`), when the pull that waited should start.
pub async fn read_todays_screening(app: AppContext) -> bool {
    let waited = untrack(|| app.waiting_for_screening());
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
    let app = use_app();
    let Some(user) = app.user() else {
        return ().into_any();
    };
    // The agency's places, kept for the forms offline later: asked whenever the home is online
    // and the device keeps none (`places::keep_for`).
    Effect::new(move |_| {
        if app.online.get() {
            leptos::task::spawn_local(crate::places::keep_for_session(app));
        }
    });
    (move || {
        let l = i18n.locale().later();
        view! {
            <p>{messages::role_summary(l, user.role)}</p>
            {matches!(user.role, Role::ProtocolOfficer | Role::TracingOfficer | Role::CrisisAdmin | Role::Ppk)
                .then(|| view! {
                    <a class="button primary wide" href="/hari-ini">{l.today_title}</a>
                    <div class="jobs">
                        {jobs(l, &user)}
                        // The health team reads the cases, their clusters and chain.
                        {posko_core::cases::CASE.access.readable_by(user.role).then(|| view! {
                            <a class="button" href="/kasus">{l.cases_title}</a>
                        })}
                        <a class="button" href="/kepatuhan">{l.compliance_link}</a>
                        <a class="button" href="/rencana-wfo">{l.wfo_title}</a>
                    </div>
                })}
            {(user.role == Role::Monitor).then(|| view! {
                <a class="button primary wide" href="/kepatuhan">{l.compliance_link}</a>
            })}
            // The health team's day starts with the calls that came in.
            {posko_core::cases::CALL
                .access
                .readable_by(user.role)
                .then(|| crate::later::part_about(crate::later::Later::CallsToday, String::new()))
                .flatten()}
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
        // The tracer's day, for whoever writes the contacts' follow-up.
        {posko_core::kit::Access::Assigned.writable_by(role).then(|| view! {
            <a class="button" href="/pemantauan">{l.job_tracing}</a>
        })}
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
