//! The agency's regency kept on the device (issue #20 item 1): its kecamatan and kelurahan, which a
//! form offers an address from, offline too. Fetched for the roles that write an address
//! (`places::WRITERS`) when the device keeps none for the session's region: by their home
//! whenever it shows online (`RoleTools`, in the monitoring area, which every role but the
//! employee's takes: an employee's first load carries none of it), and by a form that needs it.
//! Kept in localStorage: public data, never about a person, like the monitor's figures.

use leptos::prelude::*;
use posko_core::places::{Kecamatan, Regency};
use posko_core::Role;
use wasm_bindgen::{JsCast, JsValue};

use crate::context::AppContext;
use crate::js_codec::property;

/// Where the server's answer is kept, whole.
const KEPT: &str = "posko.places";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The kept answer (`PlacesResponse`, as the server sent it) when it is of `region`, or of any
/// region for a session from a server that did not say its own.
pub fn kept(region: &str) -> Option<JsValue> {
    let text = storage()?.get_item(KEPT).ok()??;
    let answer = js_sys::JSON::parse(&text).ok()?;
    let of = property(&answer, "region").as_string()?;
    (region.is_empty() || of == region).then_some(answer)
}

/// The kept regency of `region` (`PlacesResponse::regency`), when the list has it.
pub fn kept_regency(region: &str) -> Option<Regency> {
    regency_from(&property(&kept(region)?, "regency"))
}

/// A `Regency` from the server's JSON (`PlacesResponse::regency`); `None` for `null` or a shape it
/// does not know.
fn regency_from(regency: &JsValue) -> Option<Regency> {
    let texts = |list: JsValue| -> Option<Vec<String>> {
        list.dyn_into::<js_sys::Array>()
            .ok()?
            .iter()
            .map(|v| v.as_string())
            .collect()
    };
    let kecamatan = property(regency, "kecamatan")
        .dyn_into::<js_sys::Array>()
        .ok()?
        .iter()
        .map(|k| {
            Some(Kecamatan {
                name: property(&k, "name").as_string()?,
                kelurahan: texts(property(&k, "kelurahan"))?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Regency {
        name: property(regency, "name").as_string()?,
        kecamatan,
    })
}

/// Fetches and keeps the regency of the user's agency when `role` writes an address and the device
/// keeps none for `region`. Quiet on failure: the home asks again when it next shows online.
pub async fn keep_for(token: &str, role: Role, region: &str) {
    if !posko_core::places::WRITERS.contains(&role) || kept(region).is_some() {
        return;
    }
    if let (Ok(answer), Some(storage)) = (crate::server_api::places(token).await, storage()) {
        if let Some(text) = js_sys::JSON::stringify(&answer).ok().and_then(|t| t.as_string()) {
            let _ = storage.set_item(KEPT, &text);
        }
    }
}

/// `keep_for` the signed-in user, with the region of their kept session.
pub async fn keep_for_session(app: AppContext) {
    let (Some(store), Some((token, role))) = (
        app.store(),
        app.session
            .with_untracked(|s| s.as_ref().map(|s| (s.token.clone(), s.user.role))),
    ) else {
        return;
    };
    let region = store.session_region().await.unwrap_or_default();
    keep_for(&token, role, &region).await;
}
