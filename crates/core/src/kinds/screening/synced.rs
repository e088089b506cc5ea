//! The screening back into its form, for editing a saved one.

use super::{format_decicelsius, Screening, ScreeningDraft};
use crate::date::format_ymd;

impl ScreeningDraft {
    /// The form filled in with a saved screening.
    pub fn from_screening(screening: &Screening) -> ScreeningDraft {
        ScreeningDraft {
            date: format_ymd(screening.date),
            temperature: format_decicelsius(u16::try_from(screening.temperature_decicelsius).unwrap_or(0), ','),
            fever: screening.fever,
            cough: screening.cough,
            sore_throat: screening.sore_throat,
            shortness_of_breath: screening.shortness_of_breath,
            loss_of_smell_or_taste: screening.loss_of_smell_or_taste,
            has_other_symptom: screening.other_symptom.is_some(),
            other_symptom: screening.other_symptom.clone().unwrap_or_default(),
            close_contact_14d: screening.close_contact_14d,
            travel_14d: screening.travel_14d,
        }
    }
}
