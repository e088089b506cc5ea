//! Translations: the generated tables (`Strings`, one per `Locale`) and the reactive current locale.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

include!(concat!(env!("OUT_DIR"), "/strings.rs"));

const SAVED_LOCALE_KEY: &str = "posko.lang";

thread_local! {
    /// Locales loaded on request: leaked once, they live as long as the page.
    static LOADED: std::cell::RefCell<Vec<(Locale, &'static Strings)>> = const { std::cell::RefCell::new(Vec::new()) };
    /// The later modules' messages, by locale and table, loaded with their views (`load_words`).
    static WORDS: std::cell::RefCell<Vec<(Locale, Words, &'static [&'static str])>> = const { std::cell::RefCell::new(Vec::new()) };
    /// The tables being fetched, per locale, with who waits for them: the views of one screen
    /// ask at once, and the file is fetched once (it was four times for the home).
    static WORDS_WAITING: std::cell::RefCell<Vec<(Locale, Words, Vec<futures::channel::oneshot::Sender<bool>>)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A table of the later modules' messages, none compiled in: fetched in the user's language with
/// the views that use it (`later::view`), as `/lang/<file>-<code>.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Words {
    /// `HomeStrings` (`locales/home/`): the home area's views, all an employee opens.
    Home,
    /// `LaterStrings` (`locales/later/`): the other areas' views.
    Later,
}

impl Words {
    const ALL: [Words; 2] = [Words::Home, Words::Later];

    fn file(self) -> &'static str {
        match self {
            Words::Home => "home",
            Words::Later => "later",
        }
    }

    fn len(self) -> usize {
        match self {
            Words::Home => HOME_STRINGS_LEN,
            Words::Later => LATER_STRINGS_LEN,
        }
    }

    fn fnv(self) -> &'static str {
        match self {
            Words::Home => HOME_STRINGS_FNV,
            Words::Later => LATER_STRINGS_FNV,
        }
    }

    /// Whether a view has asked for this table already (in any language).
    fn in_use(self) -> bool {
        WORDS.with(|words| words.borrow().iter().any(|(_, w, _)| *w == self))
    }
}

impl Locale {
    /// The messages in this language, or in the default one until it has loaded.
    pub fn strings(self) -> &'static Strings {
        LOADED
            .with(|loaded| loaded.borrow().iter().find(|(l, _)| *l == self).map(|(_, s)| *s))
            .unwrap_or(&ID)
    }

    /// The messages of the later modules' views but the home area's, in this language. Those
    /// views are built only once their messages are here (`later::view`, and a language switch
    /// waits for them), so the blank table (every message empty) shows only if that promise is
    /// broken.
    pub fn later(self) -> &'static LaterStrings {
        // SAFETY: `LaterStrings` is `repr(C)` with exactly LATER_STRINGS_LEN fields, each a
        // `&'static str`, so it is laid out as that many of them, which `words` answers.
        unsafe { &*self.words(Words::Later).as_ptr().cast::<LaterStrings>() }
    }

    /// The messages of the home area's views in this language, as `later` is.
    pub fn home(self) -> &'static HomeStrings {
        // SAFETY: as in `later`, for `HomeStrings` and HOME_STRINGS_LEN.
        unsafe { &*self.words(Words::Home).as_ptr().cast::<HomeStrings>() }
    }

    /// `words`' messages in this language (`words.len()` of them), blank until loaded.
    fn words(self, words: Words) -> &'static [&'static str] {
        self.words_if_loaded(words)
            .unwrap_or_else(|| Box::leak(vec![""; words.len()].into_boxed_slice()))
    }

    fn words_if_loaded(self, words: Words) -> Option<&'static [&'static str]> {
        WORDS.with(|loaded| {
            loaded
                .borrow()
                .iter()
                .find(|(l, w, _)| *l == self && *w == words)
                .map(|(_, _, m)| *m)
        })
    }

    fn has_first(self) -> bool {
        self == Locale::ALL[0] || LOADED.with(|loaded| loaded.borrow().iter().any(|(l, _)| *l == self))
    }

    /// Whether a switch to this language can happen now: its first screens' messages are here,
    /// and so is each table of the later views' in use.
    fn is_ready(self) -> bool {
        self.has_first()
            && Words::ALL
                .iter()
                .all(|&words| !words.in_use() || self.words_if_loaded(words).is_some())
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
/// locale's are compiled in) and each table of the later views' messages in use (`Words`).
/// `false` when one could not load: the app keeps its language.
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
    for words in Words::ALL {
        if words.in_use() && !load_words(locale, words).await {
            return false;
        }
    }
    true
}

/// Installs `locale`'s `words` from a `locales/<dir>/<code>.json` table (key → message), as
/// `load_words` would from the build's file: for browser tests, which have no server to load it
/// from. `false` when the table does not have this build's keys' number.
pub fn install_words(locale: Locale, words: Words, table: &str) -> bool {
    let Ok(object) = js_sys::JSON::parse(table) else {
        return false;
    };
    let object: js_sys::Object = object.unchecked_into();
    let keys = js_sys::Object::keys(&object).sort();
    if keys.length() as usize != words.len() {
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
    WORDS.with(|loaded| {
        loaded
            .borrow_mut()
            .push((locale, words, Box::leak(messages.into_boxed_slice())))
    });
    true
}

/// Loads `locale`'s `words` for the views of the later modules, once.
pub async fn load_words(locale: Locale, words: Words) -> bool {
    if locale.words_if_loaded(words).is_some() {
        return true;
    }
    let waiting = WORDS_WAITING.with(|waiting| {
        let mut waiting = waiting.borrow_mut();
        if let Some((_, _, waiters)) = waiting.iter_mut().find(|(l, w, _)| *l == locale && *w == words) {
            let (answer, answered) = futures::channel::oneshot::channel();
            waiters.push(answer);
            Some(answered)
        } else {
            waiting.push((locale, words, Vec::new()));
            None
        }
    });
    if let Some(answered) = waiting {
        return answered.await.unwrap_or(false);
    }
    let messages = table(&format!("{}-{}", words.file(), locale.code()), words.len(), words.fnv()).await;
    if let Some(messages) = messages {
        WORDS.with(|loaded| loaded.borrow_mut().push((locale, words, messages)));
    }
    let waiters = WORDS_WAITING.with(|waiting| {
        let mut waiting = waiting.borrow_mut();
        let at = waiting.iter().position(|(l, w, _)| *l == locale && *w == words);
        at.map(|at| waiting.swap_remove(at).2).unwrap_or_default()
    });
    for answer in waiters {
        let _ = answer.send(messages.is_some());
    }
    messages.is_some()
}
