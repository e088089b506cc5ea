//! Which office a screen is about, for a user of the whole agency (the admin, the PPK): the
//! agency's offices as the kept session lists them (`Store::session_offices`), and one picker
//! every such screen shows (the checklist, the plan, the import, a new office record), drawn by
//! the one select of choices every filter uses (`picker`: a list's units too).

use leptos::prelude::*;
use posko_core::api::OfficeRef;

use crate::context::AppContext;

/// The agency's offices the signed-in user may pick, once read from the kept session.
pub fn offices(app: AppContext) -> crate::view_data::ViewData<Vec<OfficeRef>> {
    crate::view_data::ViewData::new(move || async move {
        match app.store() {
            Some(store) => store.session_offices().await.unwrap_or_default(),
            None => Vec::new(),
        }
    })
}

/// A select of `offices` under `label`, bound to `office` (nothing picked is `None`, shown as
/// `none`: "—", or "every office" where it filters); `picked` runs after each pick (a screen
/// that resets what it showed for the previous office).
pub fn office_picker(
    label: &'static str,
    none: &'static str,
    office: RwSignal<Option<String>>,
    offices: Vec<OfficeRef>,
    picked: impl Fn() + 'static,
) -> AnyView {
    let choices = offices.into_iter().map(|o| (o.id, o.name)).collect();
    picker(label.to_owned(), none, office, choices, Box::new(picked))
}

/// A select of `choices` (a value, the words shown) under `label`, bound to `value` (`None`
/// shown as `none`); `picked` runs after each pick. Every filter and picker of a screen is
/// this one view: the offices, a list's units.
pub fn picker(
    label: String,
    none: &'static str,
    value: RwSignal<Option<String>>,
    choices: Vec<(String, String)>,
    picked: Box<dyn Fn()>,
) -> AnyView {
    let now = value.get_untracked();
    view! {
        <label class="field">
            <span>{label}</span>
            <select on:change=move |e| {
                value.set(Some(event_target_value(&e)).filter(|v| !v.is_empty()));
                picked();
            }>
                // Properties, not attributes: a select drawn again with other choices keeps
                // the place of the option picked before, whatever the attributes say.
                <option value="" prop:selected=now.is_none()>{none}</option>
                {choices
                    .into_iter()
                    .map(|(id, words)| view! { <option prop:selected=now.as_deref() == Some(id.as_str()) value=id>{words}</option> })
                    .collect_view()}
            </select>
        </label>
    }
    .into_any()
}
