//! `record_kind!`: a record type in one declaration. It writes the typed struct (envelope plus
//! declared fields), the `static` declaration every generic loop reads, and the conversion to
//! and from the synced record, so no field name is written twice by hand.

/// Declares a record kind:
///
/// ```ignore
/// record_kind! {
///     /// A close contact of a case.
///     pub struct Contact, CONTACT {
///         kind: "contact",
///         envelope: Office,
///         parent: Some("case"),
///         edits: Shared,
///         access: CrisisCenter,
///         rules: no_rules,
///     }
///     fields {
///         name: String = FieldType::Text { max_chars: 100 }.spec(),
///         status: String = FieldType::Choice(&["quarantine", "done"]).spec().index().project(),
///     }
/// }
/// ```
///
/// The struct gets the envelope (`id`, `agency_id`, `office_id`, `owner_id`, `parent_id`) and
/// one public member per field; `CONTACT` is its `KindDecl`. A field is required unless its Rust
/// type is an `Option`, a set (`Vec<String>`) or a map (`Vec<(String, V)>`).
#[macro_export]
macro_rules! record_kind {
    (@fill) => { None };
    (@fill $fill:expr) => { Some($fill as $crate::kit::Fill) };
    (@ids) => { $crate::kit::Ids::Made };
    (@ids $ids:expr) => { $ids };
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident, $decl:ident {
            kind: $kind:literal,
            envelope: $envelope:ident,
            parent: $parent:expr,
            edits: $edits:ident,
            access: $access:ident,
            rules: $rules:expr
            $(, fill: $fill:expr)?
            $(, ids: $ids:expr)? $(,)?
        }
        fields {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty = $spec:expr ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        $vis struct $name {
            /// A UUIDv7 made where the record was made, so an offline record has its identity.
            pub id: String,
            pub agency_id: String,
            pub office_id: Option<String>,
            /// The person the record is about.
            pub owner_id: Option<String>,
            /// The record this one belongs to, whose scope it inherits.
            pub parent_id: Option<String>,
            $( $(#[$fmeta])* pub $field: $ty, )*
        }

        $vis static $decl: $crate::kit::KindDecl = {
            const FIELDS: &[$crate::kit::FieldDecl] = &[ $( $crate::kit::FieldDecl::new(
                stringify!($field),
                <$ty as $crate::kit::KitValue>::REQUIRED,
                $spec,
            ) ),* ];
            const INDEXED: [&str; $crate::kit::indexed_count(FIELDS)] = $crate::kit::indexed_names(FIELDS);
            $crate::kit::KindDecl {
                shape: &$crate::kit::KindShape {
                    name: $kind,
                    envelope: $crate::kit::Envelope::$envelope,
                    parent: $parent,
                    edits: $crate::kit::Edits::$edits,
                    access: $crate::kit::Access::$access,
                    ids: $crate::record_kind!(@ids $($ids)?),
                    fields: FIELDS,
                },
                // Its own allocation, which `Indexes` lists without the rest of the declaration.
                index: &$crate::kit::KindIndex { name: $kind, parent: $parent, indexed: &INDEXED },
                checks: &[ $( $crate::kit::Spec::checker(&$spec) ),* ],
                rules: $rules,
                fill: $crate::record_kind!(@fill $($fill)?),
            }
        };

        impl $crate::sync::SyncRecord for $name {
            const KIND: &'static str = $kind;

            fn decl() -> &'static $crate::kit::KindDecl {
                &$decl
            }

            fn envelope(&self) -> $crate::sync::RecordEnvelope<'_> {
                $crate::sync::RecordEnvelope {
                    id: &self.id,
                    agency_id: &self.agency_id,
                    office_id: self.office_id.as_deref(),
                    owner_id: self.owner_id.as_deref(),
                    parent_id: self.parent_id.as_deref(),
                }
            }

            fn write_into(&self, record: &mut $crate::sync::Record, stamp: &$crate::sync::Stamp) -> usize {
                0 $( + $crate::kit::KitValue::put(&self.$field, stringify!($field), record, stamp) )*
            }

            fn from_record(record: &$crate::sync::Record) -> Result<Self, $crate::kit::Invalid> {
                if record.kind != $kind {
                    return Err($crate::kit::Invalid::new("kind", $crate::Problem::WrongType));
                }
                Ok($name {
                    id: record.id.clone(),
                    agency_id: record.agency_id.clone(),
                    office_id: record.office_id.clone(),
                    owner_id: record.owner_id.clone(),
                    parent_id: record.parent_id.clone(),
                    $( $field: $crate::kit::KitValue::take(record, stringify!($field))?, )*
                })
            }
        }
    };
}
