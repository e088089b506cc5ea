//! Cases and clusters (`/kasus`, issue #20 item 6), for the health team: the office clusters
//! among the cases on the device (core's `office_clusters`, by each case's revision of the
//! rules), the chain picture (cases and their close contacts, drawn by core's `chain::svg`,
//! scrollable sideways on a phone and printable), and how many contacts each tracer and each
//! office followed to the end of their quarantine. Read from the device, so it works offline
//! with what the last sync brought. In the tracing area's module.

use leptos::prelude::*;
use posko_core::case_rules::{CaseRules, Completion, OfficeCase};
use posko_core::cases::{Case, CloseContact, OutsidePerson, CASE, CLOSE_CONTACT};
use posko_core::chain::{Edge, Node, Tone};
use posko_core::roster::Person;

use super::signed_in;
use super::typed;
use crate::components::form::alert as notice;
use crate::context::{use_app, AppContext};
use crate::generic::labels::{self, KindLabels};
use crate::i18n::{fill, use_i18n, Locale};
use crate::messages;
use crate::store::StoreError;
use crate::sync::use_sync;

/// What the page reads: the cases and contacts on the device, the people they name, and the
/// offices' names.
#[derive(Clone, Default)]
struct Outbreak {
    cases: Vec<Case>,
    contacts: Vec<CloseContact>,
    people: Vec<(String, String)>,
    outside: Vec<OutsidePerson>,
    offices: Vec<posko_core::api::OfficeRef>,
}

impl Outbreak {
    fn name_of(&self, person: Option<&str>, outside: Option<&str>) -> Option<&str> {
        let find = |id: &str| {
            self.people
                .iter()
                .find(|(at, _)| at == id)
                .map(|(_, name)| name.as_str())
        };
        person.and_then(find).or_else(|| outside.and_then(find))
    }

    fn office_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.offices.iter().find(|o| o.id == id).map_or(id, |o| o.name.as_str())
    }
}

async fn load(app: AppContext) -> Result<Outbreak, StoreError> {
    let Some(store) = app.store() else {
        return Ok(Outbreak::default());
    };
    let mut people: Vec<(String, String)> = typed::<Person>(store.all_of("person").await?)
        .into_iter()
        .map(|p| (p.id, p.full_name))
        .collect();
    let outside: Vec<OutsidePerson> = typed(store.all_of("outside_person").await?);
    people.extend(outside.iter().map(|p| (p.id.clone(), p.full_name.clone())));
    Ok(Outbreak {
        cases: typed(store.all_of(CASE.name).await?),
        contacts: typed(store.all_of(CLOSE_CONTACT.name).await?),
        people,
        outside,
        offices: store.session_offices().await?,
    })
}

#[component]
pub fn CasesPage() -> impl IntoView {
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
            let names = names.get().flatten().unwrap_or_else(labels::fallback);
            let today = crate::device_clock::today(app);
            let body = match loaded.get() {
                None => view! { <p class="muted">{t.loading}</p> }.into_any(),
                Some(Err(error)) => notice(messages::store_error(t, &error)),
                Some(Ok(outbreak)) => view! {
                    {clusters(locale, &names, &outbreak)}
                    {tagged_clusters(locale, &names, &outbreak)}
                    {chain(locale, &names, &outbreak)}
                    {completion(locale, &outbreak, today)}
                    {same_people(locale, &outbreak, loaded)}
                }
                .into_any(),
            };
            view! {
                <section class="card">
                    <h1>{locale.later().cases_title}</h1>
                    <p class="muted">{messages::long_date(t, today)}</p>
                    <a class="button" href="/domisili">{locale.later().residence_title}</a>
                </section>
                {body}
            }
            .into_any()
        })
        .into_any()
    })
}

fn status_words(names: &KindLabels, case: &Case) -> String {
    CASE.fields
        .iter()
        .find(|f| f.name == "status")
        .map(|field| names.code(&CASE, field, &case.status))
        .unwrap_or_default()
}

/// The office clusters, each with its office, its cases by name and the span of their onsets.
fn clusters(locale: Locale, names: &KindLabels, outbreak: &Outbreak) -> AnyView {
    let t = locale.strings();
    let l = locale.later();
    let rules = CaseRules::latest();
    let counted: Vec<OfficeCase> = outbreak
        .cases
        .iter()
        .filter_map(|case| {
            Some(OfficeCase {
                id: &case.id,
                office: case.office_id.as_deref()?,
                status: case.status()?,
                onset: case.cluster_day()?,
            })
        })
        .collect();
    let found = rules.office_clusters(&counted);
    let items = found
        .iter()
        .map(|cluster| {
            let cases = cluster
                .cases
                .iter()
                .filter_map(|id| outbreak.cases.iter().find(|c| c.id == *id))
                .map(|case| {
                    let name = outbreak
                        .name_of(case.person.as_deref(), case.outside_person.as_deref())
                        .unwrap_or(l.today_someone);
                    format!("{name} ({})", status_words(names, case))
                })
                .collect::<Vec<_>>()
                .join(", ");
            let line = fill(
                l.cases_cluster,
                &[
                    ("office", outbreak.office_name(cluster.office)),
                    ("count", &cluster.cases.len().to_string()),
                    ("from", &messages::short_date(t, cluster.first_onset)),
                    ("to", &messages::short_date(t, cluster.last_onset)),
                ],
            );
            view! {
                <li class="flag" data-testid="cluster">
                    <strong>{line}</strong>
                    <br />
                    <span class="muted">{cases}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card" data-testid="clusters">
            <h2>{l.cases_clusters_title}</h2>
            <p class="muted">{fill(l.cases_cluster_rule, &[
                ("count", &rules.cluster_min_cases.to_string()),
                ("days", &rules.cluster_days.to_string()),
            ])}</p>
            {found.is_empty().then(|| view! { <p>{l.cases_no_cluster}</p> })}
            <ul class="flags">{items}</ul>
        </section>
    }
    .into_any()
}

/// The cases the team tagged with a cluster other than an office's (a family, the Pilkada,
/// another), each tag with its cases by name: an office cluster is found by the rule above, these
/// by the team's judgement.
fn tagged_clusters(locale: Locale, names: &KindLabels, outbreak: &Outbreak) -> AnyView {
    let l = locale.later();
    let field = CASE.fields.iter().find(|f| f.name == "cluster");
    let groups = posko_core::cases::CLUSTERS
        .iter()
        .filter(|tag| **tag != "office")
        .filter_map(|tag| {
            let cases: Vec<String> = outbreak
                .cases
                .iter()
                .filter(|case| case.cluster.as_deref() == Some(*tag))
                .map(|case| {
                    let name = outbreak
                        .name_of(case.person.as_deref(), case.outside_person.as_deref())
                        .unwrap_or(l.today_someone);
                    format!("{name} ({})", status_words(names, case))
                })
                .collect();
            (!cases.is_empty()).then(|| {
                let tag_words = field.map(|f| names.code(&CASE, f, tag)).unwrap_or_default();
                view! {
                    <li data-testid="tagged-cluster">
                        <strong>{fill(l.cases_tagged_cluster, &[("tag", &tag_words), ("count", &cases.len().to_string())])}</strong>
                        <br />
                        <span class="muted">{cases.join(", ")}</span>
                    </li>
                }
            })
        })
        .collect::<Vec<_>>();
    (!groups.is_empty())
        .then(|| {
            view! {
                <section class="card" data-testid="tagged-clusters">
                    <h2>{l.cases_tagged_title}</h2>
                    <ul class="flags">{groups}</ul>
                </section>
            }
        })
        .into_any()
}

/// For the admin: the people outside the roster written down twice (two tracers offline, or
/// one who missed the first), each pair with why they are taken for one, merged in one tap
/// (`people::merge`), the one written down first kept.
fn same_people(
    locale: Locale,
    outbreak: &Outbreak,
    read: crate::view_data::ViewData<Result<Outbreak, StoreError>>,
) -> AnyView {
    let l = locale.later();
    let t = locale.strings();
    let app = use_app();
    if !app.user().is_some_and(|u| u.role == posko_core::Role::CrisisAdmin) {
        return ().into_any();
    }
    let pairs = super::people::pairs_to_merge(&outbreak.outside);
    if pairs.is_empty() {
        return ().into_any();
    }
    let failed = RwSignal::new(None::<String>);
    let items = pairs
        .into_iter()
        .map(|(kept, gone, how)| {
            let why = match how {
                posko_core::same_person::Match::Nik => l.people_same_nik,
                posko_core::same_person::Match::NameAndPhone => l.people_same_phone,
            };
            let line = fill(
                l.people_pair,
                &[("first", &kept.full_name), ("second", &gone.full_name)],
            );
            let merge = move |_| {
                let (Some(store), Some(user)) = (app.store(), app.user()) else {
                    return;
                };
                let (kept, gone) = (kept.clone(), gone.clone());
                leptos::task::spawn_local(async move {
                    match super::people::merge(&store, &kept, &gone, &user.id).await {
                        Ok(_) => read.refetch(),
                        Err(error) => failed.set(Some(messages::store_error(t, &error))),
                    }
                });
            };
            view! {
                <li data-testid="same-person">
                    <strong>{line}</strong> <span class="muted">{why}</span>
                    <br />
                    <button class="button" type="button" on:click=merge>{l.people_merge}</button>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card" data-testid="same-people">
            <h2>{l.people_title}</h2>
            <p class="muted">{l.people_explain}</p>
            <ul class="flags">{items}</ul>
            {move || failed.get().map(notice)}
        </section>
    }
    .into_any()
}

/// The chain picture: every case, and every close contact who did not become one, a box with
/// its person's name and status in words; a line from each case to its contacts, and from a
/// contact's case to the case the contact became.
fn chain(locale: Locale, names: &KindLabels, outbreak: &Outbreak) -> AnyView {
    let l = locale.later();
    let case_words: Vec<(String, String, Tone)> = outbreak
        .cases
        .iter()
        .map(|case| {
            let name = outbreak
                .name_of(case.person.as_deref(), case.outside_person.as_deref())
                .unwrap_or(l.today_someone)
                .to_owned();
            let tone = case.status().map_or(Tone::Suspect, Tone::of_case);
            (name, status_words(names, case), tone)
        })
        .collect();
    let contact_words: Vec<(&CloseContact, String)> = outbreak
        .contacts
        .iter()
        .filter(|c| c.became_case.is_none())
        .map(|c| {
            let name = outbreak
                .name_of(c.person.as_deref(), c.outside_person.as_deref())
                .unwrap_or(l.today_someone)
                .to_owned();
            (c, name)
        })
        .collect();
    let mut nodes: Vec<Node> = outbreak
        .cases
        .iter()
        .zip(&case_words)
        .map(|(case, (name, status, tone))| Node {
            id: &case.id,
            name,
            status,
            tone: *tone,
        })
        .collect();
    nodes.extend(contact_words.iter().map(|(contact, name)| Node {
        id: &contact.id,
        name,
        status: l.cases_contact,
        tone: Tone::Contact,
    }));
    let mut edges: Vec<Edge> = Vec::new();
    for contact in &outbreak.contacts {
        let Some(case) = contact.parent_id.as_deref() else {
            continue;
        };
        let to = contact.became_case.as_deref().unwrap_or(&contact.id);
        edges.push(Edge { from: case, to });
    }
    if nodes.is_empty() {
        return view! {
            <section class="card"><h2>{l.cases_chain_title}</h2><p>{l.cases_none}</p></section>
        }
        .into_any();
    }
    let picture = posko_core::chain::svg(&nodes, &edges, l.cases_chain_title);
    view! {
        <section class="card chain-card" data-testid="chain">
            <h2>{l.cases_chain_title}</h2>
            <p class="muted">{l.cases_chain_hint}</p>
            <div class="chain-scroll" tabindex="0" inner_html=picture></div>
        </section>
    }
    .into_any()
}

/// The share of contacts followed to the end of their quarantine, per tracer and per office;
/// contacts still followed are not counted yet.
fn completion(locale: Locale, outbreak: &Outbreak, today: chrono::NaiveDate) -> AnyView {
    let l = locale.later();
    let rules = CaseRules::latest();
    let followed = |c: &CloseContact| rules.followed_to_the_end(c.last_exposure, &c.entries(), today);
    let by_tracer = Completion::by(outbreak.contacts.iter().map(|c| (c.tracer.as_str(), followed(c))));
    let by_office = Completion::by(
        outbreak
            .contacts
            .iter()
            .map(|c| (c.office_id.as_deref().unwrap_or(""), followed(c))),
    );
    let line = |who: &str, done: &Completion| {
        let words = fill(
            l.cases_completion,
            &[
                ("who", who),
                ("followed", &done.followed.to_string()),
                ("ended", &done.ended.to_string()),
                ("percent", &done.percent().unwrap_or(0).to_string()),
            ],
        );
        view! { <li>{words}</li> }
    };
    let tracers = by_tracer
        .iter()
        .map(|(id, done)| {
            let name = outbreak.name_of(Some(id), None).unwrap_or(l.today_someone);
            line(name, done)
        })
        .collect_view();
    let offices = by_office
        .iter()
        .map(|(id, done)| line(outbreak.office_name(id), done))
        .collect_view();
    let running = outbreak
        .contacts
        .iter()
        .filter(|c| c.became_case.is_none() && followed(c).is_none())
        .count();
    view! {
        <section class="card" data-testid="completion">
            <h2>{l.cases_completion_title}</h2>
            <p class="muted">{fill(l.cases_running, &[("count", &running.to_string())])}</p>
            {by_tracer.is_empty().then(|| view! { <p>{l.cases_no_completion}</p> })}
            <ul>{tracers}</ul>
            <ul>{offices}</ul>
        </section>
    }
    .into_any()
}
