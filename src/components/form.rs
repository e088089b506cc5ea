//! Form building blocks shared by every form, so each kind of field is one piece of code in the
//! bundle however many forms use it (a hand-written field per form costs kilobytes each).

use leptos::prelude::*;
use posko_core::{Field, FieldError};

use crate::i18n::Locale;
use crate::messages;

/// The message for one field out of a form's validation errors, in `locale`, as the signal
/// `text_field` shows under the input.
pub fn error_of(errors: RwSignal<Vec<FieldError>>, locale: Locale, field: Field) -> Signal<Option<String>> {
    Signal::derive(move || {
        errors.with(|all| {
            all.iter()
                .find(|e| e.field == field)
                .map(|e| messages::problem(locale, &e.problem))
        })
    })
}

/// A text-like input: its HTML type and the hints phones use to pick a keyboard.
#[derive(Default)]
pub struct Input {
    /// `text`, `date`, `password`...
    pub kind: &'static str,
    pub name: &'static str,
    pub inputmode: Option<&'static str>,
    pub autocomplete: Option<&'static str>,
    /// `none` for usernames and codes, which phones would otherwise capitalise.
    pub autocapitalize: Option<&'static str>,
    pub placeholder: Option<&'static str>,
    pub max: Option<String>,
    pub maxlength: Option<&'static str>,
}

/// A labelled input with its error message under it. `error` is the message in the user's
/// language, or `None`; the field is marked invalid (for styling and screen readers) while set.
pub fn text_field(
    label: &'static str,
    input: Input,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
) -> AnyView {
    let invalid = move || error.with(|e| e.is_some());
    view! {
        <label class="field" class:invalid=invalid>
            <span>{label}</span>
            <input
                type=input.kind
                name=input.name
                inputmode=input.inputmode
                autocomplete=input.autocomplete
                autocapitalize=input.autocapitalize
                placeholder=input.placeholder
                max=input.max
                maxlength=input.maxlength
                bind:value=value
                aria-invalid=move || if invalid() { "true" } else { "false" }
            />
            <small class="field-error">{move || error.get()}</small>
        </label>
    }
    .into_any()
}

/// The day a date input holds, in words ("Minggu, 6 Desember 2026") under it: the browser
/// shows its own all-digit form, which reads one way in Indonesia and another in the US.
pub fn date_in_words(locale: Locale, picked: RwSignal<String>) -> impl IntoView {
    move || {
        picked.with(|text| posko_core::date::parse_ymd(text)).map(|day| {
            view! { <small class="hint" data-testid="date-words">{crate::messages::long_date(locale.strings(), day)}</small> }
        })
    }
}

/// A large tick box with its label.
pub fn check_field(label: &'static str, name: &'static str, checked: RwSignal<bool>) -> AnyView {
    view! {
        <label class="check">
            <input type="checkbox" name=name bind:checked=checked />
            <span>{label}</span>
        </label>
    }
    .into_any()
}

/// An error or notice the user must see, announced by screen readers.
pub fn alert(text: String) -> AnyView {
    view! { <p class="alert error" role="alert">{text}</p> }.into_any()
}
