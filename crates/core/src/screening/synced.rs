//! The screening as a synced record: its fields, and how merged fields become a screening again.

use chrono::{DateTime, Utc};

use super::{assess, Screening, ScreeningDraft, ScreeningRules, Symptoms};
use crate::date::{format_ymd, parse_ymd};
use crate::sync::{FieldReader, Record, RecordError, SyncRecord, Value};

impl ScreeningRules {
    /// The rules a saved screening names. Old versions stay here so old records still read.
    pub fn by_version(version: &str) -> Option<ScreeningRules> {
        let current = ScreeningRules::kmk_328_2020();
        (current.version == version).then_some(current)
    }
}

impl SyncRecord for Screening {
    const KIND: &'static str = "screening";

    fn id(&self) -> &str {
        &self.id
    }

    fn agency_id(&self) -> &str {
        &self.agency_id
    }

    fn office_id(&self) -> Option<&str> {
        self.office_id.as_deref()
    }

    fn owner_id(&self) -> Option<&str> {
        Some(&self.employee_id)
    }

    /// The result is not a field: it is recomputed from the merged answers, so two devices
    /// editing different answers can never leave a result that contradicts them.
    fn to_fields(&self) -> Vec<(&'static str, Value)> {
        let s = &self.symptoms;
        vec![
            ("date", format_ymd(self.date).into()),
            (
                "temperature_decicelsius",
                i64::from(self.temperature_decicelsius).into(),
            ),
            ("fever", s.fever.into()),
            ("cough", s.cough.into()),
            ("sore_throat", s.sore_throat.into()),
            ("shortness_of_breath", s.shortness_of_breath.into()),
            ("loss_of_smell_or_taste", s.loss_of_smell_or_taste.into()),
            ("other_symptom", s.other.clone().into()),
            ("close_contact_14d", self.close_contact_14d.into()),
            ("travel_14d", self.travel_14d.into()),
            ("rules_version", self.rules_version.as_str().into()),
            ("recorded_at", self.recorded_at.timestamp_millis().into()),
        ]
    }

    fn from_record(record: &Record) -> Result<Screening, RecordError> {
        if record.kind != Self::KIND {
            return Err(RecordError::WrongKind {
                expected: Self::KIND,
                found: record.kind.clone(),
            });
        }
        let invalid = |field, reason: &str| RecordError::Invalid {
            field,
            reason: reason.to_owned(),
        };
        let read = FieldReader(record);
        let rules_version = read.text("rules_version")?;
        let rules = ScreeningRules::by_version(rules_version).ok_or_else(|| invalid("rules_version", "unknown"))?;
        let date = parse_ymd(read.text("date")?).ok_or_else(|| invalid("date", "not yyyy-mm-dd"))?;
        let temperature = read.int("temperature_decicelsius")?;
        let plausible = i64::from(rules.plausible_min_decicelsius)..=i64::from(rules.plausible_max_decicelsius);
        if !plausible.contains(&temperature) {
            return Err(invalid("temperature_decicelsius", "outside the plausible range"));
        }
        let other = read.optional_text("other_symptom")?;
        if other.is_some_and(|o| o.trim().is_empty() || o.chars().count() > rules.max_other_symptom_chars) {
            return Err(invalid("other_symptom", "empty or too long"));
        }
        let recorded_at = DateTime::<Utc>::from_timestamp_millis(read.int("recorded_at")?)
            .ok_or_else(|| invalid("recorded_at", "not a time"))?;
        let employee_id = record.owner_id.clone().ok_or(RecordError::Missing("owner_id"))?;
        let symptoms = Symptoms {
            fever: read.bool("fever")?,
            cough: read.bool("cough")?,
            sore_throat: read.bool("sore_throat")?,
            shortness_of_breath: read.bool("shortness_of_breath")?,
            loss_of_smell_or_taste: read.bool("loss_of_smell_or_taste")?,
            other: other.map(str::to_owned),
        };
        let close_contact_14d = read.bool("close_contact_14d")?;
        let travel_14d = read.bool("travel_14d")?;
        let temperature_decicelsius = temperature as u16;
        Ok(Screening {
            id: record.id.clone(),
            employee_id,
            agency_id: record.agency_id.clone(),
            office_id: record.office_id.clone(),
            date,
            temperature_decicelsius,
            result: assess(
                &rules,
                temperature_decicelsius,
                &symptoms,
                close_contact_14d,
                travel_14d,
            ),
            symptoms,
            close_contact_14d,
            travel_14d,
            rules_version: rules.version,
            recorded_at,
        })
    }
}

impl ScreeningDraft {
    /// The form filled in with a saved screening, for editing it.
    pub fn from_screening(screening: &Screening) -> ScreeningDraft {
        let s = &screening.symptoms;
        ScreeningDraft {
            date: format_ymd(screening.date),
            temperature: super::format_decicelsius(screening.temperature_decicelsius, ','),
            fever: s.fever,
            cough: s.cough,
            sore_throat: s.sore_throat,
            shortness_of_breath: s.shortness_of_breath,
            loss_of_smell_or_taste: s.loss_of_smell_or_taste,
            has_other_symptom: s.other.is_some(),
            other_symptom: s.other.clone().unwrap_or_default(),
            close_contact_14d: screening.close_contact_14d,
            travel_14d: screening.travel_14d,
        }
    }
}
