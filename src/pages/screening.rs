//! The daily self-screening form: validated by `posko_core`, saved to the device with its outbox entry.

use leptos::prelude::*;
use posko_core::screening::{validate, ScreeningDraft};
use posko_core::{Field, FieldError, Screening, ScreeningResult, ScreeningRules};

use super::signed_in;
use crate::i18n::*;
use crate::messages;
use crate::session::use_app;

#[component]
pub fn ScreeningPage() -> impl IntoView {
    signed_in(ScreeningForm)
}

#[component]
fn ScreeningForm() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let today = chrono::Local::now().date_naive();

    // Every input keeps its value through failed saves: nothing typed is lost.
    let date = RwSignal::new(today.format("%Y-%m-%d").to_string());
    let temperature = RwSignal::new(String::new());
    let fever = RwSignal::new(false);
    let cough = RwSignal::new(false);
    let sore_throat = RwSignal::new(false);
    let shortness_of_breath = RwSignal::new(false);
    let loss_of_smell_or_taste = RwSignal::new(false);
    let has_other = RwSignal::new(false);
    let other = RwSignal::new(String::new());
    let close_contact = RwSignal::new(false);
    let travel = RwSignal::new(false);

    let errors = RwSignal::new(Vec::<FieldError>::new());
    let saving = RwSignal::new(false);
    let saved = RwSignal::new(None::<ScreeningResult>);
    let save_error = RwSignal::new(None::<String>);

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let draft = ScreeningDraft {
            date: date.get_untracked(),
            temperature: temperature.get_untracked(),
            fever: fever.get_untracked(),
            cough: cough.get_untracked(),
            sore_throat: sore_throat.get_untracked(),
            shortness_of_breath: shortness_of_breath.get_untracked(),
            loss_of_smell_or_taste: loss_of_smell_or_taste.get_untracked(),
            has_other_symptom: has_other.get_untracked(),
            other_symptom: other.get_untracked(),
            close_contact_14d: close_contact.get_untracked(),
            travel_14d: travel.get_untracked(),
        };
        let today = chrono::Local::now().date_naive();
        let valid = match validate(&draft, &ScreeningRules::default(), today) {
            Ok(valid) => valid,
            Err(found) => {
                errors.set(found);
                saved.set(None);
                return;
            }
        };
        errors.set(Vec::new());
        let Some(user) = app.user() else { return };
        let screening = Screening {
            id: uuid::Uuid::now_v7().to_string(),
            employee_id: user.id,
            agency_id: user.agency_id,
            office_id: user.office_id,
            date: valid.date,
            temperature_decicelsius: valid.temperature_decicelsius,
            symptoms: valid.symptoms,
            close_contact_14d: valid.close_contact_14d,
            travel_14d: valid.travel_14d,
            result: valid.result.clone(),
            rules_version: valid.rules_version,
            recorded_at: chrono::Utc::now(),
        };
        saving.set(true);
        save_error.set(None);
        leptos::task::spawn_local(async move {
            let outcome = match crate::app::store() {
                Some(store) => store.save_screening(&screening).await.map_err(|e| e.to_string()),
                None => Err(app.store_error.get_untracked().unwrap_or_else(|| "IndexedDB unavailable".into())),
            };
            match outcome {
                Ok(()) => saved.set(Some(valid.result)),
                Err(error) => save_error.set(Some(error)),
            }
            saving.set(false);
        });
    };

    let error_for = move |field: Field| {
        move || {
            let locale = i18n.get_locale();
            errors.with(|all| all.iter().find(|e| e.field == field).map(|e| messages::problem(locale, &e.problem)))
        }
    };
    let has_error = move |field: Field| move || errors.with(|all| all.iter().any(|e| e.field == field));

    let checkbox = move |signal: RwSignal<bool>, label: fn(Locale) -> &'static str, name: &'static str| {
        view! {
            <label class="check">
                <input type="checkbox" name=name bind:checked=signal />
                <span>{move || label(i18n.get_locale())}</span>
            </label>
        }
    };

    view! {
        <section class="card">
            <h1>{t!(i18n, screening_title)}</h1>
            <p class="muted">{t!(i18n, screening_intro)}</p>
            <form on:submit=submit novalidate>
                <Show when=move || errors.with(|e| !e.is_empty())>
                    <p class="alert error" role="alert">{t!(i18n, screening_fix_errors)}</p>
                </Show>
                <label class="field" class:invalid=has_error(Field::Date)>
                    <span>{t!(i18n, screening_date)}</span>
                    <input
                        type="date"
                        name="date"
                        max=today.format("%Y-%m-%d").to_string()
                        bind:value=date
                        aria-invalid=move || has_error(Field::Date)().to_string()
                    />
                    <small class="field-error">{error_for(Field::Date)}</small>
                </label>
                <label class="field" class:invalid=has_error(Field::Temperature)>
                    <span>{t!(i18n, screening_temperature)}</span>
                    <input
                        type="text"
                        name="temperature"
                        inputmode="decimal"
                        autocomplete="off"
                        placeholder=move || t_string!(i18n, screening_temperature_hint)
                        bind:value=temperature
                        aria-invalid=move || has_error(Field::Temperature)().to_string()
                    />
                    <small class="field-error">{error_for(Field::Temperature)}</small>
                </label>
                <fieldset>
                    <legend>{t!(i18n, screening_symptoms)}</legend>
                    {checkbox(fever, |l| td_string!(l, symptom_fever), "fever")}
                    {checkbox(cough, |l| td_string!(l, symptom_cough), "cough")}
                    {checkbox(sore_throat, |l| td_string!(l, symptom_sore_throat), "sore_throat")}
                    {checkbox(shortness_of_breath, |l| td_string!(l, symptom_shortness_of_breath), "shortness_of_breath")}
                    {checkbox(loss_of_smell_or_taste, |l| td_string!(l, symptom_loss_of_smell_or_taste), "loss_of_smell_or_taste")}
                    {checkbox(has_other, |l| td_string!(l, symptom_other), "has_other_symptom")}
                    <Show when=move || has_other.get()>
                        <label class="field" class:invalid=has_error(Field::OtherSymptom)>
                            <span>{t!(i18n, symptom_other_describe)}</span>
                            <input type="text" name="other_symptom" maxlength="200" bind:value=other />
                            <small class="field-error">{error_for(Field::OtherSymptom)}</small>
                        </label>
                    </Show>
                </fieldset>
                <fieldset>
                    <legend>{t!(i18n, screening_exposure)}</legend>
                    {checkbox(close_contact, |l| td_string!(l, screening_close_contact), "close_contact_14d")}
                    {checkbox(travel, |l| td_string!(l, screening_travel), "travel_14d")}
                </fieldset>
                {move || save_error.get().map(|detail| view! {
                    <p class="alert error" role="alert">
                        {t!(i18n, error_storage, detail = move || detail.clone())}
                    </p>
                })}
                <button class="button primary wide" type="submit" disabled=move || saving.get()>
                    {move || if saving.get() { t_string!(i18n, screening_saving) } else { t_string!(i18n, screening_submit) }}
                </button>
            </form>
        </section>
        {move || saved.get().map(|result| view! { <ResultCard result /> })}
    }
}

#[component]
fn ResultCard(result: ScreeningResult) -> impl IntoView {
    let i18n = use_i18n();
    let fit = result.is_fit();
    let reasons = match &result {
        ScreeningResult::FitForOffice => Vec::new(),
        ScreeningResult::StayHomeAndReport { reasons } => reasons.clone(),
    };
    view! {
        <section class="card result" class:stay-home=!fit role="status" data-testid="screening-result">
            <p class="muted">{t!(i18n, screening_saved)}</p>
            <h2>{move || if fit { t_string!(i18n, result_fit) } else { t_string!(i18n, result_stay_home) }}</h2>
            {(!fit).then(|| {
                let reasons = reasons.clone();
                view! {
                    <p>{move || {
                        let locale = i18n.get_locale();
                        reasons.iter().map(|r| messages::reason(locale, *r)).collect::<Vec<_>>().join(", ")
                    }}</p>
                    <p>{t!(i18n, hotline_text)}</p>
                    <a class="button wide" href="tel:119">"119 ext 9"</a>
                }
            })}
            <a class="link" href="/riwayat">{t!(i18n, history_title)}</a>
        </section>
    }
}
