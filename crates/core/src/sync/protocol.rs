//! The sync wire protocol: push and pull bodies, per-entry acknowledgements, history rows.

use serde::{Deserialize, Serialize};

use super::record::Record;
use super::stamp::Stamp;
use super::value::Value;
use crate::kit::Invalid;
use crate::validation::Problem;

/// Most entries a push may carry, and most records a pull page returns. Big enough that 10,000
/// queued records go in a handful of round trips, small enough to keep a page's JSON in memory
/// on a cheap phone.
pub const MAX_PUSH_ENTRIES: usize = 2_000;
pub const MAX_PULL_PAGE: usize = 5_000;
pub const DEFAULT_PULL_PAGE: usize = 2_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushRequest {
    pub device_id: String,
    /// The device's outbox entries of the signed-in user, oldest first: their sequence numbers
    /// (the outbox keys) rise. The server keeps the last one it applied per device and user.
    pub entries: Vec<PushEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushEntry {
    pub seq: u64,
    pub record: Record,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushResponse {
    /// One per entry, in order.
    pub acks: Vec<Ack>,
    /// The last sequence the server applied from this device for this user, after this push.
    pub last_seq: u64,
    pub server_time_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ack {
    pub seq: u64,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Applied,
    /// Already applied by an earlier delivery of the same entry: nothing changed.
    Duplicate,
    /// Not applied. The device keeps the record, marked with this, until the user acts.
    Rejected(Rejection),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rejection {
    pub code: RejectCode,
    /// English detail for logs and support; the client shows a translated text for `code`.
    pub detail: String,
    /// For an invalid record: the record field at fault (a declared field's name, or an
    /// envelope part such as `parent_id`) and what is wrong with it, which the device
    /// translates. Absent for other refusals, and from servers before the record kit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<Problem>,
}

impl Rejection {
    /// A refusal that is not about one field.
    pub fn new(code: RejectCode, detail: String) -> Rejection {
        Rejection {
            code,
            detail,
            field: None,
            problem: None,
        }
    }

    /// An invalid record, naming the field and the problem.
    pub fn invalid(invalid: &Invalid) -> Rejection {
        Rejection {
            code: RejectCode::Invalid,
            detail: invalid.to_string(),
            field: Some(invalid.field.to_owned()),
            problem: Some(invalid.problem.clone()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RejectCode {
    /// The fields do not make a valid record of its kind.
    Invalid,
    /// The record lies outside what this user may write.
    OutOfScope,
    /// The record tries to change its fixed envelope (kind, agency, office, owner).
    EnvelopeChanged,
    /// A record of a kind this server does not know.
    UnknownKind,
    /// A change stamped further ahead of the server's clock than it allows: the device stamps it
    /// again by the server's time and sends it once more (issue #18).
    ClockAhead,
}

impl RejectCode {
    pub const ALL: [RejectCode; 5] = [
        RejectCode::Invalid,
        RejectCode::OutOfScope,
        RejectCode::EnvelopeChanged,
        RejectCode::UnknownKind,
        RejectCode::ClockAhead,
    ];

    /// The name sent over the wire (serde's `snake_case` name, which a test holds it to).
    pub fn as_str(self) -> &'static str {
        match self {
            RejectCode::Invalid => "invalid",
            RejectCode::OutOfScope => "out_of_scope",
            RejectCode::EnvelopeChanged => "envelope_changed",
            RejectCode::UnknownKind => "unknown_kind",
            RejectCode::ClockAhead => "clock_ahead",
        }
    }

    pub fn parse(name: &str) -> Option<RejectCode> {
        RejectCode::ALL.into_iter().find(|code| code.as_str() == name)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PullResponse {
    /// Records changed after the request's cursor, oldest change first, as the server has them.
    pub records: Vec<Record>,
    /// Where the next pull starts. Stored with the page, in the same local transaction.
    pub cursor: u64,
    /// Whether another page is waiting.
    pub more: bool,
    pub server_time_ms: i64,
    /// How many records in the user's scope changed after `cursor` when this page was read: with
    /// the page's own, what a long first sync shows as "so many of so many". Servers before
    /// issue #11 do not send it.
    #[serde(default)]
    pub remaining: u64,
    /// Records that left the user's reach after the request's cursor, up to this page's (a
    /// change unnamed them as a reader): the device drops them, unless a change of its own to
    /// one is still queued. Servers before issue #18 do not send it.
    #[serde(default)]
    pub gone: Vec<String>,
    /// What the user's reach is now (their role, agency and office, as a fingerprint): the
    /// device sends it back with its next pull.
    #[serde(default)]
    pub reach: String,
    /// The reach the device sent is not the user's now (a new office or role): this page and the
    /// ones after it start from the beginning, and whatever the device holds that they do not
    /// bring has left the user's reach.
    #[serde(default)]
    pub reset: bool,
}

/// `POST /api/sync/screened`: what an employee's phone asks while it waits for the day's
/// screening, in place of a pull (the pull's code is fetched with the home's views, after the
/// screening): whether the signed-in user's screening of `date` is on the server (made on
/// another phone, or recorded for them), and the server's time, which the screening is dated
/// by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScreenedRequest {
    /// The day, `yyyy-mm-dd`, as the device reckons it by the server's time.
    pub date: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScreenedResponse {
    /// Whether the server holds the user's screening of the day asked for (not deleted).
    pub screened: bool,
    pub server_time_ms: i64,
}

/// One field change as the server's history keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryEntry {
    pub field: String,
    pub old: Option<Value>,
    pub new: Value,
    pub stamp: Stamp,
    /// Whether the change took effect, or arrived after a later one and was kept only here.
    pub won: bool,
    pub user_id: String,
    pub device_id: String,
    pub received_at_ms: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reject_code_names_are_serdes_names() {
        for code in RejectCode::ALL {
            assert_eq!(RejectCode::parse(code.as_str()), Some(code));
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
        assert_eq!(RejectCode::parse("Invalid"), None);
    }
}
