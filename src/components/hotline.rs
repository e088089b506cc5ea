//! The Crisis Center's 24-hour call button, shown wherever an employee may need to report: the
//! office's own call center (`call_center`, set by the admin), or the national COVID-19 line
//! where none is set, which the button then says. The office's number is read in the home area
//! (`Later::Hotline`); the first load keeps only the national line, shown when that area cannot
//! load, so a stay-home result always has a number to call.

use leptos::prelude::*;
use posko_core::call_center::CALL_CENTER_IDS;
use posko_core::sync::Value;

use crate::context::{use_app, AppContext};
use crate::i18n::{fill, use_i18n};

/// The national COVID-19 line.
const NATIONAL_TEL: &str = "tel:119";
const NATIONAL_LABEL: &str = "119 ext 9";

/// The national line alone (the first load's).
pub fn national_hotline() -> impl IntoView {
    view! { <a class="button wide" href=NATIONAL_TEL data-testid="hotline">{NATIONAL_LABEL}</a> }
}

/// The office's call center as the device holds it: its number and who answers.
async fn office_call_center(app: AppContext) -> Option<(String, Option<String>)> {
    let office = app.user()?.office_id?;
    let local = app.store()?.record(&CALL_CENTER_IDS.single_id(&office)?).await.ok()??;
    if local.record.is_deleted() {
        return None;
    }
    let text = |name: &str| local.record.get(name).and_then(Value::as_text).map(str::to_owned);
    Some((text("phone")?, text("name")))
}

/// The button to the office's call center, or to the national line, saying which.
#[component]
pub fn Hotline() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let sync = crate::sync::use_sync();
    let found = RwSignal::new(None::<Option<(String, Option<String>)>>);
    // Read again after each sync run: the number may arrive with the first pull.
    Effect::new(move |_| {
        sync.revision.track();
        leptos::task::spawn_local(async move { found.set(Some(office_call_center(app).await)) });
    });
    move || {
        let t = i18n.t();
        match found.get() {
            None => ().into_any(),
            Some(Some((phone, name))) => {
                let tel = format!("tel:{}", phone.replace([' ', '-'], ""));
                let who = name.unwrap_or_else(|| t.hotline_crisis_center.to_owned());
                view! {
                    <a class="button wide" href=tel data-testid="hotline">
                        {fill(t.hotline_call, &[("who", &who), ("phone", &phone)])}
                    </a>
                }
                .into_any()
            }
            Some(None) => view! {
                {national_hotline()}
                <p class="muted">{t.hotline_national}</p>
            }
            .into_any(),
        }
    }
}
