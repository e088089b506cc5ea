//! Reusable pieces: the way back, form fields, the hotline button, the top bar (connectivity, language), the sync strip and the update banner.

mod back;
pub mod form;
mod hotline;
mod sync_status;
mod top_bar;
mod update_banner;

pub use back::{parent_of, BackLink, Parent};
pub use hotline::{national_hotline, Hotline};
pub use sync_status::{StorageNote, SyncStatusBar};
pub use top_bar::TopBar;
pub use update_banner::UpdateBanner;
