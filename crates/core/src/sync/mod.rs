//! Sync, as both sides see it: stamps, the clock, records and their merge, scope, wire types.

pub mod clock;
pub mod protocol;
pub mod record;
pub mod scope;
pub mod stamp;
pub mod value;

pub use clock::Clock;
pub use record::{Field, FieldChange, MergeError, Record, RecordEnvelope, SyncRecord};
pub use scope::Scope;
pub use stamp::Stamp;
pub use value::Value;
