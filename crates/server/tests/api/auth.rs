//! The HTTP API on both engines: health, login, sessions, JSON errors, demo data.

use crate::common;

use axum::http::StatusCode;
use common::TestApp;

on_both_databases!(
    health_reports_the_engine,
    login_returns_a_token_and_the_profile,
    agency_wide_users_are_given_the_agencys_offices,
    wrong_password_and_unknown_user_look_the_same,
    login_lists_every_missing_field,
    malformed_json_gets_a_json_error,
    me_requires_a_valid_session,
    logout_ends_the_session,
    expired_session_is_refused,
    unknown_api_route_is_a_json_404,
    demo_seed_is_idempotent_and_keeps_changes,
    demo_roster_fills_both_offices_once,
    failed_sign_ins_are_limited_per_account_and_per_address,
    every_response_carries_the_security_headers,
    the_admin_ends_a_users_sessions,
    a_new_agency_starts_with_its_offices_and_first_admin,
);

/// Issue #18: only the demo seed made an agency. The operator's `create-agency` makes one with
/// its offices and first admin, who signs in with the one-time password and is the admin of
/// that agency alone; a taken username, a taken id or an agency without an office is refused
/// and leaves nothing behind.
async fn a_new_agency_starts_with_its_offices_and_first_admin(app: TestApp) {
    use posko_server::agency::{create, AgencyError};
    let new = common::sync::other_agency();
    let created = create(&app.state.db, &new).await.unwrap();
    assert!(created.admin_password.len() >= 12);
    let body = serde_json::json!({ "username": created.admin_username, "password": created.admin_password });
    let reply = app.post_json("/api/auth/login", None, &body.to_string()).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", String::from_utf8_lossy(&reply.body));
    let json = reply.json();
    assert_eq!(json["user"]["role"], "crisis_admin");
    assert_eq!(json["user"]["agency_id"], common::sync::OTHER_AGENCY_ID);
    let offices: Vec<&str> = json["offices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert_eq!(offices, [common::sync::OTHER_OFFICE_ID]);

    let count = |table: &'static str| app.count(table);
    let before = (count("agencies").await, count("offices").await, count("users").await);
    let mut again = new.clone();
    again.id = "agency-three".into();
    again.offices[0].id = "office-three".into();
    assert!(matches!(
        create(&app.state.db, &again).await,
        Err(AgencyError::UsernameTaken(_))
    ));
    again.admin_username = "admin.tiga".into();
    again.id = new.id.clone();
    assert!(matches!(
        create(&app.state.db, &again).await,
        Err(AgencyError::AgencyExists(_))
    ));
    again.id = "agency-three".into();
    again.offices[0].id = common::sync::OTHER_OFFICE_ID.into();
    assert!(matches!(
        create(&app.state.db, &again).await,
        Err(AgencyError::OfficeExists(_))
    ));
    again.offices.clear();
    assert!(matches!(
        create(&app.state.db, &again).await,
        Err(AgencyError::Invalid(_))
    ));
    assert_eq!(
        before,
        (count("agencies").await, count("offices").await, count("users").await)
    );
}

/// A phone is lost: the agency's Crisis Center admin ends every session of its user, whose
/// other devices then sign in again too. No one else may, and no admin of another agency.
async fn the_admin_ends_a_users_sessions(app: TestApp) {
    let phone = app.login("pegawai").await;
    let laptop = app.login("pegawai").await;
    let officer = app.login("petugas").await;
    let end = |token: String, user: &'static str| {
        let app = &app;
        async move {
            app.post_json(&format!("/api/users/{user}/sessions/end"), Some(&token), "")
                .await
        }
    };
    assert_eq!(end(officer.clone(), "demo-pegawai").await.status, StatusCode::FORBIDDEN);
    common::sync::add_other_agency_user(&app, "lain", posko_core::Role::CrisisAdmin).await;
    let elsewhere = app.login("lain").await;
    assert_eq!(end(elsewhere, "demo-pegawai").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/api/me", Some(&phone)).await.status, StatusCode::OK);

    let admin = app.login("admin").await;
    let reply = end(admin.clone(), "demo-pegawai").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["ended"], 2);
    for token in [&phone, &laptop] {
        assert_eq!(app.get("/api/me", Some(token)).await.status, StatusCode::UNAUTHORIZED);
    }
    // Others keep theirs; the user signs in again as before.
    assert_eq!(app.get("/api/me", Some(&officer)).await.status, StatusCode::OK);
    app.login("pegawai").await;
    assert_eq!(end(admin, "no-such-user").await.status, StatusCode::NOT_FOUND);
}

/// A sign-in from `address` (as the peer's address, which `main` gives every request).
async fn sign_in_from(app: &TestApp, address: &str, username: &str, password: &str) -> common::Reply {
    let body = serde_json::json!({ "username": username, "password": password }).to_string();
    let mut request = axum::http::Request::post("/api/auth/login")
        .header("content-type", "application/json")
        .body(axum::body::Body::from(body))
        .unwrap();
    let peer: std::net::SocketAddr = format!("{address}:40000").parse().unwrap();
    request.extensions_mut().insert(axum::extract::ConnectInfo(peer));
    app.send(request).await
}

/// Issue #18: argon2 ran on every guess. Five wrong passwords for an account stop its sign-in
/// until the window ends, even with the right password, and say when to try again; other
/// accounts go on. Fifty failures from one address stop that address, whichever account.
async fn failed_sign_ins_are_limited_per_account_and_per_address(app: TestApp) {
    use posko_server::sign_in_limit::{MAX_ACCOUNT_FAILURES, MAX_ADDRESS_FAILURES};
    let right = posko_server::seed::DEMO_PASSWORD;
    // A right password clears the account's count: mistakes spread over a day never lock it.
    for _ in 0..MAX_ACCOUNT_FAILURES - 1 {
        assert_eq!(
            sign_in_from(&app, "10.0.0.1", "pegawai", "salah").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        sign_in_from(&app, "10.0.0.1", "pegawai", right).await.status,
        StatusCode::OK
    );
    for _ in 0..MAX_ACCOUNT_FAILURES {
        assert_eq!(
            sign_in_from(&app, "10.0.0.2", "pegawai", "salah").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    // From anywhere, even with the right password: the account waits.
    let refused = sign_in_from(&app, "10.0.0.3", "pegawai", right).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.json()["error"]["code"], "too_many_attempts");
    let wait: u64 = refused.header("retry-after").parse().unwrap();
    assert!(wait > 0 && wait <= 15 * 60, "{wait}");
    assert_eq!(
        sign_in_from(&app, "10.0.0.3", "petugas", right).await.status,
        StatusCode::OK
    );

    // One address guessing at many accounts (none of them real).
    for i in 0..MAX_ADDRESS_FAILURES - MAX_ACCOUNT_FAILURES {
        let reply = sign_in_from(&app, "10.0.0.2", &format!("tebak{i}"), "salah").await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "guess {i}");
    }
    let refused = sign_in_from(&app, "10.0.0.2", "admin", right).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        sign_in_from(&app, "10.0.0.4", "admin", right).await.status,
        StatusCode::OK
    );
}

/// Every answer, API or app, carries the hardening headers: a content security policy that runs
/// no inline script and lets no page frame Posko, no MIME sniffing, no referrer.
async fn every_response_carries_the_security_headers(app: TestApp) {
    for path in ["/api/health", "/api/nothing-here"] {
        let reply = app.get(path, None).await;
        let csp = reply.header("content-security-policy");
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'"), "{path}: {csp}");
        let script_src = csp
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with("script-src"))
            .unwrap();
        assert!(!script_src.contains("unsafe-inline"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert_eq!(reply.header("x-content-type-options"), "nosniff");
        assert_eq!(reply.header("referrer-policy"), "no-referrer");
    }
}

async fn health_reports_the_engine(app: TestApp) {
    let reply = app.get("/api/health", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    let json = reply.json();
    assert_eq!(json["status"], "ok");
    assert_eq!(json["database"], app.state.db.backend.as_str());
    assert_eq!(reply.header("cache-control"), "no-store");
    assert_eq!(reply.header("x-content-type-options"), "nosniff");
    assert_eq!(reply.header("x-frame-options"), "DENY");
    assert_eq!(reply.header("referrer-policy"), "no-referrer");
}

/// An admin or a PPK files office records (a roster) under one of the agency's offices, picked
/// offline: the login lists them. Users with an office of their own, and monitors, get none.
async fn agency_wide_users_are_given_the_agencys_offices(app: TestApp) {
    for (username, offices) in [
        ("admin", vec!["Balai Kota Malang", "Kantor Kecamatan Klojen"]),
        ("ppk", vec!["Balai Kota Malang", "Kantor Kecamatan Klojen"]),
        ("petugas", vec![]),
        ("pegawai", vec![]),
        ("pemantau", vec![]),
    ] {
        let body = format!(r#"{{"username":"{username}","password":"posko-demo"}}"#);
        let reply = app.post_json("/api/auth/login", None, &body).await;
        assert_eq!(reply.status, StatusCode::OK, "{username}");
        let json = reply.json();
        let names: Vec<&str> = json["offices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, offices, "{username}");
        assert!(json["offices"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["id"].as_str().is_some_and(|id| !id.is_empty())));
    }
}

async fn login_returns_a_token_and_the_profile(app: TestApp) {
    let reply = app
        .post_json(
            "/api/auth/login",
            None,
            r#"{"username":" Pegawai ","password":"posko-demo"}"#,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let json = reply.json();
    assert_eq!(json["token"].as_str().unwrap().len(), 64);
    assert!(json["expires_at"].as_i64().unwrap() > chrono::Utc::now().timestamp() + 86_400);
    assert_eq!(json["user"]["username"], "pegawai");
    assert_eq!(json["user"]["role"], "employee");
    assert_eq!(json["user"]["office_name"], "Balai Kota Malang");

    let token = json["token"].as_str().unwrap();
    let me = app.get("/api/me", Some(token)).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json(), json["user"]);

    // The database keeps only a hash of the token.
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE token_hash = $1")
        .bind(token)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(stored, 0);
}

async fn wrong_password_and_unknown_user_look_the_same(app: TestApp) {
    let wrong = app
        .post_json("/api/auth/login", None, r#"{"username":"pegawai","password":"salah"}"#)
        .await;
    let unknown = app
        .post_json("/api/auth/login", None, r#"{"username":"siapa","password":"salah"}"#)
        .await;
    for reply in [&wrong, &unknown] {
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert_eq!(reply.json()["error"]["code"], "invalid_credentials");
    }
    assert_eq!(wrong.body, unknown.body);
}

async fn login_lists_every_missing_field(app: TestApp) {
    let reply = app
        .post_json("/api/auth/login", None, r#"{"username":"  ","password":""}"#)
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let json = reply.json();
    assert_eq!(json["error"]["code"], "validation");
    assert_eq!(
        json["error"]["fields"],
        serde_json::json!([
            {"field": "username", "problem": "required"},
            {"field": "password", "problem": "required"},
        ])
    );
}

async fn malformed_json_gets_a_json_error(app: TestApp) {
    for body in [r#"{"username":"pegawai""#, r#"{"user":"pegawai"}"#, "[]"] {
        let reply = app.post_json("/api/auth/login", None, body).await;
        assert!(reply.status.is_client_error(), "{body}: {}", reply.status);
        let json = reply.json();
        assert_eq!(json["error"]["code"], "bad_request", "{body}");
        assert!(!json["error"]["message"].as_str().unwrap().is_empty());
    }
}

async fn me_requires_a_valid_session(app: TestApp) {
    assert_eq!(app.get("/api/me", None).await.status, StatusCode::UNAUTHORIZED);
    let reply = app.get("/api/me", Some("not-a-token")).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.json()["error"]["code"], "unauthenticated");
}

async fn logout_ends_the_session(app: TestApp) {
    let token = app.login("admin").await;
    let other = app.login("admin").await;
    assert_eq!(
        app.post_json("/api/auth/logout", Some(&token), "").await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(app.get("/api/me", Some(&token)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.get("/api/me", Some(&other)).await.status,
        StatusCode::OK,
        "other sessions stay"
    );
}

async fn expired_session_is_refused(app: TestApp) {
    let token = app.login("pelacak").await;
    sqlx::query("UPDATE sessions SET expires_at = $1")
        .bind(chrono::Utc::now().timestamp() - 1)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(app.get("/api/me", Some(&token)).await.status, StatusCode::UNAUTHORIZED);
}

async fn unknown_api_route_is_a_json_404(app: TestApp) {
    let reply = app.get("/api/no-such-thing", None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.json()["error"]["code"], "not_found");
}

async fn demo_seed_is_idempotent_and_keeps_changes(app: TestApp) {
    sqlx::query("UPDATE users SET full_name = $1 WHERE username = $2")
        .bind("Nama Diubah")
        .bind("pegawai")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    posko_server::seed::ensure_demo_data(&app.state.db).await.unwrap();
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let offices: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM offices")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!((users, offices), (6, 2));
    let name: String = sqlx::query_scalar("SELECT full_name FROM users WHERE username = 'pegawai'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(name, "Nama Diubah");
}

/// The demo roster: two offices of 24 people in four units each, one head per unit, NIPs that
/// pass the check, pushed once however often the server starts.
async fn demo_roster_fills_both_offices_once(app: TestApp) {
    for _ in 0..2 {
        posko_server::seed::ensure_demo_roster(&app.state.db, app.state.kinds)
            .await
            .unwrap();
    }
    let per_office: Vec<(String, i64)> =
        sqlx::query_as("SELECT office_id, COUNT(*) FROM kind_person GROUP BY office_id ORDER BY office_id")
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(
        per_office,
        [("demo-balai-kota".to_owned(), 24), ("demo-kec-klojen".to_owned(), 24)]
    );
    let heads: Vec<(String, i64)> =
        sqlx::query_as("SELECT unit, CAST(SUM(unit_head) AS BIGINT) FROM kind_person GROUP BY unit ORDER BY unit")
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(heads.len(), 8);
    assert!(heads.iter().all(|(_, n)| *n == 1), "{heads:?}");
    for person in posko_server::seed::demo_roster() {
        assert_eq!(posko_core::identity::check_nip(&person.nip), Ok(()), "{}", person.nip);
    }
    // The demo users of an office are people of its roster: the person is the user with the
    // person's id, of the same name, in the user's office.
    let roster = posko_server::seed::demo_roster();
    let with_office: Vec<_> = posko_server::seed::DEMO_USERS
        .iter()
        .filter(|u| u.office_id.is_some())
        .collect();
    assert_eq!(with_office.len(), 3);
    for user in with_office {
        let id = posko_server::seed::demo_user_id(user.username);
        let person = roster.iter().find(|p| p.id == id).unwrap_or_else(|| panic!("{id}"));
        assert_eq!(person.full_name, user.full_name);
        assert_eq!(person.office_id.as_deref(), user.office_id);
    }
}
