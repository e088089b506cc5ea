//! The work-from-office cap (SE Menpan-RB 67/2020): how many of an office's staff may work from
//! the office on a day, by the office's zone risk. The rule is data, versioned like the screening
//! rules, so a new circular letter is a new value and a plan keeps the version that judged it.

use chrono::NaiveDate;

use crate::kit::{no_rules, FieldType};

/// An office's COVID-19 zone risk, as the regional task force declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoneRisk {
    Low,
    Moderate,
    High,
}

impl ZoneRisk {
    pub const CODES: &'static [&'static str] = &["low", "moderate", "high"];

    pub fn code(self) -> &'static str {
        match self {
            ZoneRisk::Low => "low",
            ZoneRisk::Moderate => "moderate",
            ZoneRisk::High => "high",
        }
    }

    pub fn from_code(code: &str) -> Option<ZoneRisk> {
        match code {
            "low" => Some(ZoneRisk::Low),
            "moderate" => Some(ZoneRisk::Moderate),
            "high" => Some(ZoneRisk::High),
            _ => None,
        }
    }
}

/// The share of staff allowed in the office per zone risk, in percent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapRules {
    pub version: &'static str,
    pub low_percent: u32,
    pub moderate_percent: u32,
    pub high_percent: u32,
}

impl CapRules {
    /// SE Menpan-RB 67/2020: at most 50% in a moderate-risk zone, 25% in a high-risk zone; a
    /// low-risk zone has no cap from the letter.
    pub const SE_MENPAN_RB_67_2020: CapRules = CapRules {
        version: "SE-MENPANRB-67-2020",
        low_percent: 100,
        moderate_percent: 50,
        high_percent: 25,
    };

    /// The rules a saved plan names. Old versions stay here so old plans still read.
    pub fn by_version(version: &str) -> Option<&'static CapRules> {
        CAP_RULES.iter().find(|r| r.version == version)
    }

    /// The most people who may work from an office of `headcount` staff in `zone`, rounded down:
    /// "at most half" of 7 is 3.
    pub fn cap(&self, headcount: u32, zone: ZoneRisk) -> u32 {
        let percent = match zone {
            ZoneRisk::Low => self.low_percent,
            ZoneRisk::Moderate => self.moderate_percent,
            ZoneRisk::High => self.high_percent,
        };
        (u64::from(headcount) * u64::from(percent) / 100) as u32
    }

    /// A day's plan of `planned` people in the office, against the cap.
    pub fn judge(&self, planned: u32, headcount: u32, zone: ZoneRisk) -> CapJudgement {
        let cap = self.cap(headcount, zone);
        CapJudgement {
            cap,
            over_by: planned.saturating_sub(cap),
        }
    }
}

/// Every version of the cap rules a plan may name; the first decides new plans.
pub const CAP_RULES: &[CapRules] = &[CapRules::SE_MENPAN_RB_67_2020];
const CAP_VERSIONS: &[&str] = &[CapRules::SE_MENPAN_RB_67_2020.version];

crate::record_kind! {
    /// An office's work-from-office plan for one day: its zone risk that day, its headcount,
    /// and who of its roster works from the office (`true`) or from home (`false`), by person.
    /// Read by everyone of the office (each employee learns where they work), kept by its
    /// Crisis Center. One per office per day (`wfo_day_id`); two officers' ticks merge.
    pub struct WfoDay, WFO_DAY {
        kind: "wfo_day",
        envelope: Office,
        parent: None,
        edits: Shared,
        access: OfficeWide,
        rules: no_rules,
        ids: crate::kit::Ids::Daily { prefix: "wfo", holder: crate::kit::Holder::Office, date: "date" },
    }
    fields {
        /// Plans are made ahead too: a date in the future is fine.
        date: NaiveDate = FieldType::Date { past_only: false }.spec().index().project(),
        zone: String = FieldType::Choice(ZoneRisk::CODES).spec().project(),
        /// The office's staff that day, which the cap is a share of.
        headcount: i64 = FieldType::Integer { min: 0, max: 100_000 }.spec().project(),
        rules_version: String = FieldType::Choice(CAP_VERSIONS).spec(),
        in_office: Vec<(String, bool)> = FieldType::Items { item: &FieldType::Boolean, max: 5_000 }.spec(),
    }
}

/// The id of an office's plan for a day: the same on every device (the kind's declared
/// ids, which the server checks on push). `None` for an office id too long to fit.
pub fn wfo_day_id(office_id: &str, date: NaiveDate) -> Option<String> {
    WFO_DAY.ids.id(office_id, date)
}

impl WfoDay {
    /// How many are planned in the office.
    pub fn planned(&self) -> u32 {
        self.in_office.iter().filter(|(_, yes)| *yes).count() as u32
    }

    /// The plan against its rules' cap for its zone and headcount.
    pub fn judge(&self) -> Option<CapJudgement> {
        let rules = CapRules::by_version(&self.rules_version)?;
        let zone = ZoneRisk::from_code(&self.zone)?;
        Some(rules.judge(self.planned(), u32::try_from(self.headcount).unwrap_or(0), zone))
    }

    /// Whether person `person_id` works from the office (`Some(true)`), from home
    /// (`Some(false)`), or is not in the plan.
    pub fn works_from_office(&self, person_id: &str) -> Option<bool> {
        self.in_office
            .iter()
            .find(|(id, _)| id == person_id)
            .map(|(_, yes)| *yes)
    }
}

/// A plan against the cap: the cap, and by how many people the plan is over it (0 when within).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CapJudgement {
    pub cap: u32,
    pub over_by: u32,
}

impl CapJudgement {
    pub fn is_over(&self) -> bool {
        self.over_by > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cap_table() {
        let rules = &CapRules::SE_MENPAN_RB_67_2020;
        #[rustfmt::skip]
        let cases = [
            // headcount, zone,               planned, cap, over by
            (40,  ZoneRisk::Low,      40, 40, 0),
            (40,  ZoneRisk::Moderate, 20, 20, 0),
            (40,  ZoneRisk::Moderate, 21, 20, 1),
            (40,  ZoneRisk::High,     10, 10, 0),
            (40,  ZoneRisk::High,     15, 10, 5),
            // Rounded down: "at most half" of 7 is 3, a quarter of 7 is 1.
            (7,   ZoneRisk::Moderate,  4,  3, 1),
            (7,   ZoneRisk::High,      1,  1, 0),
            (3,   ZoneRisk::High,      1,  0, 1),
            (0,   ZoneRisk::Moderate,  0,  0, 0),
            (1200, ZoneRisk::High,   300, 300, 0),
        ];
        for (headcount, zone, planned, cap, over_by) in cases {
            let judged = rules.judge(planned, headcount, zone);
            assert_eq!(
                judged,
                CapJudgement { cap, over_by },
                "{planned} of {headcount} in a {zone:?} zone"
            );
            assert_eq!(judged.is_over(), over_by > 0);
        }
    }

    #[test]
    fn a_day_plan_table() {
        let plan = |zone: &str, headcount: i64, ticks: &[(&str, bool)]| WfoDay {
            id: wfo_day_id("of", NaiveDate::from_ymd_opt(2020, 9, 24).unwrap()).unwrap(),
            agency_id: "ag".into(),
            office_id: Some("of".into()),
            owner_id: None,
            parent_id: None,
            date: NaiveDate::from_ymd_opt(2020, 9, 24).unwrap(),
            zone: zone.into(),
            headcount,
            rules_version: CapRules::SE_MENPAN_RB_67_2020.version.into(),
            in_office: ticks.iter().map(|(p, y)| (p.to_string(), *y)).collect(),
        };
        #[rustfmt::skip]
        let cases: &[(&str, i64, &[(&str, bool)], u32, Option<CapJudgement>, Option<bool>)] = &[
            // zone, headcount, ticks → planned, judgement, where p1 works
            ("high",     8, &[("p1", true), ("p2", true), ("p3", false)], 2, Some(CapJudgement { cap: 2, over_by: 0 }), Some(true)),
            ("high",     8, &[("p1", true), ("p2", true), ("p3", true)],  3, Some(CapJudgement { cap: 2, over_by: 1 }), Some(true)),
            ("moderate", 8, &[("p1", false)],                             0, Some(CapJudgement { cap: 4, over_by: 0 }), Some(false)),
            ("low",      8, &[],                                          0, Some(CapJudgement { cap: 8, over_by: 0 }), None),
            ("red",      8, &[("p1", true)],                              1, None,                                      Some(true)),
        ];
        for (zone, headcount, ticks, planned, judged, p1) in cases {
            let day = plan(zone, *headcount, ticks);
            assert_eq!(day.planned(), *planned, "{zone} {ticks:?}");
            assert_eq!(day.judge(), *judged, "{zone} {ticks:?}");
            assert_eq!(day.works_from_office("p1"), *p1, "{zone} {ticks:?}");
        }
    }

    #[test]
    fn versions_and_codes() {
        assert_eq!(
            CapRules::by_version("SE-MENPANRB-67-2020"),
            Some(&CapRules::SE_MENPAN_RB_67_2020)
        );
        assert_eq!(CapRules::by_version("SE-2019"), None);
        for code in ZoneRisk::CODES {
            assert_eq!(ZoneRisk::from_code(code).map(ZoneRisk::code), Some(*code));
        }
        assert_eq!(ZoneRisk::from_code("red"), None);
    }
}
