//! The residence list (`/domisili`, issue #20 item 7), for the camat and the lurah: the cases
//! and close contacts on the device by kecamatan and kelurahan of where each lives, on screen,
//! printed on A4 (the print stylesheet leaves only the list), and as a CSV file made on the
//! device, offline too. The rows are core's (`residence::residents`, `places`, `csv`), the same
//! the server's workbook holds. In the tracing area's module.

use leptos::prelude::*;
use posko_core::cases::{Case, CloseContact, OutsidePerson, CASE, CLOSE_CONTACT};
use posko_core::residence::{self, Home, Resident, HEADER_KEYS};
use posko_core::roster::Person;
use wasm_bindgen::JsCast;

use super::signed_in;
use super::typed;
use crate::components::form::alert as notice;
use crate::context::{use_app, AppContext};
use crate::generic::labels::{self, KindLabels};
use crate::i18n::{use_i18n, Locale};
use crate::messages;
use crate::store::StoreError;
use crate::sync::use_sync;

/// The cases and contacts on the device and the homes of the people they name.
#[derive(Clone, Default)]
struct Listed {
    cases: Vec<Case>,
    contacts: Vec<CloseContact>,
    homes: Vec<(String, Home)>,
}

impl Listed {
    fn residents<'a>(&'a self, names: &KindLabels) -> Vec<Resident<'a>> {
        residence::residents(
            &self.cases,
            &self.contacts,
            |id| self.homes.iter().find(|(at, _)| at == id).map(|(_, home)| home),
            |key| names.by_key(key),
        )
    }
}

async fn load(app: AppContext) -> Result<Listed, StoreError> {
    let Some(store) = app.store() else {
        return Ok(Listed::default());
    };
    let mut homes: Vec<(String, Home)> = typed::<Person>(store.all_of("person").await?)
        .iter()
        .map(|p| (p.id.clone(), Home::of_person(p)))
        .collect();
    homes.extend(
        typed::<OutsidePerson>(store.all_of("outside_person").await?)
            .iter()
            .map(|p| (p.id.clone(), Home::of_outside(p))),
    );
    Ok(Listed {
        cases: typed(store.all_of(CASE.name).await?),
        contacts: typed(store.all_of(CLOSE_CONTACT.name).await?),
        homes,
    })
}

#[component]
pub fn ResidencePage() -> impl IntoView {
    signed_in(|| {
        let i18n = use_i18n();
        let app = use_app();
        let sync = use_sync();
        let role = app.user().map(|u| u.role);
        if let Some(not_found) = super::not_for_the_health_team() {
            return not_found;
        }
        let names = crate::view_data::ViewData::new(move || labels::load_for(i18n.locale(), role));
        let loaded = crate::view_data::ViewData::new(move || {
            sync.revision.track();
            load(app)
        });
        (move || {
            let locale = i18n.locale();
            let t = locale.strings();
            let l = locale.later();
            let Some(names) = names.get() else {
                return view! { <p class="muted">{t.loading}</p> }.into_any();
            };
            let names = names.unwrap_or_else(labels::fallback);
            let body = match loaded.get() {
                None => view! { <p class="muted">{t.loading}</p> }.into_any(),
                Some(Err(error)) => notice(messages::store_error(t, &error)),
                Some(Ok(listed)) => list_view(locale, &names, &listed),
            };
            view! {
                <section class="card">
                    <h1>{l.residence_title}</h1>
                    <p class="muted">{l.residence_intro}</p>
                    <p class="muted print-only">{messages::long_date(t, crate::device_clock::today(app))}</p>
                </section>
                {body}
            }
            .into_any()
        })
        .into_any()
    })
}

fn list_view(locale: Locale, names: &KindLabels, listed: &Listed) -> AnyView {
    let l = locale.later();
    let residents = listed.residents(names);
    if residents.is_empty() {
        return view! { <section class="card"><p>{l.residence_none}</p></section> }.into_any();
    }
    let header: Vec<String> = HEADER_KEYS.iter().map(|key| names.by_key(key)).collect();
    let csv = {
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        residence::csv(&header, &residents)
    };
    let download = move |_| save_csv(&csv, "daftar-domisili.csv");
    let print = |_| {
        let _ = window().print();
    };
    let mut sections = Vec::new();
    let mut kecamatan: Option<&str> = None;
    for place in residence::places(&residents) {
        if kecamatan != Some(place.kecamatan) {
            kecamatan = Some(place.kecamatan);
            let title = if place.kecamatan.is_empty() {
                l.residence_not_given
            } else {
                place.kecamatan
            };
            sections.push(view! { <h2>{format!("{} {title}", header[0])}</h2> }.into_any());
        }
        let kelurahan = if place.kelurahan.is_empty() {
            l.residence_not_given
        } else {
            place.kelurahan
        };
        let rows = place
            .residents
            .iter()
            .map(|&i| {
                let r = &residents[i];
                view! {
                    <tr>
                        <td>{r.name.to_owned()}</td>
                        {r.details.iter().map(|d| view! { <td>{d.clone()}</td> }).collect_view()}
                    </tr>
                }
            })
            .collect_view();
        sections.push(
            view! {
                <h3>{format!("{} {kelurahan}", header[1])}</h3>
                <table class="residents" data-testid="residents">
                    <thead><tr>{header[2..].iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view()}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            .into_any(),
        );
    }
    view! {
        <section class="card residence" data-testid="residence">
            <div class="buttons no-print">
                <button class="button" type="button" on:click=download>{l.residence_csv}</button>
                <button class="button" type="button" on:click=print>{l.residence_print}</button>
            </div>
            {sections}
        </section>
    }
    .into_any()
}

/// Hands `text` to the browser as a file to save, made on the device (offline too).
fn save_csv(text: &str, file_name: &str) {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(link) = document()
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        link.set_href(&url);
        link.set_download(file_name);
        link.click();
    }
    // Let go of the file once the browser has taken it.
    gloo::timers::callback::Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
}
