//! The app's context: when an employee's phone waits for today's screening, as a table.

use leptos::prelude::*;
use posko::context::AppContext;
use posko_core::api::LoginResponse;
use posko_core::{Role, UserProfile};
use wasm_bindgen_test::*;

fn session(role: Role) -> LoginResponse {
    LoginResponse {
        token: "token".into(),
        expires_at: i64::MAX,
        user: UserProfile {
            id: "u1".into(),
            username: "u1".into(),
            full_name: "Siti".into(),
            role,
            agency_id: "ag1".into(),
            agency_name: "Instansi".into(),
            office_id: Some("of1".into()),
            office_name: Some("Kantor".into()),
        },
        offices: Vec::new(),
        region: String::new(),
    }
}

/// Waiting: an employee with nothing of today's on the device, unless the server said it holds
/// today's screening. What the server said of another day (a phone left open overnight) does not
/// stop the next day's wait, nor is the home told "screened today" by it.
#[wasm_bindgen_test]
fn an_employee_waits_for_todays_screening_whatever_the_server_said_of_another_day() {
    let owner = Owner::new();
    owner.with(|| {
        let app = AppContext::new(signal(true).0);
        // No store: today by the device's clock, as the app has it before the first sync.
        let today = posko::device_clock::today(app);
        let yesterday = today.pred_opt().unwrap();
        let not_screened = Some(None);
        let screened_fit = Some(Some((true, false)));
        #[rustfmt::skip]
        let table = [
            // role, today's screening on the device, the day the server said, waiting
            (Role::Employee, not_screened, None, true),
            (Role::Employee, None, None, true),
            (Role::Employee, screened_fit, None, false),
            (Role::Employee, not_screened, Some(today), false),
            (Role::Employee, not_screened, Some(yesterday), true),
            (Role::ProtocolOfficer, not_screened, None, false),
            (Role::CrisisAdmin, not_screened, Some(yesterday), false),
        ];
        for (role, on_device, server_day, waiting) in table {
            app.session.set(Some(session(role)));
            app.todays_screening.set(on_device);
            app.screened_on_server
                .set(server_day.and_then(|day| posko_core::screening::screening_id("u1", day)));
            assert_eq!(
                app.waiting_for_screening(),
                waiting,
                "{role:?}, on the device {on_device:?}, the server said {server_day:?}"
            );
            assert_eq!(app.screened_on_server_today(), server_day == Some(today));
        }
    });
}
