//! The client's browser tests, one binary (issue #18: one link and one wasm-bindgen run instead
//! of five), in headless Chromium through wasm-bindgen-test-runner: each module is one area.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod bench_store;
mod context;
mod generic_form;
mod js_codec;
mod list;
mod navigation;
mod people;
mod store;
mod store_kit;
mod words;
