//! Sign-in: needs the network once; the session is then kept on the device for offline use.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::components::form::{alert, text_field, Input};
use crate::i18n::{use_i18n, Strings};
use crate::server_api::{self, ServerError};
use crate::session::use_app;

#[derive(Clone, Copy, PartialEq)]
enum LoginFailure {
    Credentials,
    Offline,
    Server,
    MissingField,
}

impl LoginFailure {
    fn message(self, t: &'static Strings) -> &'static str {
        match self {
            LoginFailure::Credentials => t.login_failed_credentials,
            LoginFailure::Offline => t.login_failed_offline,
            LoginFailure::Server => t.login_failed_server,
            LoginFailure::MissingField => t.error_required,
        }
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let navigate = use_navigate();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<LoginFailure>);

    if app.session.with_untracked(|s| s.is_some()) {
        navigate("/", Default::default());
    }

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        if username.get_untracked().trim().is_empty() || password.get_untracked().is_empty() {
            failure.set(Some(LoginFailure::MissingField));
            return;
        }
        busy.set(true);
        failure.set(None);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match server_api::login(&username.get_untracked(), &password.get_untracked()).await {
                Ok(session) => {
                    if let Some(store) = crate::app::store() {
                        if let Err(error) = store.set_session(&session).await {
                            app.store_error.set(Some(error.to_string()));
                        }
                    }
                    password.set(String::new());
                    app.session.set(Some(session));
                    navigate("/", Default::default());
                }
                Err(ServerError::Api { status: 401, .. }) => failure.set(Some(LoginFailure::Credentials)),
                Err(ServerError::Api { status: 422, .. }) => failure.set(Some(LoginFailure::MissingField)),
                Err(ServerError::Api { .. }) => failure.set(Some(LoginFailure::Server)),
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
        let t = i18n.t();
        let submit = submit.clone();
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
                        Signal::derive(|| None),
                    )}
                    {text_field(
                        t.password,
                        Input { kind: "password", name: "password", autocomplete: Some("current-password"), ..Input::default() },
                        password,
                        Signal::derive(|| None),
                    )}
                    {move || failure.get().map(|f| alert(f.message(t).to_owned()))}
                    <button class="button primary wide" type="submit" disabled=move || busy.get()>
                        {move || if busy.get() { t.login_busy } else { t.login_submit }}
                    </button>
                </form>
            </section>
        }
    }
}
