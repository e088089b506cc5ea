//! Reusable pieces: form fields, the top bar (connectivity, language) and the update banner.

pub mod form;
mod top_bar;
mod update_banner;

pub use top_bar::TopBar;
pub use update_banner::UpdateBanner;
