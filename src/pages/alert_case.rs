//! The case of a suspect alert (issue #20 item 2), on the day's page of the health team: a link
//! to the case opened from it, by status, or a button that opens one (`later::view_about`, with
//! the alert's screening); and a roster person's cases on their record. In the tracing area's module, so an office's
//! protocol officer, who reads no case, never fetches it.

use leptos::prelude::*;
use posko_core::cases::{Case, CASE};
use posko_core::roster::Person;
use posko_core::sync::{SyncRecord, Value};
use posko_core::Screening;

use crate::components::form::alert as notice;
use crate::context::use_app;
use crate::generic::labels::{self, KindLabels};
use crate::i18n::{fill, use_i18n, Locale};
use crate::messages;
use crate::sync::use_sync;

/// The alert's screening, the case opened from it if any, and its person's name.
#[derive(Clone)]
struct Found {
    screening: Screening,
    case: Option<Case>,
    name: String,
}

/// `screening`: the alert's screening's id.
#[component]
pub fn AlertCase(screening: String) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let sync = use_sync();
    let screening_id = screening;
    let role = app.user().map(|u| u.role);
    let names = crate::view_data::ViewData::new(move || labels::load_for(i18n.locale(), role));
    let found = crate::view_data::ViewData::new(move || {
        sync.revision.track();
        let id = screening_id.clone();
        async move {
            let store = app.store()?;
            let screening = Screening::from_record(&store.bare_record(&id).await.ok()??).ok()?;
            let case = store
                .query_eq(CASE.name, "alert", &Value::Text(id))
                .await
                .ok()?
                .iter()
                .find_map(|l| Case::from_record(&l.record).ok());
            let person = match &screening.owner_id {
                Some(owner) => store.bare_record(owner).await.ok().flatten(),
                None => None,
            };
            let name = person
                .and_then(|p| Person::from_record(&p).ok())
                .map(|p| p.full_name)
                .unwrap_or_default();
            Some(Found { screening, case, name })
        }
    });
    (move || {
        let locale = i18n.locale();
        let names = names.get().flatten().unwrap_or_else(labels::fallback);
        match found.get().flatten() {
            None => ().into_any(),
            Some(Found { case: Some(case), .. }) => case_link(locale, &names, &case),
            Some(Found {
                screening,
                case: None,
                name,
            }) => match app.user() {
                Some(user) if CASE.access.writable_by(user.role) => open_case_button(locale, &screening, &name),
                _ => ().into_any(),
            },
        }
    })
    .into_any()
}

/// "Kasus: suspek", to the case opened from an alert.
fn case_link(locale: Locale, names: &KindLabels, case: &Case) -> AnyView {
    let status = CASE
        .fields
        .iter()
        .find(|f| f.name == "status")
        .map(|field| names.code(&CASE, field, &case.status))
        .unwrap_or_default();
    view! {
        <p data-testid="alert-case">
            <a class="link" href=format!("/catatan/{}/{}", CASE.name, case.id)>
                {fill(locale.later().alert_case, &[("status", &status)])}
            </a>
        </p>
    }
    .into_any()
}

/// Opens a case of the alert's person, a suspect judged by today's revision of the rules, linked
/// to the alert (the alert then shows it), in the alert's office; then its form, for the rest.
fn open_case_button(locale: Locale, screening: &Screening, name: &str) -> AnyView {
    let t = locale.strings();
    let l = locale.later();
    let app = use_app();
    let failed = RwSignal::new(None::<String>);
    let screening = screening.clone();
    let open = move |_| {
        let (Some(store), Some(user)) = (app.store(), app.user()) else {
            return;
        };
        let case = Case {
            person: screening.owner_id.clone(),
            alert: Some(screening.id.clone()),
            ..Case::suspect(
                uuid::Uuid::now_v7().to_string(),
                screening.agency_id.clone(),
                screening.office_id.clone(),
            )
        };
        leptos::task::spawn_local(async move {
            match store.create(&case, &user.id).await {
                Ok(()) => crate::route::navigate(&format!("/catatan/{}/{}/ubah", CASE.name, case.id), false),
                Err(error) => failed.set(Some(messages::store_error(t, &error))),
            }
        });
    };
    view! {
        <button class="button" type="button" on:click=open
            aria-label=fill(l.alert_open_case_for, &[("name", name)])>{l.alert_open_case}</button>
        {move || failed.get().map(notice)}
    }
    .into_any()
}

/// The cases of a person of the roster, on their record for the health team (issue #20 item 2):
/// each a link, by status. `person`: the person's id.
#[component]
pub fn PersonCases(person: String) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let sync = use_sync();
    let role = app.user().map(|u| u.role);
    let names = crate::view_data::ViewData::new(move || labels::load_for(i18n.locale(), role));
    let cases = crate::view_data::ViewData::new(move || {
        sync.revision.track();
        let person = person.clone();
        async move {
            let Some(store) = app.store() else {
                return Vec::new();
            };
            match store.query_eq(CASE.name, "person", &Value::Text(person)).await {
                Ok(rows) => rows.iter().filter_map(|l| Case::from_record(&l.record).ok()).collect(),
                Err(_) => Vec::new(),
            }
        }
    });
    move || {
        let locale = i18n.locale();
        let names = names.get().flatten().unwrap_or_else(labels::fallback);
        let cases = cases.get().unwrap_or_default();
        (!cases.is_empty()).then(|| {
            view! {
                <section data-testid="person-cases">
                    <h2>{locale.later().person_cases_title}</h2>
                    {cases.iter().map(|case| case_link(locale, &names, case)).collect_view()}
                </section>
            }
        })
    }
}
