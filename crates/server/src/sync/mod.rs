//! The server's side of sync: applying pushes (`push`), serving pulls (`pull`), and the field
//! history (`history`), for the record kinds it knows (`kinds`). HTTP lives in `http::sync`.

pub mod history;
pub mod kinds;
pub mod pull;
pub mod push;
