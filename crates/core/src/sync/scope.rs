//! Which records a user may see and send: the one rule the server applies to every pull and push.

use crate::{Role, UserProfile};

use super::record::Record;

/// What part of the data a user reaches. The server turns this into a `WHERE` clause for pulls
/// and checks every pushed record against it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Monitors (Pemda, Satgas, ministry) read every agency and write nothing.
    Everything,
    /// Crisis Center admins and PPKs: their whole agency.
    Agency { agency_id: String },
    /// Officers assigned to an office: that office of their agency.
    Office { agency_id: String, office_id: String },
    /// Employees: the records about themselves.
    Own { agency_id: String, user_id: String },
}

impl Scope {
    pub fn of(user: &UserProfile) -> Scope {
        let agency_id = user.agency_id.clone();
        match (user.role, &user.office_id) {
            (Role::Monitor, _) => Scope::Everything,
            (Role::Employee, _) => Scope::Own {
                agency_id,
                user_id: user.id.clone(),
            },
            (Role::ProtocolOfficer | Role::TracingOfficer, Some(office_id)) => Scope::Office {
                agency_id,
                office_id: office_id.clone(),
            },
            (Role::ProtocolOfficer | Role::TracingOfficer | Role::CrisisAdmin | Role::Ppk, _) => {
                Scope::Agency { agency_id }
            }
        }
    }

    pub fn can_read(&self, record: &Record) -> bool {
        match self {
            Scope::Everything => true,
            Scope::Agency { agency_id } => record.agency_id == *agency_id,
            Scope::Office { agency_id, office_id } => {
                record.agency_id == *agency_id && record.office_id.as_deref() == Some(office_id)
            }
            Scope::Own { agency_id, user_id } => {
                record.agency_id == *agency_id && record.owner_id.as_deref() == Some(user_id)
            }
        }
    }

    /// Writing needs the record in reach, and monitors only read.
    pub fn can_write(&self, record: &Record) -> bool {
        !matches!(self, Scope::Everything) && self.can_read(record)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role, office: Option<&str>) -> UserProfile {
        UserProfile::in_test(role, "u1", office)
    }

    #[test]
    fn scope_table() {
        let record = |agency: &str, office: Option<&str>, owner: Option<&str>| {
            Record::new(
                "screening",
                "r".into(),
                agency.into(),
                office.map(Into::into),
                owner.map(Into::into),
            )
        };
        let own = record("ag1", Some("of1"), Some("u1"));
        let colleague = record("ag1", Some("of1"), Some("u2"));
        let other_office = record("ag1", Some("of2"), Some("u3"));
        let other_agency = record("ag2", Some("of9"), Some("u1"));
        #[rustfmt::skip]
        let cases = [
            // role,                 office,       [read own, colleague, other office, other agency], writes?
            (Role::Employee,        Some("of1"), [true,  false, false, false], true),
            (Role::ProtocolOfficer, Some("of1"), [true,  true,  false, false], true),
            (Role::TracingOfficer,  None,        [true,  true,  true,  false], true),
            (Role::CrisisAdmin,     None,        [true,  true,  true,  false], true),
            (Role::Ppk,             None,        [true,  true,  true,  false], true),
            (Role::Monitor,         None,        [true,  true,  true,  true],  false),
        ];
        for (role, office, reads, writes) in cases {
            let scope = Scope::of(&user(role, office));
            let got = [&own, &colleague, &other_office, &other_agency].map(|r| scope.can_read(r));
            assert_eq!(got, reads, "{role:?}");
            assert_eq!(scope.can_write(&own), writes, "{role:?}");
            assert!(!scope.can_write(&other_agency), "{role:?} writes another agency");
        }
    }
}
