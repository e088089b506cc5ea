//! Binary entry (linked by tools/build.mjs): mounts the app when the WebAssembly module starts.

// No Rust `main`: std's runtime set-up around it (stdout, thread names, exit codes) has no use
// in a browser, and costs 0.2 kB of brotli. wasm-bindgen calls the start function instead.
#![no_main]

#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    posko::start();
}
