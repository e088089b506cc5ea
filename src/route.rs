//! Where the app is, and moving within it without loading the page again: the address's path and
//! query as signals, the page's own links taken in place, back and forward followed.
//!
//! Every path of the app is flat (`app::Screen`), so this is all the routing it needs;
//! leptos_router, which did it before, cost the first load 10.1 kB of brotli (measured
//! 2026-12-07 with `tools/size-budget.mjs`: the main module 139.9 kB with it, 129.8 kB without).

use std::cell::Cell;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The address the app shows.
#[derive(Clone, Copy)]
pub struct Location {
    /// Its path, `/` at the least.
    pub pathname: RwSignal<String>,
    /// Its query, without the `?` (empty when there is none).
    pub search: RwSignal<String>,
}

thread_local! {
    /// The one location, for moves made from a task, outside any component.
    static HERE: Cell<Option<Location>> = const { Cell::new(None) };
}

impl Location {
    /// Reads the window's address into the signals, telling only what changed.
    fn follow(self) {
        let address = window().location();
        let path = address.pathname().unwrap_or_else(|_| "/".to_owned());
        let search = address.search().unwrap_or_default();
        let search = search.trim_start_matches('?');
        if self.pathname.with_untracked(|p| p != &path) {
            self.pathname.set(path);
        }
        if self.search.with_untracked(|s| s != search) {
            self.search.set(search.to_owned());
        }
    }
}

/// Creates the location from the window's address, provides it, and takes over the page's links
/// and the history's back and forward, for as long as the app runs.
pub fn provide_location() -> Location {
    let location = Location {
        pathname: RwSignal::new(String::new()),
        search: RwSignal::new(String::new()),
    };
    location.follow();
    HERE.with(|here| here.set(Some(location)));
    provide_context(location);
    let history = window_event_listener(leptos::ev::popstate, move |_| location.follow());
    let links = window_event_listener(leptos::ev::click, take_link);
    std::mem::forget(history);
    std::mem::forget(links);
    location
}

pub fn use_location() -> Location {
    expect_context::<Location>()
}

/// Moves to `to` (a path of the app, with its query if any). `replace` puts it in place of the
/// current entry of the history, for an address that follows what the user types (a search);
/// otherwise it is a new entry, and the new screen starts at its top.
pub fn navigate(to: &str, replace: bool) {
    let Ok(history) = window().history() else {
        return;
    };
    let moved = if replace {
        history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(to))
    } else {
        history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(to))
    };
    if moved.is_err() {
        return;
    }
    if !replace {
        window().scroll_to_with_x_and_y(0.0, 0.0);
    }
    if let Some(location) = HERE.with(Cell::get) {
        location.follow();
    }
}

/// Sends the user to `to` in place of the screen being drawn (a visitor who must sign in first):
/// once the drawing is done, and without leaving the screen they could not see in the history.
pub fn redirect(to: &'static str) {
    request_animation_frame(move || navigate(to, true));
}

/// A click on a link to one of the app's own screens, taken in place. What the browser should
/// do itself is left to it: another site or scheme (a phone number, a chat), the server's own
/// files (`/api/`), a download, a new tab, and clicks with a modifier key or another button.
fn take_link(event: web_sys::MouseEvent) {
    if event.default_prevented()
        || event.button() != 0
        || event.meta_key()
        || event.alt_key()
        || event.ctrl_key()
        || event.shift_key()
    {
        return;
    }
    let Some(link) = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| element.closest("a[href]").ok().flatten())
        .and_then(|element| element.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    else {
        return;
    };
    let elsewhere = link.has_attribute("download")
        || link
            .get_attribute("target")
            .is_some_and(|t| !t.is_empty() && t != "_self")
        || link
            .get_attribute("rel")
            .is_some_and(|r| r.split_whitespace().any(|w| w == "external"));
    let path = link.pathname();
    if elsewhere
        || link.origin() != window().location().origin().unwrap_or_default()
        || crate::server_api::is_server_path(&path)
    {
        return;
    }
    event.prevent_default();
    navigate(&format!("{path}{}", link.search()), false);
}

/// The value of `name` in a query (`a=1&b=2`, with or without its `?`), decoded.
pub fn query_value(query: &str, name: &str) -> Option<String> {
    query
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
        .and_then(|value| js_sys::decode_uri_component(&value.replace('+', " ")).ok())
        .and_then(|value| value.as_string())
}
