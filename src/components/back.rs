//! The way back (issue #19 item 8): every screen but the home and the sign-in has a link to its parent at its top, and a list is returned to as it was left (its search).

use std::cell::RefCell;

use crate::route::use_location;
use leptos::prelude::*;

use crate::i18n::{use_i18n, Strings};

/// Where a screen's way back leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Parent {
    Home,
    /// `/catatan`, every kind of record.
    Records,
    /// A kind's list, or one record of it (from its edit form).
    List,
    /// The record an edit form changes.
    Record,
    SignIn,
}

impl Parent {
    fn words(self, t: &Strings) -> &'static str {
        match self {
            Parent::Home => t.back_home,
            Parent::Records => t.back_records,
            Parent::List => t.back_list,
            Parent::Record => t.back_record,
            Parent::SignIn => t.back_sign_in,
        }
    }
}

/// The parent of the screen at `path`, and its path; `None` for the home and the sign-in.
pub fn parent_of(path: &str) -> Option<(String, Parent)> {
    let path = path.strip_suffix('/').filter(|p| !p.is_empty()).unwrap_or(path);
    match path {
        "/" | "/masuk" => None,
        "/aktivasi" => Some(("/masuk".to_owned(), Parent::SignIn)),
        "/catatan" => Some(("/".to_owned(), Parent::Home)),
        p if p.starts_with("/catatan/") => {
            let parts: Vec<&str> = p.split('/').skip(2).collect();
            match parts.as_slice() {
                [_] => Some(("/catatan".to_owned(), Parent::Records)),
                [kind, id, _edit] => Some((format!("/catatan/{kind}/{id}"), Parent::Record)),
                [kind, ..] => Some((format!("/catatan/{kind}"), Parent::List)),
                [] => Some(("/".to_owned(), Parent::Home)),
            }
        }
        _ => Some(("/".to_owned(), Parent::Home)),
    }
}

thread_local! {
    /// Each path with the query it was last shown with: a list is returned to with its search.
    static LAST_QUERY: RefCell<Vec<(String, String)>> = const { RefCell::new(Vec::new()) };
}

fn remember(path: &str, query: &str) {
    LAST_QUERY.with(|last| {
        let mut last = last.borrow_mut();
        last.retain(|(p, _)| p != path);
        if !query.is_empty() {
            last.push((path.to_owned(), query.to_owned()));
        }
    });
}

fn with_last_query(path: String) -> String {
    LAST_QUERY.with(|last| match last.borrow().iter().find(|(p, _)| *p == path) {
        Some((_, query)) => format!("{path}{query}"),
        None => path,
    })
}

/// The link to the current screen's parent, above the screen; nothing on the home.
#[component]
pub fn BackLink() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    Effect::new(move |_| {
        let (path, query) = (location.pathname.get(), location.search.get());
        remember(
            &path,
            &if query.is_empty() {
                query
            } else {
                format!("?{}", query.trim_start_matches('?'))
            },
        );
    });
    move || {
        let (href, parent) = parent_of(&location.pathname.get())?;
        let t = i18n.t();
        Some(view! {
            <a class="back" data-back="" href=with_last_query(href)>
                <span aria-hidden="true">"←"</span>
                {parent.words(t)}
            </a>
        })
    }
}
