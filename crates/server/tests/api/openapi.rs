//! The API's description (issue #18): `/api/openapi.json` is generated from the routes as they
//! are declared, so it names every endpoint the router serves and no other, each operation
//! signed in lists the refusal of a missing session, and every schema it names is in it.
//! Schemathesis fuzzes a live server against it (`scripts/api-fuzz.sh`).

use crate::common;

use axum::http::StatusCode;
use serde_json::Value;

/// Every endpoint, as the router serves it (`http::app`).
#[rustfmt::skip]
const ENDPOINTS: &[(&str, &str, bool)] = &[
    // method, path,                                     needs a session
    ("get",  "/api/health",                              false),
    ("post", "/api/auth/login",                          false),
    ("post", "/api/auth/logout",                         true),
    ("post", "/api/auth/activate",                       false),
    ("post", "/api/people/{id}/activation",              true),
    ("get",  "/api/me",                                  true),
    ("post", "/api/users/{id}/sessions/end",             true),
    ("post", "/api/sync/push",                           true),
    ("get",  "/api/sync/pull",                           true),
    ("post", "/api/sync/screened",                       true),
    ("get",  "/api/records/{id}/history",                true),
    ("get",  "/api/records/{id}/attachments/{sha256}",   true),
    ("put",  "/api/records/{id}/attachments/{sha256}",   true),
    ("get",  "/api/figures",                             true),
    ("get",  "/api/places",                              true),
    ("post", "/api/roster/xlsx",                         true),
    ("get",  "/api/residence.xlsx",                      true),
];

#[tokio::test]
async fn the_description_names_every_endpoint_and_every_schema_it_uses() {
    let app = common::sqlite().await;
    let reply = app.get("/api/openapi.json", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), "application/json");
    let description = reply.json();
    assert_eq!(
        description,
        serde_json::to_value(posko_server::http::openapi()).unwrap()
    );
    assert!(description["openapi"].as_str().unwrap().starts_with("3."));

    let mut described: Vec<(String, String)> = Vec::new();
    for (path, item) in description["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            described.push((method.clone(), path.clone()));
        }
    }
    described.sort();
    let mut served: Vec<(String, String)> = ENDPOINTS
        .iter()
        .map(|(m, p, _)| (m.to_string(), p.to_string()))
        .collect();
    served.sort();
    assert_eq!(described, served);

    for (method, path, signed_in) in ENDPOINTS {
        let operation = &description["paths"][path][method];
        let responses = operation["responses"].as_object().unwrap();
        assert!(
            responses.keys().any(|s| s.starts_with('2')),
            "{method} {path} answers no success"
        );
        assert_eq!(operation["security"].is_array(), *signed_in, "{method} {path}");
        // A missing session is refused (401); a malformed path, query or body (400).
        if *signed_in {
            assert!(responses.contains_key("401"), "{method} {path} lists no 401");
        }
        if operation["parameters"].is_array() || operation["requestBody"].is_object() {
            assert!(responses.contains_key("400"), "{method} {path} lists no 400");
        }
    }

    // Every schema named is described; the error body among them.
    let schemas = description["components"]["schemas"].as_object().unwrap();
    assert!(schemas.contains_key("ErrorBody"));
    let mut refs = Vec::new();
    collect_refs(&description, &mut refs);
    assert!(!refs.is_empty());
    for reference in refs {
        let name = reference.strip_prefix("#/components/schemas/").unwrap_or(&reference);
        assert!(schemas.contains_key(name), "{reference} is named but not described");
    }
}

fn collect_refs(value: &Value, refs: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("$ref", Value::String(reference)) => refs.push(reference.clone()),
                    _ => collect_refs(value, refs),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_refs(item, refs)),
        _ => {}
    }
}
