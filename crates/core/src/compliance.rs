//! An office's compliance with the health protocol on one day, from that day's protocol
//! checklist and its employees' screenings (issue #12): a score from 0 to 100 and the flags a
//! monitor looks for (no checklist, screenings missing). The weights are data, versioned, so a
//! changed policy is a new value and a stored score names the rule that made it.

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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChecklistTally {
    pub pass: u32,
    pub fail: u32,
    pub not_applicable: u32,
}

/// What a monitor should look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
}
