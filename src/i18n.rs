//! Translations: the generated tables (`Strings`, one per `Locale`) and the reactive current locale.

use leptos::prelude::*;

include!(concat!(env!("OUT_DIR"), "/strings.rs"));

const SAVED_LOCALE_KEY: &str = "posko.lang";

impl Locale {
    pub fn from_code(code: &str) -> Option<Locale> {
        Locale::ALL.iter().copied().find(|l| l.code() == code)
    }

    /// The decimal separator people expect: "36,5" in Indonesian, "36.5" in English.
    pub fn decimal_separator(self) -> char {
        match self {
            Locale::Id => ',',
            Locale::En => '.',
        }
    }
}

/// The user's language, app-wide. Reading `t()` inside a reactive closure re-renders it when
/// the language changes; pages read it once at their top, so one switch re-renders each page once.
#[derive(Clone, Copy)]
pub struct I18n {
    locale: RwSignal<Locale>,
}

impl I18n {
    pub fn locale(self) -> Locale {
        self.locale.get()
    }

    pub fn t(self) -> &'static Strings {
        self.locale.get().strings()
    }

    /// Switches language, remembers it on this device and updates `<html lang>`.
    pub fn set_locale(self, locale: Locale) {
        self.locale.set(locale);
        if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = storage.set_item(SAVED_LOCALE_KEY, locale.code());
        }
        set_html_lang(locale);
    }
}

fn set_html_lang(locale: Locale) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", locale.code());
    }
}

/// Creates the context with the language saved on this device, Indonesian otherwise.
pub fn provide_i18n() -> I18n {
    let saved = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(SAVED_LOCALE_KEY).ok().flatten())
        .and_then(|code| Locale::from_code(&code));
    let locale = saved.unwrap_or(Locale::ALL[0]);
    set_html_lang(locale);
    let i18n = I18n {
        locale: RwSignal::new(locale),
    };
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// Fills `{{ name }}` placeholders in a message.
pub fn fill(message: &str, values: &[(&str, &str)]) -> String {
    let mut out = message.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{{ {name} }}}}"), value);
    }
    out
}
