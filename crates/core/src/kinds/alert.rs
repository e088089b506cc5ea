//! Suspect alerts: a "stay home" screening is an alert for its office's Crisis Center, which
//! records what it did about it (called the person, referred them to the Puskesmas, cleared
//! them), each action with who did it (the action's owner) and when. And the day's roll call:
//! who of the roster has screened today, by unit, and who has not.
//!
//! A person of the roster signs in as the user whose id is the person's record id, so a
//! screening's owner names its person without a link stored twice.

use chrono::{DateTime, NaiveDate, Utc};

use crate::kit::{no_rules, FieldType};
use crate::roster::Person;
use crate::screening::{Screening, StayHomeReason};
#[cfg(test)]
use crate::sync::SyncRecord;

/// What the Crisis Center did about an alert. Opening a case comes with the cases.
pub const ACTIONS: &[&str] = &["called", "referred_puskesmas", "cleared"];

crate::record_kind! {
    /// One thing done about a suspect alert: a child of the screening that raised it, in the
    /// screening's office. A log entry: only the officer or admin who wrote it corrects it.
    pub struct AlertAction, ALERT_ACTION {
        kind: "alert_action",
        envelope: Office,
        parent: Some("screening"),
        edits: AppendOnly,
        access: CrisisCenter,
        rules: no_rules,
    }
    fields {
        action: String = FieldType::Choice(ACTIONS).spec().index(),
        /// What was said or agreed (which Puskesmas, when to call again).
        note: Option<String> = FieldType::Text { max_chars: 300 }.spec(),
        /// When it was done (the device's clock, corrected by the server's).
        done_at: DateTime<Utc> = FieldType::DateTime { past_only: true }.spec().project(),
    }
}

/// Where an alert stands, from its actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertState {
    /// Nobody has acted on it yet.
    Open,
    /// Someone called; it is not settled.
    Following,
    /// Referred to the Puskesmas: open until its result is known (a swab takes days), so it is
    /// carried, and not counted as done.
    AwaitingResult,
    /// Cleared (the result was negative, or nothing to test): the Crisis Center is done with it.
    Settled,
}

/// A screening that raised an alert, with what was done about it, oldest action first.
#[derive(Debug, Clone, PartialEq)]
pub struct Alert<'a> {
    pub screening: &'a Screening,
    /// Why its answers say stay home now; none when they were changed to fit afterwards.
    pub reasons: Vec<StayHomeReason>,
    pub actions: Vec<&'a AlertAction>,
}

impl Alert<'_> {
    /// The latest action decides, except that a call never undoes a referral: a call after a
    /// referral still waits for its result, and a call after the alert was cleared means
    /// someone is following it again.
    pub fn state(&self) -> AlertState {
        let referred_since_cleared = self
            .actions
            .iter()
            .rev()
            .take_while(|a| a.action != "cleared")
            .any(|a| a.action == "referred_puskesmas");
        match self.actions.last().map(|a| a.action.as_str()) {
            None => AlertState::Open,
            Some("cleared") => AlertState::Settled,
            _ if referred_since_cleared => AlertState::AwaitingResult,
            Some(_) => AlertState::Following,
        }
    }

    /// Its answers said stay home and were changed to fit afterwards: the alert stays, and
    /// says so.
    pub fn changed_to_fit(&self) -> bool {
        self.reasons.is_empty()
    }
}

/// The alerts the Crisis Center sees on `date`: every screening of that day that raised one
/// (`Screening::raised_alert`: its answers said stay home, even if edited since), and every
/// one of an earlier day not settled yet, carried until it is. The unsettled first, the oldest
/// day first, then by when they were filled in. Actions are matched to their screening by
/// parent. Screenings dated after `date` are not seen.
pub fn alerts_of<'a>(date: NaiveDate, screenings: &'a [Screening], actions: &'a [AlertAction]) -> Vec<Alert<'a>> {
    let mut alerts: Vec<Alert<'a>> = screenings
        .iter()
        .filter(|s| s.date <= date && s.raised_alert())
        .map(|screening| {
            let mut mine: Vec<&AlertAction> = actions
                .iter()
                .filter(|a| a.parent_id.as_deref() == Some(screening.id.as_str()))
                .collect();
            crate::order::sort_by_key(&mut mine, |a| a.done_at);
            let reasons = match screening.result() {
                crate::ScreeningResult::FitForOffice => Vec::new(),
                crate::ScreeningResult::StayHomeAndReport { reasons } => reasons,
            };
            Alert {
                screening,
                reasons,
                actions: mine,
            }
        })
        .filter(|alert| alert.screening.date == date || alert.state() != AlertState::Settled)
        .collect();
    crate::order::sort_by_key(&mut alerts, |a| {
        (
            a.state() == AlertState::Settled,
            a.screening.date,
            a.screening.recorded_at,
        )
    });
    alerts
}

/// One unit's roll call for a day: who screened and who has not, in roster order (heads first).
#[derive(Debug, Clone, PartialEq)]
pub struct UnitRollCall<'a> {
    pub office_id: Option<&'a str>,
    pub unit: &'a str,
    pub screened: Vec<&'a Person>,
    pub missing: Vec<&'a Person>,
}

/// The roll call of `date` by office and unit: a person has screened when a screening of that
/// day is owned by the user who is that person. Units in order of office, then name; the units
/// with someone missing first, since those are what the officer acts on.
pub fn roll_call<'a>(date: NaiveDate, people: &'a [Person], screenings: &[Screening]) -> Vec<UnitRollCall<'a>> {
    let screened_today: Vec<&str> = screenings
        .iter()
        .filter(|s| s.date == date)
        .filter_map(|s| s.owner_id.as_deref())
        .collect();
    let mut ordered: Vec<&Person> = people.iter().collect();
    crate::order::sort_by_key(&mut ordered, |p| {
        (
            p.office_id.as_deref(),
            p.unit.as_str(),
            !p.unit_head,
            p.full_name.as_str(),
        )
    });
    let mut units: Vec<UnitRollCall<'a>> = Vec::new();
    for person in ordered {
        let office_id = person.office_id.as_deref();
        let unit = match units.last_mut() {
            Some(last) if last.office_id == office_id && last.unit == person.unit => last,
            _ => {
                units.push(UnitRollCall {
                    office_id,
                    unit: &person.unit,
                    screened: Vec::new(),
                    missing: Vec::new(),
                });
                units.last_mut().expect("just pushed")
            }
        };
        if screened_today.contains(&person.id.as_str()) {
            unit.screened.push(person);
        } else {
            unit.missing.push(person);
        }
    }
    crate::order::sort_by_key(&mut units, |u| u.missing.is_empty());
    units
}

#[cfg(test)]
mod tests {
    use super::*;

    fn screening(id: &str, owner: &str, date: &str, temperature: i64, cough: bool) -> Screening {
        Screening {
            id: id.into(),
            agency_id: "ag".into(),
            office_id: Some("of".into()),
            owner_id: Some(owner.into()),
            parent_id: None,
            date: date.parse().unwrap(),
            temperature_decicelsius: temperature,
            fever: false,
            cough,
            sore_throat: false,
            shortness_of_breath: false,
            loss_of_smell_or_taste: false,
            other_symptom: None,
            close_contact_14d: false,
            travel_14d: false,
            rules_version: "KMK-328-2020".into(),
            // the hotter, the earlier: the order of the alerts is checked
            recorded_at: DateTime::from_timestamp_millis(1_600_000_000_000 - temperature).unwrap(),
            alert_raised: None,
        }
    }

    fn action(screening: &str, what: &str, minute: i64) -> AlertAction {
        AlertAction {
            id: format!("{screening}-{what}"),
            agency_id: "ag".into(),
            office_id: Some("of".into()),
            owner_id: Some("officer".into()),
            parent_id: Some(screening.into()),
            action: what.into(),
            note: None,
            done_at: DateTime::from_timestamp_millis(1_600_000_000_000 + minute * 60_000).unwrap(),
        }
    }

    fn person(id: &str, unit: &str, head: bool) -> Person {
        Person {
            id: id.into(),
            agency_id: "ag".into(),
            office_id: Some("of".into()),
            owner_id: None,
            parent_id: None,
            nip: "199001152015032001".into(),
            full_name: format!("Nama {id}"),
            unit: unit.into(),
            position: None,
            phone: None,
            kecamatan: None,
            kelurahan: None,
            unit_head: head,
        }
    }

    #[test]
    fn alerts_table() {
        let day = "2020-09-24";
        let edited_to_fit = Screening {
            alert_raised: Some(true),
            ..screening("edited", "u5", day, 366, false)
        };
        let screenings = [
            screening("fit", "u1", day, 365, false),
            screening("fever", "u2", day, 380, false),
            screening("cough", "u3", day, 366, true),
            screening("yesterday", "u4", "2020-09-23", 390, false),
            screening("old-fit", "u6", "2020-09-22", 365, false),
            screening("tomorrow", "u7", "2020-09-25", 395, false),
            edited_to_fit,
        ];
        use AlertState::*;
        #[rustfmt::skip]
        let cases: &[(&[(&str, &str, i64)], &[(&str, AlertState)])] = &[
            // actions (screening, action, minute) → alerts in order, with their states;
            // yesterday's open alert is carried, first (the oldest); the answers edited to fit
            // keep theirs open
            (&[],                                                   &[("yesterday", Open), ("fever", Open), ("cough", Open), ("edited", Open)]),
            (&[("fever", "called", 1)],                             &[("yesterday", Open), ("fever", Following), ("cough", Open), ("edited", Open)]),
            // a referral waits for its result: not settled, and a call after it changes nothing
            (&[("fever", "referred_puskesmas", 1)],                 &[("yesterday", Open), ("fever", AwaitingResult), ("cough", Open), ("edited", Open)]),
            (&[("fever", "referred_puskesmas", 1), ("fever", "called", 2)], &[("yesterday", Open), ("fever", AwaitingResult), ("cough", Open), ("edited", Open)]),
            (&[("fever", "referred_puskesmas", 1), ("fever", "cleared", 2)], &[("yesterday", Open), ("cough", Open), ("edited", Open), ("fever", Settled)]),
            (&[("fever", "cleared", 1), ("fever", "called", 2)],    &[("yesterday", Open), ("fever", Following), ("cough", Open), ("edited", Open)]),
            (&[("fever", "called", 1), ("fever", "cleared", 2)],    &[("yesterday", Open), ("cough", Open), ("edited", Open), ("fever", Settled)]),
            // the latest action decides, whatever order they arrive in
            (&[("fever", "cleared", 1), ("fever", "called", 5)],    &[("yesterday", Open), ("fever", Following), ("cough", Open), ("edited", Open)]),
            (&[("fever", "called", 5), ("fever", "cleared", 1)],    &[("yesterday", Open), ("fever", Following), ("cough", Open), ("edited", Open)]),
            // an earlier day's alert is carried while it is followed, and goes once settled;
            // the edited one is closed by the Crisis Center, like any other
            (&[("yesterday", "called", 1)],                         &[("yesterday", Following), ("fever", Open), ("cough", Open), ("edited", Open)]),
            (&[("yesterday", "referred_puskesmas", 1)],             &[("yesterday", AwaitingResult), ("fever", Open), ("cough", Open), ("edited", Open)]),
            (&[("yesterday", "cleared", 1), ("edited", "cleared", 1)], &[("fever", Open), ("cough", Open), ("edited", Settled)]),
            // an action on a fit screening raises nothing
            (&[("fit", "called", 1), ("old-fit", "called", 1)],     &[("yesterday", Open), ("fever", Open), ("cough", Open), ("edited", Open)]),
        ];
        for (given, expected) in cases {
            let actions: Vec<AlertAction> = given.iter().map(|(s, a, m)| action(s, a, *m)).collect();
            let alerts = alerts_of(day.parse().unwrap(), &screenings, &actions);
            let got: Vec<(&str, AlertState)> = alerts.iter().map(|a| (a.screening.id.as_str(), a.state())).collect();
            assert_eq!(&got, expected, "{given:?}");
        }
        let alerts = alerts_of(day.parse().unwrap(), &screenings, &[]);
        assert_eq!(alerts[0].reasons, vec![StayHomeReason::HighTemperature]);
        assert_eq!(alerts[1].reasons, vec![StayHomeReason::HighTemperature]);
        assert_eq!(alerts[2].reasons, vec![StayHomeReason::Symptoms]);
        assert!(alerts[3].changed_to_fit() && !alerts[2].changed_to_fit());
    }

    #[test]
    fn a_raised_alert_stays_raised_table() {
        // (already raised, temperature) → raised after the change, through the kind's fill
        #[rustfmt::skip]
        let cases = [
            (None,       365, false),
            (None,       380, true),
            (Some(true), 365, true),  // edited to fit: the alert stays
            (Some(true), 380, true),
        ];
        for (raised, temperature, expected) in cases {
            let s = Screening {
                alert_raised: raised,
                ..screening("s", "u", "2020-09-24", temperature, false)
            };
            let record = s.to_new_record(&crate::sync::Stamp::new(1, 0, "d"));
            let derived = crate::kit::derive(&crate::screening::SCREENING, &record, &[]);
            let expect = if expected {
                crate::sync::Value::Bool(true)
            } else {
                crate::sync::Value::Null
            };
            assert_eq!(derived, vec![("alert_raised", expect)], "{raised:?} {temperature}");
        }
    }

    #[test]
    fn roll_call_table() {
        let day = "2020-09-24";
        let people = [
            person("p1", "Umum", false),
            person("p2", "Umum", true),
            person("p3", "Keuangan", true),
            person("p4", "Keuangan", false),
            person("p5", "Hukum", true),
        ];
        #[rustfmt::skip]
        let cases: &[(&[(&str, &str)], &[(&str, &[&str], &[&str])])] = &[
            // screenings (owner, date) → units (name, screened, missing), incomplete units first
            (&[],                        &[("Hukum", &[], &["p5"]), ("Keuangan", &[], &["p3", "p4"]), ("Umum", &[], &["p2", "p1"])]),
            (&[("p5", day)],             &[("Keuangan", &[], &["p3", "p4"]), ("Umum", &[], &["p2", "p1"]), ("Hukum", &["p5"], &[])]),
            (&[("p1", day), ("p4", day)],&[("Hukum", &[], &["p5"]), ("Keuangan", &["p4"], &["p3"]), ("Umum", &["p1"], &["p2"])]),
            // another day's screening, or a user who is nobody on the roster, counts for no one
            (&[("p5", "2020-09-23"), ("admin", day)], &[("Hukum", &[], &["p5"]), ("Keuangan", &[], &["p3", "p4"]), ("Umum", &[], &["p2", "p1"])]),
        ];
        for (given, expected) in cases {
            let screenings: Vec<Screening> = given
                .iter()
                .map(|(owner, date)| screening(owner, owner, date, 365, false))
                .collect();
            let units = roll_call(day.parse().unwrap(), &people, &screenings);
            let ids = |list: &[&Person]| list.iter().map(|p| p.id.clone()).collect::<Vec<_>>();
            let got: Vec<(&str, Vec<String>, Vec<String>)> = units
                .iter()
                .map(|u| (u.unit, ids(&u.screened), ids(&u.missing)))
                .collect();
            let want: Vec<(&str, Vec<String>, Vec<String>)> = expected
                .iter()
                .map(|(u, s, m)| {
                    (
                        *u,
                        s.iter().map(|x| x.to_string()).collect(),
                        m.iter().map(|x| x.to_string()).collect(),
                    )
                })
                .collect();
            assert_eq!(got, want, "{given:?}");
        }
    }
}
