//! The employee's daily health self-screening (KMK 328/2020 self-assessment): its declaration,
//! the rule that decides "fit to work from the office" or "stay home and report", and the form.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::kit::{self, Context, FieldType, Invalid};
use crate::sync::{Record, Stamp, SyncRecord};
use crate::validation::{Field, FieldError, Problem};

/// The thresholds of the screening rule, kept as data so a new guideline is a new value,
/// not a code change. Each saved screening records which version decided it.
#[derive(Debug, Clone, PartialEq)]
pub struct ScreeningRules {
    pub version: &'static str,
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
    pub const KMK_328_2020: ScreeningRules = ScreeningRules {
        version: "KMK-328-2020",
        fever_from_decicelsius: 373,
        plausible_min_decicelsius: 340,
        plausible_max_decicelsius: 430,
        max_backdate_days: 7,
        max_other_symptom_chars: 200,
    };

    pub fn kmk_328_2020() -> Self {
        Self::KMK_328_2020
    }

    /// The rules a saved screening names. Old versions stay here so old records still read.
    pub fn by_version(version: &str) -> Option<ScreeningRules> {
        RULES.iter().find(|r| r.version == version).cloned()
    }
}

/// Every version of the rules a screening may name; the newest decides new screenings.
const RULES: &[ScreeningRules] = &[ScreeningRules::KMK_328_2020];
const RULES_VERSIONS: &[&str] = &[ScreeningRules::KMK_328_2020.version];
/// The declared bounds: the widest any version allows. Each version's own are its rules'.
const PLAUSIBLE_MIN: i64 = ScreeningRules::KMK_328_2020.plausible_min_decicelsius as i64;
const PLAUSIBLE_MAX: i64 = ScreeningRules::KMK_328_2020.plausible_max_decicelsius as i64;
const OTHER_SYMPTOM_CHARS: u32 = ScreeningRules::KMK_328_2020.max_other_symptom_chars as u32;

impl Default for ScreeningRules {
    fn default() -> Self {
        Self::KMK_328_2020
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

crate::record_kind! {
    /// A saved screening. The result is not a field: it is recomputed from the merged answers
    /// (`Screening::result`), so two devices editing different answers can never leave a result
    /// that contradicts them.
    pub struct Screening, SCREENING {
        kind: "screening",
        envelope: Person,
        parent: None,
        edits: AppendOnly,
        access: Personal,
        rules: screening_rules,
        fill: screening_fill,
        ids: kit::Ids::Daily { prefix: "screening", holder: kit::Holder::Owner, date: "date" },
    }
    fields {
        date: NaiveDate = FieldType::Date { past_only: true }.spec().index().project(),
        /// Tenths of a degree Celsius.
        temperature_decicelsius: i64 = FieldType::Decimal { scale: 1, min: PLAUSIBLE_MIN, max: PLAUSIBLE_MAX }.spec(),
        fever: bool = FieldType::Boolean.spec(),
        cough: bool = FieldType::Boolean.spec(),
        sore_throat: bool = FieldType::Boolean.spec(),
        shortness_of_breath: bool = FieldType::Boolean.spec(),
        loss_of_smell_or_taste: bool = FieldType::Boolean.spec(),
        /// Free text when the employee has a symptom not listed; `None` when there is none.
        other_symptom: Option<String> = FieldType::Text { max_chars: OTHER_SYMPTOM_CHARS }.spec(),
        close_contact_14d: bool = FieldType::Boolean.spec(),
        travel_14d: bool = FieldType::Boolean.spec(),
        /// The `ScreeningRules::version` that decides `result`.
        rules_version: String = FieldType::Choice(RULES_VERSIONS).spec(),
        /// When the employee filled it in (the device's clock, corrected by the server's).
        recorded_at: DateTime<Utc> = FieldType::DateTime { past_only: true }.spec().project(),
        /// Set once any answers of the day said "stay home", and kept whatever later edits say:
        /// the alert it raised stays open until the Crisis Center closes it
        /// (`Screening::raised_alert`). Derived: the server sets it from what it received.
        alert_raised: Option<bool> = FieldType::Boolean.spec().index().derived(),
    }
}

/// A screening raises its alert when its answers say stay home, and a raised alert stays
/// raised: the kind's `fill`, which the server runs on every change it receives (with the
/// value it had derived before, never a device's) and the form on the device.
fn screening_fill(record: &Record, _: &[Record]) -> Vec<(&'static str, crate::sync::Value)> {
    match Screening::from_record(record) {
        Ok(screening) if screening.raised_alert() => vec![("alert_raised", crate::sync::Value::Bool(true))],
        _ => Vec::new(),
    }
}

/// The screening's own rules, beyond its declaration: the version's plausible temperatures,
/// a date at most `max_backdate_days` before the day it was recorded and not after it, and a
/// named other symptom.
fn screening_rules(record: &Record, ctx: &Context, errors: &mut Vec<Invalid>) {
    let Ok(screening) = Screening::from_record(record) else {
        return;
    };
    let Some(rules) = ScreeningRules::by_version(&screening.rules_version) else {
        return;
    };
    let plausible = i64::from(rules.plausible_min_decicelsius)..=i64::from(rules.plausible_max_decicelsius);
    if !plausible.contains(&screening.temperature_decicelsius) {
        errors.push(Invalid::new(
            "temperature_decicelsius",
            Problem::OutOfRange {
                min: format_decicelsius(rules.plausible_min_decicelsius, '.'),
                max: format_decicelsius(rules.plausible_max_decicelsius, '.'),
            },
        ));
    }
    let recorded_ms = screening.recorded_at.timestamp_millis();
    if screening.date > ctx.latest_date_at(recorded_ms) {
        errors.push(Invalid::new("date", Problem::InFuture));
    } else if (ctx.earliest_date_at(recorded_ms) - screening.date).num_days() > i64::from(rules.max_backdate_days) {
        errors.push(Invalid::new(
            "date",
            Problem::TooOld {
                days: rules.max_backdate_days,
            },
        ));
    }
}

impl Screening {
    pub fn rules(&self) -> ScreeningRules {
        ScreeningRules::by_version(&self.rules_version).unwrap_or_default()
    }

    pub fn symptoms(&self) -> Symptoms {
        Symptoms {
            fever: self.fever,
            cough: self.cough,
            sore_throat: self.sore_throat,
            shortness_of_breath: self.shortness_of_breath,
            loss_of_smell_or_taste: self.loss_of_smell_or_taste,
            other: self.other_symptom.clone(),
        }
    }

    /// Whether the screening has raised a suspect alert: its answers say stay home now, or
    /// did before (`alert_raised`). An alert is closed by the Crisis Center, never by an edit.
    pub fn raised_alert(&self) -> bool {
        self.alert_raised == Some(true) || !self.result().is_fit()
    }

    /// What the screening's rules decide from its answers.
    pub fn result(&self) -> ScreeningResult {
        assess(
            &self.rules(),
            u16::try_from(self.temperature_decicelsius).unwrap_or(u16::MAX),
            &self.symptoms(),
            self.close_contact_14d,
            self.travel_14d,
        )
    }
}

/// Who makes a screening and when: what a saved screening adds to the form's answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Origin {
    pub id: String,
    pub owner_id: String,
    pub agency_id: String,
    pub office_id: Option<String>,
    pub recorded_at: DateTime<Utc>,
    /// Whether the screening being changed had raised an alert (`Screening::raised_alert`).
    pub alert_raised: bool,
}

/// Who must stay home as of `date`: the owners whose latest screening up to that day says
/// so, whatever they answered before (the work-from-office plan warns when one is planned in
/// the office). Screenings after `date` do not count.
pub fn staying_home<'a>(screenings: impl IntoIterator<Item = &'a Screening>, date: NaiveDate) -> Vec<String> {
    let mut latest: Vec<(&str, NaiveDate, bool)> = Vec::new();
    for screening in screenings {
        let Some(owner) = screening.owner_id.as_deref() else {
            continue;
        };
        if screening.date > date {
            continue;
        }
        let fit = screening.result().is_fit();
        match latest.iter_mut().find(|(who, ..)| *who == owner) {
            Some(entry) if entry.1 < screening.date => *entry = (owner, screening.date, fit),
            Some(_) => {}
            None => latest.push((owner, screening.date, fit)),
        }
    }
    latest
        .into_iter()
        .filter(|(.., fit)| !fit)
        .map(|(who, ..)| who.to_owned())
        .collect()
}

/// The id of `owner`'s screening of `date`: the same on every device, so one person has one
/// screening a day however many times and on however many phones they fill it in (offline
/// too); a second one that day changes the first, field by field, and the server's history
/// keeps the earlier answers: the kind's declared ids, which the server checks on push.
/// `None` for an owner id too long to fit.
pub fn screening_id(owner_id: &str, date: NaiveDate) -> Option<String> {
    SCREENING.ids.id(owner_id, date)
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

/// The form's answers as a screening: each typed text parsed (the form's own errors: empty,
/// not a number), then the one check the server runs too (`kit::check`), whose errors name
/// record fields and come back here as form fields. Every problem is reported at once.
pub fn validate(
    draft: &ScreeningDraft,
    rules: &ScreeningRules,
    origin: Origin,
    ctx: &Context,
) -> Result<Screening, Vec<FieldError>> {
    let mut errors = Vec::new();
    let date = if draft.date.trim().is_empty() {
        errors.push(FieldError::new(Field::Date, Problem::Required));
        None
    } else {
        let parsed = crate::date::parse_ymd(draft.date.trim());
        if parsed.is_none() {
            errors.push(FieldError::new(Field::Date, Problem::BadFormat));
        }
        parsed
    };
    let temperature = if draft.temperature.trim().is_empty() {
        errors.push(FieldError::new(Field::Temperature, Problem::Required));
        None
    } else {
        let parsed = parse_decicelsius(&draft.temperature);
        if parsed.is_none() {
            errors.push(FieldError::new(Field::Temperature, Problem::NotANumber));
        }
        parsed
    };
    let other = draft.other_symptom.trim();
    if draft.has_other_symptom && other.is_empty() {
        errors.push(FieldError::new(Field::OtherSymptom, Problem::Required));
    }
    let screening = Screening {
        id: origin.id,
        agency_id: origin.agency_id,
        office_id: origin.office_id,
        owner_id: Some(origin.owner_id),
        parent_id: None,
        // What failed to parse is stood in for; its record error is dropped below.
        date: date.unwrap_or_else(|| ctx.today()),
        temperature_decicelsius: i64::from(temperature.unwrap_or(rules.plausible_min_decicelsius)),
        fever: draft.fever,
        cough: draft.cough,
        sore_throat: draft.sore_throat,
        shortness_of_breath: draft.shortness_of_breath,
        loss_of_smell_or_taste: draft.loss_of_smell_or_taste,
        other_symptom: (draft.has_other_symptom && !other.is_empty()).then(|| other.to_owned()),
        close_contact_14d: draft.close_contact_14d,
        travel_14d: draft.travel_14d,
        rules_version: rules.version.to_owned(),
        recorded_at: origin.recorded_at,
        alert_raised: origin.alert_raised.then_some(true),
    };
    let screening = Screening {
        alert_raised: screening.raised_alert().then_some(true),
        ..screening
    };
    let record = screening.to_new_record(&Stamp::new(0, 0, "form"));
    for invalid in kit::check(&SCREENING, &record, ctx) {
        let Some(field) = form_field(invalid.field) else {
            continue;
        };
        if !errors.iter().any(|e: &FieldError| e.field == field) {
            errors.push(FieldError::new(field, invalid.problem));
        }
    }
    if errors.is_empty() {
        Ok(screening)
    } else {
        Err(errors)
    }
}

/// The form field that shows a record field's problem. The form sets every other field from
/// ticks and the signed-in user, which cannot be wrong.
fn form_field(record_field: &str) -> Option<Field> {
    match record_field {
        "date" => Some(Field::Date),
        "temperature_decicelsius" => Some(Field::Temperature),
        "other_symptom" => Some(Field::OtherSymptom),
        _ => None,
    }
}

mod synced;

#[cfg(test)]
mod tests;
