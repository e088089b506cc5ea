//! Today's office protocol checklist (`/daftar-periksa`), for the protocol officers and the
//! admin: each item of the template passed, failed or not applicable, with a note, the day's
//! headcount and evidence photos; saved on the device (offline too) and sent with the next sync.
//! The office's checklist of the day is one record (`checklist::checklist_id`), so a second
//! officer, or a second save, fills in the same one. The items are the agency's newest version
//! of its checklist, or the built-in KMK 328/2020 one; the admin makes the agency's next version
//! here. Laid out for a 360 px phone. In the later module.

use std::sync::Arc;

use leptos::prelude::*;
use posko_core::checklist::{
    asked_items, checklist_id, Checklist, ChecklistTemplate, Template, ANSWERS, CHECKLIST, CHECKLIST_TEMPLATE,
};
use posko_core::kit::{self, FieldDecl, Invalid};
use posko_core::sync::{Record, Stamp, SyncRecord, Value};
use posko_core::Problem;

use super::signed_in;
use crate::components::form::alert as notice;
use crate::context::{use_app, AppContext};
use crate::generic::form::{named_photos, photo_input, Taken};
use crate::generic::labels::{self, KindLabels};
use crate::generic::office;
use crate::i18n::{fill, use_i18n, Locale};
use crate::messages;
use crate::store::Photo;

fn field(name: &str) -> &'static FieldDecl {
    CHECKLIST.field(name).expect("the checklist declares the field")
}

#[component]
pub fn ChecklistPage() -> impl IntoView {
    signed_in(|| {
        let i18n = use_i18n();
        let app = use_app();
        let names = crate::view_data::ViewData::new(move || labels::load(i18n.locale()));
        let Some(user) = app.user() else {
            return ().into_any();
        };
        // An officer's own office; an agency-wide user picks one of the agency's.
        let office = RwSignal::new(user.office_id.clone());
        let offices = office::offices(app);
        (move || {
            let locale = i18n.locale();
            let (t, l) = (locale.strings(), locale.later());
            let names = names.get().flatten().unwrap_or_else(labels::fallback);
            let picker = user.office_id.is_none().then(|| {
                office::office_picker(
                    l.office_pick,
                    crate::generic::show::EMPTY,
                    office,
                    offices.get().unwrap_or_default(),
                    || (),
                )
            });
            let body = office
                .get()
                .map(|office_id| checklist_form(app, locale, names, office_id));
            view! {
                <section class="card">
                    <h1>{l.checklist_title}</h1>
                    <p class="muted">{crate::messages::long_date(t, crate::device_clock::today(app))}</p>
                    {picker}
                </section>
                {body}
                // An agency-wide user has no office of their own: nothing loads until one is
                // picked (this said "loading" for ever, found by the walk of every screen).
                {office.with(Option::is_none).then(|| view! { <p class="muted">{l.checklist_pick_office}</p> })}
            }
            .into_any()
        })
        .into_any()
    })
}

/// The form over today's checklist of `office_id`, as this device holds it (or a new one).
fn checklist_form(app: AppContext, locale: Locale, names: Arc<KindLabels>, office_id: String) -> AnyView {
    let today = crate::device_clock::today(app);
    let t = locale.strings();
    // Office ids fit (`kit::MAX_HOLDER_ID_LEN`, which the operator's command keeps).
    let Some(id) = checklist_id(&office_id, today) else {
        return notice(t.error_bad_format.to_owned());
    };
    let loaded = crate::view_data::ViewData::new({
        let id = id.clone();
        move || {
            let id = id.clone();
            async move {
                match app.store() {
                    Some(store) => {
                        let versions = store.all_of(CHECKLIST_TEMPLATE.name).await?;
                        let versions = versions
                            .iter()
                            .filter_map(|l| ChecklistTemplate::from_record(&l.record).ok())
                            .collect::<Vec<_>>();
                        Ok((store.record(&id).await?.map(|l| l.record), versions))
                    }
                    None => Ok((None, Vec::new())),
                }
            }
        }
    });
    (move || match loaded.get() {
        None => view! { <p class="muted">{t.loading}</p> }.into_any(),
        Some(Err(error)) => notice(messages::store_error(t, &error)),
        Some(Ok((stored, versions))) => {
            let Some(user) = app.user() else { return ().into_any() };
            let template = stored.clone().unwrap_or_else(|| {
                Record::new(
                    CHECKLIST.name,
                    id.clone(),
                    user.agency_id.clone(),
                    Some(office_id.clone()),
                    None,
                )
            });
            let editor = (user.role == posko_core::Role::CrisisAdmin)
                .then(|| template_editor(app, locale, &names, &user.agency_id, &versions));
            view! {
                {filled_in(app, locale, names.clone(), template, today, &versions)}
                {editor}
            }
            .into_any()
        }
    })
    .into_any()
}

fn filled_in(
    app: AppContext,
    locale: Locale,
    names: Arc<KindLabels>,
    stored: Record,
    today: chrono::NaiveDate,
    versions: &[ChecklistTemplate],
) -> AnyView {
    let (t, l) = (locale.strings(), locale.later());
    let record_id = stored.id.clone();
    let existing = Checklist::from_record(&stored).ok();
    // The version the day's checklist began with; else the agency's newest; else the built-in.
    let version = existing
        .as_ref()
        .map(|c| c.template.clone())
        .filter(|v| asked_items(v, versions).is_some())
        .or_else(|| ChecklistTemplate::newest(&stored.agency_id, versions).map(|v| v.id.clone()))
        .unwrap_or_else(|| Template::current().version.to_owned());
    let items: Vec<(String, String)> = asked_items(&version, versions)
        .unwrap_or_default()
        .into_iter()
        .map(|(code, words)| {
            let words = words.unwrap_or_else(|| names.checklist_item(&code));
            (code, words)
        })
        .collect();
    // Who may not change it (the PPK reads it) is shown what was filled in, never a form whose
    // save the server would refuse.
    let may_change = app
        .user()
        .is_some_and(|user| kit::may_write(&user, &CHECKLIST, &stored, existing.as_ref().map(|_| &stored)));
    if !may_change {
        return read_only(locale, &names, existing.as_ref(), &items);
    }
    let codes: Vec<String> = items.iter().map(|(code, _)| code.clone()).collect();
    // The items by their words, to say which are still open after a save.
    let labels: Arc<Vec<(String, String)>> = Arc::new(items.clone());
    let answers = RwSignal::new(existing.as_ref().map(|c| c.answers.clone()).unwrap_or_default());
    let notes = RwSignal::new(existing.as_ref().map(|c| c.notes.clone()).unwrap_or_default());
    let headcount = RwSignal::new(
        existing
            .as_ref()
            .and_then(|c| c.headcount)
            .map(|n| n.to_string())
            .unwrap_or_default(),
    );
    let photos = field("photos");
    let kept = RwSignal::new(
        named_photos(&stored, photos.name)
            .into_iter()
            .map(|sha| (photos.name, sha))
            .collect::<Vec<_>>(),
    );
    let taken = RwSignal::new_local(Vec::<Taken>::new());
    let errors = RwSignal::new(Vec::<Invalid>::new());
    let saved = RwSignal::new(None::<Result<(), String>>);
    let stored = StoredValue::new(stored);

    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(user) = app.user() else { return };
        let mut found = Vec::new();
        let count = headcount.get_untracked();
        let headcount_value = match count.trim() {
            "" => None,
            text => match text.parse::<i64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    found.push(Invalid::new("headcount", Problem::NotANumber));
                    None
                }
            },
        };
        let record = stored.get_value();
        let kept_now: Vec<String> = kept.with_untracked(|k| k.iter().map(|(_, sha)| sha.clone()).collect());
        let new_photos: Vec<Photo> = taken.with_untracked(|t| t.iter().map(|t| t.photo.clone()).collect());
        let checklist = Checklist {
            id: record.id.clone(),
            agency_id: record.agency_id.clone(),
            office_id: record.office_id.clone(),
            owner_id: None,
            parent_id: None,
            date: today,
            template: version.clone(),
            answers: answers.get_untracked(),
            notes: notes
                .get_untracked()
                .into_iter()
                .filter(|(_, n)| !n.trim().is_empty())
                .collect(),
            photos: kept_now
                .iter()
                .cloned()
                .chain(new_photos.iter().map(|p| p.sha256.clone()))
                .collect(),
            headcount: headcount_value,
            checked_at: crate::device_clock::now(app),
        };
        let candidate = checklist.to_new_record(&Stamp::new(0, 0, "draft"));
        let checked: Vec<Invalid> = kit::check(&CHECKLIST, &candidate, &crate::device_clock::context(app))
            .into_iter()
            .filter(|e| !found.iter().any(|f: &Invalid| f.field == e.field))
            .collect();
        found.extend(checked);
        errors.set(found);
        if !errors.with_untracked(Vec::is_empty) {
            saved.set(None);
            return;
        }
        // Every value as the typed checklist has it, and what it no longer has: a note emptied,
        // a photo removed.
        let mut values: Vec<(String, Value)> = candidate.fields.iter().map(|(k, f)| (k.clone(), f.v.clone())).collect();
        for (key, _) in record.fields.iter() {
            let gone = !candidate.fields.contains_key(key);
            if gone && key.starts_with("notes.") {
                values.push((key.clone(), Value::Null));
            } else if gone && key.starts_with("photos.") {
                values.push((key.clone(), Value::Bool(false)));
            }
        }
        leptos::task::spawn_local(async move {
            let Some(store) = app.store() else { return };
            match store.save_values(record, &values, &new_photos, &user.id).await {
                Ok(_) => {
                    // What is saved is now the record's: the photos taken are kept ones.
                    if let Ok(Some(now)) = store.record(&candidate.id).await {
                        stored.set_value(now.record);
                    }
                    taken.update(|t| {
                        kept.update(|k| k.extend(t.drain(..).map(|t| (photos.name, t.photo.sha256))));
                    });
                    saved.set(Some(Ok(())));
                }
                Err(error) => saved.set(Some(Err(messages::store_error(t, &error)))),
            }
        });
    };

    let answer_field = field("answers");
    let item_views = items
        .into_iter()
        .map(|(code, label)| {
            let radio = format!("item-{code}");
            let choices = ANSWERS
                .iter()
                .map(|&answer| {
                    let (code, also) = (code.clone(), code.clone());
                    let checked = move || answers.with(|a| a.iter().any(|(c, v)| *c == code && v == answer));
                    let pick = move |_| {
                        answers.update(|a| {
                            a.retain(|(c, _)| *c != also);
                            a.push((also.clone(), answer.to_owned()));
                        });
                        saved.set(None);
                    };
                    view! {
                        <label class=format!("choice {answer}")>
                            <input type="radio" name=radio.clone() value=answer prop:checked=checked on:change=pick />
                            <span>{names.code(&CHECKLIST, answer_field, answer)}</span>
                        </label>
                    }
                })
                .collect_view();
            let (mine, also) = (code.clone(), code.clone());
            let note = move || {
                notes.with(|n| {
                    n.iter()
                        .find(|(c, _)| *c == mine)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                })
            };
            let set_note = move |e| {
                let text = event_target_value(&e);
                notes.update(|n| {
                    n.retain(|(c, _)| *c != also);
                    n.push((also.clone(), text));
                });
                saved.set(None);
            };
            // A note is asked where an item fails (or already has one): a page of eight empty
            // boxes made the usual day, all passed, four screens long.
            // A memo, so typing in the note does not draw its box again (and lose the cursor).
            let failed = {
                let (code, note) = (code.clone(), note.clone());
                Memo::new(move |_| {
                    answers.with(|a| a.iter().any(|(c, v)| *c == code && v == "fail")) || !note().is_empty()
                })
            };
            view! {
                <fieldset class="check-item" data-item=code>
                    <legend>{label}</legend>
                    <div class="choices">{choices}</div>
                    {move || failed.get().then(|| {
                        let (note, set_note) = (note.clone(), set_note.clone());
                        view! {
                            <label class="field note">
                                <span>{l.checklist_note}</span>
                                <input type="text" maxlength="300" prop:value=note on:input=set_note />
                            </label>
                        }
                    })}
                </fieldset>
            }
        })
        .collect_view();
    let total = codes.len();
    let answered = {
        let codes = codes.clone();
        move || answers.with(|a| a.iter().filter(|(c, _)| codes.contains(c)).count())
    };
    let answered_now = answered.clone();
    let error_of = move |name: &'static str| {
        move || {
            errors.with(|all| {
                all.iter()
                    .find(|e| e.field == name)
                    .map(|e| view! { <p class="field-error" role="alert">{messages::problem(locale, &e.problem)}</p> })
            })
        }
    };
    // Most items pass on most days: one tap answers every open one "pass", then the exceptions
    // are changed (issue #19). Answers already given are kept.
    let all_pass = {
        let codes = codes.clone();
        move |_| {
            answers.update(|a| {
                for code in &codes {
                    if !a.iter().any(|(c, _)| c == code) {
                        a.push((code.clone(), "pass".to_owned()));
                    }
                }
            });
            saved.set(None);
        }
    };
    let open_items = {
        let labels = labels.clone();
        move || {
            answers.with(|a| {
                labels
                    .iter()
                    .filter(|(code, _)| !a.iter().any(|(c, _)| c == code))
                    .map(|(_, words)| words.clone())
                    .collect::<Vec<_>>()
            })
        }
    };
    let saved_words = move || {
        let open = open_items();
        if open.is_empty() {
            l.saved_on_device.to_owned()
        } else {
            fill(l.checklist_saved_open, &[("items", &open.join(", "))])
        }
    };
    view! {
        <form class="card checklist" on:submit=save novalidate>
            <p class="status" data-testid="checklist-progress">
                {move || fill(l.checklist_answered, &[("done", &answered().to_string()), ("total", &total.to_string())])}
            </p>
            {move || (answered_now() < total).then(|| view! {
                <button type="button" class="button wide" on:click=all_pass.clone()>{l.checklist_all_pass}</button>
            })}
            {item_views}
            <label class="field" data-field="headcount">
                <span>{names.field(&CHECKLIST, field("headcount"))}</span>
                <input id="f-headcount" type="number" inputmode="numeric" min="0" prop:value=headcount
                    on:input=move |e| headcount.set(event_target_value(&e)) />
                {error_of("headcount")}
            </label>
            <div class="field" data-field="photos">
                <span>{names.field(&CHECKLIST, photos)}</span>
                {photo_input(locale, record_id.clone(), photos, kept, taken, errors)}
                {error_of("photos")}
            </div>
            {error_of("answers")}
            {error_of("notes")}
            <p class="status"><super::history::RecordSyncState kind=&CHECKLIST record_id=Signal::stored(Some(record_id.clone())) names=names.clone() /></p>
            <button class="button primary wide" type="submit">{l.checklist_save}</button>
            {move || match saved.get() {
                Some(Ok(())) => Some(view! { <p class="status ok" role="status">{saved_words()}</p> }.into_any()),
                Some(Err(text)) => Some(notice(text)),
                None => None,
            }}
            {move || (!errors.with(Vec::is_empty)).then(|| view! { <p class="alert" role="alert">{t.screening_fix_errors}</p> })}
        </form>
    }
    .into_any()
}

/// The admin's editor of the agency's own checklist: the items asked now, one a line, saved as
/// the agency's next version (a new record: no checklist filled in before changes). A
/// checklist already begun today keeps the version it began with.
fn template_editor(
    app: AppContext,
    locale: Locale,
    names: &KindLabels,
    agency_id: &str,
    versions: &[ChecklistTemplate],
) -> AnyView {
    let l = locale.later();
    let newest = ChecklistTemplate::newest(agency_id, versions).cloned();
    let current = newest.as_ref().map_or_else(
        || {
            Template::current()
                .items
                .iter()
                .map(|c| names.checklist_item(c))
                .collect::<Vec<_>>()
        },
        |v| {
            asked_items(&v.id, versions)
                .unwrap_or_default()
                .into_iter()
                .filter_map(|(_, words)| words)
                .collect()
        },
    );
    let lines = RwSignal::new(current.join("\n"));
    let said = RwSignal::new(None::<String>);
    let agency_id = agency_id.to_owned();
    let next_number = newest.as_ref().map_or(1, |v| v.version + 1);
    let save = move |_| {
        let (Some(store), Some(user)) = (app.store(), app.user()) else {
            return;
        };
        let id = uuid::Uuid::now_v7().to_string();
        let made = ChecklistTemplate::next(id, agency_id.clone(), newest.as_ref(), &lines.get_untracked());
        let record = made.to_new_record(&Stamp::new(0, 0, "draft"));
        if !kit::check(&CHECKLIST_TEMPLATE, &record, &crate::device_clock::context(app)).is_empty() {
            said.set(Some(l.template_empty.to_owned()));
            return;
        }
        let values: Vec<(String, Value)> = record.fields.iter().map(|(k, f)| (k.clone(), f.v.clone())).collect();
        let envelope = Record::new(
            CHECKLIST_TEMPLATE.name,
            record.id.clone(),
            record.agency_id.clone(),
            None,
            None,
        );
        leptos::task::spawn_local(async move {
            said.set(Some(match store.save_values(envelope, &values, &[], &user.id).await {
                Ok(_) => fill(l.template_saved, &[("version", &made.version.to_string())]),
                Err(error) => messages::store_error(locale.strings(), &error),
            }));
        });
    };
    view! {
        <details class="card template-editor" data-testid="template-editor">
            <summary>{fill(l.template_title, &[("version", &next_number.to_string())])}</summary>
            <p class="muted">{l.template_help}</p>
            <textarea rows="10" prop:value=move || lines.get() on:input=move |e| lines.set(event_target_value(&e))></textarea>
            <button class="button wide" type="button" on:click=save>
                {fill(l.template_save, &[("version", &next_number.to_string())])}
            </button>
            {move || said.get().map(|text| view! { <p class="status" role="status">{text}</p> })}
        </details>
    }
    .into_any()
}

/// The day's checklist as filled in, for who reads it only: each item by its name with its
/// answer and note, in the checklist's order, and the headcount.
fn read_only(locale: Locale, names: &KindLabels, existing: Option<&Checklist>, items: &[(String, String)]) -> AnyView {
    let l = locale.later();
    let Some(checklist) = existing else {
        return view! {
            <section class="card" data-testid="checklist-read">
                <p class="muted">{l.checklist_none_today}</p>
            </section>
        }
        .into_any();
    };
    let answer_field = field("answers");
    let rows = items
        .iter()
        .map(|(code, label)| {
            let answer = checklist.answers.iter().find(|(c, _)| c == code).map(|(_, a)| a.as_str());
            let note = checklist.notes.iter().find(|(c, _)| c == code).map(|(_, n)| n.clone());
            view! {
                <dt>{label.clone()}</dt>
                <dd>
                    {answer.map_or_else(|| l.checklist_open_item.to_owned(), |a| names.code(&CHECKLIST, answer_field, a))}
                    {note.map(|n| view! { <br /><span class="muted">{n}</span> })}
                </dd>
            }
        })
        .collect_view();
    view! {
        <section class="card" data-testid="checklist-read">
            <p class="muted">{l.checklist_read_only}</p>
            <dl class="record-fields">
                {rows}
                {checklist.headcount.map(|n| view! {
                    <dt>{names.field(&CHECKLIST, field("headcount"))}</dt>
                    <dd>{n.to_string()}</dd>
                })}
            </dl>
        </section>
    }
    .into_any()
}
