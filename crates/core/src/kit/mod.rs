//! The record kit: a record type is one declaration (`record_kind!`), and everything else reads
//! it: the conversion to and from the synced record, validation on both sides (`check`), the
//! server's checks and projection columns, the device's indexes, the generic views.

mod access;
mod check;
mod decl;
mod input;
mod macros;
mod registry;
mod values;

pub use access::{
    audiences, audiences_of, figures_reach, forbidden_field, may_add, may_read, may_set, may_write, readers, Access,
    Audience, FiguresReach, AUDIENCE_RULES,
};
pub use check::{
    check, check_id, check_names, check_scalar, check_undeclared, format_fixed, is_field_name, is_id, is_member_key,
    is_sha256_hex, Context, ALLOWED_SKEW_MS, INDONESIA_UTC_OFFSETS_MINUTES, MAX_HOLDER_ID_LEN, MAX_ID_LEN,
    MAX_MEMBER_KEY_LEN, MAX_UNDECLARED_FIELDS, MAX_UNDECLARED_VALUE_BYTES,
};
pub use decl::{
    derive, indexed_count, indexed_names, no_rules, referenced_kinds, Edits, Envelope, FieldCheck, FieldDecl,
    FieldType, Fill, Holder, Ids, Invalid, Keyboard, KindDecl, KindIndex, KindShape, Rules, Spec, HINT,
};
pub use input::{held_spelling, parse_fixed, parse_input, spelling_key};
pub use registry::{Indexes, Registry};

/// The kind whose records are people (a roster's): a field that names a reader is a reference
/// to one. Declared by `kinds::roster`, which a test holds to this name.
pub const PERSON_KIND: &str = "person";
pub use values::{members, KitValue, Scalar, MEMBER_SEPARATOR};

#[cfg(test)]
mod tests;
