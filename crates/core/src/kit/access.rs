//! Who reads and writes a kind's records: the user's scope (`Scope`: own, office, agency,
//! everything) narrowed by the kind's `Access` and `Edits`, by role. One rule, applied by the
//! server to every push, pull, history and photo, and by the device to decide what it offers.
//!
//! Monitors (Pemda, Satgas, ministry) compare agencies by their figures (scores, counts, flags
//! per office) and never read a record about a person: health answers are specific personal
//! data under UU 27/2022, and stay with the person and their own Crisis Center.

use crate::sync::{Record, Scope};
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
    /// The office's own notices to everyone in it (the day's work-from-office plan): kept by the
    /// Crisis Center, read by every employee of the office, never by a monitor.
    OfficeWide,
    /// The agency's own rules for its Crisis Center (its checklist versions): made by the admin
    /// alone, read by everyone of the agency who does the Crisis Center's work (the officers of
    /// every office, the PPK); not by an employee, never by a monitor.
    AgencyWide,
}

impl Access {
    /// Whether `role` reads records of a kind with this access (within its scope).
    pub fn readable_by(self, role: Role) -> bool {
        match self {
            Access::AgencyWide => !matches!(role, Role::Monitor | Role::Employee),
            _ => role != Role::Monitor,
        }
    }

    /// Whether `role` writes records of a kind with this access (within its scope).
    pub fn writable_by(self, role: Role) -> bool {
        match role {
            Role::CrisisAdmin => true,
            Role::ProtocolOfficer | Role::TracingOfficer => self != Access::AgencyWide,
            Role::Employee => self == Access::Personal,
            Role::Ppk | Role::Monitor => false,
        }
    }
}

/// Whether `user` may read `record`, of `kind`: in their scope, an office-wide record of their
/// own office, an agency-wide record of their agency, or a record that names them in a reader
/// field (a violation names its person and the unit head answerable, who read it whatever their
/// scope).
pub fn may_read(user: &UserProfile, kind: &KindShape, record: &Record) -> bool {
    let own_office = kind.access == Access::OfficeWide
        && record.agency_id == user.agency_id
        && user.office_id.is_some()
        && record.office_id == user.office_id;
    let own_agency = kind.access == Access::AgencyWide && record.agency_id == user.agency_id;
    kind.access.readable_by(user.role)
        && (own_office || own_agency || names_reader(kind, record, user) || Scope::of(user).can_read(record))
}

/// Whether `record` names `user` in one of its kind's reader fields, in the user's agency.
pub fn names_reader(kind: &KindShape, record: &Record, user: &UserProfile) -> bool {
    record.agency_id == user.agency_id && readers(kind, record).any(|id| id == user.id)
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
/// a monitor's, who writes nothing.
pub fn may_write(user: &UserProfile, kind: &KindShape, record: &Record, stored: Option<&Record>) -> bool {
    let own = |r: &Record| r.owner_id.as_deref() == Some(user.id.as_str());
    let about_me = kind.access == Access::Personal && kind.envelope == Envelope::Person && own(record);
    (kind.access.writable_by(user.role) || (about_me && user.role != Role::Monitor))
        && Scope::of(user).can_write(record)
        && match (kind.edits, stored) {
            (Edits::Shared, _) => true,
            (Edits::Once, stored) => stored.is_none(),
            (Edits::AppendOnly, Some(stored)) => own(stored),
            (Edits::AppendOnly, None) => kind.envelope == Envelope::Person || own(record),
        }
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
        UserProfile {
            id: id.into(),
            username: id.into(),
            full_name: id.into(),
            role,
            agency_id: "ag1".into(),
            agency_name: "A".into(),
            office_id: office.map(Into::into),
            office_name: None,
        }
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
