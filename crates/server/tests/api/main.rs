//! The server's API tests, one binary (issue #18: one link instead of ten): each module is one
//! area, run through `app()` + `oneshot` on both databases (`on_both_databases!`).

#[macro_use]
#[path = "../common/mod.rs"]
mod common;

mod activation;
mod attachments;
mod auth;
mod cases;
mod figures;
mod kit;
mod openapi;
mod places;
mod roster;
mod scope;
mod static_files;
mod sync;
