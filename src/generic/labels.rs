//! The names of record kinds, their fields and their choices, in the user's language: the
//! `lang/kinds-<code>.json` files tools/build.mjs writes from `locales/kinds/`, and for the roles
//! that read the health kinds also `lang/cases-<code>.json` (`locales/cases/`), each fetched
//! once per language (from the service worker's cache when offline). Keys: `<kind>`,
//! `<kind>.<field>`, `<kind>.<field>.<code>` (`KindDecl::label_keys`).

use std::cell::RefCell;
use std::sync::Arc;

use posko_core::kit::{FieldDecl, KindDecl};
use wasm_bindgen::JsCast;

use crate::i18n::Locale;

/// One language's names. A missing name shows the declaration's own word, never nothing.
/// Looked up by a scan: a few hundred short keys, and no sort or map code in the bundle for it.
pub struct KindLabels {
    table: Vec<(String, String)>,
}

thread_local! {
    /// The tables fetched, by language and file (`kinds`, `cases`).
    static LOADED: RefCell<Vec<(Locale, &'static str, Arc<KindLabels>)>> = const { RefCell::new(Vec::new()) };
}

impl KindLabels {
    /// A table of names (a flat JSON object), as the file holds it.
    pub fn from_json(text: &str) -> Option<KindLabels> {
        let object = js_sys::JSON::parse(text).ok()?.dyn_into::<js_sys::Object>().ok()?;
        let table = js_sys::Object::entries(&object)
            .iter()
            .filter_map(|entry| {
                let pair = entry.dyn_into::<js_sys::Array>().ok()?;
                Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
            })
            .collect();
        Some(KindLabels { table })
    }

    fn text(&self, key: &str) -> Option<String> {
        self.table.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    }

    /// The words under `key` (`case.status.suspect`), or the key itself.
    pub fn by_key(&self, key: &str) -> String {
        self.text(key).unwrap_or_else(|| key.to_owned())
    }

    /// The name of a checklist item (`checklist.item.<code>`, `posko_core::checklist`), or its code.
    pub fn checklist_item(&self, code: &str) -> String {
        self.item(&posko_core::checklist::CHECKLIST, code)
    }

    /// The name of an item of a map field of `kind` (`<kind>.item.<code>`: a checklist's items,
    /// in the checklist's words), or its code.
    pub fn item(&self, kind: &KindDecl, code: &str) -> String {
        self.text(&format!("{}.item.{code}", kind.name))
            .unwrap_or_else(|| code.to_owned())
    }

    pub fn kind(&self, kind: &KindDecl) -> String {
        self.text(kind.name).unwrap_or_else(|| kind.name.to_owned())
    }

    pub fn field(&self, kind: &KindDecl, field: &FieldDecl) -> String {
        self.text(&format!("{}.{}", kind.name, field.name))
            .unwrap_or_else(|| field.name.to_owned())
    }

    /// The name of `kind`'s field called `name` (as a refusal names it); a name the kind does
    /// not declare (an envelope field) is shown as it is.
    pub fn field_named(&self, kind: &KindDecl, name: &str) -> String {
        match kind.field(name) {
            Some(field) => self.field(kind, field),
            None => name.to_owned(),
        }
    }

    /// The hint shown under a field's input, if its kind's translations give one.
    pub fn hint(&self, kind: &KindDecl, field: &FieldDecl) -> Option<String> {
        self.text(&format!("{}.{}.{}", kind.name, field.name, posko_core::kit::HINT))
    }

    /// A text value in words: by its name where the translations name it as a code of its
    /// field (a checklist's built-in version), else as `other` where they name one (an
    /// agency's own version, a record id), else as it is (what someone typed).
    pub fn text_value(&self, kind: &KindDecl, field: &FieldDecl, text: &str) -> String {
        self.text(&format!("{}.{}.{text}", kind.name, field.name))
            .or_else(|| self.text(&format!("{}.{}.other", kind.name, field.name)))
            .unwrap_or_else(|| text.to_owned())
    }

    /// The name of a code a field may hold (a choice, a member of a set, an item's answer).
    pub fn code(&self, kind: &KindDecl, field: &FieldDecl, code: &str) -> String {
        self.text(&format!("{}.{}.{code}", kind.name, field.name))
            .unwrap_or_else(|| code.to_owned())
    }
}

/// `locale`'s names, fetched on first use. `None` when the file cannot be had (offline before
/// the service worker had it); the caller shows the declarations' own words meanwhile.
pub async fn load(locale: Locale) -> Option<Arc<KindLabels>> {
    table(locale, "kinds").await
}

/// `locale`'s names for a user of `role`: the health kinds' too where the role reads them
/// (`Access::Health`), so no other phone fetches them. `None` as for `load`.
pub async fn load_for(locale: Locale, role: Option<posko_core::Role>) -> Option<Arc<KindLabels>> {
    let everyday = table(locale, "kinds").await?;
    if !role.is_some_and(|role| posko_core::kit::Access::Health.readable_by(role)) {
        return Some(everyday);
    }
    let health = table(locale, "cases").await?;
    let mut table = everyday.table.clone();
    table.extend(health.table.iter().cloned());
    Some(Arc::new(KindLabels { table }))
}

/// One file of names, `lang/<file>-<code>.json`, fetched on first use.
async fn table(locale: Locale, file: &'static str) -> Option<Arc<KindLabels>> {
    let cached = LOADED.with(|l| {
        l.borrow()
            .iter()
            .find(|(at, name, _)| *at == locale && *name == file)
            .map(|(_, _, t)| t.clone())
    });
    if cached.is_some() {
        return cached;
    }
    let url = format!("/lang/{file}-{}.json", locale.code());
    let reply = gloo::net::http::Request::get(&url).send().await.ok()?;
    if !reply.ok() {
        return None;
    }
    let labels = Arc::new(KindLabels::from_json(&reply.text().await.ok()?)?);
    LOADED.with(|l| l.borrow_mut().push((locale, file, labels.clone())));
    Some(labels)
}

/// The declarations' own words, for before (or without) the file.
pub fn fallback() -> Arc<KindLabels> {
    Arc::new(KindLabels { table: Vec::new() })
}
