//! Translations: the generated tables (`Strings`, one per `Locale`) and the reactive current locale.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

include!(concat!(env!("OUT_DIR"), "/strings.rs"));

const SAVED_LOCALE_KEY: &str = "posko.lang";

thread_local! {
    /// Locales loaded on request: leaked once, they live as long as the page.
    static LOADED: std::cell::RefCell<Vec<(Locale, &'static Strings)>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl Locale {
    /// The messages in this language, or in the default one until it has loaded.
    pub fn strings(self) -> &'static Strings {
        LOADED
            .with(|loaded| loaded.borrow().iter().find(|(l, _)| *l == self).map(|(_, s)| *s))
            .unwrap_or(&ID)
    }

    fn is_ready(self) -> bool {
        self == Locale::ALL[0] || LOADED.with(|loaded| loaded.borrow().iter().any(|(l, _)| *l == self))
    }

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

    /// Switches language (once its messages are here: loaded on first use, from the service
    /// worker's cache when offline), remembers it on this device and updates `<html lang>`.
    pub fn set_locale(self, locale: Locale) {
        if !locale.is_ready() {
            // The loading code is in the later module: only a user who asks for another
            // language fetches it.
            leptos::task::spawn_local(async move {
                if let Ok(load) = crate::later::locale_loader().await {
                    if load(locale).await {
                        self.set_locale(locale);
                    }
                }
            });
            return;
        }
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
    let i18n = I18n {
        locale: RwSignal::new(Locale::ALL[0]),
    };
    set_html_lang(Locale::ALL[0]);
    i18n.set_locale(saved.unwrap_or(Locale::ALL[0]));
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

/// Loads `locale`'s messages from `/lang/<code>.json` (written by tools/postbuild.mjs: the keys'
/// checksum, then every message in key order). A file of another shape or for other keys is
/// refused, and the app stays in the default language.
pub async fn load(locale: Locale) -> bool {
    let url = format!("/lang/{}.json", locale.code());
    let Ok(reply) = gloo::net::http::Request::get(&url).send().await else {
        return false;
    };
    let Some(list) = reply
        .text()
        .await
        .ok()
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .and_then(|value| value.dyn_into::<js_sys::Array>().ok())
    else {
        return false;
    };
    if list.length() as usize != STRINGS_LEN + 1 || list.get(0).as_string().as_deref() != Some(KEYS_FNV) {
        leptos::logging::error!("{url} does not match this build's messages");
        return false;
    }
    let mut messages: Vec<&'static str> = Vec::with_capacity(STRINGS_LEN);
    for message in list.iter().skip(1) {
        let Some(text) = message.as_string() else {
            return false;
        };
        messages.push(Box::leak(text.into_boxed_str()));
    }
    let messages: &'static [&'static str] = Box::leak(messages.into_boxed_slice());
    // SAFETY: `Strings` is `repr(C)` with exactly STRINGS_LEN fields, each a `&'static str`, so
    // it is laid out as `[&'static str; STRINGS_LEN]`, which `messages` is (length checked above).
    let strings: &'static Strings = unsafe { &*messages.as_ptr().cast::<Strings>() };
    LOADED.with(|loaded| loaded.borrow_mut().push((locale, strings)));
    true
}
