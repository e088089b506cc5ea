//! Posko client: the Leptos app compiled to WebAssembly, its local store, and its shell.

// The `i18n` module, generated from locales/*.json at compile time (keys checked by the compiler).
// leptos_i18n prefers a build.rs generator now, but that one compiles ICU's data exporter with
// networking support; the macro gives the same module without it.
#[allow(deprecated)]
mod generated_i18n {
    leptos_i18n::load_locales!();
}
pub use generated_i18n::i18n;

pub mod app;
pub mod components;
pub mod connectivity;
pub mod messages;
pub mod pages;
pub mod server_api;
pub mod session;
pub mod store;
pub mod update;

/// Entry point called by `main.rs` once the WebAssembly module loads.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
