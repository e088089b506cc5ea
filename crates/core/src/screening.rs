//! The employee's daily health self-screening (KMK 328/2020 self-assessment): its record, its
//! validation and the rule that decides "fit to work from the office" or "stay home and report".

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::date::parse_ymd;
use crate::validation::{Errors, Field, FieldError, Problem};

/// The thresholds of the screening rule, kept as data so a new guideline is a new value,
/// not a code change. Each saved screening records which version decided it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScreeningRules {
    pub version: String,
    /// At or above this body temperature (tenths of a degree Celsius) the employee stays home.
    /// KMK 328/2020 turns workers away at 37.3 °C.
    pub fever_from_decicelsius: u16,
    /// Readings outside this range are almost surely a measuring mistake, so they are refused.
    pub plausible_min_decicelsius: u16,
    pub plausible_max_decicelsius: u16,
    /// How far back a screening may be dated (a phone left without signal for a weekend).
    pub max_backdate_days: u32,
    pub max_other_symptom_chars: usize,
}

impl ScreeningRules {
    /// KMK HK.01.07/MENKES/328/2020, the workplace guideline the circular letter points to.
    pub fn kmk_328_2020() -> Self {
        Self {
            version: "KMK-328-2020".to_owned(),
            fever_from_decicelsius: 373,
            plausible_min_decicelsius: 340,
            plausible_max_decicelsius: 430,
            max_backdate_days: 7,
            max_other_symptom_chars: 200,
        }
    }
}

impl Default for ScreeningRules {
    fn default() -> Self {
        Self::kmk_328_2020()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Symptoms {
    pub fever: bool,
    pub cough: bool,
    pub sore_throat: bool,
    pub shortness_of_breath: bool,
    pub loss_of_smell_or_taste: bool,
    /// Free text when the employee has a symptom not listed; `None` when there is none.
    pub other: Option<String>,
}

impl Symptoms {
    pub fn any(&self) -> bool {
        self.fever
            || self.cough
            || self.sore_throat
            || self.shortness_of_breath
            || self.loss_of_smell_or_taste
            || self.other.is_some()
    }
}

/// The form as the user filled it in: raw text where the user types, so validation can say
/// exactly what is wrong and nothing typed is lost.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ScreeningDraft {
    /// `yyyy-mm-dd`, as an `<input type="date">` gives it.
    pub date: String,
    /// As typed: "37,2" and "37.2" are both accepted (Indonesian uses the decimal comma).
    pub temperature: String,
    pub fever: bool,
    pub cough: bool,
    pub sore_throat: bool,
    pub shortness_of_breath: bool,
    pub loss_of_smell_or_taste: bool,
    pub has_other_symptom: bool,
    pub other_symptom: String,
    pub close_contact_14d: bool,
    pub travel_14d: bool,
}

/// Why the rule sent the employee home. Kept on the record so the Crisis Center sees the reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StayHomeReason {
    HighTemperature,
    Symptoms,
    CloseContact,
    Travel,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScreeningResult {
    FitForOffice,
    StayHomeAndReport { reasons: Vec<StayHomeReason> },
}

impl ScreeningResult {
    pub fn is_fit(&self) -> bool {
        matches!(self, ScreeningResult::FitForOffice)
    }
}

/// A validated, saved screening.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Screening {
    /// Client-generated, so a record made offline has its identity before the server sees it.
    pub id: String,
    pub employee_id: String,
    pub agency_id: String,
    pub office_id: Option<String>,
    #[serde(with = "crate::date::ymd")]
    pub date: NaiveDate,
    pub temperature_decicelsius: u16,
    pub symptoms: Symptoms,
    pub close_contact_14d: bool,
    pub travel_14d: bool,
    pub result: ScreeningResult,
    /// The `ScreeningRules::version` that computed `result`.
    pub rules_version: String,
    /// Unix milliseconds on the wire and in IndexedDB: sortable, and no date formatter needed.
    #[serde(with = "chrono::serde::ts_milliseconds")]
    pub recorded_at: DateTime<Utc>,
}

/// What validation produces: every field parsed, the decision made. The caller adds identity.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidScreening {
    pub date: NaiveDate,
    pub temperature_decicelsius: u16,
    pub symptoms: Symptoms,
    pub close_contact_14d: bool,
    pub travel_14d: bool,
    pub result: ScreeningResult,
    pub rules_version: String,
}

/// Who made a screening and when: what a saved screening adds to a valid form.
#[derive(Debug, Clone, PartialEq)]
pub struct Origin {
    pub id: String,
    pub employee_id: String,
    pub agency_id: String,
    pub office_id: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

impl ValidScreening {
    pub fn into_screening(self, origin: Origin) -> Screening {
        Screening {
            id: origin.id,
            employee_id: origin.employee_id,
            agency_id: origin.agency_id,
            office_id: origin.office_id,
            date: self.date,
            temperature_decicelsius: self.temperature_decicelsius,
            symptoms: self.symptoms,
            close_contact_14d: self.close_contact_14d,
            travel_14d: self.travel_14d,
            result: self.result,
            rules_version: self.rules_version,
            recorded_at: origin.recorded_at,
        }
    }
}

/// Parses a temperature typed as "37", "37.2" or "37,2" into tenths of a degree.
/// More than one decimal is refused rather than rounded: thermometers show one.
pub fn parse_decicelsius(text: &str) -> Option<u16> {
    let text = text.trim().replace(',', ".");
    let (whole, tenth) = match text.split_once('.') {
        Some((whole, tenth)) => (whole, tenth),
        None => (text.as_str(), "0"),
    };
    if whole.is_empty() || whole.len() > 2 || tenth.len() != 1 {
        return None;
    }
    if !whole.bytes().chain(tenth.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(whole.parse::<u16>().ok()? * 10 + tenth.parse::<u16>().ok()?)
}

/// Formats tenths of a degree for display, with the given decimal separator.
pub fn format_decicelsius(value: u16, decimal_separator: char) -> String {
    format!("{}{}{}", value / 10, decimal_separator, value % 10)
}

/// The screening rule: any sign of illness or exposure sends the employee home to report.
pub fn assess(
    rules: &ScreeningRules,
    temperature_decicelsius: u16,
    symptoms: &Symptoms,
    close_contact_14d: bool,
    travel_14d: bool,
) -> ScreeningResult {
    let mut reasons = Vec::new();
    if temperature_decicelsius >= rules.fever_from_decicelsius {
        reasons.push(StayHomeReason::HighTemperature);
    }
    if symptoms.any() {
        reasons.push(StayHomeReason::Symptoms);
    }
    if close_contact_14d {
        reasons.push(StayHomeReason::CloseContact);
    }
    if travel_14d {
        reasons.push(StayHomeReason::Travel);
    }
    if reasons.is_empty() {
        ScreeningResult::FitForOffice
    } else {
        ScreeningResult::StayHomeAndReport { reasons }
    }
}

/// Checks a draft against the rules, reporting every problem at once, and computes the result.
/// `today` is the user's local date: a screening cannot be dated in the future.
pub fn validate(
    draft: &ScreeningDraft,
    rules: &ScreeningRules,
    today: NaiveDate,
) -> Result<ValidScreening, Vec<FieldError>> {
    let mut errors = Errors::default();

    let date = if draft.date.trim().is_empty() {
        errors.push(Field::Date, Problem::Required);
        None
    } else {
        match parse_ymd(draft.date.trim()) {
            None => {
                errors.push(Field::Date, Problem::BadFormat);
                None
            }
            Some(date) if date > today => {
                errors.push(Field::Date, Problem::InFuture);
                None
            }
            Some(date) if (today - date).num_days() > i64::from(rules.max_backdate_days) => {
                errors.push(
                    Field::Date,
                    Problem::TooOld {
                        days: rules.max_backdate_days,
                    },
                );
                None
            }
            Some(date) => Some(date),
        }
    };

    let temperature = if draft.temperature.trim().is_empty() {
        errors.push(Field::Temperature, Problem::Required);
        None
    } else {
        match parse_decicelsius(&draft.temperature) {
            None => {
                errors.push(Field::Temperature, Problem::NotANumber);
                None
            }
            Some(t) if t < rules.plausible_min_decicelsius || t > rules.plausible_max_decicelsius => {
                errors.push(
                    Field::Temperature,
                    Problem::OutOfRange {
                        min: format_decicelsius(rules.plausible_min_decicelsius, '.'),
                        max: format_decicelsius(rules.plausible_max_decicelsius, '.'),
                    },
                );
                None
            }
            Some(t) => Some(t),
        }
    };

    let other = draft.other_symptom.trim();
    let other = if !draft.has_other_symptom {
        None
    } else if other.is_empty() {
        errors.push(Field::OtherSymptom, Problem::Required);
        None
    } else if other.chars().count() > rules.max_other_symptom_chars {
        errors.push(
            Field::OtherSymptom,
            Problem::TooLong {
                max: rules.max_other_symptom_chars,
            },
        );
        None
    } else {
        Some(other.to_owned())
    };

    errors.into_result(|| {
        let symptoms = Symptoms {
            fever: draft.fever,
            cough: draft.cough,
            sore_throat: draft.sore_throat,
            shortness_of_breath: draft.shortness_of_breath,
            loss_of_smell_or_taste: draft.loss_of_smell_or_taste,
            other,
        };
        let temperature_decicelsius = temperature.expect("checked above");
        let result = assess(
            rules,
            temperature_decicelsius,
            &symptoms,
            draft.close_contact_14d,
            draft.travel_14d,
        );
        ValidScreening {
            date: date.expect("checked above"),
            temperature_decicelsius,
            symptoms,
            close_contact_14d: draft.close_contact_14d,
            travel_14d: draft.travel_14d,
            result,
            rules_version: rules.version.clone(),
        }
    })
}

mod synced;

#[cfg(test)]
mod tests;
