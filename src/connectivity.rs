//! Whether the browser believes it is online, as a signal that follows `online`/`offline` events.

use leptos::prelude::*;

/// `navigator.onLine` now and from then on. "Online" only means a network is there, not that
/// the server answers; the UI uses it for the indicator, never to block a local action.
pub fn online_signal() -> ReadSignal<bool> {
    let initial = web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true);
    let (online, set_online) = signal(initial);
    let on = window_event_listener(leptos::ev::online, move |_| set_online.set(true));
    let off = window_event_listener(leptos::ev::offline, move |_| set_online.set(false));
    // The listeners live as long as the app: nothing removes them.
    std::mem::forget(on);
    std::mem::forget(off);
    online
}
