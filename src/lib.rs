//! Posko client: the Leptos app compiled to WebAssembly, its local store, and its shell.

pub mod app;
pub mod components;
pub mod connectivity;
pub mod context;
pub mod device_clock;
pub mod generic;
pub mod i18n;
pub mod js_codec;
pub mod later;
pub mod messages;
pub mod pages;
pub mod photo;
pub mod places;
pub mod route;
pub mod server_api;
pub mod session;
pub mod store;
pub mod sync;
pub mod update;
pub mod view_data;

/// Entry point called by `main.rs` once the WebAssembly module loads.
pub fn start() {
    // Release builds abort on a panic with no message (panic = "abort"): the hook and the
    // formatting it needs cost 1 kB of brotli, and a field phone has no console to show it on.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    // The page's own "loading" (index.html) gives way to the app.
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    leptos::mount::mount_to_body(app::App);
}
