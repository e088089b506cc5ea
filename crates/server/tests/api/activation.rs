//! Sign-ins for people of the roster, on both engines: the Crisis Center of a person's office or
//! agency issues a one-time code, nobody else can; the person sets a password with it once,
//! within its time, becomes an employee user whose id is the person's, and signs in with their
//! NIP; a wrong, used, replaced or expired code is refused like a wrong password.

use crate::common;

use axum::http::StatusCode;
use common::TestApp;
use posko_core::api::{ActivationCode, LoginResponse};
use posko_core::Role;
use serde_json::json;

on_both_databases!(
    only_the_crisis_center_of_the_person_issues_a_code,
    a_code_sets_the_password_once_and_signs_the_person_in,
    old_replaced_and_wrong_codes_are_refused_alike,
    a_code_is_spent_by_wrong_tries,
);

/// A Balai Kota person of the demo roster who is no demo user, and one of Klojen.
const BALAI_KOTA_PERSON: &str = "demo-person-004";

async fn with_roster(app: &TestApp) {
    posko_server::seed::ensure_demo_roster(&app.state.db, app.state.kinds)
        .await
        .unwrap();
}

async fn issue(app: &TestApp, token: &str, person: &str) -> common::Reply {
    app.post_json(&format!("/api/people/{person}/activation"), Some(token), "{}")
        .await
}

async fn activate(app: &TestApp, username: &str, code: &str, password: &str) -> common::Reply {
    let body = json!({ "username": username, "code": code, "password": password });
    app.post_json("/api/auth/activate", None, &body.to_string()).await
}

async fn only_the_crisis_center_of_the_person_issues_a_code(app: TestApp) {
    with_roster(&app).await;
    #[rustfmt::skip]
    let cases = [
        ("admin",    StatusCode::OK),        // the agency's Crisis Center
        ("petugas",  StatusCode::OK),        // the person's office's officer
        ("pelacak",  StatusCode::NOT_FOUND), // another office's officer
        ("pegawai",  StatusCode::NOT_FOUND), // an employee
        ("ppk",      StatusCode::NOT_FOUND), // reads, writes nothing
        ("pemantau", StatusCode::NOT_FOUND),
    ];
    for (username, status) in cases {
        let reply = issue(&app, &app.login(username).await, BALAI_KOTA_PERSON).await;
        assert_eq!(
            reply.status,
            status,
            "{username}: {}",
            String::from_utf8_lossy(&reply.body)
        );
    }
    let admin = app.login("admin").await;
    assert_eq!(
        issue(&app, &admin, "no-such-person").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.post_json(&format!("/api/people/{BALAI_KOTA_PERSON}/activation"), None, "{}")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}

async fn a_code_sets_the_password_once_and_signs_the_person_in(app: TestApp) {
    with_roster(&app).await;
    let person = posko_server::seed::demo_roster()
        .into_iter()
        .find(|p| p.id == BALAI_KOTA_PERSON)
        .unwrap();
    let reply = issue(&app, &app.login("admin").await, BALAI_KOTA_PERSON).await;
    let code: ActivationCode = serde_json::from_slice(&reply.body).unwrap();
    assert_eq!(code.username, person.nip);
    assert!(
        code.code.len() == 9 && code.code.chars().nth(4) == Some('-'),
        "{}",
        code.code
    );

    // Too short a password is refused before the code is spent.
    assert_eq!(
        activate(&app, &person.nip, &code.code, "pendek").await.status,
        StatusCode::BAD_REQUEST
    );
    // Typed loosely (lower case, a space for the dash), the code still works.
    let loose = code.code.to_lowercase().replace('-', " ");
    let reply = activate(&app, &person.nip, &loose, "rahasia-baru-1").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", String::from_utf8_lossy(&reply.body));
    let session: LoginResponse = serde_json::from_slice(&reply.body).unwrap();
    assert_eq!(session.user.id, person.id, "the person's user is the person");
    assert_eq!(session.user.role, Role::Employee);
    assert_eq!(session.user.office_id, person.office_id);
    assert_eq!(session.user.full_name, person.full_name);
    let me = app.get("/api/me", Some(&session.token)).await;
    assert_eq!(me.status, StatusCode::OK);

    // From now on the NIP and the password sign in; the code is spent.
    let login = json!({ "username": person.nip, "password": "rahasia-baru-1" });
    assert_eq!(
        app.post_json("/api/auth/login", None, &login.to_string()).await.status,
        StatusCode::OK
    );
    assert_eq!(
        activate(&app, &person.nip, &code.code, "lain-lagi-22").await.status,
        StatusCode::UNAUTHORIZED
    );

    // A forgotten password: a new code sets a new one for the same user.
    let again: ActivationCode =
        serde_json::from_slice(&issue(&app, &app.login("admin").await, BALAI_KOTA_PERSON).await.body).unwrap();
    let reply = activate(&app, &person.nip, &again.code, "rahasia-kedua-2").await;
    let session: LoginResponse = serde_json::from_slice(&reply.body).unwrap();
    assert_eq!(session.user.id, person.id);
    assert_eq!(
        app.post_json("/api/auth/login", None, &login.to_string()).await.status,
        StatusCode::UNAUTHORIZED
    );
}

async fn old_replaced_and_wrong_codes_are_refused_alike(app: TestApp) {
    with_roster(&app).await;
    let nip = posko_server::seed::demo_roster()
        .into_iter()
        .find(|p| p.id == BALAI_KOTA_PERSON)
        .unwrap()
        .nip;
    let admin = app.login("admin").await;
    let first: ActivationCode = serde_json::from_slice(&issue(&app, &admin, BALAI_KOTA_PERSON).await.body).unwrap();
    let second: ActivationCode = serde_json::from_slice(&issue(&app, &admin, BALAI_KOTA_PERSON).await.body).unwrap();
    let refused = |reply: common::Reply| {
        assert_eq!(
            reply.status,
            StatusCode::UNAUTHORIZED,
            "{}",
            String::from_utf8_lossy(&reply.body)
        );
        reply.json()["error"]["code"].as_str().unwrap().to_owned()
    };
    let replaced = refused(activate(&app, &nip, &first.code, "rahasia-baru-1").await);
    let wrong = refused(activate(&app, &nip, "ABCD-EFGH", "rahasia-baru-1").await);
    let other_nip = refused(activate(&app, "199001152015032001", &second.code, "rahasia-baru-1").await);
    assert_eq!([&replaced, &wrong], [&other_nip, &other_nip], "all look alike");
    // Past its time, the current code is refused too.
    sqlx::query("UPDATE activations SET expires_at = 0")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    refused(activate(&app, &nip, &second.code, "rahasia-baru-1").await);
}

/// A guesser gets `MAX_WRONG_TRIES` wrong codes per code issued for a NIP: the next wrong one
/// spends it, and even the right code is refused after; a new code from the Crisis Center works.
async fn a_code_is_spent_by_wrong_tries(app: TestApp) {
    use posko_server::activation::MAX_WRONG_TRIES;
    with_roster(&app).await;
    let nip = posko_server::seed::demo_roster()
        .into_iter()
        .find(|p| p.id == BALAI_KOTA_PERSON)
        .unwrap()
        .nip;
    let admin = app.login("admin").await;
    #[rustfmt::skip]
    let cases = [
        // wrong codes tried before the right one, with a code just issued → the right one's answer
        (MAX_WRONG_TRIES - 1, StatusCode::OK),
        (MAX_WRONG_TRIES,     StatusCode::UNAUTHORIZED),
        (0,                   StatusCode::OK), // a new code after a spent one
    ];
    for (round, (wrong, expected)) in cases.into_iter().enumerate() {
        let issued: ActivationCode =
            serde_json::from_slice(&issue(&app, &admin, BALAI_KOTA_PERSON).await.body).unwrap();
        for _ in 0..wrong {
            let reply = activate(&app, &nip, "ABCD-EFGH", "rahasia-baru-1").await;
            assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        }
        let reply = activate(&app, &nip, &issued.code, &format!("rahasia-baru-{round}")).await;
        assert_eq!(
            reply.status,
            expected,
            "{wrong} wrong first: {}",
            String::from_utf8_lossy(&reply.body)
        );
    }
}
