//! The server's side of sync: applying pushes (`push`), serving pulls (`pull`), the field
//! history (`history`), the kinds' projection tables (`projection`) and who each record is for
//! (`audience`), for the record kinds in
//! `AppState::kinds`. HTTP lives in `http::sync`.

pub mod audience;
pub mod history;
pub mod projection;
pub mod pull;
pub mod push;
