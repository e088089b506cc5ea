//! Translations: the generated tables (`Strings`, one per `Locale`) and the reactive current locale.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

include!(concat!(env!("OUT_DIR"), "/strings.rs"));

const SAVED_LOCALE_KEY: &str = "posko.lang";

thread_local! {
    /// Locales loaded on request: leaked once, they live as long as the page.
    static LOADED: std::cell::RefCell<Vec<(Locale, &'static Strings)>> = const { std::cell::RefCell::new(Vec::new()) };
    /// The later module's messages, by locale, loaded with the module (`load_later`).
    static LATER: std::cell::RefCell<Vec<(Locale, &'static LaterStrings)>> = const { std::cell::RefCell::new(Vec::new()) };
    /// The later messages being fetched, per locale, with who waits for them: the views of one
    /// screen ask at once, and the file is fetched once (it was four times for the home).
    static LATER_WAITING: std::cell::RefCell<Vec<(Locale, Vec<futures::channel::oneshot::Sender<bool>>)>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl Locale {
    /// The messages in this language, or in the default one until it has loaded.
    pub fn strings(self) -> &'static Strings {
        LOADED
            .with(|loaded| loaded.borrow().iter().find(|(l, _)| *l == self).map(|(_, s)| *s))
            .unwrap_or(&ID)
    }

    /// The messages of the later module's views in this language. Those views are built only
    /// once their messages are here (`later::view`, and a language switch waits for them), so
    /// the blank table (every message empty) shows only if that promise is broken.
    pub fn later(self) -> &'static LaterStrings {
        self.later_if_loaded().unwrap_or_else(|| {
            let blank: &'static [&'static str] = Box::leak(vec![""; LATER_STRINGS_LEN].into_boxed_slice());
            // SAFETY: as in `load_later`: LATER_STRINGS_LEN `&'static str`s.
            unsafe { &*blank.as_ptr().cast::<LaterStrings>() }
        })
    }

    fn later_if_loaded(self) -> Option<&'static LaterStrings> {
        LATER.with(|later| later.borrow().iter().find(|(l, _)| *l == self).map(|(_, s)| *s))
    }

    fn has_first(self) -> bool {
        self == Locale::ALL[0] || LOADED.with(|loaded| loaded.borrow().iter().any(|(l, _)| *l == self))
    }

    /// Whether a switch to this language can happen now: its first screens' messages are here,
    /// and so are its later views' once the later module is in use.
    fn is_ready(self) -> bool {
        self.has_first() && (LATER.with(|later| later.borrow().is_empty()) || self.later_if_loaded().is_some())
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

    /// The language, read without subscribing to its changes (in a task).
    pub fn locale_untracked(self) -> Locale {
        self.locale.get_untracked()
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

/// Fetches `/lang/<name>.json` (written by tools/build.mjs: the keys' checksum, then every
/// message in key order) as `len` messages, leaked: a loaded table lives as long as the page.
/// A file of another shape or for other keys is refused (`None`).
async fn table(name: &str, len: usize, fnv: &str) -> Option<&'static [&'static str]> {
    let url = format!("/lang/{name}.json");
    let reply = gloo::net::http::Request::get(&url).send().await.ok()?;
    let list = reply
        .text()
        .await
        .ok()
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .and_then(|value| value.dyn_into::<js_sys::Array>().ok())?;
    if list.length() as usize != len + 1 || list.get(0).as_string().as_deref() != Some(fnv) {
        leptos::logging::error!("{url} does not match this build's messages");
        return None;
    }
    let mut messages: Vec<&'static str> = Vec::with_capacity(len);
    for message in list.iter().skip(1) {
        messages.push(Box::leak(message.as_string()?.into_boxed_str()));
    }
    Some(Box::leak(messages.into_boxed_slice()))
}

/// Loads what `locale` lacks: its first screens' messages (`/lang/<code>.json`; the default
/// locale's are compiled in) and, once the later module is in use, its views' messages
/// (`/lang/later-<code>.json`). `false` when one could not load: the app keeps its language.
pub async fn load(locale: Locale) -> bool {
    if !locale.has_first() {
        let Some(messages) = table(locale.code(), STRINGS_LEN, STRINGS_FNV).await else {
            return false;
        };
        // SAFETY: `Strings` is `repr(C)` with exactly STRINGS_LEN fields, each a `&'static str`,
        // so it is laid out as `[&'static str; STRINGS_LEN]`, which `messages` is (its length is
        // checked by `table`).
        let strings: &'static Strings = unsafe { &*messages.as_ptr().cast::<Strings>() };
        LOADED.with(|loaded| loaded.borrow_mut().push((locale, strings)));
    }
    if LATER.with(|later| !later.borrow().is_empty()) {
        return load_later(locale).await;
    }
    true
}

/// Installs `locale`'s later messages from a `locales/later/<code>.json` table (key → message),
/// as `load_later` would from the build's file: for browser tests, which have no server to load
/// it from. `false` when the table does not have this build's keys' number.
pub fn install_later(locale: Locale, table: &str) -> bool {
    let Ok(object) = js_sys::JSON::parse(table) else {
        return false;
    };
    let object: js_sys::Object = object.unchecked_into();
    let keys = js_sys::Object::keys(&object).sort();
    if keys.length() as usize != LATER_STRINGS_LEN {
        return false;
    }
    let messages: Vec<&'static str> = keys
        .iter()
        .map(|key| {
            let message = js_sys::Reflect::get(&object, &key)
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_default();
            &*Box::leak(message.into_boxed_str())
        })
        .collect();
    keep_later(locale, Box::leak(messages.into_boxed_slice()));
    true
}

/// Loads `locale`'s messages for the views of the later module, once.
pub async fn load_later(locale: Locale) -> bool {
    if locale.later_if_loaded().is_some() {
        return true;
    }
    let waiting = LATER_WAITING.with(|waiting| {
        let mut waiting = waiting.borrow_mut();
        if let Some((_, waiters)) = waiting.iter_mut().find(|(l, _)| *l == locale) {
            let (answer, answered) = futures::channel::oneshot::channel();
            waiters.push(answer);
            Some(answered)
        } else {
            waiting.push((locale, Vec::new()));
            None
        }
    });
    if let Some(answered) = waiting {
        return answered.await.unwrap_or(false);
    }
    let messages = table(
        &format!("later-{}", locale.code()),
        LATER_STRINGS_LEN,
        LATER_STRINGS_FNV,
    )
    .await;
    if let Some(messages) = messages {
        keep_later(locale, messages);
    }
    let waiters = LATER_WAITING.with(|waiting| {
        let mut waiting = waiting.borrow_mut();
        let at = waiting.iter().position(|(l, _)| *l == locale);
        at.map(|at| waiting.swap_remove(at).1).unwrap_or_default()
    });
    for answer in waiters {
        let _ = answer.send(messages.is_some());
    }
    messages.is_some()
}

/// Keeps `messages` (LATER_STRINGS_LEN of them, in key order) as `locale`'s later messages.
fn keep_later(locale: Locale, messages: &'static [&'static str]) {
    debug_assert_eq!(messages.len(), LATER_STRINGS_LEN);
    // SAFETY: as in `load`, for `LaterStrings` and LATER_STRINGS_LEN (both callers check it).
    let strings: &'static LaterStrings = unsafe { &*messages.as_ptr().cast::<LaterStrings>() };
    LATER.with(|later| later.borrow_mut().push((locale, strings)));
}
