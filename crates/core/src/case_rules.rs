//! The rules of a COVID-19 case and its close contacts (issue #20, items 3, 5 and 6), versioned as
//! data: the contact window, the end of isolation, the end of a contact's quarantine, when a
//! suspect or a contact is discarded, which close-contact criteria an exposure meets, the
//! office clusters, a contact's follow-up day and who was followed to the end; with the case's
//! statuses and the national form's follow-up codes. Each case keeps
//! the `CaseRules::version` it was judged by, so a new revision of the guidelines is a new value
//! in `CASE_RULES` and old cases still read by theirs. The first is revision 5 of 2020
//! (KMK HK.01.07/MENKES/413/2020).
//!
//! Dates are calendar days in the agency's time zone, as the device and the server both hold
//! them; only test results carry a time, since two tests "more than 24 hours apart" are counted
//! in hours.

use chrono::{DateTime, Duration, NaiveDate, Utc};

/// One revision of the case rules: every figure a rule below uses, and nothing else, so two
/// revisions differ only here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseRules {
    /// Kept on each case judged by these rules; never reused for other figures.
    pub version: &'static str,
    /// The contact window opens this many days before the onset of symptoms (before the
    /// specimen date for a case without symptoms)…
    pub window_days_before: u32,
    /// …and closes this many days after it.
    pub window_days_after: u32,
    /// A case without symptoms is isolated until this many days after its specimen date.
    pub isolation_days_without_symptoms: u32,
    /// A case with symptoms is isolated at least this many days after onset…
    pub isolation_days_after_onset: u32,
    /// …and at least this many days after its symptoms resolved, whichever ends later.
    pub isolation_days_after_recovery: u32,
    /// A close contact is quarantined through this many days after the last exposure.
    pub quarantine_days: u32,
    /// A suspect is discarded after this many negative PCR results…
    pub discard_negative_pcr: u32,
    /// …the first and the last taken more than this many hours apart (when more than one).
    pub discard_hours_apart: u32,
    /// Being near a case counts as close contact within this distance, in centimetres…
    pub near_within_cm: u32,
    /// …for at least this many minutes.
    pub near_for_minutes: u32,
    /// The criteria that make an exposure close contact under this revision.
    pub close_contact_criteria: &'static [Criterion],
    /// Cases linked to one office are a cluster when at least this many…
    pub cluster_min_cases: u32,
    /// …have onsets at most this many days after the one before.
    pub cluster_days: u32,
    /// A contact in quarantine with no follow-up entry for this many days is lost to follow-up.
    pub lost_after_days: u32,
}

/// Why an exposure is close contact, recorded as which applied (more than one may).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Criterion {
    /// Face to face, within the revision's distance, for at least its minutes.
    Near,
    /// Touching: shaking hands, holding hands, and the like.
    PhysicalContact,
    /// Caring for the case without the protective equipment the standard asks.
    CareWithoutPpe,
    /// Judged close contact by the tracing team from the local risk assessment.
    JudgedByTeam,
}

impl Criterion {
    /// Every criterion, in the order a form lists them.
    pub const ALL: [Criterion; 4] = [
        Criterion::Near,
        Criterion::PhysicalContact,
        Criterion::CareWithoutPpe,
        Criterion::JudgedByTeam,
    ];

    /// The code a record stores and the words' key (`criterion.near`, …).
    pub fn code(self) -> &'static str {
        match self {
            Criterion::Near => "near",
            Criterion::PhysicalContact => "physical_contact",
            Criterion::CareWithoutPpe => "care_without_ppe",
            Criterion::JudgedByTeam => "judged_by_team",
        }
    }

    pub fn from_code(code: &str) -> Option<Criterion> {
        Criterion::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// What a tracer wrote down about one exposure: what is not known stays `None` or `false`, and
/// never counts as met.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Exposure {
    /// The closest the contact came to the case, in centimetres.
    pub distance_cm: Option<u32>,
    /// How long they were that close, in minutes.
    pub minutes: Option<u32>,
    pub physical_contact: bool,
    pub care_without_ppe: bool,
    pub judged_by_team: bool,
}

/// The dates of a case the rules read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CaseDates {
    /// The first day of symptoms; `None` for a case without symptoms.
    pub onset: Option<NaiveDate>,
    /// The day the specimen of the first positive (or, for a suspect, the first) test was taken.
    pub specimen: Option<NaiveDate>,
    /// The day the symptoms resolved, once they have.
    pub symptoms_resolved: Option<NaiveDate>,
}

/// The days in which someone met by the case may have been infected by it, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContactWindow {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl ContactWindow {
    /// Whether an exposure on `day` falls in the window (outside it, a contact is listed with
    /// a warning, not refused: the team may know better).
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }
}

/// When a case's isolation ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IsolationEnd {
    /// On this day (the last day of isolation).
    On(NaiveDate),
    /// Not before this day: a case with symptoms whose symptoms have not resolved yet.
    NotBefore(NaiveDate),
}

/// How a laboratory test was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabTestKind {
    Pcr,
    Antigen,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabResult {
    Pending,
    Negative,
    Positive,
}

/// One laboratory test of a person: its kind, when the specimen was taken, and its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabTest {
    pub kind: LabTestKind,
    pub taken: DateTime<Utc>,
    pub result: LabResult,
}

/// What a contact reported over the quarantine, for its discard.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FollowUp {
    /// Any symptom reported on any day of follow-up.
    pub had_symptoms: bool,
    /// Any positive test.
    pub tested_positive: bool,
}

/// A case's status, as KMK HK.01.07/MENKES/413/2020 names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseStatus {
    Suspect,
    Probable,
    ConfirmedSymptomatic,
    ConfirmedAsymptomatic,
    Discarded,
    /// Isolation finished (a probable or confirmed case).
    IsolationDone,
    /// Died (a probable or confirmed case).
    Died,
}

impl CaseStatus {
    /// Every status, in the order of the guideline.
    pub const ALL: [CaseStatus; 7] = [
        CaseStatus::Suspect,
        CaseStatus::Probable,
        CaseStatus::ConfirmedSymptomatic,
        CaseStatus::ConfirmedAsymptomatic,
        CaseStatus::Discarded,
        CaseStatus::IsolationDone,
        CaseStatus::Died,
    ];

    /// The code a record stores and the words' key (`status.suspect`, …).
    pub fn code(self) -> &'static str {
        match self {
            CaseStatus::Suspect => "suspect",
            CaseStatus::Probable => "probable",
            CaseStatus::ConfirmedSymptomatic => "confirmed_symptomatic",
            CaseStatus::ConfirmedAsymptomatic => "confirmed_asymptomatic",
            CaseStatus::Discarded => "discarded",
            CaseStatus::IsolationDone => "isolation_done",
            CaseStatus::Died => "died",
        }
    }

    pub fn from_code(code: &str) -> Option<CaseStatus> {
        CaseStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the case is, or was, probable or confirmed: what a cluster counts. The guideline
    /// gives the end of isolation and death only to such cases.
    pub fn probable_or_confirmed(self) -> bool {
        !matches!(self, CaseStatus::Suspect | CaseStatus::Discarded)
    }
}

/// A case as the office cluster rule reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfficeCase<'a> {
    pub id: &'a str,
    pub office: &'a str,
    pub status: CaseStatus,
    pub onset: NaiveDate,
}

/// Cases of one office whose onsets follow each other closely enough to be one cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster<'a> {
    pub office: &'a str,
    /// The cases' ids, by onset (then by id).
    pub cases: Vec<&'a str>,
    pub first_onset: NaiveDate,
    pub last_onset: NaiveDate,
}

/// Where a contact's daily follow-up stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUpDay {
    /// Follow-up has not started: the contact was listed for a later day.
    NotStarted,
    /// Today's entry is made.
    Done,
    /// Today's entry is due; every earlier day has one.
    Due,
    /// Entries are missing for this many days before today, fewer than make it lost.
    Overdue(u32),
    /// No entry for the revision's number of days or more: lost to follow-up.
    Lost(u32),
    /// The quarantine is over.
    Ended,
}

/// A day's follow-up entry for a contact, as the national monitoring form codes it (sehat,
/// demam, batuk, sesak, gejala lain, dirujuk, selesai).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FollowUpCode {
    Healthy,
    Fever,
    Cough,
    ShortOfBreath,
    OtherSymptom,
    /// Referred to a health facility: the contact's follow-up ends, as a suspect.
    Referred,
    /// Quarantine finished.
    Finished,
}

impl FollowUpCode {
    /// Every code, in the form's order.
    pub const ALL: [FollowUpCode; 7] = [
        FollowUpCode::Healthy,
        FollowUpCode::Fever,
        FollowUpCode::Cough,
        FollowUpCode::ShortOfBreath,
        FollowUpCode::OtherSymptom,
        FollowUpCode::Referred,
        FollowUpCode::Finished,
    ];

    /// The code a record stores and the words' key.
    pub fn code(self) -> &'static str {
        match self {
            FollowUpCode::Healthy => "healthy",
            FollowUpCode::Fever => "fever",
            FollowUpCode::Cough => "cough",
            FollowUpCode::ShortOfBreath => "short_of_breath",
            FollowUpCode::OtherSymptom => "other_symptom",
            FollowUpCode::Referred => "referred",
            FollowUpCode::Finished => "finished",
        }
    }

    pub fn from_code(code: &str) -> Option<FollowUpCode> {
        FollowUpCode::ALL.into_iter().find(|c| c.code() == code)
    }

    /// Whether the entry reports a symptom (which keeps a contact from being discarded).
    pub fn is_symptom(self) -> bool {
        matches!(
            self,
            FollowUpCode::Fever | FollowUpCode::Cough | FollowUpCode::ShortOfBreath | FollowUpCode::OtherSymptom
        )
    }
}

impl FollowUp {
    /// What a contact's entries reported, with whether any test was positive.
    pub fn from_entries(entries: &[(NaiveDate, FollowUpCode)], tested_positive: bool) -> FollowUp {
        FollowUp {
            had_symptoms: entries.iter().any(|(_, code)| code.is_symptom()),
            tested_positive,
        }
    }
}

/// How many contacts' follow-up has ended, and how many of them were followed to the end.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Completion {
    pub ended: u32,
    pub followed: u32,
}

impl Completion {
    /// The share followed to the end, in whole percent (rounded down, so 100 means all);
    /// `None` before any follow-up has ended.
    pub fn percent(&self) -> Option<u32> {
        (self.ended > 0).then(|| self.followed * 100 / self.ended)
    }

    /// Each key's completion (an officer's, an office's), keys in their order of first
    /// appearance, from each contact's key and `followed_to_the_end`; contacts still followed
    /// are not counted, and a key with none ended is left out.
    pub fn by<K: PartialEq>(contacts: impl IntoIterator<Item = (K, Option<bool>)>) -> Vec<(K, Completion)> {
        let mut out: Vec<(K, Completion)> = Vec::new();
        for (key, followed) in contacts {
            let Some(followed) = followed else { continue };
            let at = match out.iter().position(|(k, _)| *k == key) {
                Some(at) => at,
                None => {
                    out.push((key, Completion::default()));
                    out.len() - 1
                }
            };
            out[at].1.ended += 1;
            out[at].1.followed += u32::from(followed);
        }
        out
    }
}

/// Every revision a case may name, oldest first; the last judges new cases.
pub const CASE_RULES: &[CaseRules] = &[CaseRules::KMK_413_2020];

impl CaseRules {
    /// Revision 5 of the COVID-19 prevention and control guidelines (KMK
    /// HK.01.07/MENKES/413/2020, 13 July 2020).
    pub const KMK_413_2020: CaseRules = CaseRules {
        version: "KMK-413-2020",
        window_days_before: 2,
        window_days_after: 14,
        isolation_days_without_symptoms: 10,
        isolation_days_after_onset: 10,
        isolation_days_after_recovery: 3,
        quarantine_days: 14,
        discard_negative_pcr: 2,
        discard_hours_apart: 24,
        near_within_cm: 100,
        near_for_minutes: 15,
        close_contact_criteria: &Criterion::ALL,
        cluster_min_cases: 2,
        cluster_days: 14,
        lost_after_days: 2,
    };

    /// The revision that judges a case opened today.
    pub fn latest() -> CaseRules {
        *CASE_RULES.last().expect("at least one revision of the case rules")
    }

    /// The revision a case names, if it is one of `CASE_RULES`.
    pub fn by_version(version: &str) -> Option<CaseRules> {
        Self::in_book(CASE_RULES, version)
    }

    /// The revision named `version` among `book`: `by_version` over another list, for a test
    /// that adds a revision.
    pub fn in_book(book: &[CaseRules], version: &str) -> Option<CaseRules> {
        book.iter().find(|r| r.version == version).copied()
    }

    /// The case's contact window: around the onset of symptoms, or around the specimen date
    /// for a case without symptoms; `None` while neither date is known.
    pub fn contact_window(&self, case: &CaseDates) -> Option<ContactWindow> {
        let day = case.onset.or(case.specimen)?;
        Some(ContactWindow {
            from: day - days(self.window_days_before),
            to: day + days(self.window_days_after),
        })
    }

    /// The end of the case's isolation: without symptoms, the specimen date and the revision's
    /// days; with symptoms, the later of onset and its days and recovery and its days (not
    /// before onset and its days while the symptoms last). `None` while the date it counts from
    /// is not known.
    pub fn isolation_end(&self, case: &CaseDates) -> Option<IsolationEnd> {
        match case.onset {
            None => Some(IsolationEnd::On(
                case.specimen? + days(self.isolation_days_without_symptoms),
            )),
            Some(onset) => {
                let after_onset = onset + days(self.isolation_days_after_onset);
                Some(match case.symptoms_resolved {
                    None => IsolationEnd::NotBefore(after_onset),
                    Some(resolved) => {
                        IsolationEnd::On(after_onset.max(resolved + days(self.isolation_days_after_recovery)))
                    }
                })
            }
        }
    }

    /// The last day of a close contact's quarantine.
    pub fn quarantine_end(&self, last_exposure: NaiveDate) -> NaiveDate {
        last_exposure + days(self.quarantine_days)
    }

    /// Whether a suspect is discarded by their tests: no positive result, and at least the
    /// revision's number of negative PCR results, the first and the last taken more than its
    /// hours apart. Antigen results never discard.
    pub fn suspect_discarded(&self, tests: &[LabTest]) -> bool {
        if tests.iter().any(|t| t.result == LabResult::Positive) {
            return false;
        }
        let mut negative: Vec<DateTime<Utc>> = tests
            .iter()
            .filter(|t| t.kind == LabTestKind::Pcr && t.result == LabResult::Negative)
            .map(|t| t.taken)
            .collect();
        negative.sort();
        let needed = self.discard_negative_pcr.max(1);
        match (negative.first(), negative.last()) {
            (Some(first), Some(last)) if negative.len() as u32 >= needed => {
                // One result has nothing to be apart from.
                needed == 1 || *last - *first > Duration::hours(i64::from(self.discard_hours_apart))
            }
            _ => false,
        }
    }

    /// Whether a close contact is discarded on `today`: their quarantine is over (today is
    /// after its last day) with no symptom and no positive test.
    pub fn contact_discarded(&self, last_exposure: NaiveDate, follow_up: FollowUp, today: NaiveDate) -> bool {
        today > self.quarantine_end(last_exposure) && !follow_up.had_symptoms && !follow_up.tested_positive
    }

    /// The close-contact criteria an exposure meets under this revision, in `Criterion::ALL`'s
    /// order; empty when it is not close contact.
    pub fn criteria_met(&self, exposure: &Exposure) -> Vec<Criterion> {
        let near = matches!(
            (exposure.distance_cm, exposure.minutes),
            (Some(cm), Some(minutes)) if cm <= self.near_within_cm && minutes >= self.near_for_minutes
        );
        Criterion::ALL
            .into_iter()
            .filter(|c| self.close_contact_criteria.contains(c))
            .filter(|c| match c {
                Criterion::Near => near,
                Criterion::PhysicalContact => exposure.physical_contact,
                Criterion::CareWithoutPpe => exposure.care_without_ppe,
                Criterion::JudgedByTeam => exposure.judged_by_team,
            })
            .collect()
    }

    /// The office clusters among `cases`: for each office, the runs of probable or confirmed
    /// cases in order of onset in which each onset is at most the revision's days after the one
    /// before, with at least its number of cases. Offices in their order of first appearance.
    pub fn office_clusters<'a>(&self, cases: &[OfficeCase<'a>]) -> Vec<Cluster<'a>> {
        let mut offices: Vec<&str> = Vec::new();
        for case in cases {
            if !offices.contains(&case.office) {
                offices.push(case.office);
            }
        }
        let mut clusters = Vec::new();
        for office in offices {
            let mut run: Vec<&OfficeCase> = cases
                .iter()
                .filter(|c| c.office == office && c.status.probable_or_confirmed())
                .collect();
            run.sort_by(|a, b| (a.onset, a.id).cmp(&(b.onset, b.id)));
            let mut start = 0;
            for end in 1..=run.len() {
                let breaks = end == run.len() || run[end].onset - run[end - 1].onset > days(self.cluster_days);
                if breaks {
                    if (end - start) as u32 >= self.cluster_min_cases.max(1) {
                        clusters.push(Cluster {
                            office,
                            cases: run[start..end].iter().map(|c| c.id).collect(),
                            first_onset: run[start].onset,
                            last_onset: run[end - 1].onset,
                        });
                    }
                    start = end;
                }
            }
        }
        clusters
    }

    /// Whether a contact was followed to the end, once their follow-up has ended: referred to a
    /// health facility (it ends then), or an entry on or after the last day of quarantine.
    /// `None` while it runs.
    pub fn followed_to_the_end(
        &self,
        last_exposure: NaiveDate,
        entries: &[(NaiveDate, FollowUpCode)],
        today: NaiveDate,
    ) -> Option<bool> {
        if entries.iter().any(|(_, code)| *code == FollowUpCode::Referred) {
            return Some(true);
        }
        let end = self.quarantine_end(last_exposure);
        (today > end).then(|| entries.iter().any(|(day, _)| *day >= end))
    }

    /// A contact's follow-up on `today`: it runs from the day after the last exposure (or from
    /// the day the contact was listed, if later) through the last day of quarantine, one entry
    /// a day. Days before today with no entry since the last one make it overdue, then lost.
    pub fn follow_up_day(
        &self,
        last_exposure: NaiveDate,
        listed: NaiveDate,
        entries: &[NaiveDate],
        today: NaiveDate,
    ) -> FollowUpDay {
        let start = (last_exposure + days(1)).max(listed);
        if today < start {
            return FollowUpDay::NotStarted;
        }
        if today > self.quarantine_end(last_exposure) {
            return FollowUpDay::Ended;
        }
        if entries.contains(&today) {
            return FollowUpDay::Done;
        }
        let last_seen = entries
            .iter()
            .copied()
            .filter(|day| *day < today && *day >= start)
            .max()
            .unwrap_or(start - days(1));
        let missed = ((today - last_seen).num_days() - 1).max(0) as u32;
        match missed {
            0 => FollowUpDay::Due,
            n if n >= self.lost_after_days.max(1) => FollowUpDay::Lost(n),
            n => FollowUpDay::Overdue(n),
        }
    }
}

fn days(n: u32) -> Duration {
    Duration::days(i64::from(n))
}

#[cfg(test)]
mod tests;
