//! A list of kinds, as a program knows them: what the server's checks and projections, the
//! device's indexes and the generic views loop over. The kit declares no kind: the standard
//! list is `kinds::STANDARD` (with `Registry::standard()`), a layer above.
//!
//! Two views of the one list: `Registry`, the declarations with their checks (the server, the
//! generic views), and `Indexes`, what the device's store needs (every client's first load):
//! names and indexed fields, which links no kind's fields, checks or rules.

use super::decl::{FieldType, KindDecl, KindIndex};

/// What the device's store needs of a list of kinds (`KindIndex`): no fields, no checks.
#[derive(Debug, Clone, Copy)]
pub struct Indexes {
    kinds: &'static [&'static KindIndex],
}

impl Indexes {
    pub const fn new(kinds: &'static [&'static KindIndex]) -> Indexes {
        Indexes { kinds }
    }

    pub fn kinds(&self) -> &'static [&'static KindIndex] {
        self.kinds
    }

    pub fn get(&self, name: &str) -> Option<&'static KindIndex> {
        self.kinds.iter().copied().find(|k| k.name == name)
    }

    /// The envelope fields every kind is indexed by on the device, beside its declared fields.
    /// `id` lists a kind's records in the order they were made (ids are UUIDv7, time-ordered).
    pub const ENVELOPE: [&'static str; 3] = ["id", "owner_id", "parent_id"];

    /// The list as the device's store reads it, JSON text:
    /// `{"envelope":[field, ...],"kinds":[[kind, parent or null, [field, ...]], ...]}`. The
    /// client's build writes the standard list's text into the client (its `build.rs`), so the
    /// first load carries one string, parsed by the browser, instead of a static per kind: a
    /// kind costs the first load its names only.
    pub fn json(&self) -> String {
        let text = |name: &str| format!("\"{name}\"");
        let list = |names: &[&str]| names.iter().map(|n| text(n)).collect::<Vec<_>>().join(",");
        let kinds: Vec<String> = self
            .kinds
            .iter()
            .map(|k| {
                let parent = k.parent.map_or_else(|| "null".to_owned(), text);
                format!("[{},{parent},[{}]]", text(k.name), list(k.indexed))
            })
            .collect();
        format!(
            "{{\"envelope\":[{}],\"kinds\":[{}]}}",
            list(&Self::ENVELOPE),
            kinds.join(",")
        )
    }

    /// What the device's index keys depend on: FNV-1a of the envelope fields and every kind's
    /// name and indexed fields, in order. The device keeps it beside its rows and recomputes
    /// their keys when it differs (a new declaration).
    pub fn fingerprint(&self) -> u32 {
        let mut hash: u32 = 0x811c_9dc5;
        let mut eat = |text: &str| {
            for byte in text.bytes().chain([b';']) {
                hash = (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193);
            }
        };
        for field in Self::ENVELOPE {
            eat(field);
        }
        for kind in self.kinds {
            eat(kind.name);
            for field in kind.indexed {
                eat(field);
            }
        }
        hash
    }
}

/// The declarations of a list of kinds, with their checks.
#[derive(Debug, Clone, Copy)]
pub struct Registry {
    kinds: &'static [&'static KindDecl],
}

impl Registry {
    pub const fn new(kinds: &'static [&'static KindDecl]) -> Registry {
        Registry { kinds }
    }

    pub fn kinds(&self) -> &'static [&'static KindDecl] {
        self.kinds
    }

    pub fn get(&self, name: &str) -> Option<&'static KindDecl> {
        self.kinds.iter().copied().find(|k| k.name == name)
    }

    /// What is wrong with the declarations themselves, if anything: a kind named twice, a parent
    /// no kind declares, a projection of a set or map (which has no one column; but a map of
    /// choices projects as one count per choice, `<field>_<choice>`), a field or count column
    /// named so it could not be a column or a translation key. Tests and the server's start call it.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let word = |name: &str| {
            !name.is_empty()
                && name.len() <= 48
                && name.starts_with(|c: char| c.is_ascii_lowercase())
                && name.bytes().all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_'))
        };
        for (i, kind) in self.kinds.iter().enumerate() {
            if kind.checks.len() != kind.fields.len() {
                problems.push(format!("kind {} has not one check per field", kind.name));
            }
            if !word(kind.name) {
                problems.push(format!("kind name {:?} is not a snake_case word", kind.name));
            }
            if self.kinds[..i].iter().any(|k| k.name == kind.name) {
                problems.push(format!("kind {} is declared twice", kind.name));
            }
            if let Some(parent) = kind.parent {
                if self.get(parent).is_none() {
                    problems.push(format!(
                        "kind {} names parent {parent}, which is not declared",
                        kind.name
                    ));
                }
            }
            for (j, field) in kind.fields.iter().enumerate() {
                if !word(field.name) {
                    problems.push(format!("{}.{} is not a snake_case word", kind.name, field.name));
                }
                if kind.fields[..j].iter().any(|f| f.name == field.name) {
                    problems.push(format!("{}.{} is declared twice", kind.name, field.name));
                }
                let counted = field.counted_choices().is_some();
                if field.is_composite() && (field.index || (field.project && !counted)) {
                    problems.push(format!(
                        "{}.{} is a set or map: it cannot be indexed, nor projected unless its items are choices",
                        kind.name, field.name
                    ));
                }
                if field.project {
                    for (column, choice) in field.count_columns() {
                        let taken = kind.fields.iter().any(|f| f.name == column)
                            || kind.fields[..j]
                                .iter()
                                .filter(|f| f.project)
                                .any(|f| f.count_columns().iter().any(|(c, _)| *c == column));
                        if !word(&column) || taken {
                            problems.push(format!(
                                "{}.{}: choice {choice:?} cannot name a count column ({column})",
                                kind.name, field.name
                            ));
                        }
                    }
                }
                let codes: &[&str] = match field.ty {
                    FieldType::Choice(codes) | FieldType::ChoiceSet(codes) => codes,
                    _ => &[],
                };
                if codes.contains(&super::decl::HINT) {
                    problems.push(format!(
                        "{}.{} has a code named {:?}, the hint's key",
                        kind.name,
                        field.name,
                        super::decl::HINT
                    ));
                }
                if let FieldType::Reference(target) = field.ty {
                    if self.get(target).is_none() {
                        problems.push(format!(
                            "{}.{} refers to undeclared kind {target}",
                            kind.name, field.name
                        ));
                    }
                }
                if field.reader && !matches!(field.ty, FieldType::Reference(target) if target == super::PERSON_KIND) {
                    problems.push(format!(
                        "{}.{} is a reader but not a reference to a person",
                        kind.name, field.name
                    ));
                }
                if let FieldType::Items { item, .. } = field.ty {
                    if matches!(
                        item,
                        FieldType::ChoiceSet(_) | FieldType::Attachments { .. } | FieldType::Items { .. }
                    ) {
                        problems.push(format!("{}.{}: map items must be scalars", kind.name, field.name));
                    }
                }
            }
        }
        problems
    }
}
