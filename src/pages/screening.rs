//! The daily self-screening form: validated by `posko_core`, saved to the device with its outbox entry.

use leptos::prelude::*;
use posko_core::date::format_ymd;
use posko_core::screening::{screening_id, validate, ScreeningDraft};
use posko_core::sync::SyncRecord;
use posko_core::{Field, FieldError, Origin, Screening, ScreeningResult, ScreeningRules};

use super::signed_in;
use crate::components::form::{alert, check_field, error_of, text_field, Input};
use crate::context::use_app;
use crate::i18n::{fill, use_i18n, Locale, Strings};
use crate::messages;
use crate::store::StoreError;

/// `/skrining` starts a new screening; `/skrining?ubah=<id>` edits a saved one.
#[component]
pub fn ScreeningPage() -> impl IntoView {
    signed_in(|| {
        let editing = crate::route::use_location()
            .search
            .with_untracked(|query| crate::route::query_value(query, "ubah"));
        let Some(id) = editing else {
            return view! { <ScreeningForm initial=None /> }.into_any();
        };
        let loaded = RwSignal::new(None::<Option<Screening>>);
        let app = use_app();
        leptos::task::spawn_local(async move {
            let found = match app.store() {
                Some(store) => store.bare_record(&id).await.ok().flatten(),
                None => None,
            };
            loaded.set(Some(found.and_then(|record| Screening::from_record(&record).ok())));
        });
        let i18n = use_i18n();
        (move || match loaded.get() {
            None => view! { <p class="muted">{i18n.t().loading}</p> }.into_any(),
            Some(initial) => view! { <ScreeningForm initial /> }.into_any(),
        })
        .into_any()
    })
}

/// The id of the screening the form last saved, for its sync state on the result card
/// (`Later::SavedScreeningSyncState`).
#[derive(Clone, Copy)]
pub struct SavedScreening(pub Signal<Option<String>>);

/// Whether the form edits a record it opened or saved (rather than making a new one).
fn update_of_saved(saved: StoredValue<Option<Origin>>) -> bool {
    saved.with_value(Option::is_some)
}

/// One tick box of the form: its state, its label, and its form name.
type Tick = (RwSignal<bool>, fn(&'static Strings) -> &'static str, &'static str);

#[component]
fn ScreeningForm(initial: Option<Screening>) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let today = crate::device_clock::today(app);
    let editing = RwSignal::new(initial.is_some());
    let start = match &initial {
        Some(screening) => ScreeningDraft::from_screening(screening),
        None => ScreeningDraft {
            date: format_ymd(today),
            ..ScreeningDraft::default()
        },
    };

    // Every input keeps its value through failed saves and language switches: nothing typed is lost.
    let date = RwSignal::new(start.date);
    let temperature = RwSignal::new(start.temperature);
    let has_other = RwSignal::new(start.has_other_symptom);
    let other = RwSignal::new(start.other_symptom);
    let symptoms: [Tick; 6] = [
        (RwSignal::new(start.fever), |t| t.symptom_fever, "fever"),
        (RwSignal::new(start.cough), |t| t.symptom_cough, "cough"),
        (
            RwSignal::new(start.sore_throat),
            |t| t.symptom_sore_throat,
            "sore_throat",
        ),
        (
            RwSignal::new(start.shortness_of_breath),
            |t| t.symptom_shortness_of_breath,
            "shortness_of_breath",
        ),
        (
            RwSignal::new(start.loss_of_smell_or_taste),
            |t| t.symptom_loss_of_smell_or_taste,
            "loss_of_smell_or_taste",
        ),
        (has_other, |t| t.symptom_other, "has_other_symptom"),
    ];
    let exposure: [Tick; 2] = [
        (
            RwSignal::new(start.close_contact_14d),
            |t| t.screening_close_contact,
            "close_contact_14d",
        ),
        (RwSignal::new(start.travel_14d), |t| t.screening_travel, "travel_14d"),
    ];

    // Who and when of the record this form edits: the opened one, or the one it saved. Kept in a
    // StoredValue so the submit handler stays `Copy`.
    let saved_origin = StoredValue::new(initial.as_ref().map(|saved| Origin {
        id: saved.id.clone(),
        owner_id: saved.owner_id.clone().unwrap_or_default(),
        agency_id: saved.agency_id.clone(),
        office_id: saved.office_id.clone(),
        recorded_at: saved.recorded_at,
        alert_raised: saved.raised_alert(),
    }));
    // The date of the record this form edits: an edit that keeps it keeps the record's id.
    let initial_date = StoredValue::new(initial.as_ref().map(|saved| saved.date));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let saving = RwSignal::new(false);
    // The saved result, whether an alert raised earlier that day stays open, and its id.
    let saved = RwSignal::new(None::<(ScreeningResult, bool, String)>);
    provide_context(SavedScreening(Signal::derive(move || {
        saved.with(|s| s.as_ref().map(|(_, _, id)| id.clone()))
    })));
    // `None` inside: the store never opened (its error is already on screen).
    let save_error = RwSignal::new(None::<Option<StoreError>>);

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let ticked = |i: usize| symptoms[i].0.get_untracked();
        let draft = ScreeningDraft {
            date: date.get_untracked(),
            temperature: temperature.get_untracked(),
            fever: ticked(0),
            cough: ticked(1),
            sore_throat: ticked(2),
            shortness_of_breath: ticked(3),
            loss_of_smell_or_taste: ticked(4),
            has_other_symptom: ticked(5),
            other_symptom: other.get_untracked(),
            close_contact_14d: exposure[0].0.get_untracked(),
            travel_14d: exposure[1].0.get_untracked(),
        };
        let Some(user) = app.user() else { return };
        // An edit keeps the record's identity and first recording time; only answers change.
        // After the first save the form edits what it saved, so a second tap never makes a
        // second screening.
        let origin = match saved_origin.get_value() {
            Some(origin) => origin,
            None => Origin {
                id: uuid::Uuid::now_v7().to_string(),
                owner_id: user.id.clone(),
                agency_id: user.agency_id,
                office_id: user.office_id,
                recorded_at: crate::device_clock::now(app),
                alert_raised: false,
            },
        };
        let ctx = crate::device_clock::context(app);
        let kept_date = initial_date;
        let screening = match validate(&draft, &ScreeningRules::default(), origin.clone(), &ctx) {
            // One screening a day: a new one, or one moved to another day, is that day's
            // (`screening_id`), so a second screening the same day changes the first.
            Ok(mut valid) if !(update_of_saved(saved_origin) && Some(valid.date) == kept_date.get_value()) => {
                if let Some(id) = valid
                    .owner_id
                    .as_deref()
                    .and_then(|owner| screening_id(owner, valid.date))
                {
                    valid.id = id;
                }
                valid
            }
            Ok(valid) => valid,
            Err(found) => {
                errors.set(found);
                saved.set(None);
                // On a phone the first problem may be off screen: take the user to it.
                request_animation_frame(focus_first_invalid);
                return;
            }
        };
        errors.set(Vec::new());
        let mut screening = screening;
        let result = screening.result();
        let origin = Origin {
            id: screening.id.clone(),
            ..origin
        };
        saving.set(true);
        save_error.set(None);
        leptos::task::spawn_local(async move {
            // A save merges into the day's screening when the device has it already, and an
            // alert that screening raised stays raised (`Screening::raised_alert`), as the
            // server keeps it.
            let outcome = match app.store() {
                Some(store) => {
                    if let Ok(Some(before)) = store.bare_record(&screening.id).await {
                        let raised =
                            !before.is_deleted() && Screening::from_record(&before).is_ok_and(|b| b.raised_alert());
                        if raised {
                            screening.alert_raised = Some(true);
                        }
                    }
                    store.save(&screening, &user.id).await.map(|_| ()).map_err(Some)
                }
                None => Err(None),
            };
            match outcome {
                Ok(_) => {
                    kept_date.set_value(Some(screening.date));
                    saved_origin.set_value(Some(origin));
                    editing.set(true);
                    let alert_stays = result.is_fit() && screening.raised_alert();
                    saved.set(Some((result, alert_stays, screening.id.clone())));
                    // The verdict is shown above the form; bring it into view.
                    if let Some(window) = web_sys::window() {
                        window.scroll_to_with_x_and_y(0.0, 0.0);
                    }
                }
                Err(error) => save_error.set(Some(error)),
            }
            saving.set(false);
        });
    };

    move || {
        let locale = i18n.locale();
        let t = locale.strings();
        let error_for = move |field: Field| error_of(errors, locale, field);
        let ticks = move |ticks: &[Tick]| {
            ticks
                .iter()
                .map(|&(checked, label, name)| check_field(label(t), name, checked))
                .collect_view()
        };
        view! {
            {move || saved.get().map(|(result, alert_stays, _)| result_card(locale, &result, alert_stays))}
            <section class="card">
                <h1>{move || if editing.get() { t.screening_edit_title } else { t.screening_title }}</h1>
                <p class="muted">{t.screening_intro}</p>
                <form on:submit=submit novalidate>
                    {move || errors.with(|e| !e.is_empty()).then(|| alert(t.screening_fix_errors.to_owned()))}
                    {text_field(
                        t.screening_date,
                        Input { kind: "date", name: "date", max: Some(format_ymd(today)), ..Input::default() },
                        date,
                        error_for(Field::Date),
                    )}
                    {crate::components::form::date_in_words(locale, date)}
                    {text_field(
                        t.screening_temperature,
                        Input {
                            kind: "text",
                            name: "temperature",
                            inputmode: Some("decimal"),
                            autocomplete: Some("off"),
                            placeholder: Some(t.screening_temperature_hint),
                            ..Input::default()
                        },
                        temperature,
                        error_for(Field::Temperature),
                    )}
                    <fieldset>
                        <legend>{t.screening_symptoms}</legend>
                        {ticks(&symptoms)}
                        {move || has_other.get().then(|| text_field(
                            t.symptom_other_describe,
                            Input { kind: "text", name: "other_symptom", maxlength: Some("200"), ..Input::default() },
                            other,
                            error_for(Field::OtherSymptom),
                        ))}
                    </fieldset>
                    <fieldset>
                        <legend>{t.screening_exposure}</legend>
                        {ticks(&exposure)}
                    </fieldset>
                    {move || save_error.get().map(|error| match error {
                        Some(error) => alert(messages::store_error(t, &error)),
                        None => alert(fill(t.error_storage, &[("detail", &app.store_error.get_untracked().unwrap_or_default())])),
                    })}
                    <button class="button primary wide" type="submit" disabled=move || saving.get()>
                        {move || if saving.get() { t.screening_saving } else { t.screening_submit }}
                    </button>
                </form>
            </section>
        }
    }
}

fn focus_first_invalid() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Ok(Some(element)) = document.query_selector("[aria-invalid=true]") {
        if let Ok(input) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element) {
            let _ = input.focus();
        }
    }
}

fn result_card(locale: Locale, result: &ScreeningResult, alert_stays: bool) -> impl IntoView {
    let t = locale.strings();
    let advice = match result {
        ScreeningResult::FitForOffice => None,
        ScreeningResult::StayHomeAndReport { reasons } => Some(messages::reasons(t, reasons)),
    };
    let stay_home = advice.is_some();
    view! {
        <section class="card result" class:stay-home=stay_home role="status" data-testid="screening-result">
            <p class="muted">{t.screening_saved} {crate::later::view(crate::later::Later::SavedScreeningSyncState)}</p>
            <h2>{if result.is_fit() { t.result_fit } else { t.result_stay_home }}</h2>
            {alert_stays.then(|| view! { <p class="notice" data-testid="alert-stays">{t.screening_alert_stays}</p> })}
            {advice.map(|reasons| view! {
                <p>{reasons}</p>
                <p>{t.hotline_text}</p>
                {crate::later::view(crate::later::Later::Hotline)}
            })}
            <a class="link" href="/riwayat">{t.history_title}</a>
        </section>
    }
}
