//! Who reads and writes a kind's records. Reading: the groups a record is for (`audiences`)
//! and the groups a user is in (`audiences_of`), from the kind's `Access`; the server keeps the
//! first beside each record and looks up the second on every pull, history and photo, and the
//! figures reach the offices whose records a user reads. Writing: the user's scope (`Scope`)
//! narrowed by the kind's `Access` and `Edits`, by role. The device decides what it offers by
//! the same rules.
//!
//! Monitors (Pemda, Satgas, ministry) compare agencies by their figures (scores, counts, flags
//! per office) and never read a record about a person: health answers are specific personal
//! data under UU 27/2022, and stay with the person and their own Crisis Center.

use crate::sync::Record;
use crate::{Role, UserProfile};

use super::decl::{Edits, Envelope, FieldDecl, KindShape};

/// Who, by role, reads and writes a kind's records within their scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// About one person's health (screenings): the person writes their own, the Crisis Center
    /// (officers, the admin) may record one for them, the PPK reads; never a monitor.
    Personal,
    /// The Crisis Center's own work about people (the roster, violations, actions on alerts):
    /// officers and the admin write it; the PPK reads it, and an employee reads what is theirs
    /// (their scope); never a monitor.
    CrisisCenter,
    /// The roster, the agency's people: the Crisis Center's work about people (as
    /// `CrisisCenter`), read also by the agency's health team in every office, since a tracing
    /// officer follows up and lists the co-workers of a case wherever it is.
    Roster,
    /// The office's own notices to everyone in it (the day's work-from-office plan): kept by the
    /// Crisis Center, read by every employee of the office, never by a monitor.
    OfficeWide,
    /// The agency's own rules for its Crisis Center (its checklist versions): made by the admin
    /// alone, read by everyone of the agency who does the Crisis Center's work (the officers of
    /// every office, the PPK); not by an employee, never by a monitor.
    AgencyWide,
    /// What the Crisis Center learns of people's illness beyond their own screening (a case,
    /// its tests, a person outside the roster, a call to the call center): health details under
    /// UU 27/2022, read by the agency's health team (its tracing officers, the admin, the PPK)
    /// and by whoever a reader field names (the person it is about), and written by the
    /// tracing officers and the admin, for any office of the agency. Never by an office's
    /// protocol officers or its other employees, who do not learn who is a case; never by a
    /// monitor.
    #[cfg(feature = "cases")]
    Health,
    /// A tracing officer's assigned work (a close contact and its daily follow-up): health
    /// details read by the admin, the PPK and whoever a reader field names (the tracer it is
    /// assigned to, the person), and written by the admin and by the tracer it names, so a
    /// contact handed to another tracer leaves the first one's phone.
    #[cfg(feature = "cases")]
    Assigned,
}

impl Access {
    /// Whether `role` reads records of a kind with this access (within its scope; a health
    /// kind's person reads it through its reader field, whatever their role).
    pub fn readable_by(self, role: Role) -> bool {
        match self {
            Access::AgencyWide => !matches!(role, Role::Monitor | Role::Employee),
            #[cfg(feature = "cases")]
            Access::Health | Access::Assigned => {
                matches!(role, Role::TracingOfficer | Role::CrisisAdmin | Role::Ppk)
            }
            _ => role != Role::Monitor,
        }
    }

    /// Whether `role` writes records of a kind with this access (within its scope).
    pub fn writable_by(self, role: Role) -> bool {
        if self.is_health() {
            return matches!(role, Role::TracingOfficer | Role::CrisisAdmin);
        }
        match role {
            Role::CrisisAdmin => true,
            Role::ProtocolOfficer | Role::TracingOfficer => self != Access::AgencyWide,
            Role::Employee => self == Access::Personal,
            Role::Ppk | Role::Monitor => false,
        }
    }

    /// Whether this is a health kind's (`Health`, `Assigned`): read by the health team and the
    /// people its records name, never by an office's officers or the whole agency's
    /// everyday readers (`Audience::AgencyWork`). Always false without core's `cases` feature.
    pub const fn is_health(self) -> bool {
        #[cfg(feature = "cases")]
        {
            matches!(self, Access::Health | Access::Assigned)
        }
        #[cfg(not(feature = "cases"))]
        {
            false
        }
    }
}

/// A group of readers within one agency (issue #18: access written once). A record is written
/// for its audiences (`audiences`), a user belongs to theirs (`audiences_of`), and a user reads
/// a record when the two share one: `may_read`, the server's pull (which keeps each record's
/// audiences beside it, so a pull is one indexed lookup and a new access pattern needs no SQL),
/// the history and the photos all ask this, and nothing else decides who reads.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Audience {
    /// Everyone who reads the whole agency, health kinds too (the admin, the PPK). Every record
    /// of the agency is for them, so the server keeps no row for it: the agency's records are
    /// its index.
    Agency { agency_id: String },
    /// Everyone who reads the agency's everyday work, every record but the health kinds' (an
    /// officer with no office). No rows either: the agency's records but the health kinds'.
    AgencyWork { agency_id: String },
    /// The agency's health team (its tracing officers, the admin, the PPK): a health kind's
    /// records (`Access::Health`).
    Health { agency_id: String },
    /// The officers of one office: every record of that office.
    Office { agency_id: String, office_id: String },
    /// Everyone of the agency who does the Crisis Center's work, in any office: its agency-wide
    /// rules (checklist versions).
    Staff { agency_id: String },
    /// Everyone in one office, employees too: its notices to all (the day's plan).
    EveryoneIn { agency_id: String, office_id: String },
    /// The person a record is about (its owner).
    Owner { agency_id: String, user_id: String },
    /// A user a record names in a reader field (a violation's person, the unit head answerable).
    Named { agency_id: String, user_id: String },
}

impl Audience {
    /// The agency the group is within.
    pub fn agency_id(&self) -> &str {
        match self {
            Audience::Agency { agency_id }
            | Audience::AgencyWork { agency_id }
            | Audience::Health { agency_id }
            | Audience::Office { agency_id, .. }
            | Audience::Staff { agency_id }
            | Audience::EveryoneIn { agency_id, .. }
            | Audience::Owner { agency_id, .. }
            | Audience::Named { agency_id, .. } => agency_id,
        }
    }

    /// The group within its agency as one text (a letter, and the office's or user's id after
    /// a colon): what the server keeps and looks up. The letter is fixed, so the id after it
    /// cannot make one key look like another.
    pub fn key(&self) -> String {
        match self {
            Audience::Agency { .. } => "a".to_owned(),
            Audience::AgencyWork { .. } => "w".to_owned(),
            Audience::Health { .. } => "h".to_owned(),
            Audience::Office { office_id, .. } => format!("o:{office_id}"),
            Audience::Staff { .. } => "s".to_owned(),
            Audience::EveryoneIn { office_id, .. } => format!("e:{office_id}"),
            Audience::Owner { user_id, .. } => format!("u:{user_id}"),
            Audience::Named { user_id, .. } => format!("n:{user_id}"),
        }
    }
}

/// The rules `audiences` and `audiences_of` follow, as a number the server keeps beside the
/// audiences it wrote: a change to either function must raise it, and the server then writes
/// every record's audiences again at start, and every device pulls again from the beginning
/// (the user's reach changed). `the_audiences_are_those_of_version_table` holds the rules to it.
pub const AUDIENCE_RULES: u32 = 3;

/// Who `record`, of `kind`, is for: everyone reading its whole agency; unless it is a health
/// kind's, its everyday readers and the officers of its office; for a health kind's, the
/// health team, unless it is assigned work (`Access::Assigned`: only who it names); for an
/// agency-wide kind, the agency's Crisis Center staff; for an office-wide kind, everyone in its
/// office; and, unless the kind is agency-wide (which employees never read), the person it is
/// about and whoever it names in a reader field.
pub fn audiences(kind: &KindShape, record: &Record) -> Vec<Audience> {
    let agency_id = || record.agency_id.clone();
    let mut out = vec![Audience::Agency { agency_id: agency_id() }];
    #[cfg(feature = "cases")]
    if matches!(kind.access, Access::Health | Access::Roster) {
        out.push(Audience::Health { agency_id: agency_id() });
    }
    if !kind.access.is_health() {
        out.push(Audience::AgencyWork { agency_id: agency_id() });
    }
    if let Some(office_id) = record.office_id.as_ref().filter(|_| !kind.access.is_health()) {
        out.push(Audience::Office {
            agency_id: agency_id(),
            office_id: office_id.clone(),
        });
        if kind.access == Access::OfficeWide {
            out.push(Audience::EveryoneIn {
                agency_id: agency_id(),
                office_id: office_id.clone(),
            });
        }
    }
    if kind.access == Access::AgencyWide {
        out.push(Audience::Staff { agency_id: agency_id() });
        return out;
    }
    if let Some(user_id) = &record.owner_id {
        out.push(Audience::Owner {
            agency_id: agency_id(),
            user_id: user_id.clone(),
        });
    }
    for user_id in readers(kind, record) {
        let named = Audience::Named {
            agency_id: agency_id(),
            user_id: user_id.to_owned(),
        };
        if !out.contains(&named) {
            out.push(named);
        }
    }
    out
}

/// The groups `user` belongs to: a monitor none (they read figures, never a record about a
/// person); the admin and the PPK the whole agency; an officer with no office the agency's
/// everyday work and what names them; an officer their office, the agency's Crisis Center
/// staff and what names them; a tracing officer the health team too; an employee what is
/// about them, their office's notices and what names them.
pub fn audiences_of(user: &UserProfile) -> Vec<Audience> {
    let agency_id = || user.agency_id.clone();
    let named = || Audience::Named {
        agency_id: agency_id(),
        user_id: user.id.clone(),
    };
    match (user.role, &user.office_id) {
        (Role::Monitor, _) => Vec::new(),
        (Role::Employee, office) => {
            let mut out = vec![
                Audience::Owner {
                    agency_id: agency_id(),
                    user_id: user.id.clone(),
                },
                named(),
            ];
            if let Some(office_id) = office {
                out.push(Audience::EveryoneIn {
                    agency_id: agency_id(),
                    office_id: office_id.clone(),
                });
            }
            out
        }
        (Role::ProtocolOfficer | Role::TracingOfficer, office) => {
            let mut out = match office {
                Some(office_id) => vec![
                    Audience::Office {
                        agency_id: agency_id(),
                        office_id: office_id.clone(),
                    },
                    Audience::Staff { agency_id: agency_id() },
                ],
                None => vec![Audience::AgencyWork { agency_id: agency_id() }],
            };
            out.push(named());
            if user.role == Role::TracingOfficer {
                out.push(Audience::Health { agency_id: agency_id() });
            }
            out
        }
        (Role::CrisisAdmin | Role::Ppk, _) => vec![Audience::Agency { agency_id: agency_id() }],
    }
}

/// Whether `user` may read `record`, of `kind`: whether it is for one of the groups they are in
/// (`audiences`, `audiences_of`).
pub fn may_read(user: &UserProfile, kind: &KindShape, record: &Record) -> bool {
    let mine = audiences_of(user);
    audiences(kind, record).iter().any(|a| mine.contains(a))
}

/// Whose figures (counts per office and day, never a record) a user reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FiguresReach {
    /// A monitor compares every agency: figures are all they read.
    Everything,
    /// The offices of one agency.
    Agency { agency_id: String },
    /// One office.
    Office { agency_id: String, office_id: String },
    /// An employee reads no office's figures.
    Nothing,
}

/// The offices whose figures `user` reads: a monitor's every office; anyone else's the offices
/// whose every record they read (the whole agency's group, or an office's officers:
/// `audiences_of`), so figures never tell anyone about records they could not read.
pub fn figures_reach(user: &UserProfile) -> FiguresReach {
    if user.role == Role::Monitor {
        return FiguresReach::Everything;
    }
    audiences_of(user)
        .into_iter()
        .find_map(|audience| match audience {
            Audience::Agency { agency_id } | Audience::AgencyWork { agency_id } => {
                Some(FiguresReach::Agency { agency_id })
            }
            Audience::Office { agency_id, office_id } => Some(FiguresReach::Office { agency_id, office_id }),
            _ => None,
        })
        .unwrap_or(FiguresReach::Nothing)
}

impl FiguresReach {
    /// Whether the figures of `office_id`, of `agency_id`, are in reach.
    pub fn covers(&self, agency_id: &str, office_id: &str) -> bool {
        match self {
            FiguresReach::Everything => true,
            FiguresReach::Agency { agency_id: a } => a == agency_id,
            FiguresReach::Office {
                agency_id: a,
                office_id: o,
            } => a == agency_id && o == office_id,
            FiguresReach::Nothing => false,
        }
    }
}

/// The users `record` names in its kind's reader fields (who read it whatever their scope).
pub fn readers<'r>(kind: &'r KindShape, record: &'r Record) -> impl Iterator<Item = &'r str> + 'r {
    kind.fields
        .iter()
        .filter(|f| f.reader)
        .filter_map(|f| record.get(f.name).and_then(crate::sync::Value::as_text))
}

/// Whether `user` may write `record` (as it arrives) of `kind`, over `stored`, the record as
/// kept (`None` when it is new). Beyond scope and access: a log's entries (`Edits::AppendOnly`)
/// are corrected only by their owner, and an office's log entry is made by its owner, its
/// author (an action on an alert says who did it). Whoever screens, screens themselves: a
/// personal record about the user is theirs to write, whatever their role (a PPK too), except
/// a monitor's, who writes nothing. A health kind's records are the health team's work across
/// the agency, whatever office a tracing officer is of; assigned work (`Access::Assigned`) is
/// the admin's and its tracer's: the record as kept (or, new, as made) names them.
pub fn may_write(user: &UserProfile, kind: &KindShape, record: &Record, stored: Option<&Record>) -> bool {
    let own = |r: &Record| r.owner_id.as_deref() == Some(user.id.as_str());
    let about_me = kind.access == Access::Personal && kind.envelope == Envelope::Person && own(record);
    let in_reach = if kind.access.is_health() {
        record.agency_id == user.agency_id && assigned_to(user, kind, stored.unwrap_or(record))
    } else {
        crate::sync::Scope::of(user).can_write(record)
    };
    (kind.access.writable_by(user.role) || (about_me && user.role != Role::Monitor))
        && in_reach
        && match (kind.edits, stored) {
            (Edits::Shared, _) => true,
            (Edits::Once, stored) => stored.is_none(),
            (Edits::AppendOnly, Some(stored)) => own(stored),
            (Edits::AppendOnly, None) => kind.envelope == Envelope::Person || own(record),
        }
}

/// Whether `user` may work on `record`, of a health kind: anyone of the health team, unless it
/// is assigned work, which is the admin's and the tracer's it names.
fn assigned_to(user: &UserProfile, kind: &KindShape, record: &Record) -> bool {
    #[cfg(feature = "cases")]
    if kind.access == Access::Assigned && user.role != Role::CrisisAdmin {
        return readers(kind, record).any(|id| id == user.id);
    }
    let _ = (user, kind, record);
    true
}

/// Whether `user` may make a new record of `kind`: write one in their own envelope (their
/// agency, their office, themselves) and set every field it requires. What every screen that
/// offers to add one asks (a home's jobs, a list's "add"), so none offers what the push would
/// refuse.
pub fn may_add(user: &UserProfile, kind: &KindShape) -> bool {
    let template = Record::new(
        kind.name,
        String::new(),
        user.agency_id.clone(),
        user.office_id.clone(),
        (kind.envelope == Envelope::Person).then(|| user.id.clone()),
    );
    #[cfg(feature = "cases")]
    let template = {
        // Assigned work a tracer adds names them as its tracer.
        let mut template = template;
        if kind.access == Access::Assigned {
            for field in kind.fields.iter().filter(|f| f.reader) {
                let stamp = crate::sync::Stamp::new(0, 0, "d");
                template.set(field.name, crate::sync::Value::Text(user.id.clone()), &stamp);
            }
        }
        template
    };
    may_write(user, kind, &template, None) && kind.fields.iter().all(|f| !f.required || may_set(user, f))
}

/// Whether `user` may set `field` (an admin-only field is the Crisis Center admin's alone).
pub fn may_set(user: &UserProfile, field: &FieldDecl) -> bool {
    !field.admin_only || user.role == Role::CrisisAdmin
}

/// The first of `names` (record fields or members, as a change names them) that `user` may not
/// set in a record of `kind`, if any.
pub fn forbidden_field<'a>(
    user: &UserProfile,
    kind: &KindShape,
    names: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    names.into_iter().find(|name| {
        let field = name.split(super::MEMBER_SEPARATOR).next().unwrap_or(name);
        kind.field(field).is_some_and(|f| !may_set(user, f))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kit::{Envelope, KindShape};

    fn user(role: Role, id: &str, office: Option<&str>) -> UserProfile {
        UserProfile::in_test(role, id, office)
    }

    /// A kind with `access` whose one field, `person`, names a reader.
    fn reader_kind(access: Access) -> KindShape {
        use crate::kit::{FieldDecl, FieldType};
        static FIELDS: [FieldDecl; 1] = [FieldDecl::new(
            "person",
            false,
            FieldType::Reference("person").spec().reader(),
        )];
        KindShape {
            name: "k",
            envelope: Envelope::Office,
            parent: None,
            edits: Edits::Shared,
            access,
            ids: crate::kit::Ids::Made,
            fields: &FIELDS,
        }
    }

    /// A record of `reader_kind` in `agency`, naming `named` as its reader if given.
    fn reader_record(agency: &str, office: Option<&str>, owner: Option<&str>, named: Option<&str>) -> Record {
        use crate::sync::{Stamp, Value};
        let mut record = Record::new(
            "k",
            "r".into(),
            agency.into(),
            office.map(Into::into),
            owner.map(Into::into),
        );
        if let Some(named) = named {
            record.set("person", Value::Text(named.into()), &Stamp::new(1, 0, "d"));
        }
        record
    }

    const fn shape(access: Access, envelope: Envelope, edits: Edits) -> KindShape {
        KindShape {
            name: "k",
            envelope,
            parent: None,
            edits,
            access,
            ids: crate::kit::Ids::Made,
            fields: &[],
        }
    }

    #[test]
    fn admin_only_fields_table() {
        use crate::kit::{FieldDecl, FieldType};
        static FIELDS: [FieldDecl; 2] = [
            FieldDecl::new("what", true, FieldType::Text { max_chars: 9 }.spec()),
            FieldDecl::new("level", false, FieldType::Choice(&["light"]).spec().admin_only()),
        ];
        static KIND: KindShape = KindShape {
            name: "k",
            envelope: Envelope::Office,
            parent: None,
            edits: Edits::Shared,
            access: Access::CrisisCenter,
            ids: crate::kit::Ids::Made,
            fields: &FIELDS,
        };
        #[rustfmt::skip]
        let cases: &[(Role, &[&str], Option<&str>)] = &[
            (Role::ProtocolOfficer, &["what"],          None),
            (Role::ProtocolOfficer, &["what", "level"], Some("level")),
            (Role::TracingOfficer,  &["level"],         Some("level")),
            (Role::CrisisAdmin,     &["what", "level"], None),
            (Role::ProtocolOfficer, &["nothing_such"],  None), // unknown names are check_names' to refuse
        ];
        for (role, names, expected) in cases {
            let who = user(*role, "u", Some("of1"));
            assert_eq!(
                forbidden_field(&who, &KIND, names.iter().copied()),
                *expected,
                "{role:?} {names:?}"
            );
        }
    }

    #[test]
    fn access_by_role_table() {
        use Access::*;
        #[rustfmt::skip]
        let cases = [
            // role,                 read [Personal, CrisisCenter, OfficeWide, AgencyWide], write [the same]
            (Role::Employee,        [true,  true,  true,  false], [true,  false, false, false]),
            (Role::ProtocolOfficer, [true,  true,  true,  true],  [true,  true,  true,  false]),
            (Role::TracingOfficer,  [true,  true,  true,  true],  [true,  true,  true,  false]),
            (Role::CrisisAdmin,     [true,  true,  true,  true],  [true,  true,  true,  true]),
            (Role::Ppk,             [true,  true,  true,  true],  [false, false, false, false]),
            (Role::Monitor,         [false, false, false, false], [false, false, false, false]),
        ];
        for (role, reads, writes) in cases {
            assert_eq!(
                [Personal, CrisisCenter, OfficeWide, AgencyWide].map(|a| a.readable_by(role)),
                reads,
                "{role:?}"
            );
            assert_eq!(
                [Personal, CrisisCenter, OfficeWide, AgencyWide].map(|a| a.writable_by(role)),
                writes,
                "{role:?}"
            );
        }
    }

    #[test]
    fn log_entries_are_made_and_corrected_by_their_owner_table() {
        static PERSONAL_LOG: KindShape = shape(Access::Personal, Envelope::Person, Edits::AppendOnly);
        static OFFICE_LOG: KindShape = shape(Access::CrisisCenter, Envelope::Office, Edits::AppendOnly);
        static SHARED: KindShape = shape(Access::CrisisCenter, Envelope::Office, Edits::Shared);
        let record =
            |owner: Option<&str>| Record::new("k", "r".into(), "ag1".into(), Some("of1".into()), owner.map(Into::into));
        let employee = user(Role::Employee, "emp", Some("of1"));
        let officer = user(Role::ProtocolOfficer, "off", Some("of1"));
        let colleague = user(Role::ProtocolOfficer, "off2", Some("of1"));
        let ppk = user(Role::Ppk, "ppk", None);
        let monitor = user(Role::Monitor, "mon", Some("of1"));
        #[rustfmt::skip]
        let cases: [(&UserProfile, &KindShape, Option<&str>, Option<Option<&str>>, bool); 15] = [
            // who,       kind,           owner,      stored (its owner), may write
            (&employee,  &PERSONAL_LOG,  Some("emp"), None,              true),  // their own screening
            (&employee,  &PERSONAL_LOG,  Some("emp"), Some(Some("emp")), true),  // corrected
            (&employee,  &PERSONAL_LOG,  Some("off"), None,              false), // someone else's
            (&officer,   &PERSONAL_LOG,  Some("emp"), None,              true),  // recorded for them
            (&officer,   &PERSONAL_LOG,  Some("emp"), Some(Some("emp")), false), // but not corrected
            (&officer,   &OFFICE_LOG,    Some("off"), None,              true),  // an action, as its author
            (&officer,   &OFFICE_LOG,    Some("off2"),None,              false), // in a colleague's name
            (&officer,   &OFFICE_LOG,    None,        None,              false), // in nobody's name
            (&colleague, &OFFICE_LOG,    Some("off"), Some(Some("off")), false), // a colleague's, changed
            (&employee,  &OFFICE_LOG,    Some("emp"), None,              false), // not the Crisis Center
            (&colleague, &SHARED,        None,        Some(None),        true),  // shared: anyone in reach
            (&employee,  &SHARED,        Some("emp"), None,              false), // an employee keeps no roster
            (&ppk,       &PERSONAL_LOG,  Some("ppk"), None,              true),  // the PPK screens too
            (&ppk,       &PERSONAL_LOG,  Some("emp"), None,              false), // but no one else
            (&monitor,   &PERSONAL_LOG,  Some("mon"), None,              false), // a monitor writes nothing
        ];
        for (who, kind, owner, stored, expected) in cases {
            let stored = stored.map(|owner| record(owner));
            assert_eq!(
                may_write(who, kind, &record(owner), stored.as_ref()),
                expected,
                "{} {:?} {owner:?} {:?}",
                who.id,
                kind.edits,
                stored.as_ref().map(|s| &s.owner_id)
            );
        }
    }

    #[test]
    fn a_reader_field_lets_the_person_it_names_read_table() {
        use crate::kit::{FieldDecl, FieldType};
        use crate::sync::{Stamp, Value};
        static FIELDS: [FieldDecl; 2] = [
            FieldDecl::new("person", true, FieldType::Reference("person").spec().reader()),
            FieldDecl::new("note", false, FieldType::Reference("person").spec()),
        ];
        static KIND: KindShape = KindShape {
            name: "k",
            envelope: Envelope::Office,
            parent: None,
            edits: Edits::Shared,
            access: Access::CrisisCenter,
            ids: crate::kit::Ids::Made,
            fields: &FIELDS,
        };
        let mut record = Record::new("k", "r".into(), "ag1".into(), Some("of1".into()), None);
        record.set("person", Value::Text("emp".into()), &Stamp::new(1, 0, "d"));
        record.set("note", Value::Text("other".into()), &Stamp::new(1, 0, "d"));
        let mut elsewhere = user(Role::Employee, "emp", Some("of2"));
        elsewhere.agency_id = "ag2".into();
        #[rustfmt::skip]
        let cases = [
            (user(Role::Employee, "emp", Some("of1")),        true),  // named as reader
            (user(Role::Employee, "emp", Some("of9")),        true),  // whichever office they are in now
            (user(Role::Employee, "other", Some("of1")),      false), // named, but not as a reader
            (user(Role::Employee, "someone", Some("of1")),    false), // not named
            (elsewhere,                                       false), // the same id in another agency
            (user(Role::ProtocolOfficer, "off", Some("of1")), true),  // their office: scope
            (user(Role::Monitor, "emp", Some("of1")),         false), // never a monitor
        ];
        for (who, expected) in cases {
            assert_eq!(
                may_read(&who, &KIND, &record),
                expected,
                "{} {:?} {:?}",
                who.id,
                who.role,
                who.office_id
            );
        }
    }

    /// The audiences are the rules of version `AUDIENCE_RULES`: a change here must raise it (the
    /// server then writes every record's audiences again, and devices pull again). Version 2
    /// (issue #20): the health kinds, read by the health team and who they name, not by an
    /// office's officers nor by the agency's everyday readers (an officer with no office).
    /// Version 3: the roster read by the health team too, in every office.
    #[test]
    fn the_audiences_are_those_of_version_table() {
        assert_eq!(AUDIENCE_RULES, 3, "the table below is of version 3");
        #[rustfmt::skip]
        let cases: [(Access, Option<&str>, Option<&str>, Option<&str>, &[&str]); 11] = [
            // access,               office,      owner,       named,       audiences
            (Access::Personal,     Some("of1"), Some("emp"), None,        &["a", "w", "o:of1", "u:emp"]),
            (Access::CrisisCenter, Some("of1"), None,        Some("emp"), &["a", "w", "o:of1", "n:emp"]),
            (Access::CrisisCenter, Some("of1"), Some("emp"), Some("emp"), &["a", "w", "o:of1", "u:emp", "n:emp"]),
            (Access::CrisisCenter, None,        None,        None,        &["a", "w"]),
            (Access::Roster,       Some("of1"), None,        None,        &["a", "h", "w", "o:of1"]),
            (Access::OfficeWide,   Some("of1"), None,        None,        &["a", "w", "o:of1", "e:of1"]),
            (Access::AgencyWide,   None,        None,        Some("emp"), &["a", "w", "s"]),
            (Access::AgencyWide,   Some("of1"), Some("emp"), None,        &["a", "w", "o:of1", "s"]),
            (Access::Health,       Some("of1"), None,        Some("emp"), &["a", "h", "n:emp"]),
            (Access::Health,       Some("of1"), Some("off"), None,        &["a", "h", "u:off"]),
            (Access::Assigned,     Some("of1"), None,        Some("trc"), &["a", "n:trc"]),
        ];
        for (access, office, owner, named, expected) in cases {
            let got: Vec<String> = audiences(&reader_kind(access), &reader_record("ag1", office, owner, named))
                .iter()
                .map(|a| {
                    assert_eq!(a.agency_id(), "ag1");
                    a.key()
                })
                .collect();
            assert_eq!(got, *expected, "{access:?} {office:?} {owner:?} {named:?}");
        }
        #[rustfmt::skip]
        let users: [(Role, Option<&str>, &[&str]); 8] = [
            (Role::Employee,        Some("of1"), &["u:me", "n:me", "e:of1"]),
            (Role::ProtocolOfficer, Some("of1"), &["o:of1", "s", "n:me"]),
            (Role::ProtocolOfficer, None,        &["w", "n:me"]),
            (Role::TracingOfficer,  Some("of1"), &["o:of1", "s", "n:me", "h"]),
            (Role::TracingOfficer,  None,        &["w", "n:me", "h"]),
            (Role::CrisisAdmin,     None,        &["a"]),
            (Role::Ppk,             Some("of1"), &["a"]),
            (Role::Monitor,         Some("of1"), &[]),
        ];
        for (role, office, expected) in users {
            let got: Vec<String> = audiences_of(&user(role, "me", office))
                .iter()
                .map(Audience::key)
                .collect();
            assert_eq!(got, *expected, "{role:?} {office:?}");
        }
    }

    /// Issue #20, item 9: a case's and a contact's health details are read by the tracing
    /// officers and the admin of its agency, the PPK and the person themself; an office's other
    /// employees and officers never learn who is a case; a contact is its tracer's, not every
    /// tracer's; a monitor reads no one.
    #[test]
    fn health_details_are_read_by_the_health_team_and_the_person_table() {
        use crate::kit::{FieldDecl, FieldType};
        use crate::sync::{Stamp, Value};
        static FIELDS: [FieldDecl; 2] = [
            FieldDecl::new("tracer", false, FieldType::Reference("person").spec().reader()),
            FieldDecl::new("person", false, FieldType::Reference("person").spec().reader()),
        ];
        let kind = |access| KindShape {
            name: "k",
            envelope: Envelope::Office,
            parent: None,
            edits: Edits::Shared,
            access,
            ids: crate::kit::Ids::Made,
            fields: &FIELDS,
        };
        let (case, contact) = (kind(Access::Health), kind(Access::Assigned));
        let mut record = Record::new("k", "r".into(), "ag1".into(), Some("of1".into()), None);
        record.set("tracer", Value::Text("trc".into()), &Stamp::new(1, 0, "d"));
        record.set("person", Value::Text("sick".into()), &Stamp::new(1, 0, "d"));
        let mut elsewhere = user(Role::TracingOfficer, "trc", None);
        elsewhere.agency_id = "ag2".into();
        #[rustfmt::skip]
        let cases = [
            // who,                                             reads the case, the contact, writes the case, the contact
            (user(Role::TracingOfficer, "trc", Some("of2")),   true,  true,  true,  true),  // its tracer, of another office
            (user(Role::TracingOfficer, "trc2", None),         true,  false, true,  false), // another tracer
            (user(Role::TracingOfficer, "trc3", Some("of1")),  true,  false, true,  false), // of the case's office
            (user(Role::CrisisAdmin, "adm", None),             true,  true,  true,  true),
            (user(Role::Ppk, "ppk", None),                     true,  true,  false, false),
            (user(Role::Employee, "sick", Some("of1")),        true,  true,  false, false), // the person
            (user(Role::Employee, "emp", Some("of1")),         false, false, false, false), // a colleague
            (user(Role::ProtocolOfficer, "off", Some("of1")),  false, false, false, false), // the office's officer
            (user(Role::ProtocolOfficer, "off", None),         false, false, false, false), // the agency's
            (user(Role::Monitor, "mon", None),                 false, false, false, false),
            (elsewhere,                                        false, false, false, false), // another agency
        ];
        for (who, reads_case, reads_contact, writes_case, writes_contact) in cases {
            let label = format!("{} {:?} {:?}", who.id, who.role, who.office_id);
            assert_eq!(may_read(&who, &case, &record), reads_case, "{label} reads the case");
            assert_eq!(
                may_read(&who, &contact, &record),
                reads_contact,
                "{label} reads the contact"
            );
            assert_eq!(
                may_write(&who, &case, &record, Some(&record)),
                writes_case,
                "{label} writes the case"
            );
            assert_eq!(
                may_write(&who, &contact, &record, Some(&record)),
                writes_contact,
                "{label} writes the contact"
            );
        }
        // A tracer hands a contact on, and may not take one: the record as kept decides.
        let mut handed = record.clone();
        handed.set("tracer", Value::Text("trc2".into()), &Stamp::new(2, 0, "d"));
        assert!(may_write(
            &user(Role::TracingOfficer, "trc", None),
            &contact,
            &handed,
            Some(&record)
        ));
        assert!(!may_write(
            &user(Role::TracingOfficer, "trc2", None),
            &contact,
            &handed,
            Some(&record)
        ));
        // A new one is theirs only if it names them.
        assert!(may_write(
            &user(Role::TracingOfficer, "trc", None),
            &contact,
            &record,
            None
        ));
        assert!(!may_write(
            &user(Role::TracingOfficer, "trc2", None),
            &contact,
            &record,
            None
        ));
        // Offered: to tracers and the admin, never to an officer of the office.
        for (role, offered) in [
            (Role::TracingOfficer, true),
            (Role::CrisisAdmin, true),
            (Role::ProtocolOfficer, false),
            (Role::Ppk, false),
            (Role::Employee, false),
        ] {
            let who = user(role, "me", (role != Role::CrisisAdmin).then_some("of1"));
            assert_eq!(may_add(&who, &case), offered, "{role:?} adds a case");
            assert_eq!(may_add(&who, &contact), offered, "{role:?} adds a contact");
        }
    }

    #[test]
    fn figures_reach_the_offices_whose_records_a_user_reads_table() {
        #[rustfmt::skip]
        let cases = [
            // role,                 office,      [of1, of2, another agency's of1]
            (Role::Monitor,         None,        [true,  true,  true]),
            (Role::CrisisAdmin,     None,        [true,  true,  false]),
            (Role::Ppk,             Some("of1"), [true,  true,  false]),
            (Role::ProtocolOfficer, Some("of1"), [true,  false, false]),
            (Role::TracingOfficer,  None,        [true,  true,  false]),
            (Role::Employee,        Some("of1"), [false, false, false]),
        ];
        for (role, office, expected) in cases {
            let reach = figures_reach(&user(role, "me", office));
            assert_eq!(
                [
                    reach.covers("ag1", "of1"),
                    reach.covers("ag1", "of2"),
                    reach.covers("ag2", "of1")
                ],
                expected,
                "{role:?} {office:?}"
            );
        }
    }

    /// The audiences give what the scopes gave before them (issue #18): over every role, office,
    /// owner, reader and access of that time (the health kinds came after), `may_read` agrees
    /// with the rule as it was written then.
    #[test]
    fn reading_by_audience_is_reading_by_scope() {
        let by_scope = |user: &UserProfile, kind: &KindShape, record: &Record| {
            let own_office = kind.access == Access::OfficeWide
                && record.agency_id == user.agency_id
                && user.office_id.is_some()
                && record.office_id == user.office_id;
            let own_agency = kind.access == Access::AgencyWide && record.agency_id == user.agency_id;
            let named = record.agency_id == user.agency_id && readers(kind, record).any(|id| id == user.id);
            kind.access.readable_by(user.role)
                && (own_office || own_agency || named || crate::sync::Scope::of(user).can_read(record))
        };
        let mut checked = 0;
        for access in [
            Access::Personal,
            Access::CrisisCenter,
            Access::OfficeWide,
            Access::AgencyWide,
        ] {
            let kind = reader_kind(access);
            for agency in ["ag1", "ag2"] {
                for office in [None, Some("of1"), Some("of2")] {
                    for owner in [None, Some("me"), Some("other")] {
                        for named in [None, Some("me"), Some("other")] {
                            let record = reader_record(agency, office, owner, named);
                            for role in Role::ALL {
                                for user_office in [None, Some("of1")] {
                                    let who = user(role, "me", user_office);
                                    assert_eq!(
                                        may_read(&who, &kind, &record),
                                        by_scope(&who, &kind, &record),
                                        "{role:?} at {user_office:?} reading {access:?} of {agency} {office:?} owned by {owner:?} naming {named:?}"
                                    );
                                    checked += 1;
                                }
                            }
                        }
                    }
                }
            }
        }
        assert_eq!(checked, 4 * 2 * 3 * 3 * 3 * 6 * 2);
    }

    #[test]
    fn an_agency_wide_version_is_made_once_by_the_admin_and_read_across_the_agency() {
        static ONCE: KindShape = shape(Access::AgencyWide, Envelope::Agency, Edits::Once);
        let version = Record::new("k", "t".into(), "ag1".into(), None, None);
        let admin = user(Role::CrisisAdmin, "adm", None);
        let officer = user(Role::ProtocolOfficer, "off", Some("of1"));
        #[rustfmt::skip]
        let cases = [
            // who,                                      reads, makes, changes
            (&admin,                                     true,  true,  false),
            (&officer,                                   true,  false, false), // any office of the agency
            (&user(Role::Ppk, "ppk", None),              true,  false, false),
            (&user(Role::Employee, "emp", Some("of1")),  false, false, false),
            (&user(Role::Monitor, "mon", None),          false, false, false),
        ];
        for (who, reads, makes, changes) in cases {
            assert_eq!(may_read(who, &ONCE, &version), reads, "{:?} reads", who.role);
            assert_eq!(may_write(who, &ONCE, &version, None), makes, "{:?} makes", who.role);
            assert_eq!(
                may_write(who, &ONCE, &version, Some(&version)),
                changes,
                "{:?} changes",
                who.role
            );
        }
    }
}
