//! Reusable pieces of the shell: the top bar (connectivity, language) and the update banner.

mod top_bar;
mod update_banner;

pub use top_bar::TopBar;
pub use update_banner::UpdateBanner;
