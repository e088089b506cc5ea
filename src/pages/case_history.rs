//! A case's status history (issue #20 item 2), under the case on its page: each change of its
//! status, from what to what, who made it and when, as the server's history keeps it (the
//! device keeps only the current record, so this needs a connection, and says so without one).
//! In the tracing area's module (`later::view_about`, with the case's id).

use leptos::prelude::*;
use posko_core::cases::CASE;
use posko_core::roster::Person;
use posko_core::sync::SyncRecord;

use crate::components::form::alert as notice;
use crate::context::use_app;
use crate::generic::labels::{self, KindLabels};
use crate::i18n::{fill, use_i18n, Locale};
use crate::messages;
use crate::server_api::{self, FieldHistory, ServerError};
use crate::sync::use_sync;

/// The status changes that took effect, with the names of who made them.
type Read = Result<Vec<(FieldHistory, String)>, ServerError>;

/// `case`: the case's id.
#[component]
pub fn CaseHistory(case: String) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let sync = use_sync();
    let role = app.user().map(|u| u.role);
    let names = crate::view_data::ViewData::new(move || labels::load_for(i18n.locale(), role));
    let history = crate::view_data::ViewData::new(move || {
        // Read again after a sync, which may have sent a change of it.
        sync.revision.track();
        let (case, online) = (case.clone(), app.online.get());
        async move {
            let session = app.session.get_untracked().filter(|_| online);
            let Some(session) = session else {
                return None;
            };
            let read: Read = async {
                let changes = server_api::record_history(&session.token, &case).await?;
                let mut out = Vec::new();
                for change in changes.into_iter().filter(|c| c.field == "status" && c.won) {
                    let who = who(app, &change.user_id).await;
                    out.push((change, who));
                }
                Ok(out)
            }
            .await;
            Some(read)
        }
    });
    move || {
        let locale = i18n.locale();
        let names = names.get().flatten().unwrap_or_else(labels::fallback);
        let l = locale.later();
        let body = match history.get() {
            None => ().into_any(),
            Some(None) => view! { <p class="muted">{l.case_history_offline}</p> }.into_any(),
            Some(Some(Err(_))) => notice(l.case_history_failed.to_owned()),
            Some(Some(Ok(changes))) if changes.is_empty() => {
                view! { <p class="muted">{l.case_history_none}</p> }.into_any()
            }
            Some(Some(Ok(changes))) => view! {
                <ol class="case-history">
                    {changes.iter().map(|(change, who)| line(locale, &names, change, who)).collect_view()}
                </ol>
            }
            .into_any(),
        };
        view! {
            <section data-testid="case-history">
                <h2>{l.case_history_title}</h2>
                {body}
            </section>
        }
    }
}

/// A user's name: their person on the roster (whose id is the user's), or the user themself.
async fn who(app: crate::context::AppContext, user_id: &str) -> String {
    if let Some(user) = app.user().filter(|u| u.id == user_id) {
        return user.full_name;
    }
    let person = match app.store() {
        Some(store) => store.bare_record(user_id).await.ok().flatten(),
        None => None,
    };
    person
        .and_then(|p| Person::from_record(&p).ok())
        .map_or_else(|| user_id.to_owned(), |p| p.full_name)
}

fn line(locale: Locale, names: &KindLabels, change: &FieldHistory, who: &str) -> impl IntoView {
    let l = locale.later();
    let status = |code: &Option<String>| {
        let field = CASE.fields.iter().find(|f| f.name == "status");
        match (code, field) {
            (Some(code), Some(field)) => names.code(&CASE, field, code),
            _ => String::new(),
        }
    };
    let when = messages::time_of(locale.strings(), change.received_at_ms);
    let words = match &change.old {
        None => fill(
            l.case_history_opened,
            &[("to", &status(&change.new)), ("who", who), ("when", &when)],
        ),
        Some(_) => fill(
            l.case_history_changed,
            &[
                ("from", &status(&change.old)),
                ("to", &status(&change.new)),
                ("who", who),
                ("when", &when),
            ],
        ),
    };
    view! { <li>{words}</li> }
}
