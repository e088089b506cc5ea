//! Importing an office's roster from a CSV or Excel file (`/impor-pegawai`), for the Crisis
//! Center: a CSV file is read on the phone (`roster_import::csv_rows`), an Excel workbook by the
//! server (`server_api::xlsx_to_csv`, which needs a connection), every row checked as the form and the
//! server check a person, and a preview names each bad row (row, column, reason) before
//! anything is written; a good file is saved all at once (one IndexedDB transaction, with a
//! progress bar) and goes to the server with the next sync, offline or not. A NIP already on
//! the roster updates that person. In the later module.

use leptos::prelude::*;
use posko_core::api::OfficeRef;
use posko_core::roster::{Person, PERSON};
use posko_core::roster_import::{self, ImportProblem, RowError, Target};
use posko_core::sync::SyncRecord;
use wasm_bindgen::JsCast;

use super::signed_in;
use crate::components::form::alert as notice;
use crate::context::{use_app, AppContext};
use crate::generic::office;
use crate::i18n::{fill, use_i18n, Locale};
use crate::messages;

/// Where the import stands.
#[derive(Clone)]
enum Stage {
    Waiting,
    Reading,
    /// The file's problems: nothing was written.
    Refused(Vec<RowError>),
    /// Ready to save: the people, and how many are already on the roster.
    Ready(Vec<Person>, usize),
    Saving(usize, usize),
    Saved(usize),
    Failed(String),
}

#[component]
pub fn RosterImportPage() -> impl IntoView {
    signed_in(|| {
        let i18n = use_i18n();
        let app = use_app();
        let Some(user) = app.user() else {
            return ().into_any();
        };
        let office = RwSignal::new(user.office_id.clone());
        let offices = office::offices(app);
        let stage = RwSignal::new(Stage::Waiting);
        let agency_wide = user.office_id.is_none();
        (move || {
            let locale = i18n.locale();
            let l = locale.later();
            let offices_now = offices.get().unwrap_or_default();
            view! {
                <section class="card">
                    <h1>{l.import_title}</h1>
                    <p>{l.import_columns}</p>
                    {agency_wide.then(|| office::office_picker(l.office_pick, crate::generic::show::EMPTY, office, offices_now.clone(), move || stage.set(Stage::Waiting)))}
                    <label class="field">
                        <span>{l.import_file}</span>
                        <input id="f-roster" type="file" accept=".csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                            prop:disabled=move || office.with(Option::is_none)
                            on:change=move |e| choose(app, locale, office, stage, e) />
                    </label>
                </section>
                {move || stage_view(app, locale, &offices_now, office, stage)}
            }
            .into_any()
        })
        .into_any()
    })
}

/// Reads the chosen file and checks every row.
fn choose(
    app: AppContext,
    locale: Locale,
    office: RwSignal<Option<String>>,
    stage: RwSignal<Stage>,
    event: leptos::ev::Event,
) {
    let Some(input) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    let (Some(file), Some(office_id), Some(user)) =
        (input.files().and_then(|f| f.get(0)), office.get_untracked(), app.user())
    else {
        return;
    };
    let l = locale.later();
    stage.set(Stage::Reading);
    leptos::task::spawn_local(async move {
        // Past the limits, a CSV is refused as a workbook is, before a row is read.
        if file.size() > roster_import::MAX_FILE_BYTES as f64 {
            stage.set(Stage::Failed(l.import_too_large.to_owned()));
            input.set_value("");
            return;
        }
        let text = if file.name().to_ascii_lowercase().ends_with(".xlsx") {
            match workbook_as_csv(app, locale, &file).await {
                Ok(text) => Some(text),
                Err(why) => {
                    stage.set(Stage::Failed(why));
                    input.set_value("");
                    return;
                }
            }
        } else {
            wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|t| t.as_string())
        };
        let rows = match text.as_deref().map(roster_import::csv_rows) {
            Some(Ok(rows)) => rows,
            Some(Err(roster_import::NotRead::TooLarge)) => {
                stage.set(Stage::Failed(l.import_too_large.to_owned()));
                input.set_value("");
                return;
            }
            Some(Err(roster_import::NotRead::NotCsv)) | None => {
                stage.set(Stage::Failed(l.import_not_csv.to_owned()));
                input.set_value("");
                return;
            }
        };
        let existing: Vec<Person> = match app.store() {
            Some(store) => match store.all_of(PERSON.name).await {
                Ok(list) => list
                    .iter()
                    .filter_map(|l| Person::from_record(&l.record).ok())
                    .filter(|p| p.office_id.as_deref() == Some(office_id.as_str()))
                    .collect(),
                Err(error) => {
                    stage.set(Stage::Failed(messages::store_error(locale.strings(), &error)));
                    return;
                }
            },
            None => Vec::new(),
        };
        let target = Target {
            agency_id: &user.agency_id,
            office_id: &office_id,
            existing: &existing,
        };
        let ctx = crate::device_clock::context(app);
        stage.set(
            match roster_import::read(&rows, &target, &ctx, || uuid::Uuid::now_v7().to_string()) {
                Ok(people) => {
                    let ids: std::collections::BTreeSet<&str> = existing.iter().map(|e| e.id.as_str()).collect();
                    let known = people.iter().filter(|p| ids.contains(p.id.as_str())).count();
                    Stage::Ready(people, known)
                }
                Err(errors) => Stage::Refused(errors),
            },
        );
        // The same file chosen again (fixed in place) is a change too.
        input.set_value("");
    });
}

/// An Excel workbook's first sheet as CSV, read by the server; why not, in the user's words.
async fn workbook_as_csv(app: AppContext, locale: Locale, file: &web_sys::File) -> Result<String, String> {
    use crate::server_api::{xlsx_to_csv, ServerError};
    let l = locale.later();
    let token = app.session.with_untracked(|s| s.as_ref().map(|s| s.token.clone()));
    let Some(token) = token else {
        return Err(l.import_xlsx_offline.to_owned());
    };
    match xlsx_to_csv(&token, file).await {
        Ok(text) => Ok(text),
        Err(ServerError::Api { code, .. }) if code == posko_core::api::NOT_A_SPREADSHEET_ERROR_CODE => {
            Err(l.import_not_xlsx.to_owned())
        }
        Err(ServerError::Api { status: 413, .. }) => Err(l.import_too_large.to_owned()),
        Err(ServerError::Api { .. }) => Err(locale.strings().login_failed_server.to_owned()),
        Err(ServerError::Unreachable | ServerError::BrokenReply) => Err(l.import_xlsx_offline.to_owned()),
    }
}

fn problem_text(locale: Locale, problem: &ImportProblem) -> String {
    let l = locale.later();
    match problem {
        ImportProblem::MissingColumn => l.import_missing_column.to_owned(),
        ImportProblem::Invalid(problem) => messages::problem(locale, problem),
        ImportProblem::NotYesOrNo => l.import_not_yes_no.to_owned(),
        ImportProblem::DuplicateNip { first_row } => fill(l.import_duplicate, &[("row", &first_row.to_string())]),
        ImportProblem::Empty => l.import_empty.to_owned(),
    }
}

fn stage_view(
    app: AppContext,
    locale: Locale,
    offices: &[OfficeRef],
    office: RwSignal<Option<String>>,
    stage: RwSignal<Stage>,
) -> AnyView {
    let (t, l) = (locale.strings(), locale.later());
    let office_name = office
        .get()
        .map(|id| {
            offices.iter().find(|o| o.id == id).map_or_else(
                || app.user().and_then(|u| u.office_name).unwrap_or(id.clone()),
                |o| o.name.clone(),
            )
        })
        .unwrap_or_default();
    match stage.get() {
        Stage::Waiting => ().into_any(),
        Stage::Reading => view! { <p class="muted">{t.loading}</p> }.into_any(),
        Stage::Failed(text) => notice(text),
        Stage::Refused(errors) => {
            let rows = errors
                .iter()
                .map(|e| {
                    view! {
                        <tr>
                            <td>{e.row.to_string()}</td>
                            <td>{e.column.clone()}</td>
                            <td>{problem_text(locale, &e.problem)}</td>
                        </tr>
                    }
                })
                .collect_view();
            let rows_with = {
                let mut rows: Vec<usize> = errors.iter().map(|e| e.row).collect();
                rows.dedup();
                rows.len()
            };
            view! {
                <section class="card" data-testid="import-errors">
                    <p class="alert" role="alert">
                        {fill(l.import_refused, &[("problems", &errors.len().to_string()), ("rows", &rows_with.to_string())])}
                    </p>
                    <table class="import-errors">
                        <thead><tr><th>{l.import_row}</th><th>{l.import_column}</th><th>{l.import_problem}</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </section>
            }
            .into_any()
        }
        Stage::Ready(people, known) => {
            let count = people.len();
            let sample = people
                .iter()
                .take(5)
                .map(|p| view! { <li>{format!("{} · {} · {}", p.nip, p.full_name, p.unit)}</li> })
                .collect_view();
            let save = move |_| {
                let Stage::Ready(people, _) = stage.get_untracked() else { return };
                let (Some(store), Some(user)) = (app.store(), app.user()) else { return };
                stage.set(Stage::Saving(0, people.len()));
                leptos::task::spawn_local(async move {
                    let total = people.len();
                    // One transaction: every person or none.
                    let progress = move |done: usize| stage.set(Stage::Saving(done, total));
                    match store.save_all(&people, &user.id, &progress).await {
                        Ok(_) => stage.set(Stage::Saved(total)),
                        Err(error) => stage.set(Stage::Failed(messages::store_error(locale.strings(), &error))),
                    }
                });
            };
            view! {
                <section class="card" data-testid="import-ready">
                    <p class="status ok">
                        {fill(l.import_ready, &[("count", &count.to_string()), ("office", &office_name), ("known", &known.to_string())])}
                    </p>
                    <ul class="sample">{sample}</ul>
                    <button class="button primary wide" type="button" on:click=save>
                        {fill(l.import_save, &[("count", &count.to_string())])}
                    </button>
                </section>
            }
            .into_any()
        }
        Stage::Saving(done, total) => view! {
            <section class="card">
                <progress max=total.to_string() value=done.to_string() data-testid="import-progress"></progress>
                <p class="muted">{fill(l.import_saving, &[("done", &done.to_string()), ("total", &total.to_string())])}</p>
            </section>
        }
        .into_any(),
        Stage::Saved(count) => view! {
            <section class="card">
                <p class="status ok" role="status">{fill(l.import_saved, &[("count", &count.to_string())])}</p>
                <a class="button wide" href="/catatan/person">{l.import_see_roster}</a>
            </section>
        }
        .into_any(),
    }
}
