//! Bridge to `src/register-sw.js`: learns that a new version is waiting and applies it on request.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// Set once a new service worker has installed and waits. The user decides when to reload:
/// nothing is swapped under them while they fill in a form.
pub fn update_ready_signal() -> ReadSignal<bool> {
    let window = web_sys::window().expect("window");
    // The registration script may have seen the update before this module loaded.
    let already = js_sys::Reflect::get(&window, &JsValue::from_str("poskoUpdateReady"))
        .map(|v| v.is_truthy())
        .unwrap_or(false);
    let (ready, set_ready) = signal(already);
    let handle = window_event_listener_untyped("posko-update-ready", move |_| set_ready.set(true));
    std::mem::forget(handle);
    ready
}

/// Asks the waiting service worker to take over; the page reloads when it does.
pub fn apply_update() {
    let Some(window) = web_sys::window() else { return };
    if let Ok(apply) = js_sys::Reflect::get(&window, &JsValue::from_str("poskoApplyUpdate")) {
        if let Some(apply) = apply.dyn_ref::<js_sys::Function>() {
            let _ = apply.call0(&JsValue::NULL);
        }
    }
}

/// Asks the service worker to keep the modules of `areas` (and their words and styles) for
/// offline use (`src/register-sw.js`, `public/sw.js`): a role's phone keeps what its role
/// opens, once signed in, and nothing it never opens. Asking again costs nothing.
pub fn precache_areas(areas: &[crate::later::Area], locale: crate::i18n::Locale) {
    let Some(window) = web_sys::window() else { return };
    let Ok(precache) = js_sys::Reflect::get(&window, &JsValue::from_str("poskoPrecache")) else {
        return;
    };
    if let Some(precache) = precache.dyn_ref::<js_sys::Function>() {
        let names: js_sys::Array = areas.iter().map(|area| JsValue::from_str(area.name())).collect();
        let _ = precache.call2(&JsValue::NULL, &names, &JsValue::from_str(locale.code()));
    }
}
