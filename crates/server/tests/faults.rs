//! Fault tests (issue #3) against the real `posko-server` process on its embedded SQLite:
//! model devices sync through a proxy that loses replies after the server committed, kills the
//! server mid-push and restarts it on the same data, or delivers a push twice or late. After
//! every run, with the faults off and every outbox empty: no record lost, none doubled, every
//! field at its latest stamp, every change once in the history, and each device's last sequence
//! number on the server equal to its highest.
//!
//! `POSKO_FAULT_RUNS` sets how many runs the four tests share (150 by default);
//! `POSKO_FAULT_SEED` replays the seed a failure printed. The long suite:
//! `POSKO_FAULT_RUNS=1000 cargo test -p posko-server --profile server --test faults -- --nocapture`

mod fault_support;

use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::OnceLock;
use std::time::Instant;

use fault_support::rng::{mix, Rng};
use fault_support::scenario::{self, FaultMix, Log, World};

const DEFAULT_RUNS: u64 = 150;
const TESTS: u64 = 4;

/// The seed of this test process: POSKO_FAULT_SEED, or one from the clock, the same for all
/// four tests so one number replays them all.
fn seed() -> u64 {
    static SEED: OnceLock<u64> = OnceLock::new();
    *SEED.get_or_init(|| match std::env::var("POSKO_FAULT_SEED") {
        Ok(seed) => seed.parse().expect("POSKO_FAULT_SEED is a number"),
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64,
    })
}

/// Runs `name`'s share of the runs on a server of its own, each run from its own seed.
fn run_many(name: &str, faults: FaultMix) {
    let total: u64 = std::env::var("POSKO_FAULT_RUNS")
        .map(|runs| runs.parse().expect("POSKO_FAULT_RUNS is a number"))
        .unwrap_or(DEFAULT_RUNS);
    let runs = total.div_ceil(TESTS);
    let seed = seed();
    // Each test draws from its own stream of the one seed.
    let test_seed = mix(seed, name.bytes().fold(0, |h, b| mix(h, u64::from(b))));

    let started = Instant::now();
    let mut world = World::start();
    for run in 0..runs {
        let mut rng = Rng::new(mix(test_seed, run));
        let mut log = Log::default();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            scenario::run(&mut world, &mut rng, &faults, &mut log)
        }));
        if let Err(panic) = outcome {
            eprintln!("\n{name}: run {run} of {runs} failed. What happened in it:");
            for line in &log.0 {
                eprintln!("  {line}");
            }
            eprintln!(
                "replay: POSKO_FAULT_SEED={seed} POSKO_FAULT_RUNS={total} cargo test -p posko-server --test faults {name}\n"
            );
            resume_unwind(panic);
        }
    }
    println!(
        "{name}: seed {seed}, {:.1} s\n  {}",
        started.elapsed().as_secs_f64(),
        world.stats
    );
}

#[test]
fn lost_replies_come_back_as_duplicates() {
    run_many(
        "lost_replies_come_back_as_duplicates",
        FaultMix {
            lose_reply: true,
            kill: false,
            duplicate: false,
            percent: 50,
        },
    );
}

#[test]
fn a_server_killed_mid_push_and_restarted_loses_nothing() {
    run_many(
        "a_server_killed_mid_push_and_restarted_loses_nothing",
        FaultMix {
            lose_reply: false,
            kill: true,
            duplicate: false,
            percent: 25,
        },
    );
}

#[test]
fn pushes_delivered_twice_or_late_change_nothing() {
    run_many(
        "pushes_delivered_twice_or_late_change_nothing",
        FaultMix {
            lose_reply: false,
            kill: false,
            duplicate: true,
            percent: 50,
        },
    );
}

#[test]
fn every_fault_mixed() {
    run_many(
        "every_fault_mixed",
        FaultMix {
            lose_reply: true,
            kill: true,
            duplicate: true,
            percent: 50,
        },
    );
}
