//! The records on this device, of any declared kind, drawn by the generic views: the kinds
//! (`/catatan`), one kind's records, newest first (`/catatan/<kind>`), and one record whole
//! (`/catatan/<kind>/<id>`). What the device holds is what the user may read (the server's
//! scope decides each pull), so an officer sees their office's and an employee their own.
//! In the later module: no employee needs it to sign in and submit a screening.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use posko_core::kit::{KindDecl, Registry};

use super::history::sync_badge;
use super::signed_in;
use crate::components::form::alert;
use crate::generic::labels::{self, KindLabels};
use crate::generic::show;
use crate::i18n::{use_i18n, Locale};
use crate::messages;
use crate::store::LocalRecord;
use crate::sync::use_sync;

/// Where a path under `/catatan` points.
enum At {
    Kinds,
    Kind(&'static KindDecl),
    Record(&'static KindDecl, String),
    Unknown,
}

fn at(path: &str) -> At {
    let rest = path.trim_end_matches('/').strip_prefix("/catatan").unwrap_or("");
    let mut parts = rest.split('/').skip(1);
    let kinds = Registry::standard();
    match (parts.next(), parts.next(), parts.next()) {
        (None, ..) => At::Kinds,
        (Some(kind), None, _) => kinds.get(kind).map_or(At::Unknown, At::Kind),
        (Some(kind), Some(id), None) => kinds.get(kind).map_or(At::Unknown, |k| At::Record(k, id.to_owned())),
        _ => At::Unknown,
    }
}

#[component]
pub fn RecordsPage() -> impl IntoView {
    signed_in(|| {
        let i18n = use_i18n();
        let path = use_location().pathname;
        // The names of kinds and fields in the user's language; the declarations' own words
        // until (or unless) they are here.
        let names = LocalResource::new(move || labels::load(i18n.locale()));
        (move || {
            let locale = i18n.locale();
            let names = names.get().flatten().unwrap_or_else(labels::fallback);
            match at(&path.get()) {
                At::Kinds => kinds(locale, &names),
                At::Kind(kind) => records(locale, names, kind, None),
                At::Record(kind, id) => records(locale, names, kind, Some(id)),
                At::Unknown => {
                    view! { <section class="card"><h1>{locale.strings().not_found}</h1></section> }.into_any()
                }
            }
        })
        .into_any()
    })
}

fn kinds(locale: Locale, names: &KindLabels) -> AnyView {
    let t = locale.strings();
    view! {
        <section class="card">
            <h1>{t.records_title}</h1>
            <ul class="links">
                {Registry::standard()
                    .kinds()
                    .iter()
                    .map(|kind| view! { <li><a class="link" href=format!("/catatan/{}", kind.name)>{names.kind(kind)}</a></li> })
                    .collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

/// A kind's records newest first, or one of them whole when `id` names it; read again after
/// every sync run that changed records.
fn records(locale: Locale, names: Arc<KindLabels>, kind: &'static KindDecl, id: Option<String>) -> AnyView {
    let t = locale.strings();
    let sync = use_sync();
    let loaded = LocalResource::new(move || {
        sync.revision.track();
        async move {
            match crate::app::store() {
                Some(store) => store.all_of(kind.name).await,
                None => Ok(Vec::new()),
            }
        }
    });
    let title = names.kind(kind);
    view! {
        <section class="card">
            <h1>{title}</h1>
            {move || match (loaded.get(), &id) {
                (None, _) => view! { <p class="muted">{t.loading}</p> }.into_any(),
                (Some(Err(error)), _) => alert(messages::store_error(t, &error)),
                (Some(Ok(list)), Some(id)) => match list.iter().find(|r| &r.record.id == id) {
                    Some(found) => detail(locale, &names, kind, found),
                    None => view! { <p class="muted">{t.record_not_on_device}</p> }.into_any(),
                },
                (Some(Ok(list)), None) if list.is_empty() => view! { <p class="muted">{t.records_empty}</p> }.into_any(),
                (Some(Ok(list)), None) => view! {
                    <ul class="history" data-testid="records">
                        {list.iter().rev().map(|r| row(locale, &names, kind, r)).collect_view()}
                    </ul>
                }
                .into_any(),
            }}
            <a class="link" href="/catatan">{t.records_title}</a>
        </section>
    }
    .into_any()
}

fn row(locale: Locale, names: &KindLabels, kind: &'static KindDecl, local: &LocalRecord) -> impl IntoView {
    let fields = show::summary_fields(kind)
        .into_iter()
        .map(|field| {
            view! {
                <span>
                    <span class="muted">{names.field(kind, field)} ": "</span>
                    {show::value(names, locale, kind, field, &local.record)}
                </span>
            }
        })
        .collect_view();
    view! {
        <li class="history-item">
            <a class="record-row" href=format!("/catatan/{}/{}", kind.name, local.record.id)>{fields}</a>
            <div class="history-actions">{sync_badge(locale, &local.sync)}</div>
        </li>
    }
}

fn detail(locale: Locale, names: &KindLabels, kind: &'static KindDecl, local: &LocalRecord) -> AnyView {
    view! {
        <dl class="record-fields" data-testid="record">
            {kind
                .fields
                .iter()
                .map(|field| view! {
                    <dt>{names.field(kind, field)}</dt>
                    <dd>{show::value(names, locale, kind, field, &local.record)}</dd>
                })
                .collect_view()}
        </dl>
        {sync_badge(locale, &local.sync)}
    }
    .into_any()
}
