//! Which office a screen is about, for a user of the whole agency (the admin, the PPK): the
//! agency's offices as the kept session lists them (`Store::session_offices`), and one picker
//! every such screen shows (the checklist, the plan, the import, a new office record).

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
/// `none`: "—", or "every office" where it filters); `picked`
/// runs after each pick (a screen that resets what it showed for the previous office).
pub fn office_picker(
    label: &'static str,
    none: &'static str,
    office: RwSignal<Option<String>>,
    offices: Vec<OfficeRef>,
    picked: impl Fn() + 'static,
) -> AnyView {
    view! {
        <label class="field">
            <span>{label}</span>
            <select on:change=move |e| {
                office.set(Some(event_target_value(&e)).filter(|v| !v.is_empty()));
                picked();
            }>
                <option value="">{none}</option>
                {offices
                    .into_iter()
                    .map(|o| view! { <option value=o.id.clone() selected=office.get_untracked().as_deref() == Some(o.id.as_str())>{o.name}</option> })
                    .collect_view()}
            </select>
        </label>
    }
    .into_any()
}
