//! Roles and the signed-in user's profile and scope (agency, office).

use serde::{Deserialize, Serialize};

/// What a user does in the Crisis Center (DESIGN.md §2). The home screen and, later, every
/// permission check key off this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Employee,
    ProtocolOfficer,
    TracingOfficer,
    CrisisAdmin,
    Ppk,
    Monitor,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Employee,
        Role::ProtocolOfficer,
        Role::TracingOfficer,
        Role::CrisisAdmin,
        Role::Ppk,
        Role::Monitor,
    ];

    /// The stable name stored in the database and sent over the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Employee => "employee",
            Role::ProtocolOfficer => "protocol_officer",
            Role::TracingOfficer => "tracing_officer",
            Role::CrisisAdmin => "crisis_admin",
            Role::Ppk => "ppk",
            Role::Monitor => "monitor",
        }
    }

    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == name)
    }
}

/// The signed-in user as the client keeps it: who they are and what they may see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserProfile {
    pub id: String,
    pub username: String,
    pub full_name: String,
    pub role: Role,
    pub agency_id: String,
    pub agency_name: String,
    /// `None` for roles whose scope is the whole agency (admin, PPK) or wider (monitor).
    pub office_id: Option<String>,
    pub office_name: Option<String>,
}

#[cfg(test)]
impl UserProfile {
    /// A user `id` of agency `ag1` with `role`, at `office` (`None`: the whole agency), for the
    /// core's tables of who may do what.
    pub(crate) fn in_test(role: Role, id: &str, office: Option<&str>) -> UserProfile {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.as_str()));
        }
        assert_eq!(Role::parse("admin"), None);
    }
}
