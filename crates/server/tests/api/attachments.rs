//! Photos on both engines: taken in for a record that names them (content-addressed, so a second
//! upload is a no-op and one cut off on the way stores nothing and can simply be sent again),
//! served to the readers of that record, and to nobody outside its scope.

use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::NaiveDate;
use common::sync::{add_other_agency_user, demo, new_id, stamp};
use common::{Reply, TestApp};
use posko_core::kinds::fixtures::FixtureChecklist;
use posko_core::sync::protocol::Outcome;
use posko_core::sync::SyncRecord;
use posko_core::Role;
use sha2::{Digest, Sha256};

on_both_databases!(
    a_photo_is_taken_once_and_served_to_the_records_readers,
    a_cut_off_upload_keeps_nothing_and_can_be_sent_again,
    photos_outside_the_scope_or_not_named_are_refused,
);

/// Bytes that stand for a downscaled JPEG.
fn photo(seed: u8) -> Vec<u8> {
    let mut bytes = vec![0xff, 0xd8, 0xff, 0xe0];
    bytes.extend((0..150_000u32).map(|i| (i as u8).wrapping_mul(seed)));
    bytes
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

impl TestApp {
    async fn put_photo(&self, token: &str, record: &str, sha: &str, bytes: Vec<u8>) -> Reply {
        let request = Request::put(format!("/api/records/{record}/attachments/{sha}"))
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "image/jpeg")
            .body(Body::from(bytes))
            .unwrap();
        self.send(request).await
    }

    async fn get_photo(&self, token: &str, record: &str, sha: &str) -> Reply {
        self.get(&format!("/api/records/{record}/attachments/{sha}"), Some(token))
            .await
    }

    /// A checklist of the officer's office naming `photos`, pushed by the officer.
    async fn checklist_with(&self, token: &str, photos: &[&str]) -> String {
        let office = demo("petugas");
        let id = new_id();
        let checklist = FixtureChecklist {
            id: id.clone(),
            agency_id: office.agency_id,
            office_id: office.office_id,
            owner_id: None,
            parent_id: None,
            date: NaiveDate::from_ymd_opt(2020, 7, 14).unwrap(),
            answers: vec![("masks".into(), "pass".into())],
            notes: Vec::new(),
            photos: photos.iter().map(|p| (*p).to_owned()).collect(),
            headcount: None,
        };
        let device = new_id();
        let response = self
            .push(token, &device, 1, &[checklist.to_new_record(&stamp(1, &device))])
            .await;
        assert_eq!(response.acks[0].outcome, Outcome::Applied);
        id
    }
}

async fn a_photo_is_taken_once_and_served_to_the_records_readers(app: TestApp) {
    let officer = app.login("petugas").await;
    let bytes = photo(7);
    let sha = sha256(&bytes);
    let record = app.checklist_with(&officer, &[&sha]).await;

    assert_eq!(
        app.put_photo(&officer, &record, &sha, bytes.clone()).await.status,
        StatusCode::CREATED
    );
    // Sent again (the reply was lost, say): nothing new, nothing doubled.
    assert_eq!(
        app.put_photo(&officer, &record, &sha, bytes.clone()).await.status,
        StatusCode::OK
    );
    assert_eq!(app.count("attachments").await, 1);

    // The admin of the agency reads the checklist, so sees its photo, byte for byte.
    let admin = app.login("admin").await;
    let reply = app.get_photo(&admin, &record, &sha).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), "image/jpeg");
    assert_eq!(reply.body, bytes);
}

async fn a_cut_off_upload_keeps_nothing_and_can_be_sent_again(app: TestApp) {
    let officer = app.login("petugas").await;
    let bytes = photo(11);
    let sha = sha256(&bytes);
    let record = app.checklist_with(&officer, &[&sha]).await;

    let cut = app
        .put_photo(&officer, &record, &sha, bytes[..bytes.len() / 2].to_vec())
        .await;
    assert_eq!(cut.status, StatusCode::BAD_REQUEST);
    assert!(cut.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("send it again"));
    assert_eq!(app.count("attachments").await, 0);
    assert_eq!(
        app.get_photo(&officer, &record, &sha).await.status,
        StatusCode::NOT_FOUND
    );

    assert_eq!(
        app.put_photo(&officer, &record, &sha, bytes.clone()).await.status,
        StatusCode::CREATED
    );
    assert_eq!(app.get_photo(&officer, &record, &sha).await.body, bytes);
}

async fn photos_outside_the_scope_or_not_named_are_refused(app: TestApp) {
    let officer = app.login("petugas").await;
    let bytes = photo(13);
    let sha = sha256(&bytes);
    let record = app.checklist_with(&officer, &[&sha]).await;
    app.put_photo(&officer, &record, &sha, bytes.clone()).await;

    // Another agency's officer, and an officer of another office: as if there were nothing.
    add_other_agency_user(&app, "elsewhere", Role::ProtocolOfficer).await;
    for user in ["elsewhere", "pelacak"] {
        let token = app.login(user).await;
        assert_eq!(
            app.get_photo(&token, &record, &sha).await.status,
            StatusCode::NOT_FOUND,
            "{user}"
        );
        assert_eq!(
            app.put_photo(&token, &record, &sha, bytes.clone()).await.status,
            StatusCode::NOT_FOUND,
            "{user}"
        );
    }
    // A monitor writes nothing, photos included, and sees no photo of a record about a person.
    let monitor = app.login("pemantau").await;
    assert_eq!(
        app.put_photo(&monitor, &record, &sha, bytes.clone()).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get_photo(&monitor, &record, &sha).await.status,
        StatusCode::NOT_FOUND
    );

    // A photo the record does not name, or a record that is not there.
    let other = photo(17);
    let other_sha = sha256(&other);
    assert_eq!(
        app.put_photo(&officer, &record, &other_sha, other).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get_photo(&officer, "no-such-record", &sha).await.status,
        StatusCode::NOT_FOUND
    );
    // Too large for a downscaled photo.
    let huge = vec![0u8; posko_server::attachments::MAX_ATTACHMENT_BYTES + 1];
    let huge_sha = sha256(&huge);
    let record = app.checklist_with(&officer, &[&huge_sha]).await;
    assert_eq!(
        app.put_photo(&officer, &record, &huge_sha, huge).await.status,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    assert_eq!(app.count("attachments").await, 1);
}
