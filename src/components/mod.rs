//! Reusable pieces: form fields, the hotline button, the top bar (connectivity, language) and the update banner.

pub mod form;
mod hotline;
mod top_bar;
mod update_banner;

pub use hotline::hotline_button;
pub use top_bar::TopBar;
pub use update_banner::UpdateBanner;
