//! Browser tests of the generic form (src/generic/form.rs) on a test kind it has never seen
//! (`FixtureCase`: text, a choice, a set of choices, a date, a date-time, a tick, a decimal),
//! mounted in headless Chromium with a real IndexedDB store: what is wrong is said under each
//! field, by the check the server runs, nothing is saved until it is right, and what is saved is
//! the record the inputs said, queued for sync.

use std::rc::Rc;
use std::sync::{Arc, Mutex};

use leptos::prelude::*;
use posko::context::AppContext;
use posko::generic::form::record_form;
use posko::generic::labels::KindLabels;
use posko::i18n::Locale;
use posko::store::Store;
use posko_core::kinds::fixtures::FIXTURE_CASE;
use posko_core::kit::Indexes;
use posko_core::sync::{Record, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

const LABELS: &str = r#"{"fixture_case.name": "Nama", "fixture_case.name.hint": "Nama lengkap.",
    "fixture_case.status.confirmed": "Terkonfirmasi"}"#;

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// The element `selector` finds inside `root`.
fn find(root: &web_sys::Element, selector: &str) -> web_sys::Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
}

fn set(root: &web_sys::Element, selector: &str, property: &str, value: JsValue) {
    js_sys::Reflect::set(&find(root, selector), &property.into(), &value).unwrap();
}

fn error_under(root: &web_sys::Element, field: &str) -> String {
    find(root, &format!("[data-field={field}] .field-error"))
        .text_content()
        .unwrap_or_default()
}

fn submit(root: &web_sys::Element) {
    find(root, "form")
        .unchecked_into::<web_sys::HtmlFormElement>()
        .request_submit()
        .unwrap();
}

/// Waits (yielding to the browser, at most two seconds) until `done` holds.
async fn until(mut done: impl FnMut() -> bool) {
    for _ in 0..200 {
        if done() {
            return;
        }
        gloo::timers::future::TimeoutFuture::new(10).await;
    }
    panic!("the condition did not come true");
}

#[wasm_bindgen_test]
async fn the_generic_form_says_what_is_wrong_and_saves_what_the_inputs_say() {
    let db = format!("posko-test-form-{}", uuid::Uuid::now_v7());
    let store = Rc::new(Store::open_with(&db, Indexes::with_fixtures()).await.unwrap());
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let template = Record::new(
        "fixture_case",
        uuid::Uuid::now_v7().to_string(),
        "agency".into(),
        Some("office".into()),
        None,
    );
    let id = template.id.clone();
    let saved: Arc<Mutex<Option<String>>> = Arc::default();
    let on_saved = saved.clone();
    let mounted = store.clone();
    let handle = leptos::mount::mount_to(root.clone().unchecked_into(), move || {
        let app = AppContext::new(signal(true).0);
        app.set_store(mounted.clone());
        let names = Arc::new(KindLabels::from_json(LABELS).unwrap());
        let saved = Callback::new(move |id: String| *on_saved.lock().unwrap() = Some(id));
        record_form(
            app,
            Locale::Id,
            names,
            &FIXTURE_CASE,
            template.clone(),
            Vec::new(),
            "officer".into(),
            saved,
        )
    });

    // Named from the labels, the declaration's own word where none is given.
    assert_eq!(find(&root, "label[for=f-name]").text_content().unwrap(), "Nama");
    assert_eq!(
        find(&root, "option[value=confirmed]").text_content().unwrap(),
        "Terkonfirmasi"
    );
    assert_eq!(find(&root, "label[for=f-onset]").text_content().unwrap(), "onset");
    // A hint where the translations give one, none elsewhere.
    assert_eq!(
        find(&root, "[data-field=name] .hint").text_content().unwrap(),
        "Nama lengkap."
    );
    assert!(root.query_selector("[data-field=onset] .hint").unwrap().is_none());

    // The form saves once the records it picks from are read: its button says when.
    until(|| !find(&root, "button[type=submit]").has_attribute("disabled")).await;
    // Sent empty: each required field says so, a number that is not one says that, nothing is saved.
    set(&root, "#f-temperature", "value", "tiga puluh".into());
    submit(&root);
    until(|| !error_under(&root, "name").is_empty()).await;
    assert_eq!(error_under(&root, "name"), "Wajib diisi.");
    assert_eq!(error_under(&root, "status"), "Wajib diisi.");
    assert_eq!(error_under(&root, "reported_at"), "Wajib diisi.");
    assert_eq!(error_under(&root, "temperature"), "Isi dengan angka, misalnya 36,5.");
    assert_eq!(error_under(&root, "onset"), "");
    assert!(store.all_of("fixture_case").await.unwrap().is_empty());
    // What was typed is still there.
    assert_eq!(
        js_sys::Reflect::get(&find(&root, "#f-temperature"), &"value".into()).unwrap(),
        "tiga puluh"
    );

    // The kind's own rule, as the server runs it: symptoms cannot start after the report.
    set(&root, "#f-name", "value", "Budi".into());
    set(&root, "#f-status", "value", "confirmed".into());
    set(&root, "#f-temperature", "value", "37,5".into());
    set(&root, "#f-reported_at", "value", "2020-09-14T08:30".into());
    set(&root, "#f-onset", "value", "2020-09-20".into());
    set(&root, "input[name=symptoms][value=cough]", "checked", true.into());
    submit(&root);
    until(|| error_under(&root, "name").is_empty()).await;
    assert_eq!(error_under(&root, "onset"), "Tanggal tidak boleh di masa depan.");
    assert!(store.all_of("fixture_case").await.unwrap().is_empty());

    set(&root, "#f-onset", "value", "2020-09-10".into());
    submit(&root);
    until(|| saved.lock().unwrap().is_some()).await;
    assert_eq!(saved.lock().unwrap().as_deref(), Some(id.as_str()));
    let stored = store.record(&id).await.unwrap().expect("saved").record;
    assert_eq!(stored.get("name"), Some(&Value::Text("Budi".into())));
    assert_eq!(stored.get("status"), Some(&Value::Text("confirmed".into())));
    assert_eq!(stored.get("temperature"), Some(&Value::Int(375)));
    assert_eq!(stored.get("onset"), Some(&Value::Text("2020-09-10".into())));
    assert_eq!(stored.get("symptoms.cough"), Some(&Value::Bool(true)));
    // An unticked member is no member; an unticked plain tick is the answer "no".
    assert_eq!(stored.get("symptoms.fever"), None);
    assert_eq!(stored.get("isolated"), Some(&Value::Bool(false)));
    let offset_ms = js_sys::Date::new(&JsValue::from_str("2020-09-14T08:30")).get_timezone_offset() * 60_000.0;
    let local_ms = js_sys::Date::parse("2020-09-14T08:30:00Z") + offset_ms;
    assert_eq!(stored.get("reported_at"), Some(&Value::Int(local_ms as i64)));
    assert_eq!(store.pending_count_of("officer").await.unwrap(), 1);
    handle.forget();
}

/// A refusal the server names a field in is told with that field's name from the kind's
/// translations, as its form shows it; a field the kind does not declare keeps its own word.
#[wasm_bindgen_test]
fn a_refusal_names_its_field_as_the_form_does() {
    use posko_core::sync::protocol::{RejectCode, Rejection};
    use posko_core::Problem;

    let names = KindLabels::from_json(LABELS).unwrap();
    let label = |field: &str| names.field_named(&FIXTURE_CASE, field);
    let refused = |field: &str| Rejection {
        code: RejectCode::Invalid,
        detail: "invalid".into(),
        field: Some(field.into()),
        problem: Some(Problem::Required),
    };
    // The words of refusals come with the home area's views (`locales/home/`), the problems'
    // with the first screens.
    assert!(posko::i18n::install_words(
        Locale::Id,
        posko::i18n::Words::Home,
        include_str!("../../locales/home/id.json")
    ));
    let told = |field| posko::messages::refusal(Locale::Id, &refused(field), &label);
    assert_eq!(told("name"), "Ditolak server: Nama: Wajib diisi.");
    assert_eq!(told("onset"), "Ditolak server: onset: Wajib diisi.");
}
