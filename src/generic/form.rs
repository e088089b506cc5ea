//! A form for a record of any declared kind: one input per field, by its type (text, numbers,
//! a tick, dates, a choice as a list, a set of choices as ticks), named from `locales/kinds/`,
//! with each field's error under it from the same check the server runs (`kit::check`). The
//! inputs keep their own text until the form is sent, so nothing typed is lost to an error; the
//! values are read from the form then, parsed by type (`kit::parse_input`), checked, and saved
//! through the store, which queues them for sync. Maps of items are left to their kind's own
//! screen (a checklist knows its items from its template). A reference is picked from the
//! records of its kind on the device, and what the kind derives from them (`KindDecl::fill`)
//! is filled in on save, never typed.

use std::sync::Arc;

use leptos::prelude::*;
use posko_core::api::OfficeRef;
use posko_core::date::format_ymd;
use posko_core::kit::{
    self, format_fixed, members, Envelope, FieldDecl, FieldType, Invalid, Keyboard, KindDecl, MEMBER_SEPARATOR,
};
use posko_core::places::{Level, Regency};
use posko_core::sync::{Record, Stamp, Value};
use posko_core::validation::Problem;
use wasm_bindgen::JsCast;

use super::labels::KindLabels;
use crate::components::form::alert;
use crate::context::AppContext;
use crate::i18n::Locale;
use crate::messages;
use crate::store::Photo;

/// The form over `record` (a new one with its envelope set, or one the device holds). `saved`
/// runs with the record's id once it is stored. A new office record with no office yet (made by
/// an agency-wide user) asks which of `offices` it belongs to.
#[allow(clippy::too_many_arguments)]
pub fn record_form(
    app: AppContext,
    locale: Locale,
    names: Arc<KindLabels>,
    kind: &'static KindDecl,
    record: Record,
    offices: Vec<OfficeRef>,
    user_id: String,
    saved: Callback<String>,
) -> AnyView {
    let t = locale.strings();
    let l = locale.later();
    let errors = RwSignal::new(Vec::<Invalid>::new());
    let save_error = RwSignal::new(None::<String>);
    let template = StoredValue::new(record.clone());
    let pick_office = kind.envelope == Envelope::Office && record.office_id.is_none();
    // Photos: those the record names (kept unless removed) and those taken now, by field.
    let kept = RwSignal::new(
        kind.fields
            .iter()
            .filter(|f| matches!(f.ty, FieldType::Attachments { .. }))
            .flat_map(|f| named_photos(&record, f.name).into_iter().map(move |sha| (f.name, sha)))
            .collect::<Vec<_>>(),
    );
    let taken = RwSignal::new_local(Vec::<Taken>::new());
    let referenced = crate::view_data::ViewData::new(move || referenced_records(app, kind));
    // The agency's regency, whose places a place field offers (none for a kind without one).
    let regency = crate::view_data::ViewData::new(move || regency_of(app, kind));
    // The kecamatan as written so far: the kelurahan offered are that kecamatan's.
    let within = RwSignal::new(
        kind.fields
            .iter()
            .find(|f| f.place == Some(Level::Kecamatan))
            .and_then(|f| record.get(f.name).and_then(Value::as_text).map(str::to_owned))
            .unwrap_or_default(),
    );
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(form) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
        else {
            return;
        };
        // A kind that derives from other records, or picks one, waits for them: saved before
        // they are read, its choice and what it derives would be lost.
        if !untrack(|| referenced.is_loaded()) {
            return;
        }
        let Ok(data) = web_sys::FormData::new_with_form(&form) else {
            return;
        };
        let ctx = crate::device_clock::context(app);
        if pick_office {
            let office = data.get(OFFICE).as_string().filter(|id| !id.is_empty());
            template.update_value(|t| t.office_id = office);
        }
        // A kind with one record per holder (an office's call center) saves into that one,
        // whichever form made it: its id is its holder's (`kit::Ids::Single`).
        if matches!(kind.ids, kit::Ids::Single { .. }) {
            template.update_value(|t| {
                if let Some(id) = kind.ids.id_of(t) {
                    t.id = id;
                }
            });
        }
        let shown = |field: &FieldDecl| {
            !field.derived
                && super::show::shown(field)
                && app.user().map_or(!field.admin_only, |u| kit::may_set(&u, field))
        };
        let (mut values, mut found) = read(kind, &data, ctx.utc_offsets_minutes.0, shown);
        // A suggested value typed in another case or spacing keeps the spelling held.
        let known = referenced.get_untracked().unwrap_or_default();
        let (record_id, office) = template.with_value(|t| (t.id.clone(), t.office_id.clone()));
        for (key, value) in values.iter_mut() {
            let Some(field) = kind.field(key).filter(|f| f.suggested) else {
                continue;
            };
            let held = held_values(
                kind,
                field,
                &known,
                &record_id,
                office.as_deref(),
                regency.get_untracked().flatten().as_ref(),
                None,
            );
            if let Some(spelled) = value
                .as_text()
                .and_then(|typed| kit::held_spelling(typed, held.iter().map(String::as_str)))
            {
                *value = Value::Text(spelled.to_owned());
            }
        }
        let photos: Vec<Photo> = taken.with_untracked(|t| t.iter().map(|t| t.photo.clone()).collect());
        for field in kind
            .fields
            .iter()
            .filter(|f| matches!(f.ty, FieldType::Attachments { .. }))
        {
            let member = |sha: &str| format!("{}{MEMBER_SEPARATOR}{sha}", field.name);
            for sha in named_photos(&template.get_value(), field.name) {
                let still = kept.with_untracked(|k| k.iter().any(|(f, s)| *f == field.name && *s == sha));
                values.push((member(&sha), Value::Bool(still)));
            }
            taken.with_untracked(|t| {
                for new in t.iter().filter(|t| t.field == field.name) {
                    values.push((member(&new.photo.sha256), Value::Bool(true)));
                }
            });
        }
        // The record as it would be saved, checked as the server will check it.
        let mut candidate = template.get_value();
        let draft = Stamp::new(0, 0, "draft");
        for (key, value) in &values {
            candidate.set(key, value.clone(), &draft);
        }
        // What the kind derives from the records its references name (a violation's person's
        // name and unit, and the unit's head), saved with what was typed.
        // `kit::derive`, which the server runs on its own records too (and whose values it keeps).
        if kind.fill.is_some() {
            let known = referenced.get_untracked().unwrap_or_default();
            for (key, value) in kit::derive(kind, &candidate, &known) {
                candidate.set(key, value.clone(), &draft);
                values.push((key.to_owned(), value));
            }
        }
        // A field that could not be read has its error already; the check adds the rest.
        let checked: Vec<Invalid> = kit::check(kind, &candidate, &ctx)
            .into_iter()
            .filter(|e| !found.iter().any(|f| f.field == e.field))
            .collect();
        found.extend(checked);
        errors.set(found);
        if !errors.with_untracked(Vec::is_empty) {
            return;
        }
        let user_id = user_id.clone();
        leptos::task::spawn_local(async move {
            let Some(store) = app.store() else { return };
            let record = template.get_value();
            let id = record.id.clone();
            match store.save_values(record, &values, &photos, &user_id).await {
                Ok(_) => saved.run(id),
                Err(error) => save_error.set(Some(messages::store_error(locale.strings(), &error))),
            }
        });
    };
    // A field only the admin sets is shown to the admin only (the server refuses it otherwise).
    let setter = app.user();
    let inputs = kind
        .fields
        .iter()
        .filter(|field| !matches!(field.ty, FieldType::Items { .. }) && !field.derived && super::show::shown(field))
        .filter(|field| setter.as_ref().map_or(!field.admin_only, |u| kit::may_set(u, field)))
        .map(|field| {
            let name = field.name;
            let error = move || {
                errors.with(|all| {
                    all.iter()
                        .find(|e| e.field == name)
                        .map(|e| messages::problem(locale, &e.problem))
                })
            };
            let invalid = move || errors.with(|all| all.iter().any(|e| e.field == name));
            let label = names.field(kind, field);
            let hint = names
                .hint(kind, field)
                .map(|hint| view! { <small class="hint">{hint}</small> });
            let input = match field.ty {
                FieldType::Attachments { .. } => photo_input(locale, record.id.clone(), field, kept, taken, errors),
                FieldType::Reference(target) => reference_input(field, target, &record, referenced),
                _ => input(app, locale, &names, kind, field, &record),
            };
            let suggestions = field.suggested.then(|| {
                let (record_id, office) = (record.id.clone(), record.office_id.clone());
                let values = move || {
                    held_values(
                        kind,
                        field,
                        &referenced.get().unwrap_or_default(),
                        &record_id,
                        office.as_deref(),
                        regency.get().flatten().as_ref(),
                        within.with(|w| Some(w.clone())).as_deref(),
                    )
                    .into_iter()
                    .map(|value| view! { <option value=value></option> })
                    .collect_view()
                };
                view! { <datalist id=format!("dl-{name}")>{values}</datalist> }
            });
            let written = move |event: leptos::ev::Event| {
                if field.place == Some(Level::Kecamatan) {
                    within.set(event_target_value(&event));
                }
            };
            view! {
                <div class="field" class:invalid=invalid data-field=name on:input=written>
                    {match field.ty {
                        FieldType::Boolean | FieldType::ChoiceSet(_) => input,
                        _ => view! { <label for=format!("f-{name}")>{label}</label> {input} }.into_any(),
                    }}
                    {suggestions}
                    {hint}
                    <small class="field-error">{error}</small>
                </div>
            }
        })
        .collect_view();
    let office_picker = pick_office.then(|| {
        let error = move || {
            errors.with(|all| {
                all.iter()
                    .find(|e| e.field == OFFICE)
                    .map(|e| messages::problem(locale, &e.problem))
            })
        };
        view! {
            <div class="field" data-field=OFFICE>
                <label for="f-office_id">{l.record_office}</label>
                <select id="f-office_id" name=OFFICE>
                    <option value="">{crate::generic::show::EMPTY}</option>
                    {offices.into_iter().map(|o| view! { <option value=o.id>{o.name}</option> }).collect_view()}
                </select>
                <small class="field-error">{error}</small>
            </div>
        }
    });
    view! {
        <form class="record-form" on:submit=submit novalidate>
            {office_picker}
            // What is wrong, and what no input shows (the record's envelope), said above the form.
            {move || errors.with(|e| {
                (!e.is_empty()).then(|| {
                    let mut text = t.screening_fix_errors.to_owned();
                    for unplaced in e.iter().filter(|e| kind.field(e.field).is_none() && !(pick_office && e.field == OFFICE)) {
                        text.push_str(&format!(" {}: {}", unplaced.field, messages::problem(locale, &unplaced.problem)));
                    }
                    alert(text)
                })
            })}
            {inputs}
            {move || save_error.get().map(alert)}
            <button type="submit" class="button primary wide" disabled=move || !referenced.is_loaded()>{l.record_save}</button>
        </form>
    }
    .into_any()
}

/// The values the form holds, as record fields and members, and what cannot be read (a number
/// that is not one). Every declared code of a set is written, ticked or not, so an untick is kept.
/// The values the form's inputs hold, by record field; a field the form does not show (one the
/// user may not set) is left as the record has it.
fn read(
    kind: &KindDecl,
    data: &web_sys::FormData,
    utc_offset_minutes: i32,
    shown: impl Fn(&FieldDecl) -> bool,
) -> (Vec<(String, Value)>, Vec<Invalid>) {
    let mut values = Vec::new();
    let mut errors = Vec::new();
    for field in kind.fields.iter().filter(|f| shown(f)) {
        match field.ty {
            FieldType::Items { .. } | FieldType::Attachments { .. } => {}
            FieldType::ChoiceSet(codes) => {
                let ticked = data.get_all(field.name);
                for code in codes {
                    let on = ticked.iter().any(|v| v.as_string().as_deref() == Some(code));
                    values.push((format!("{}{MEMBER_SEPARATOR}{code}", field.name), Value::Bool(on)));
                }
            }
            FieldType::Boolean => values.push((field.name.to_owned(), Value::Bool(data.has(field.name)))),
            ref ty => {
                let text = data.get(field.name).as_string().unwrap_or_default();
                match kit::parse_input(ty, &text, utc_offset_minutes) {
                    Ok(value) => values.push((field.name.to_owned(), value)),
                    Err(problem) => errors.push(Invalid::new(field.name, problem)),
                }
            }
        }
    }
    (values, errors)
}

/// The input of one field, holding the record's value as text.
fn input(
    app: AppContext,
    locale: Locale,
    names: &KindLabels,
    kind: &'static KindDecl,
    field: &'static FieldDecl,
    record: &Record,
) -> AnyView {
    let name = field.name;
    let id = format!("f-{name}");
    let value = record.get(name).cloned().unwrap_or(Value::Null);
    let text = match (&field.ty, &value) {
        (_, Value::Null) => String::new(),
        (FieldType::Decimal { scale, .. }, Value::Int(v)) => {
            format_fixed(*v, *scale).replace('.', &locale.decimal_separator().to_string())
        }
        (FieldType::DateTime { .. }, Value::Int(ms)) => local_datetime(*ms as f64),
        (_, Value::Int(v)) => v.to_string(),
        (_, Value::Text(s)) => s.clone(),
        (_, Value::Bool(b)) => b.to_string(),
    };
    match field.ty {
        FieldType::Text { max_chars } if max_chars > 120 => view! {
            <textarea id=id name=name maxlength=max_chars.to_string() rows="3">{text}</textarea>
        }
        .into_any(),
        FieldType::Text { max_chars } => {
            let (ty, mode) = match field.keyboard {
                Keyboard::Text => ("text", None),
                Keyboard::Digits => ("text", Some("numeric")),
                Keyboard::Phone => ("tel", Some("tel")),
            };
            let list = field.suggested.then(|| format!("dl-{name}"));
            view! { <input id=id name=name type=ty inputmode=mode list=list maxlength=max_chars.to_string() value=text /> }
                .into_any()
        }
        FieldType::Integer { .. } => {
            view! { <input id=id name=name type="text" inputmode="numeric" value=text /> }.into_any()
        }
        FieldType::Decimal { .. } => {
            view! { <input id=id name=name type="text" inputmode="decimal" value=text /> }.into_any()
        }
        FieldType::Date { past_only } => {
            let today = format_ymd(crate::device_clock::today(app));
            // A required day that cannot be ahead (when a violation happened) is most often
            // today: it is filled in, and the first save no longer fails for it (issue #19).
            let text = if text.is_empty() && past_only && field.required {
                today.clone()
            } else {
                text
            };
            let picked = RwSignal::new(text.clone());
            let max = past_only.then_some(today);
            view! {
                <input id=id name=name type="date" max=max value=text.clone()
                    on:input=move |e| picked.set(event_target_value(&e)) />
                {crate::components::form::date_in_words(locale, picked)}
            }
            .into_any()
        }
        FieldType::DateTime { .. } => view! { <input id=id name=name type="datetime-local" value=text /> }.into_any(),
        FieldType::Boolean => view! {
            <label class="check">
                <input id=id name=name type="checkbox" value="true" checked=value == Value::Bool(true) />
                <span>{names.field(kind, field)}</span>
            </label>
        }
        .into_any(),
        FieldType::Choice(codes) => {
            let options = codes
                .iter()
                .map(|code| view! { <option value=*code selected=text == *code>{names.code(kind, field, code)}</option> })
                .collect_view();
            view! {
                <select id=id name=name>
                    <option value="">{crate::generic::show::EMPTY}</option>
                    {options}
                </select>
            }
            .into_any()
        }
        FieldType::ChoiceSet(codes) => {
            let ticked: Vec<&str> = members(record, name)
                .filter(|(_, v)| **v == Value::Bool(true))
                .map(|(code, _)| code)
                .collect();
            let ticks = codes
                .iter()
                .map(|code| {
                    view! {
                        <label class="check">
                            <input name=name type="checkbox" value=*code checked=ticked.contains(code) />
                            <span>{names.code(kind, field, code)}</span>
                        </label>
                    }
                })
                .collect_view();
            view! {
                <fieldset id=id>
                    <legend>{names.field(kind, field)}</legend>
                    {ticks}
                </fieldset>
            }
            .into_any()
        }
        FieldType::Reference(_) | FieldType::Items { .. } | FieldType::Attachments { .. } => ().into_any(),
    }
}

/// The values `field` holds among `kind`'s records of `office` and among the other records the
/// form knows that have a field of its name (the record being edited left out), and for a place
/// the places of its level in the agency's `regency`, each once (the regency's spelling first),
/// sorted: what a suggested field offers (the units of an office's roster; the kecamatan of
/// Kota Malang and of the agency's people for a person outside the roster). A kelurahan is
/// offered `within` the kecamatan written, when it is one of the regency's: the regency's of that
/// kecamatan, and those held where that kecamatan is.
fn held_values(
    kind: &KindDecl,
    field: &FieldDecl,
    known: &[Record],
    record_id: &str,
    office: Option<&str>,
    regency: Option<&Regency>,
    within: Option<&str>,
) -> Vec<String> {
    let within = within
        .filter(|w| field.place == Some(Level::Kelurahan) && regency.is_some_and(|c| c.kecamatan_named(w).is_some()))
        .zip(kind.fields.iter().find(|f| f.place == Some(Level::Kecamatan)));
    let listed = field
        .place
        .zip(regency)
        .map(|(level, regency)| regency.places_within(level, within.map(|(w, _)| w)))
        .unwrap_or_default();
    let in_kecamatan = |r: &Record| {
        within.is_none_or(|(written, kecamatan)| {
            r.get(kecamatan.name)
                .and_then(Value::as_text)
                .is_some_and(|k| kit::spelling_key(k) == kit::spelling_key(written))
        })
    };
    // The kind's own records of the office (a unit is an office's), and any other record the
    // form knows with a field of that name (the roster's residences for a person outside it).
    let held = known
        .iter()
        .filter(|r| r.id != record_id)
        .filter(|r| r.kind != kind.name || office.is_none() || r.office_id.as_deref() == office)
        .filter(|r| in_kecamatan(r))
        .filter_map(|r| r.get(field.name).and_then(Value::as_text))
        .filter(|v| !v.trim().is_empty());
    let mut values: Vec<String> = listed.into_iter().chain(held).map(str::to_owned).collect();
    posko_core::order::sort_by_key(&mut values, |v| v.to_lowercase());
    values.dedup_by(|later, first| kit::spelling_key(later) == kit::spelling_key(first));
    values
}

/// The regency of the signed-in user's agency, when `kind` has a place field and the list has the
/// regency: as the device keeps it, fetched now if it keeps none and is online.
async fn regency_of(app: AppContext, kind: &'static KindDecl) -> Option<Regency> {
    if kind.fields.iter().all(|f| f.place.is_none()) {
        return None;
    }
    let region = app.store()?.session_region().await.ok()?;
    if crate::places::kept(&region).is_none() && app.online.get_untracked() {
        crate::places::keep_for_session(app).await;
    }
    crate::places::kept_regency(&region)
}

/// The records of the kinds `kind`'s references name, as the device holds them (deleted ones
/// left out): what a reference is picked from, and what the kind's `fill` reads; and the kind's
/// own when a field is `suggested`.
async fn referenced_records(app: AppContext, kind: &'static KindDecl) -> Vec<Record> {
    let mut loaded: Vec<&str> = Vec::new();
    let mut records = Vec::new();
    let Some(store) = app.store() else { return records };
    // A suggested field offers what the kind's own records hold (the units of the roster).
    let own = kind.fields.iter().any(|f| f.suggested).then_some(kind.name);
    let targets = kind.fields.iter().filter_map(|f| match f.ty {
        FieldType::Reference(target) => Some(target),
        _ => None,
    });
    for target in own.into_iter().chain(targets) {
        if loaded.contains(&target) {
            continue;
        }
        loaded.push(target);
        if let Ok(list) = store.all_of(target).await {
            records.extend(list.into_iter().map(|l| l.record).filter(|r| !r.is_deleted()));
        }
    }
    records
}

/// A reference as a list of the records it may name, by their titles (people by name and
/// unit), those of the record's office when it has one.
fn reference_input(
    field: &'static FieldDecl,
    target: &'static str,
    record: &Record,
    referenced: crate::view_data::ViewData<Vec<Record>>,
) -> AnyView {
    let name = field.name;
    let chosen = record.get(name).and_then(Value::as_text).unwrap_or_default().to_owned();
    let office = record.office_id.clone();
    let options = move || {
        let shape = kit::Registry::standard().get(target)?;
        referenced.get().map(|known| {
            let mut options: Vec<(String, String)> = known
                .iter()
                .filter(|r| r.kind == target && (office.is_none() || r.office_id == office))
                .map(|r| (shape.title_of(r), r.id.clone()))
                .collect();
            posko_core::order::sort_by_key(&mut options, |(title, _)| title.clone());
            options
                .into_iter()
                .map(|(title, id)| {
                    let selected = id == chosen;
                    view! { <option value=id selected=selected>{title}</option> }
                })
                .collect_view()
        })
    };
    view! {
        <select id=format!("f-{name}") name=name>
            <option value="">{crate::generic::show::EMPTY}</option>
            {options}
        </select>
    }
    .into_any()
}

/// Unix milliseconds as a `datetime-local` input shows them, on the device's clock face.
fn local_datetime(ms: f64) -> String {
    let when = js_sys::Date::new(&ms.into());
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        when.get_full_year(),
        when.get_month() + 1,
        when.get_date(),
        when.get_hours(),
        when.get_minutes()
    )
}

/// The envelope field an agency-wide user picks for a new office record.
const OFFICE: &str = "office_id";

/// A photo taken in this form, not saved yet: its field, the photo, and the address its
/// thumbnail shows it from.
pub(crate) struct Taken {
    pub field: &'static str,
    pub photo: Photo,
    pub url: String,
}

/// The photos `record` names in attachment field `name`.
pub(crate) fn named_photos(record: &Record, name: &str) -> Vec<String> {
    members(record, name)
        .filter(|(_, v)| **v == Value::Bool(true))
        .map(|(sha, _)| sha.to_owned())
        .collect()
}

/// The camera button and the photos of one field of record `record_id`: the record's own, as
/// thumbnails (`photo_view`), and those just taken, each with a way to remove it. A file that is
/// not a readable image is said under the field.
pub(crate) fn photo_input(
    locale: Locale,
    record_id: String,
    field: &'static FieldDecl,
    kept: RwSignal<Vec<(&'static str, String)>>,
    taken: RwSignal<Vec<Taken>, LocalStorage>,
    errors: RwSignal<Vec<Invalid>>,
) -> AnyView {
    let l = locale.later();
    let name = field.name;
    let on_change = move |event: leptos::ev::Event| {
        let Some(input) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(files) = input.files() else { return };
        leptos::task::spawn_local(async move {
            for file in (0..files.length()).filter_map(|i| files.get(i)) {
                match crate::photo::prepare(&file).await {
                    Ok(photo) => {
                        let url = web_sys::Url::create_object_url_with_blob(&photo.blob).unwrap_or_default();
                        taken.update(|t| {
                            t.push(Taken {
                                field: name,
                                photo,
                                url,
                            })
                        });
                        errors.update(|e| e.retain(|e| e.field != name));
                    }
                    Err(_) => errors.update(|e| e.push(Invalid::new(name, Problem::BadFormat))),
                }
            }
            input.set_value("");
        });
    };
    view! {
        <ul class="photos">
            {move || kept.with(|k| {
                k.iter()
                    .filter(|(f, _)| *f == name)
                    .map(|(_, sha)| {
                        let (sha, gone) = (sha.clone(), sha.clone());
                        let thumbnail = super::photo_view::photo_view(locale, record_id.clone(), sha.clone());
                        view! {
                            <li class="photo-saved" data-sha=sha>
                                {thumbnail}
                                <button type="button" class="link-button" on:click=move |_| kept.update(|k| k.retain(|(_, s)| *s != gone))>
                                    {l.record_photo_remove}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()
            })}
            {move || taken.with(|list| {
                list.iter()
                    .enumerate()
                    .filter(|(_, new)| new.field == name)
                    .map(|(i, new)| view! {
                        <li data-sha=new.photo.sha256.clone()>
                            <img src=new.url.clone() alt=l.record_photo_taken width="96" />
                            <button type="button" class="link-button" on:click=move |_| taken.update(|t| { t.remove(i); })>
                                {l.record_photo_remove}
                            </button>
                        </li>
                    })
                    .collect_view()
            })}
        </ul>
        // The control says it takes a photo and is as big as a button; the file input it labels
        // stays in the page (hidden from sight, not from a screen reader) and opens the camera.
        <label class="button photo-take" for=format!("f-{name}")>{l.record_photo_button}</label>
        <input id=format!("f-{name}") class="visually-hidden" name=name type="file" accept="image/*" capture="environment" multiple on:change=on_change />
    }
    .into_any()
}
