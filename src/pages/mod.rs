//! One module per screen; the router in `app.rs` maps paths to them.

mod activate;
mod alert_case;
mod calls;
mod case_history;
mod cases;
mod checklist;
mod compliance;
mod figures;
mod history;
mod home;
mod home_day;
mod login;
mod not_found;
mod records;
mod residence;
mod roster_import;
mod screening;
mod today;
mod tracing;
mod wfo;

pub use activate::ActivatePage;
pub use alert_case::{AlertCase, PersonCases};
pub use calls::CallsToday;
pub use case_history::CaseHistory;
pub use cases::CasesPage;
pub use checklist::ChecklistPage;
pub use compliance::CompliancePage;
pub use history::{HistoryPage, RecentScreenings, SavedScreeningSyncState};
pub use home::{read_todays_screening, HomePage, RoleTools};
pub use home_day::{HomeCards, HomeToday};
pub use login::LoginPage;
pub use not_found::NotFoundPage;
pub use records::RecordsPage;
pub use residence::ResidencePage;
pub use roster_import::RosterImportPage;
pub use screening::{SavedScreening, ScreeningPage};
pub use today::TodayPage;
pub use tracing::{todays_contacts, TracingPage};
pub use wfo::{WfoPlanPage, WfoToday};

use leptos::prelude::*;

use crate::context::use_app;

/// Renders `page` for a signed-in user, or sends the visitor to the login screen.
pub fn signed_in(page: fn() -> AnyView) -> impl IntoView {
    let app = use_app();
    move || {
        if app.session.with(|s| s.is_some()) {
            page()
        } else {
            crate::route::redirect("/masuk");
            ().into_any()
        }
    }
}
