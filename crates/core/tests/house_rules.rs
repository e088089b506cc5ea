//! The house rules that were prose, checked on the source (issue #18): the kit imports nothing
//! from the kinds built on it; only `server_api.rs` talks to the server; code of the later
//! module calls no split function. A rule broken names the file and the line.

use std::fs;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// Each line of `file` (numbered from 1) that contains any of `needles`, outside comments.
fn offending(file: &Path, needles: &[String]) -> Vec<String> {
    let text = fs::read_to_string(file).unwrap();
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim_start().starts_with("//"))
        .filter(|(_, line)| needles.iter().any(|n| line.contains(n.as_str())))
        .map(|(i, line)| format!("{}:{}: {}", file.display(), i + 1, line.trim()))
        .collect()
}

/// The modules of `crates/core/src/kinds`, by file or folder name.
fn kind_modules() -> Vec<String> {
    let dir = repo().join("crates/core/src/kinds");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .filter(|name| name != "mod")
        .collect();
    names.sort();
    names.dedup();
    names
}

#[test]
fn the_kit_imports_nothing_from_the_kinds() {
    let kinds = kind_modules();
    assert!(kinds.contains(&"screening".to_owned()), "{kinds:?}");
    let mut needles = vec!["crate::kinds".to_owned(), "posko_core::kinds".to_owned()];
    needles.extend(kinds.iter().map(|k| format!("crate::{k}::")));
    needles.extend(kinds.iter().map(|k| format!("crate::{k}}}")));
    needles.extend(kinds.iter().map(|k| format!("crate::{{{k}")));
    let broken: Vec<String> = rust_files(&repo().join("crates/core/src/kit"))
        .iter()
        // The kit's own tests prove it on the test kinds.
        .filter(|f| f.file_name().is_some_and(|n| n != "tests.rs"))
        .flat_map(|f| offending(f, &needles))
        .collect();
    assert!(
        broken.is_empty(),
        "the kit reaches into the kinds:\n{}",
        broken.join("\n")
    );
}

#[test]
fn only_server_api_talks_to_the_server() {
    let src = repo().join("src");
    // Files of the build itself (a language, the kinds' names) are fetched where used.
    let fetches_build_files = ["i18n.rs", "labels.rs"];
    let mut broken = Vec::new();
    for file in rust_files(&src) {
        if file.ends_with("server_api.rs") {
            continue;
        }
        broken.extend(offending(&file, &["\"/api".to_owned(), "'/api".to_owned()]));
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        if !fetches_build_files.contains(&name.as_str()) {
            broken.extend(offending(
                &file,
                &[
                    "gloo::net".to_owned(),
                    "fetch_with_".to_owned(),
                    "web_sys::Request".to_owned(),
                ],
            ));
        }
    }
    assert!(
        broken.is_empty(),
        "only src/server_api.rs talks to the server:\n{}",
        broken.join("\n")
    );
}

/// The split functions of `src/later.rs`: each `fn` after a `wasm_split(` attribute.
fn split_functions(later: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut pending = false;
    for line in later.lines() {
        if line.contains("wasm_split::wasm_split(") {
            pending = true;
        } else if pending {
            if let Some(rest) = line
                .trim_start()
                .strip_prefix("pub fn ")
                .or(line.trim_start().strip_prefix("fn "))
            {
                names.push(rest.split('(').next().unwrap().to_owned());
                pending = false;
            }
        }
    }
    names
}

/// Files whose every view or function is reached only from the later module: the page and
/// component modules whose exports are all views `later.rs` builds, the generic views, and what
/// only `later::upload_photos` runs.
fn later_only_files(later: &str) -> Vec<PathBuf> {
    let src = repo().join("src");
    let built: String = later
        .split("use crate::pages::{")
        .nth(1)
        .and_then(|rest| rest.split("};").next())
        .unwrap()
        .to_owned()
        + later
            .split("use crate::components::{")
            .nth(1)
            .and_then(|rest| rest.split("};").next())
            .unwrap();
    let built: Vec<&str> = built
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .collect();
    let mut files = Vec::new();
    for folder in ["pages", "components"] {
        let listing = fs::read_to_string(src.join(folder).join("mod.rs")).unwrap();
        for line in listing.lines().filter(|l| l.starts_with("pub use ")) {
            let (module, names) = line["pub use ".len()..].split_once("::").unwrap();
            let names: Vec<&str> = names
                .trim_end_matches(';')
                .trim_matches(|c| c == '{' || c == '}')
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            if names.iter().all(|n| built.contains(n)) {
                files.push(src.join(folder).join(format!("{module}.rs")));
            }
        }
    }
    files.extend(rust_files(&src.join("generic")));
    files.push(src.join("sync/photos.rs"));
    files.push(src.join("pages/figures.rs"));
    files
}

#[test]
fn later_code_calls_no_split_function() {
    let later = fs::read_to_string(repo().join("src/later.rs")).unwrap();
    let splits = split_functions(&later);
    for expected in [
        "home_views",
        "center_views",
        "monitoring_views",
        "activation_views",
        "restamp",
        "upload_photos",
        "sign_out_flow",
    ] {
        assert!(
            splits.iter().any(|s| s == expected),
            "{expected} not found among {splits:?}"
        );
    }
    let files = later_only_files(&later);
    assert!(files.iter().any(|f| f.ends_with("pages/today.rs")), "{files:?}");
    assert!(files.iter().any(|f| f.ends_with("pages/home_day.rs")), "{files:?}");
    assert!(
        !files.iter().any(|f| f.ends_with("pages/home.rs")),
        "home has first-load views"
    );
    // `later::view` fetches an area through its split function; the sync engine's start may run
    // the split functions that follow a push.
    let mut needles: Vec<String> = splits.iter().map(|s| format!("later::{s}(")).collect();
    needles.extend(["later::view(".to_owned(), "sync::start(".to_owned()]);
    let broken: Vec<String> = files.iter().flat_map(|f| offending(f, &needles)).collect();
    assert!(
        broken.is_empty(),
        "later code calls a split function:\n{}",
        broken.join("\n")
    );
}
