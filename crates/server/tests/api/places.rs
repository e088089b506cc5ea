//! `GET /api/places` on both engines: every signed-in user is answered with their agency's
//! region and its regency's kecamatan and kelurahan (the demo's Kota Malang); an agency whose region
//! the list lacks gets no regency; no session, no answer.

use crate::common;

use axum::http::StatusCode;
use common::sync::add_other_agency_user;
use common::TestApp;
use posko_core::places::{Level, PlacesResponse};
use posko_core::Role;

on_both_databases!(
    the_agency_s_regency_is_answered_to_every_signed_in_user,
    a_region_the_list_lacks_gets_no_regency,
);

async fn places(app: &TestApp, token: Option<&str>) -> (StatusCode, Option<PlacesResponse>) {
    let reply = app.get("/api/places", token).await;
    let body = (reply.status == StatusCode::OK).then(|| serde_json::from_value(reply.json()).unwrap());
    (reply.status, body)
}

async fn the_agency_s_regency_is_answered_to_every_signed_in_user(app: TestApp) {
    for username in ["pegawai", "petugas", "pelacak", "admin", "ppk"] {
        let token = app.login(username).await;
        let (status, body) = places(&app, Some(&token)).await;
        assert_eq!(status, StatusCode::OK, "{username}");
        let body = body.unwrap();
        assert_eq!(body.region, "Jawa Timur / Kota Malang", "{username}");
        let regency = body.regency.expect("Kota Malang is listed");
        assert_eq!(regency.name, "Kota Malang");
        assert_eq!(
            regency.places(Level::Kecamatan),
            ["Blimbing", "Klojen", "Kedungkandang", "Sukun", "Lowokwaru"]
        );
        assert_eq!(regency.places(Level::Kelurahan).len(), 57);
        assert!(regency
            .places_within(Level::Kelurahan, Some("Klojen"))
            .contains(&"Kauman"));
    }
    assert_eq!(places(&app, None).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(places(&app, Some("not-a-session")).await.0, StatusCode::UNAUTHORIZED);
}

async fn a_region_the_list_lacks_gets_no_regency(app: TestApp) {
    add_other_agency_user(&app, "pegawai.lain", Role::Employee).await;
    let token = app.login("pegawai.lain").await;
    let (status, body) = places(&app, Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        Some(PlacesResponse {
            region: "Elsewhere".into(),
            regency: None
        })
    );
}
