//! An office's compliance with the health protocol on one day, from that day's protocol
//! checklist and its employees' screenings (issue #12): a score from 0 to 100 and the flags a
//! monitor looks for (no checklist, screenings missing). The weights are data, versioned, so a
//! changed policy is a new value and a stored score names the rule that made it.

use serde::{Deserialize, Serialize};

/// What one office did on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfficeDay {
    /// The day's checklist answers, if a checklist was submitted.
    pub checklist: Option<ChecklistTally>,
    /// People on the office's roster that day, and how many of them screened.
    pub staff: u32,
    pub screened: u32,
}

/// A checklist's answers counted: "not applicable" items count for nothing either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChecklistTally {
    pub pass: u32,
    pub fail: u32,
    pub not_applicable: u32,
}

/// What a monitor should look at. On the wire (`api::DayFigures`) as serde tags it:
/// `"no_checklist"`, `{"screenings_missing": 3}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// No protocol checklist that day.
    NoChecklist,
    /// This many people on the roster did not screen.
    ScreeningsMissing(u32),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compliance {
    /// 0 to 100.
    pub score: u32,
    pub flags: Vec<Flag>,
}

/// How the score weighs the checklist against the screenings, in percent (summing to 100).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplianceRules {
    pub version: &'static str,
    pub checklist_weight: u32,
    pub screening_weight: u32,
}

impl ComplianceRules {
    /// The checklist (what the office does) weighs more than the screenings (what each person
    /// does): a missing checklist alone keeps an office under 50.
    pub const POSKO_2020: ComplianceRules = ComplianceRules {
        version: "POSKO-COMPLIANCE-2020",
        checklist_weight: 60,
        screening_weight: 40,
    };

    /// The day's score and flags. The checklist part is the share of applicable items passed (all
    /// "not applicable" is a full part), none without a checklist; the screening part is the
    /// share of staff who screened (an office with no staff that day is a full part). Rounded to
    /// the nearest point, half up.
    pub fn judge(&self, day: &OfficeDay) -> Compliance {
        let mut flags = Vec::new();
        // Parts in thousandths, so the rounding happens once.
        let checklist = match day.checklist {
            None => {
                flags.push(Flag::NoChecklist);
                0
            }
            Some(t) if t.pass + t.fail == 0 => 1000,
            Some(t) => u64::from(t.pass) * 1000 / u64::from(t.pass + t.fail),
        };
        let screened = day.screened.min(day.staff);
        let screening = if day.staff == 0 {
            1000
        } else {
            u64::from(screened) * 1000 / u64::from(day.staff)
        };
        if screened < day.staff {
            flags.push(Flag::ScreeningsMissing(day.staff - screened));
        }
        let weighted = checklist * u64::from(self.checklist_weight) + screening * u64::from(self.screening_weight);
        Compliance {
            score: ((weighted + 500) / 1000) as u32,
            flags,
        }
    }
}

/// An office's days as the device (or the server) holds them: for each of `days`, that day's
/// checklist of the office (tallied), the people on its roster (as it stands: the roster keeps no
/// history yet), and how many of them screened that day (a screening's owner is the person who
/// signs in with the person's id; one who screened twice counts once).
pub fn office_days(
    office_id: &str,
    days: &[chrono::NaiveDate],
    checklists: &[crate::checklist::Checklist],
    people: &[crate::roster::Person],
    screenings: &[crate::Screening],
) -> Vec<(chrono::NaiveDate, OfficeDay)> {
    let here = |office: &Option<String>| office.as_deref() == Some(office_id);
    let staff: Vec<&str> = people
        .iter()
        .filter(|p| here(&p.office_id))
        .map(|p| p.id.as_str())
        .collect();
    days.iter()
        .map(|&day| {
            let mut screened: Vec<&str> = Vec::new();
            for owner in screenings
                .iter()
                .filter(|s| s.date == day)
                .filter_map(|s| s.owner_id.as_deref())
            {
                if staff.contains(&owner) && !screened.contains(&owner) {
                    screened.push(owner);
                }
            }
            let checklist = checklists
                .iter()
                .find(|c| c.date == day && here(&c.office_id))
                .map(crate::checklist::Checklist::tally);
            (
                day,
                OfficeDay {
                    checklist,
                    staff: staff.len() as u32,
                    screened: screened.len() as u32,
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(pass: u32, fail: u32, not_applicable: u32) -> Option<ChecklistTally> {
        Some(ChecklistTally {
            pass,
            fail,
            not_applicable,
        })
    }

    #[test]
    fn compliance_table() {
        let rules = &ComplianceRules::POSKO_2020;
        #[rustfmt::skip]
        let cases: &[(Option<ChecklistTally>, u32, u32, u32, &[Flag])] = &[
            // checklist,       staff, screened, score, flags
            (tally(8, 0, 0),    40, 40, 100, &[]),
            (tally(6, 2, 0),    40, 40,  85, &[]),                       // 60 × 6/8 + 40
            (tally(6, 0, 2),    40, 40, 100, &[]),                       // n/a counts for nothing
            (tally(0, 0, 8),    40, 40, 100, &[]),
            (tally(8, 0, 0),    40, 30,  90, &[Flag::ScreeningsMissing(10)]),
            (None,              40, 40,  40, &[Flag::NoChecklist]),
            (None,              40,  0,   0, &[Flag::NoChecklist, Flag::ScreeningsMissing(40)]),
            (tally(1, 2, 0),     3,  1,  33, &[Flag::ScreeningsMissing(2)]), // 20 + 13.3
            (tally(8, 0, 0),     0,  0, 100, &[]),                       // nobody on the roster
            (tally(8, 0, 0),    10, 12, 100, &[]),                       // more screenings than staff
        ];
        for (checklist, staff, screened, score, flags) in cases {
            let day = OfficeDay {
                checklist: *checklist,
                staff: *staff,
                screened: *screened,
            };
            let judged = rules.judge(&day);
            assert_eq!(judged.score, *score, "{day:?}");
            assert_eq!(judged.flags, *flags, "{day:?}");
        }
        assert_eq!(rules.checklist_weight + rules.screening_weight, 100);
    }

    #[test]
    fn office_days_table() {
        use crate::checklist::{checklist_id, Checklist, Template};
        use chrono::{DateTime, NaiveDate};
        let day = |d: u32| NaiveDate::from_ymd_opt(2020, 9, d).unwrap();
        let person = |id: &str, office: &str| crate::roster::Person {
            id: id.into(),
            agency_id: "ag".into(),
            office_id: Some(office.into()),
            owner_id: None,
            parent_id: None,
            nip: "199001152015032001".into(),
            full_name: id.into(),
            unit: "Umum".into(),
            position: None,
            phone: None,
            kecamatan: None,
            kelurahan: None,
            unit_head: false,
        };
        let screening = |owner: &str, d: u32| crate::Screening {
            id: format!("{owner}-{d}-{}", owner.len()),
            agency_id: "ag".into(),
            office_id: Some("of1".into()),
            owner_id: Some(owner.into()),
            parent_id: None,
            date: day(d),
            temperature_decicelsius: 365,
            fever: false,
            cough: false,
            sore_throat: false,
            shortness_of_breath: false,
            loss_of_smell_or_taste: false,
            other_symptom: None,
            close_contact_14d: false,
            travel_14d: false,
            rules_version: "KMK-328-2020".into(),
            recorded_at: DateTime::from_timestamp_millis(1_600_000_000_000).unwrap(),
            alert_raised: None,
        };
        let checklist = |office: &str, d: u32, answers: &[(&str, &str)]| Checklist {
            id: checklist_id(office, day(d)).unwrap(),
            agency_id: "ag".into(),
            office_id: Some(office.into()),
            owner_id: None,
            parent_id: None,
            date: day(d),
            template: Template::current().version.into(),
            answers: answers.iter().map(|(c, a)| (c.to_string(), a.to_string())).collect(),
            notes: Vec::new(),
            photos: Vec::new(),
            headcount: None,
            checked_at: DateTime::from_timestamp_millis(1_600_000_000_000).unwrap(),
        };
        let people = [
            person("p1", "of1"),
            person("p2", "of1"),
            person("p3", "of1"),
            person("q1", "of2"),
        ];
        let screenings = [
            screening("p1", 24),
            screening("p1", 24), // twice the same day: once
            screening("p2", 24),
            screening("q1", 24),    // another office's person
            screening("admin", 24), // nobody of the roster
            screening("p3", 23),
        ];
        let checklists = [
            checklist("of1", 24, &[("masks", "pass"), ("distance", "fail")]),
            checklist("of2", 23, &[("masks", "pass")]), // another office's
        ];
        let days = office_days("of1", &[day(23), day(24)], &checklists, &people, &screenings);
        #[rustfmt::skip]
        let expected = [
            // day, checklist (pass, fail), staff, screened
            (day(23), None,         3, 1),
            (day(24), Some((1, 1)), 3, 2),
        ];
        let got: Vec<_> = days
            .iter()
            .map(|(d, o)| (*d, o.checklist.map(|t| (t.pass, t.fail)), o.staff, o.screened))
            .collect();
        assert_eq!(got, expected);
    }
}
