//! One module per screen; the router in `app.rs` maps paths to them.

mod activate;
mod alert_case;
mod calls;
mod case_contacts;
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
pub mod people;
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
pub use case_contacts::CaseContacts;
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

/// The records of a list read as `T`; one that no longer reads as its type is left out.
pub(crate) fn typed<T: posko_core::sync::SyncRecord>(list: Vec<crate::store::LocalRecord>) -> Vec<T> {
    list.iter().filter_map(|l| T::from_record(&l.record).ok()).collect()
}

/// For a page of the health team's (issue #20), who read cases and contacts
/// (`Access::Health`): what anyone else finds at its address, no such page; `None` for the team.
pub(crate) fn not_for_the_health_team() -> Option<AnyView> {
    let i18n = crate::i18n::use_i18n();
    let role = use_app().user().map(|u| u.role);
    (!role.is_some_and(|role| posko_core::kit::Access::Health.readable_by(role)))
        .then(|| view! { <section class="card"><h1>{move || i18n.locale().home().not_found}</h1></section> }.into_any())
}
