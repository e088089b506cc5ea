//! The server's side of sync: applying pushes (`push`), serving pulls (`pull`), and the field
//! history (`history`), and the kinds' projection tables (`projection`), for the record kinds in
//! `AppState::kinds`. HTTP lives in `http::sync`.

pub mod history;
pub mod projection;
pub mod pull;
pub mod push;
