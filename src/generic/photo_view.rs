//! A photo a record names, shown: from this device's own store when this device took it, else
//! fetched from the server when it is opened (`server_api::download_photo`: photos are never
//! pulled with their records), with a word instead when neither can be had (offline).

use leptos::prelude::*;

use crate::context::use_app;
use crate::i18n::Locale;

/// The photo `sha256` of record `record_id`, small, opening whole in a new tab when tapped.
pub fn photo_view(locale: Locale, record_id: String, sha256: String) -> AnyView {
    let app = use_app();
    let name = sha256.clone();
    let url = crate::view_data::ViewData::new(move || {
        let (record_id, sha256) = (record_id.clone(), sha256.clone());
        async move {
            let object_url = |blob: web_sys::Blob| web_sys::Url::create_object_url_with_blob(&blob).ok();
            let store = app.store()?;
            if let Ok(Some(blob)) = store.photo_blob(&sha256).await {
                return object_url(blob);
            }
            let token = app.session.with_untracked(|s| s.as_ref().map(|s| s.token.clone()))?;
            let blob = crate::server_api::download_photo(&token, &record_id, &sha256)
                .await
                .ok()?;
            object_url(blob)
        }
    });
    let l = locale.later();
    (move || match url.get() {
        None => view! { <span class="muted">{locale.strings().loading}</span> }.into_any(),
        Some(Some(src)) => view! {
            <a href=src.clone() target="_blank" data-sha=name.clone()>
                <img src=src.clone() alt=l.photo_evidence width="160" />
            </a>
        }
        .into_any(),
        Some(None) => view! { <span class="muted" data-sha=name.clone()>{l.photo_online_only}</span> }.into_any(),
    })
    .into_any()
}
