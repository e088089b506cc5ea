//! Sign-in: needs the network once; the session is then kept on the device for offline use.

use leptos::prelude::*;
use posko_core::api::LoginRequest;
use posko_core::{Field, FieldError};

use crate::components::form::{alert, error_of, text_field, Input};
use crate::context::use_app;
use crate::i18n::{use_i18n, Strings};
use crate::server_api::{self, ServerError};
use crate::session::sign_in;

/// Why the server did not sign the user in (missing fields are caught before sending).
#[derive(Clone, Copy, PartialEq)]
enum LoginFailure {
    Credentials,
    /// Too many failed sign-ins for the account or from here (the server's limit, HTTP 429).
    TooMany,
    Offline,
    Server,
}

impl LoginFailure {
    fn message(self, t: &'static Strings) -> &'static str {
        match self {
            LoginFailure::Credentials => t.login_failed_credentials,
            LoginFailure::TooMany => t.login_failed_too_many,
            LoginFailure::Offline => t.login_failed_offline,
            LoginFailure::Server => t.login_failed_server,
        }
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let sync = crate::sync::use_sync();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<LoginFailure>);
    let errors = RwSignal::new(Vec::<FieldError>::new());

    // Signed in already: nothing to do here, unless the server ended the session (the sync strip
    // links here to sign in again; the old session stays until then, so nothing typed is lost).
    let session_ended = sync
        .problem
        .with_untracked(|p| p == &Some(crate::sync::SyncError::SessionExpired));
    if app.session.with_untracked(|s| s.is_some()) && !session_ended {
        crate::route::redirect("/");
    }

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let request = LoginRequest {
            username: username.get_untracked(),
            password: password.get_untracked(),
        };
        failure.set(None);
        if let Err(found) = request.check() {
            errors.set(found);
            return;
        }
        errors.set(Vec::new());
        busy.set(true);
        leptos::task::spawn_local(async move {
            match server_api::login(&request).await {
                Ok((session, reply)) => {
                    password.set(String::new());
                    sign_in(app, sync, session, reply).await;
                    crate::route::navigate("/", false);
                }
                Err(ServerError::Api { status: 401, .. }) => failure.set(Some(LoginFailure::Credentials)),
                Err(ServerError::Api { status: 429, .. }) => failure.set(Some(LoginFailure::TooMany)),
                Err(ServerError::Api { .. } | ServerError::BrokenReply) => failure.set(Some(LoginFailure::Server)),
                Err(ServerError::Unreachable) => failure.set(Some(if app.online.get_untracked() {
                    LoginFailure::Server
                } else {
                    LoginFailure::Offline
                })),
            }
            busy.set(false);
        });
    };

    move || {
        let locale = i18n.locale();
        let t = locale.strings();
        let submit = submit.clone();
        let error_for = move |field: Field| error_of(errors, locale, field);
        view! {
            <section class="card narrow">
                <h1>{t.login_title}</h1>
                <p class="muted">{t.login_intro}</p>
                <form on:submit=submit novalidate>
                    {text_field(
                        t.username,
                        Input {
                            kind: "text",
                            name: "username",
                            autocomplete: Some("username"),
                            autocapitalize: Some("none"),
                            ..Input::default()
                        },
                        username,
                        error_for(Field::Username),
                    )}
                    {text_field(
                        t.password,
                        Input { kind: "password", name: "password", autocomplete: Some("current-password"), ..Input::default() },
                        password,
                        error_for(Field::Password),
                    )}
                    {move || failure.get().map(|f| alert(f.message(t).to_owned()))}
                    <button class="button primary wide" type="submit" disabled=move || busy.get()>
                        {move || if busy.get() { t.login_busy } else { t.login_submit }}
                    </button>
                </form>
                <a class="link" href="/aktivasi">{t.login_activate}</a>
            </section>
        }
    }
}
