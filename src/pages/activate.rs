//! First sign-in of a person of the roster (`/aktivasi`): their NIP, the one-time code the
//! Crisis Center gave them, and the password they choose, twice; the server sets it and signs
//! them in (`server_api::activate`), after which they sign in with NIP and password like anyone.
//! And the Crisis Center's side: issuing that code from a person's record (`activation_code`),
//! and, for the admin, signing a person out of every device when a phone is lost
//! (`end_sessions`).
//! Both need a connection, and say so. In the later module.

use leptos::prelude::*;
use posko_core::api::{ActivateRequest, MIN_PASSWORD_CHARS};

use crate::components::form::alert;
use crate::context::{use_app, AppContext};
use crate::i18n::{fill, use_i18n, Locale};
use crate::server_api::{self, ServerError};
use crate::sync::use_sync;

#[component]
pub fn ActivatePage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let sync = use_sync();
    let (nip, code, password, again) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let l = i18n.locale().later();
        let request = ActivateRequest {
            username: nip.get_untracked(),
            code: code.get_untracked(),
            password: password.get_untracked(),
        };
        // What can be judged here is judged here, in the user's words; nothing typed is lost.
        let problem = if request.normalized_username().is_empty() || request.normalized_code().is_empty() {
            Some(l.activate_fill_all.to_owned())
        } else if !request.password_ok() {
            Some(fill(l.activate_short, &[("min", &MIN_PASSWORD_CHARS.to_string())]))
        } else if request.password != again.get_untracked() {
            Some(l.activate_mismatch.to_owned())
        } else {
            None
        };
        failure.set(problem);
        if failure.with_untracked(Option::is_some) {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let l = i18n.locale_untracked().later();
            match server_api::activate(&request.normalized_username(), &request.code, &request.password).await {
                Ok((session, reply)) => {
                    password.set(String::new());
                    again.set(String::new());
                    crate::session::keep_session(app, sync, session, reply).await;
                    crate::route::navigate("/", false);
                }
                Err(ServerError::Api { status: 401, .. }) => failure.set(Some(l.activate_refused.to_owned())),
                Err(ServerError::Unreachable) if !app.online.get_untracked() => {
                    failure.set(Some(l.activate_offline.to_owned()))
                }
                Err(_) => failure.set(Some(i18n.locale_untracked().strings().login_failed_server.to_owned())),
            }
            busy.set(false);
        });
    };
    move || {
        let submit = submit.clone();
        let locale = i18n.locale();
        let (t, l) = (locale.strings(), locale.later());
        let input = |label: &'static str,
                     id: &'static str,
                     kind: &'static str,
                     value: RwSignal<String>,
                     autocomplete: &'static str| {
            view! {
                <label class="field" for=id>
                    <span>{label}</span>
                    <input id=id name=id type=kind autocomplete=autocomplete prop:value=value
                        on:input=move |e| value.set(event_target_value(&e)) />
                </label>
            }
        };
        view! {
            <section class="card narrow">
                <h1>{l.activate_title}</h1>
                <p class="muted">{l.activate_intro}</p>
                <form on:submit=submit novalidate>
                    {input(l.activate_nip, "nip", "text", nip, "username")}
                    {input(l.activate_code, "code", "text", code, "one-time-code")}
                    {input(l.activate_password, "new-password", "password", password, "new-password")}
                    {input(l.activate_again, "new-password-again", "password", again, "new-password")}
                    {move || failure.get().map(alert)}
                    <button class="button primary wide" type="submit" disabled=move || busy.get()>
                        {move || if busy.get() { t.login_busy } else { l.activate_submit }}
                    </button>
                </form>
                <a class="link" href="/masuk">{t.login_title}</a>
            </section>
        }
    }
}

/// The Crisis Center's button on a person's record: a new one-time code to hand over, with the
/// username it goes with and until when it works.
pub fn activation_code(app: AppContext, locale: Locale, person: &posko_core::roster::Person) -> AnyView {
    let person_id = person.id.clone();
    let (name, phone) = (person.full_name.clone(), person.phone.clone());
    let l = locale.later();
    let shown = RwSignal::new(None::<Result<(String, String, i64), String>>);
    let busy = RwSignal::new(false);
    let issue = move |_| {
        let Some(token) = app.session.with_untracked(|s| s.as_ref().map(|s| s.token.clone())) else {
            return;
        };
        let person_id = person_id.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            shown.set(Some(match server_api::issue_activation(&token, &person_id).await {
                Ok(code) => Ok(code),
                Err(ServerError::Unreachable) => Err(l.activate_offline.to_owned()),
                // Not on the server yet: the person is still waiting to be sent.
                Err(ServerError::Api { status: 404, .. }) => Err(l.activation_not_sent.to_owned()),
                Err(_) => Err(locale.strings().login_failed_server.to_owned()),
            }));
            busy.set(false);
        });
    };
    view! {
        <div class="activation" data-testid="activation">
            <button class="button" type="button" on:click=issue disabled=move || busy.get()>{l.activation_issue}</button>
            {move || shown.get().map(|result| match result {
                Ok((code, username, expires_at)) => {
                    let until = crate::messages::time_of(locale.strings(), expires_at as f64 * 1000.0);
                    let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
                    let message = fill(
                        l.activation_message,
                        &[("code", &code), ("username", &username), ("until", &until), ("address", &format!("{origin}/aktivasi"))],
                    );
                    view! {
                        <p class="status ok" role="status">
                            {fill(l.activation_given, &[("username", &username), ("until", &until)])}
                            <br /><strong class="code" data-testid="activation-code">{code}</strong>
                        </p>
                        {share(locale, &name, phone.as_deref(), message)}
                    }
                    .into_any()
                }
                Err(text) => alert(text),
            })}
        </div>
    }
    .into_any()
}

/// The ways to hand a code to its person (issue #19 item 3): a WhatsApp message and a text
/// message to the roster's number, and the phone's own share sheet where the browser has one.
fn share(locale: Locale, name: &str, phone: Option<&str>, message: String) -> impl IntoView {
    let l = locale.later();
    let encoded = String::from(js_sys::encode_uri_component(&message));
    let to_phone = phone.and_then(|phone| {
        let international = posko_core::roster::international_phone(phone)?;
        let local = phone.replace([' ', '-'], "");
        Some(view! {
            <a class="button" href=format!("https://wa.me/{international}?text={encoded}") target="_blank" rel="noopener">
                {fill(l.activation_whatsapp, &[("name", name)])}
            </a>
            <a class="button" href=format!("sms:{local}?body={encoded}")>{fill(l.activation_sms, &[("name", name)])}</a>
        })
    });
    // `navigator.share` is read at run time: web-sys keeps it behind its unstable APIs.
    let navigator = web_sys::window().map(|w| wasm_bindgen::JsValue::from(w.navigator()));
    let share_sheet = navigator
        .as_ref()
        .map(|n| crate::js_codec::property(n, "share"))
        .filter(|f| f.is_function())
        .map(|_| {
            let text = message.clone();
            let open = move |_| {
                let Some(navigator) = web_sys::window().map(|w| wasm_bindgen::JsValue::from(w.navigator())) else {
                    return;
                };
                let data = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&data, &"text".into(), &text.clone().into());
                let share: js_sys::Function = crate::js_codec::property(&navigator, "share").into();
                // A user who closes the sheet rejects the promise: nothing to say.
                let _ = share.call1(&navigator, &data);
            };
            view! { <button class="button" type="button" on:click=open>{l.activation_share}</button> }
        });
    view! { <div class="share">{to_phone}{share_sheet}</div> }
}

/// The admin's button on a person's record: every session of the person's user ends (a lost
/// phone, `server_api::end_sessions`); that phone's unsent changes wait on it until its user
/// signs in again. Asked first; needs a connection, and says so.
pub fn end_sessions(app: AppContext, locale: Locale, person_id: String) -> AnyView {
    let l = locale.later();
    let shown = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let end = move |_| {
        let Some(token) = app.session.with_untracked(|s| s.as_ref().map(|s| s.token.clone())) else {
            return;
        };
        let asked = web_sys::window().and_then(|w| w.confirm_with_message(l.sessions_end_confirm).ok());
        if asked != Some(true) {
            return;
        }
        let person_id = person_id.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            shown.set(Some(match server_api::end_sessions(&token, &person_id).await {
                Ok(0) => Ok(l.sessions_none.to_owned()),
                Ok(count) => Ok(fill(l.sessions_ended, &[("count", &count.to_string())])),
                Err(ServerError::Unreachable) => Err(l.activate_offline.to_owned()),
                // No user signs in as this person yet.
                Err(ServerError::Api { status: 404, .. }) => Ok(l.sessions_none.to_owned()),
                Err(_) => Err(locale.strings().login_failed_server.to_owned()),
            }));
            busy.set(false);
        });
    };
    view! {
        <div class="activation" data-testid="sessions">
            <button class="button" type="button" on:click=end disabled=move || busy.get()>{l.sessions_end}</button>
            {move || shown.get().map(|result| match result {
                Ok(text) => view! { <p class="status ok" role="status">{text}</p> }.into_any(),
                Err(text) => alert(text),
            })}
        </div>
    }
    .into_any()
}
