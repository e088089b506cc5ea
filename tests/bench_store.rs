//! Bench, not a test: the median time of a user's save (record + outbox entry + clock, one
//! IndexedDB transaction) in headless Chromium. Prints figures; asserts only that saves worked.
//! Run: `CHROMEDRIVER=$(command -v chromedriver) cargo test --release -p posko --target
//! wasm32-unknown-unknown --test bench_store -- --include-ignored --nocapture`

#![cfg(target_arch = "wasm32")]

use posko::store::Store;
use posko_core::kit::Context;
use posko_core::screening::{validate, ScreeningDraft};
use posko_core::{Origin, Screening, ScreeningRules};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SAVES: usize = 1_000;

fn screening(i: usize) -> Screening {
    let draft = ScreeningDraft {
        date: "2020-09-29".into(),
        temperature: format!("36,{}", i % 10),
        cough: i.is_multiple_of(3),
        ..Default::default()
    };
    let noon = chrono::NaiveDate::from_ymd_opt(2020, 9, 30)
        .unwrap()
        .and_hms_opt(5, 0, 0)
        .unwrap()
        .and_utc();
    let origin = Origin {
        id: uuid::Uuid::now_v7().to_string(),
        employee_id: "u-1".into(),
        agency_id: "agency".into(),
        office_id: Some("office".into()),
        recorded_at: noon,
    };
    let ctx = Context::device(noon.timestamp_millis(), 7 * 60);
    validate(&draft, &ScreeningRules::default(), origin, &ctx).unwrap()
}

#[wasm_bindgen_test]
#[ignore = "bench: run with --include-ignored"]
async fn save_latency() {
    let store = Store::open(&format!("posko-bench-{}", uuid::Uuid::now_v7()))
        .await
        .unwrap();
    let performance = web_sys::window().unwrap().performance().unwrap();
    let mut times = Vec::with_capacity(SAVES);
    for i in 0..SAVES {
        let record = screening(i);
        let start = performance.now();
        store.create(&record, "u-1").await.unwrap();
        times.push(performance.now() - start);
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    console_log!(
        "save (record + outbox entry, one transaction), {SAVES} saves: median {:.3} ms, p95 {:.3} ms, max {:.3} ms (target: median < 1.5 ms)",
        at(0.5),
        at(0.95),
        times[times.len() - 1]
    );
    assert_eq!(store.pending_count().await.unwrap() as usize, SAVES);
}
