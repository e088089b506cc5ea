//! The records on this device, of any declared kind, drawn by the generic views: the kinds
//! (`/catatan`), one kind's records, newest first (`/catatan/<kind>`), one record whole
//! (`/catatan/<kind>/<id>`), and the generic form for a new record (`/catatan/<kind>/baru`) or
//! an edit (`/catatan/<kind>/<id>/ubah`). What the device holds is what the user may read (the server's
//! scope decides each pull), so an officer sees their office's and an employee their own.
//! In the later module: no employee needs it to sign in and submit a screening.

use std::sync::Arc;

use leptos::prelude::*;
use posko_core::api::OfficeRef;
use posko_core::kit::{self, Envelope, KindDecl, Registry};
use posko_core::sync::{Record, SyncRecord};
use posko_core::UserProfile;

use super::history::sync_badge;
use super::signed_in;
use crate::components::form::alert;
use crate::context::use_app;
use crate::generic::labels::{self, KindLabels};
use crate::generic::{form, list, show};
use crate::i18n::fill;
use crate::i18n::{use_i18n, LaterStrings, Locale};
use crate::messages;
use crate::route::{navigate, use_location};
use crate::store::LocalRecord;
use crate::sync::use_sync;

/// Where a path under `/catatan` points.
enum At {
    Kinds,
    Kind(&'static KindDecl),
    Record(&'static KindDecl, String),
    New(&'static KindDecl),
    Edit(&'static KindDecl, String),
    Unknown,
}

const NEW: &str = "baru";
/// The list's search in its address: `/catatan/person?cari=siti`.
const SEARCH: &str = "cari";

/// The search named in an address's query (`cari=…`, with or without its `?`), decoded.
fn search_in(query: &str) -> String {
    crate::route::query_value(query, SEARCH).unwrap_or_default()
}
const EDIT: &str = "ubah";

fn at(path: &str) -> At {
    let rest = path.trim_end_matches('/').strip_prefix("/catatan").unwrap_or("");
    let mut parts = rest.split('/').skip(1);
    let kinds = Registry::standard();
    let Some(kind) = parts.next() else { return At::Kinds };
    let Some(kind) = kinds.get(kind) else {
        return At::Unknown;
    };
    match (parts.next(), parts.next(), parts.next()) {
        (None, ..) => At::Kind(kind),
        (Some(NEW), None, _) => At::New(kind),
        (Some(id), None, _) => At::Record(kind, id.to_owned()),
        (Some(id), Some(EDIT), None) => At::Edit(kind, id.to_owned()),
        _ => At::Unknown,
    }
}

#[component]
pub fn RecordsPage() -> impl IntoView {
    signed_in(|| {
        let i18n = use_i18n();
        let path = use_location().pathname;
        // The names of kinds and fields in the user's language, or the declarations' own words
        // when they cannot be had. Nothing is drawn until one or the other is known (the words
        // are precached; a moment on a first visit online): a form
        // drawn before them would be drawn again when they came, losing what was typed
        // (issue #21).
        let role = use_app().user().map(|u| u.role);
        let names = crate::view_data::ViewData::new(move || labels::load_for(i18n.locale(), role));
        (move || {
            let locale = i18n.locale();
            let Some(names) = names.get() else {
                return ().into_any();
            };
            let names = names.unwrap_or_else(labels::fallback);
            match at(&path.get()) {
                At::Kinds => kinds(locale, &names),
                At::Kind(kind) => records(locale, names, kind, None),
                At::Record(kind, id) => records(locale, names, kind, Some(id)),
                At::New(kind) => new_record(locale, names, kind),
                At::Edit(kind, id) => edit_record(locale, names, kind, id),
                At::Unknown => view! { <section class="card"><h1>{locale.home().not_found}</h1></section> }.into_any(),
            }
        })
        .into_any()
    })
}

/// The kinds this user's role reads (`Access::readable_by`): an employee is not shown the
/// agency's checklist versions, which never reach their phone.
fn kinds(locale: Locale, names: &KindLabels) -> AnyView {
    let role = use_app().user().map(|u| u.role);
    view! {
        <section class="card">
            <h1>{locale.later().records_title}</h1>
            <ul class="links">
                {Registry::standard()
                    .kinds()
                    .iter()
                    .filter(|kind| role.is_some_and(|role| kind.access.readable_by(role)))
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
    let l = locale.later();
    let sync = use_sync();
    let app = use_app();
    let loaded = crate::view_data::ViewData::new(move || {
        sync.revision.track();
        async move {
            // The records, and those with a photo not yet on the server.
            match app.store() {
                Some(store) => {
                    let unsent = store
                        .unsent_photos()
                        .await
                        .map(|p| p.into_iter().map(|p| p.record_id).collect::<Vec<_>>());
                    let named = show::ReferenceNames::of(&store, kind).await;
                    store
                        .all_of(kind.name)
                        .await
                        .and_then(|list| Ok((list, unsent?, named?)))
                }
                None => Ok((Vec::new(), Vec::new(), show::ReferenceNames::default())),
            }
        }
    });
    let title = names.kind(kind);
    let user = app.user();
    let listing = id.is_none();
    let offices = crate::generic::office::offices(app);
    let adder = user.clone();
    let add = move || {
        let offices = offices.get()?;
        listing
            .then(|| adder.as_ref().and_then(|u| add_link(locale, u, &offices, kind)))
            .flatten()
    };
    // A kind whose records have names (people) is found by typing: its name, or any value a
    // row shows (a NIP). The search lives in the address alone (`?cari=`), so a record's way
    // back returns to the list as it was left; the list reads it from there.
    let location = use_location();
    let query = Memo::new(move |_| search_in(&location.search.get()));
    let search = (listing && kind.fields.iter().any(|f| f.title)).then(|| {
        let on_input = move |e| {
            let typed = event_target_value(&e);
            let address = match typed.trim() {
                "" => location.pathname.get_untracked(),
                words => format!(
                    "{}?{SEARCH}={}",
                    location.pathname.get_untracked(),
                    js_sys::encode_uri_component(words)
                ),
            };
            navigate(&address, true);
        };
        view! {
            <label class="field">
                <span>{l.records_search}</span>
                <input type="search" data-testid="records-search" autocomplete="off"
                    prop:value=query.get_untracked() on:input=on_input />
            </label>
        }
    });
    // An agency-wide user (the admin, the PPK) narrows an office's kind to one office.
    let office_filter = RwSignal::new(None::<String>);
    let value_filter = RwSignal::new(None::<String>);
    let agency_wide = user.as_ref().is_some_and(|u| u.office_id.is_none());
    let all_offices = crate::generic::office::offices(app);
    let by_office = move || {
        let offices = all_offices.get()?;
        (listing && agency_wide && kind.envelope == Envelope::Office && offices.len() > 1).then(|| {
            crate::generic::office::office_picker(
                l.record_office,
                l.records_all_offices,
                office_filter,
                offices,
                move || value_filter.set(None),
            )
        })
    };
    // A kind with offered values (a person's unit) is narrowed to one of those the records
    // hold, in the office picked; picking another office starts from all its units.
    let value_field = listing.then(|| kind.fields.iter().find(|f| f.suggested)).flatten();
    let by_value = {
        let names = names.clone();
        move || {
            let field = value_field?;
            let office = office_filter.get();
            let values = loaded.with(|read| match read {
                Some(Ok((list, _, _))) => list::values_held(field, list, office.as_deref()),
                _ => Vec::new(),
            });
            (values.len() > 1).then(|| {
                let choices = values.into_iter().map(|v| (v.clone(), v)).collect();
                crate::generic::office::picker(
                    names.field(kind, field),
                    l.records_all_values,
                    value_filter,
                    choices,
                    Box::new(|| ()),
                )
            })
        }
    };
    view! {
        <section class="card">
            <h1>{title}</h1>
            {add}
            {search}
            {by_office}
            {by_value}
            {move || loaded.with(|read| match (read, &id) {
                (None, _) => view! { <p class="muted">{t.loading}</p> }.into_any(),
                (Some(Err(error)), _) => alert(messages::store_error(t, error)),
                (Some(Ok((list, unsent, named))), Some(id)) => match list.iter().find(|r| &r.record.id == id) {
                    Some(found) => {
                        let editable = user.as_ref().is_some_and(|u| may_edit(u, kind, &found.record));
                        // Whoever keeps a person gives them a sign-in.
                        let sign_in = (editable && kind.name == posko_core::roster::PERSON.name)
                            .then(|| posko_core::roster::Person::from_record(&found.record).ok())
                            .flatten()
                            .map(|person| super::activate::activation_code(app, locale, &person));
                        // The admin signs a person out of every device (a lost phone).
                        let admin = user.as_ref().is_some_and(|u| u.role == posko_core::Role::CrisisAdmin);
                        let sign_out = (admin && kind.name == posko_core::roster::PERSON.name)
                            .then(|| super::activate::end_sessions(app, locale, found.record.id.clone()));
                        view! {
                            {detail(locale, &names, named, kind, found, unsent.contains(&found.record.id))}
                            // A roster person's cases, for who reads them (the health team's area).
                            {(kind.name == posko_core::roster::PERSON.name
                                && user.as_ref().is_some_and(|u| posko_core::cases::CASE.access.readable_by(u.role)))
                            .then(|| crate::later::part_about(crate::later::Later::PersonCases, found.record.id.clone()))
                            .flatten()}
                            // A case's status history, from the server (the health team's area).
                            {(kind.name == posko_core::cases::CASE.name)
                                .then(|| crate::later::part_about(crate::later::Later::CaseContacts, found.record.id.clone()))
                                .flatten()}
                            {(kind.name == posko_core::cases::CASE.name)
                                .then(|| crate::later::part_about(crate::later::Later::CaseHistory, found.record.id.clone()))
                                .flatten()}
                            {editable.then(|| view! {
                                <a class="button" href=edit_href(kind, &found.record.id)>{locale.home().record_edit}</a>
                            })}
                            {sign_in}
                            {sign_out}
                        }
                        .into_any()
                    }
                    None => view! { <p class="muted">{l.record_not_on_device}</p> }.into_any(),
                },
                (Some(Ok((list, _, _))), None) if list.is_empty() => view! { <p class="muted">{l.records_empty}</p> }.into_any(),
                (Some(Ok((list, unsent, named))), None) => {
                    let (query, office, value) = (query.get(), office_filter.get(), value_filter.get());
                    let filter = list::Filter {
                        query: &query,
                        office: office.as_deref(),
                        value: value_field.zip(value.as_deref()),
                    };
                    let (shown, matched) = list::listed(kind, list, filter);
                    let more = (matched > shown.len()).then(|| view! {
                        <p class="muted" data-testid="records-more">
                            {fill(l.records_more, &[("shown", &shown.len().to_string()), ("total", &matched.to_string())])}
                        </p>
                    });
                    let none = (matched == 0).then(|| {
                        let words = match query.trim() {
                            // Only the office picked: it has none.
                            "" => l.records_empty.to_owned(),
                            typed => fill(l.records_none_found, &[("query", typed), ("total", &list.len().to_string())]),
                        };
                        view! { <p class="muted" data-testid="records-none">{words}</p> }
                    });
                    view! {
                        {none}
                        <ul class="history" data-testid="records">
                            {shown.into_iter().map(|r| row(locale, &names, named, kind, r, unsent.contains(&r.record.id))).collect_view()}
                        </ul>
                        {more}
                    }
                    .into_any()
                }
            })}
        </section>
    }
    .into_any()
}

/// "Photo not sent yet", for a record with a photo not on the server.
fn photo_badge(locale: Locale, unsent: bool) -> Option<impl IntoView> {
    unsent.then(|| view! { <span class="badge" data-testid="photo-unsent">{locale.later().record_photo_unsent}</span> })
}

fn row(
    locale: Locale,
    names: &KindLabels,
    named: &show::ReferenceNames,
    kind: &'static KindDecl,
    local: &LocalRecord,
    photo_unsent: bool,
) -> impl IntoView {
    // Its name first, where the kind names its records (a person: name · unit).
    let title = kind
        .fields
        .iter()
        .any(|f| f.title)
        .then(|| view! { <strong class="record-title">{kind.title_of(&local.record)}</strong> });
    let fields = show::summary_fields(kind)
        .into_iter()
        .filter(|field| !field.title && show::shown(field))
        // A case is about a person of the roster or one outside it: the one it names shows.
        .filter(|field| {
            !matches!(field.ty, posko_core::kit::FieldType::Reference(_))
                || local
                    .record
                    .get(field.name)
                    .and_then(posko_core::sync::Value::as_text)
                    .is_some_and(|id| !id.is_empty())
        })
        .map(|field| {
            view! {
                <span>
                    <span class="muted">{names.field(kind, field)} ": "</span>
                    {named.value(names, locale, kind, field, &local.record)}
                </span>
            }
        })
        .collect_view();
    view! {
        <li class="history-item">
            <a class="record-row" href=format!("/catatan/{}/{}", kind.name, local.record.id)>{title}{fields}</a>
            <div class="history-actions">{sync_badge(locale, names, kind, &local.sync)} {photo_badge(locale, photo_unsent)}</div>
        </li>
    }
}

fn detail(
    locale: Locale,
    names: &KindLabels,
    named: &show::ReferenceNames,
    kind: &'static KindDecl,
    local: &LocalRecord,
    photo_unsent: bool,
) -> AnyView {
    view! {
        <dl class="record-fields" data-testid="record">
            // A reference shows its record's name; one to a record with none is a link the
            // screens keep (`show::shown`).
            {kind
                .fields
                .iter()
                .filter(|field| show::shown(field))
                .map(|field| view! {
                    <dt>{names.field(kind, field)}</dt>
                    <dd>{named.value(names, locale, kind, field, &local.record)}</dd>
                })
                .collect_view()}
        </dl>
        {sync_badge(locale, names, kind, &local.sync)}
        {photo_badge(locale, photo_unsent)}
    }
    .into_any()
}

/// A screen of its own for a new record of `kind`, where the generic form is not the way in.
fn own_screen(kind: &KindDecl) -> Option<&'static str> {
    if kind.name == posko_core::screening::SCREENING.name {
        Some("/skrining")
    } else if kind.name == posko_core::checklist::CHECKLIST_TEMPLATE.name {
        // The agency's checklist versions are made where the checklist is.
        Some("/daftar-periksa")
    } else {
        None
    }
}

/// The screen that makes today's record of a kind kept one per office per day (its id is the
/// office and the day), where a generic form would show its internal fields and none of its
/// items or people: the checklist and the work-from-office plan are added there, and changed
/// there while they are today's.
fn daily_screen(kind: &KindDecl) -> Option<DailyScreen> {
    if kind.name == posko_core::checklist::CHECKLIST.name {
        Some(DailyScreen {
            path: "/daftar-periksa",
            title: |l| l.checklist_title,
        })
    } else if kind.name == posko_core::wfo::WFO_DAY.name {
        Some(DailyScreen {
            path: "/rencana-wfo",
            title: |l| l.wfo_title,
        })
    } else {
        None
    }
}

struct DailyScreen {
    path: &'static str,
    title: fn(&LaterStrings) -> &'static str,
}

/// Where a record is edited: its kind's own screen, or the generic form.
fn edit_href(kind: &KindDecl, id: &str) -> String {
    match own_screen(kind) {
        Some(screen) => format!("{screen}?ubah={id}"),
        None => format!("/catatan/{}/{id}/{EDIT}", kind.name),
    }
}

/// A new record of `kind` by `user`: in their agency and office, about them if it is about a person.
fn new_template(user: &UserProfile, kind: &KindDecl) -> Record {
    Record::new(
        kind.name,
        uuid::Uuid::now_v7().to_string(),
        user.agency_id.clone(),
        user.office_id.clone(),
        (kind.envelope == Envelope::Person).then(|| user.id.clone()),
    )
}

/// Whether `user` may add records of `kind` with the generic form: when they may add one at all
/// (`kit::may_add`, as the homes' jobs ask), and an office's record has an office to belong to
/// (their own, or one of the agency's `offices` for an agency-wide user to pick).
fn may_add(user: &UserProfile, offices: &[OfficeRef], kind: &KindDecl) -> bool {
    // What a home offers as a job (`kit::may_add`), and an office to put it in: the user's own,
    // or one an agency-wide user picks from those the device knows.
    kit::may_add(user, kind) && (kind.envelope != Envelope::Office || user.office_id.is_some() || !offices.is_empty())
}

/// Whether `user` may change `record` with the generic form (`kit::may_write`: a log's entries
/// only by their owner, a shared record by anyone who may write it), with a field they may set.
fn may_edit(user: &UserProfile, kind: &KindDecl, record: &Record) -> bool {
    daily_screen(kind).is_none()
        && kit::may_write(user, kind, record, Some(record))
        && kind.fields.iter().any(|f| !f.derived && kit::may_set(user, f))
}

/// The link to add a record of `kind`, where this user may.
fn add_link(
    locale: Locale,
    user: &UserProfile,
    offices: &[OfficeRef],
    kind: &'static KindDecl,
) -> Option<impl IntoView> {
    may_add(user, offices, kind).then(|| {
        let href = own_screen(kind)
            .or(daily_screen(kind).map(|screen| screen.path))
            .map_or_else(|| format!("/catatan/{}/{NEW}", kind.name), str::to_owned);
        // The roster also comes whole, from the office's file.
        let import = (kind.name == posko_core::roster::PERSON.name)
            .then(|| view! { <a class="button" href="/impor-pegawai">{locale.later().import_link}</a> });
        // Today's checklist or plan is named as the job it is, not as a new record.
        let l = locale.later();
        let words = daily_screen(kind).map_or(l.record_new, |screen| (screen.title)(l));
        view! { <a class="button primary" href=href>{words}</a> {import} }
    })
}

fn new_record(locale: Locale, names: Arc<KindLabels>, kind: &'static KindDecl) -> AnyView {
    let app = use_app();
    let offices = crate::generic::office::offices(app);
    (move || {
        let offices = offices.get()?;
        Some(match app.user().filter(|u| may_add(u, &offices, kind)) {
            Some(user) => form_screen(
                app,
                locale,
                names.clone(),
                kind,
                new_template(&user, kind),
                offices,
                user.id,
            ),
            None => view! { <section class="card"><h1>{locale.home().not_found}</h1></section> }.into_any(),
        })
    })
    .into_any()
}

fn edit_record(locale: Locale, names: Arc<KindLabels>, kind: &'static KindDecl, id: String) -> AnyView {
    let app = use_app();
    let found = crate::view_data::ViewData::new(move || {
        let id = id.clone();
        async move {
            match app.store() {
                Some(store) => store.record(&id).await.ok().flatten(),
                None => None,
            }
        }
    });
    let t = locale.strings();
    let l = locale.later();
    (move || {
        let user = app.user()?;
        Some(match found.get() {
            None => view! { <p class="muted">{t.loading}</p> }.into_any(),
            Some(Some(local)) if local.record.kind == kind.name && may_edit(&user, kind, &local.record) => {
                form_screen(app, locale, names.clone(), kind, local.record, Vec::new(), user.id)
            }
            Some(_) => {
                view! { <section class="card"><p class="muted">{l.record_not_on_device}</p></section> }.into_any()
            }
        })
    })
    .into_any()
}

/// The form in its card; once saved, the saved record is shown.
fn form_screen(
    app: crate::context::AppContext,
    locale: Locale,
    names: Arc<KindLabels>,
    kind: &'static KindDecl,
    record: Record,
    offices: Vec<OfficeRef>,
    user_id: String,
) -> AnyView {
    let saved = Callback::new(move |id: String| navigate(&format!("/catatan/{}/{id}", kind.name), false));
    let title = names.kind(kind);
    view! {
        <section class="card">
            <h1>{title}</h1>
            {form::record_form(app, locale, names, kind, record, offices, user_id, saved)}
        </section>
    }
    .into_any()
}
