//! A record type's declaration: its fields with their value types and bounds, its scope
//! envelope, its parent, what the device indexes and the server projects, and how it is edited.
//! Declarations are `static` data, so every loop over kinds (server checks, projection columns,
//! device indexes, generic views) reads the same truth.
//!
//! The declaration is two statics: the kind's shape (`KindShape`: names, types, bounds, flags,
//! data only) and the `KindDecl` that adds its checks (function pointers). What needs only the
//! shapes (the device's indexes, which every client loads first) holds no pointer to any check,
//! so a kind's checks and rules are linked only where something checks that kind: adding a kind
//! does not grow an employee's first load.

use crate::sync::Record;
use crate::validation::Problem;

use super::check::Context;

/// One record type's shape, as `record_kind!` declares it: data only.
#[derive(Debug)]
pub struct KindShape {
    /// The `kind` every record of this type carries; also the prefix of its translation keys.
    pub name: &'static str,
    pub envelope: Envelope,
    /// The kind of this kind's parent (a contact's case), whose scope a child inherits.
    pub parent: Option<&'static str>,
    pub edits: Edits,
    /// Who reads and writes its records, by role (`access.rs`).
    pub access: super::access::Access,
    /// How its records' ids are made: any id, or one a day per person or office.
    pub ids: Ids,
    pub fields: &'static [FieldDecl],
}

/// What the device's store needs of a kind, and nothing more: its name, its parent, and the
/// scalar fields it indexes. Every client loads the store first, so this is all a kind costs
/// an employee's first load (a few names), however many fields and checks it has.
#[derive(Debug)]
pub struct KindIndex {
    pub name: &'static str,
    pub parent: Option<&'static str>,
    /// The fields declared `index()` that hold one value (sets and maps are not indexed).
    pub indexed: &'static [&'static str],
}

/// How many of `fields` the device indexes (for `indexed_names`' array length).
pub const fn indexed_count(fields: &[FieldDecl]) -> usize {
    let mut count = 0;
    let mut i = 0;
    while i < fields.len() {
        if fields[i].index && !fields[i].is_composite() {
            count += 1;
        }
        i += 1;
    }
    count
}

/// The names of the fields the device indexes, in declaration order (`N` from `indexed_count`).
pub const fn indexed_names<const N: usize>(fields: &[FieldDecl]) -> [&'static str; N] {
    let mut names = [""; N];
    let (mut i, mut j) = (0, 0);
    while i < fields.len() {
        if fields[i].index && !fields[i].is_composite() {
            names[j] = fields[i].name;
            j += 1;
        }
        i += 1;
    }
    names
}

/// One record type with its checks: its shape (which it derefs to), what the device indexes,
/// each field's check in the order of the fields, and the kind's own rules.
#[derive(Debug)]
pub struct KindDecl {
    pub shape: &'static KindShape,
    pub index: &'static KindIndex,
    /// The check of each field's value(s), chosen from its type when declared
    /// (`check::checker_for`), so a bundle holds only the checks of the value types its checked
    /// kinds use.
    pub checks: &'static [FieldCheck],
    /// The kind's own rules, run after every field passed its declared checks.
    pub rules: Rules,
    /// Fills the kind's `derived` fields from the records its references name, before a form
    /// checks and saves (a violation copies its person's name and unit, and names the unit's
    /// head). `None` for a kind with nothing derived.
    pub fill: Option<Fill>,
}

impl std::ops::Deref for KindDecl {
    type Target = KindShape;

    fn deref(&self) -> &KindShape {
        self.shape
    }
}

/// The rules only one kind has (a date not before another, a text required by a tick).
pub type Rules = fn(&Record, &Context, &mut Vec<Invalid>);

/// Derives fields of `record` from `referenced`, the records of the kinds its references name
/// that the device holds: the values to set, by record field.
pub type Fill = fn(record: &Record, referenced: &[Record]) -> Vec<(&'static str, crate::sync::Value)>;

/// The values of `kind`'s derived fields for `record`, from `referenced` (the records of the
/// kinds its references name): what its `fill` gives, and nothing (`Value::Null`) for a derived
/// field the fill does not give, so a value can never come from anywhere else. The form runs
/// it on the device's records and the server on its own (issue #18: a derived field that
/// names a reader, a violation's unit head, is never taken from a device). Empty for a kind
/// with no `fill`.
pub fn derive(kind: &KindDecl, record: &Record, referenced: &[Record]) -> Vec<(&'static str, crate::sync::Value)> {
    let Some(fill) = kind.fill else {
        return Vec::new();
    };
    let mut values = fill(record, referenced);
    for field in kind.fields.iter().filter(|f| f.derived) {
        if !values.iter().any(|(name, _)| *name == field.name) {
            values.push((field.name, crate::sync::Value::Null));
        }
    }
    values
}

/// The kinds a kind's references name (a violation's: `person`), whose records its `fill` reads.
pub fn referenced_kinds(kind: &KindDecl) -> impl Iterator<Item = &'static str> + '_ {
    kind.fields.iter().filter_map(|f| match f.ty {
        FieldType::Reference(target) => Some(target),
        _ => None,
    })
}

/// Rules for a kind that has none beyond its declaration.
pub fn no_rules(_: &Record, _: &Context, _: &mut Vec<Invalid>) {}

/// Which parts of the envelope a record of the kind must carry, and so who reaches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Envelope {
    /// About one person (`owner_id`) in one office: the person, their office and agency see it.
    Person,
    /// Belongs to one office (`office_id`): its officers and the agency see it.
    Office,
    /// Agency-wide (a checklist template, a notice): the office is optional.
    Agency,
}

/// How a kind's record ids are made (issue #18). The screens make a record's id here
/// (`Ids::id`) and the server checks a new record's against it (`check::check_id`), so a second
/// record for the same person or office and day cannot be made: it is the same record, merged
/// field by field. (Not `crate::identity`, which checks people's NIP and NIK.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ids {
    /// Any id the device makes (a UUIDv7): as many records as are made.
    Made,
    /// One record a day of its `date` field for each of its holders, the id made from both:
    /// `{prefix}-{date}-{owner}` for a person's, `{prefix}-{office}-{date}` for an office's
    /// (the ids such records were given before the kit declared them).
    Daily {
        prefix: &'static str,
        holder: Holder,
        date: &'static str,
    },
    /// One record for each of its holders, ever: `{prefix}-{holder}` (an office's call center
    /// number), so two admins who set it offline set one record, field by field.
    Single { prefix: &'static str, holder: Holder },
}

/// Whose one record a day it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    /// The person it is about (`owner_id`): a screening.
    Owner,
    /// The office (`office_id`): a checklist, a work-from-office plan.
    Office,
}

impl Ids {
    /// The id of `holder`'s record of `date`; `None` for a made id, and for a holder id too
    /// long to make an id of (`is_id`).
    pub fn id(self, holder_id: &str, date: chrono::NaiveDate) -> Option<String> {
        let Ids::Daily { prefix, holder, .. } = self else {
            return None;
        };
        let id = match holder {
            Holder::Owner => format!("{prefix}-{date}-{holder_id}"),
            Holder::Office => format!("{prefix}-{holder_id}-{date}"),
        };
        Some(id).filter(|id| super::check::is_id(id))
    }

    /// The id of `holder`'s one record of a `Single` kind; `None` for the others, and for a
    /// holder id too long to make an id of.
    pub fn single_id(self, holder_id: &str) -> Option<String> {
        let Ids::Single { prefix, .. } = self else {
            return None;
        };
        Some(format!("{prefix}-{holder_id}")).filter(|id| super::check::is_id(id))
    }

    /// The id `record` must have, from its holder (and date, for a record of a day); `None` for
    /// a made id, and when the record lacks either (the field checks say so).
    pub fn id_of(self, record: &Record) -> Option<String> {
        let holder_of = |holder: Holder| match holder {
            Holder::Owner => record.owner_id.as_deref(),
            Holder::Office => record.office_id.as_deref(),
        };
        let (holder, date) = match self {
            Ids::Made => return None,
            Ids::Single { holder, .. } => return self.single_id(holder_of(holder)?),
            Ids::Daily { holder, date, .. } => (holder, date),
        };
        let holder_id = holder_of(holder)?;
        let date = record
            .get(date)
            .and_then(crate::sync::Value::as_text)
            .and_then(crate::date::parse_ymd)?;
        self.id(holder_id, date)
    }
}

/// How a kind's records change after they are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edits {
    /// Entries of a log (screenings, follow-ups, calls): corrected only by their owner, never
    /// by someone else, so the log says what its author said.
    AppendOnly,
    /// Worked on by several people (cases, contacts, checklists): every field merges on its own.
    Shared,
    /// Made once and never changed (a version of a checklist template): a change is a new record.
    Once,
}

#[derive(Debug)]
pub struct FieldDecl {
    /// The record field's name (snake_case), and the `<kind>.<name>` translation key.
    pub name: &'static str,
    pub ty: FieldType,
    /// Taken from the Rust type: `Option<T>`, sets and maps are optional, everything else is required.
    pub required: bool,
    /// The device keeps an IndexedDB index on it (cases by status, follow-ups by date).
    pub index: bool,
    /// The server keeps it in a real column of the kind's projection table (reports, monitoring).
    pub project: bool,
    /// Only the Crisis Center admin sets it (a violation's discipline level): a change by
    /// anyone else is refused, and the form shows it to the admin only.
    pub admin_only: bool,
    /// A reference to a person whose user (a person's user id is their record's id) reads the
    /// record whatever their scope: a violation's person and the unit head answerable for it.
    /// Projected, so the server finds a user's records by it.
    pub reader: bool,
    /// Not typed into a form: filled from the records its references name (`KindDecl::fill`).
    pub derived: bool,
    /// Names the record where it is picked from a list (a person by name and unit).
    pub title: bool,
    /// The phone keyboard a text field opens: digits for a NIP, a dial pad for a phone number.
    pub keyboard: Keyboard,
    /// A text field whose form offers the values its kind's records already hold in the same
    /// office (and the records its references name hold in a field of that name), and keeps
    /// their spelling when one is typed in another case or spacing (`kit::held_spelling`): a
    /// person's unit, so a slip makes no second unit.
    pub suggested: bool,
    /// A place of the agency's regency (a kecamatan, a kelurahan), suggested from its list
    /// (`places`) as well as from the values held.
    pub place: Option<crate::places::Level>,
}

/// The keyboard a phone opens for a text field (`inputmode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keyboard {
    Text,
    /// Digits only: identifiers such as a NIP or NIK.
    Digits,
    /// A dial pad, with `+`: phone numbers.
    Phone,
}

/// Checks one field of a record, adding what is wrong to the list.
pub type FieldCheck = fn(&FieldDecl, &Record, &Context, &mut Vec<Invalid>);

impl FieldDecl {
    pub const fn new(name: &'static str, required: bool, spec: Spec) -> FieldDecl {
        FieldDecl {
            name,
            ty: spec.ty,
            required,
            index: spec.index,
            project: spec.project,
            admin_only: spec.admin_only,
            reader: spec.reader,
            derived: spec.derived,
            title: spec.title,
            keyboard: spec.keyboard,
            suggested: spec.suggested,
            place: spec.place,
        }
    }

    /// Whether the field is stored as members `<name>.<member>` (sets, maps), not one value.
    pub const fn is_composite(&self) -> bool {
        matches!(
            self.ty,
            FieldType::ChoiceSet(_) | FieldType::Attachments { .. } | FieldType::Items { .. }
        )
    }

    /// The choices of a map whose items are one choice each (a checklist's answers), the one
    /// composite field a projection can hold: as counts, how many members hold each choice.
    pub fn counted_choices(&self) -> Option<&'static [&'static str]> {
        match self.ty {
            FieldType::Items {
                item: FieldType::Choice(choices),
                ..
            } => Some(choices),
            _ => None,
        }
    }

    /// The projection columns counting a map of choices, `<name>_<choice>` with its choice, one
    /// per choice (`answers_pass`); none for any other field.
    pub fn count_columns(&self) -> Vec<(String, &'static str)> {
        self.counted_choices()
            .unwrap_or_default()
            .iter()
            .map(|choice| (format!("{}_{choice}", self.name), *choice))
            .collect()
    }
}

/// A field's value type and bounds. Scalars are one record field; sets and maps are one record
/// field per member (`symptoms.cough`, `items.masks`), so each member merges on its own: two
/// devices adding different members both keep theirs, and a removal (the member set to `false`
/// or `null` under a later stamp) is not undone by a late add with an older stamp.
#[derive(Debug, Clone, Copy)]
pub enum FieldType {
    Text {
        max_chars: u32,
    },
    Integer {
        min: i64,
        max: i64,
    },
    /// A fixed-point number kept as an integer of `10^-scale` units (36.6 °C at scale 1 is 366),
    /// so it merges, compares and projects exactly. Bounds are in those units.
    Decimal {
        scale: u8,
        min: i64,
        max: i64,
    },
    Boolean,
    /// `yyyy-mm-dd`. `past_only`: not after today where the user is.
    Date {
        past_only: bool,
    },
    /// Unix milliseconds. `past_only`: not after now, give or take the clock skew allowed.
    DateTime {
        past_only: bool,
    },
    /// One code from the list.
    Choice(&'static [&'static str]),
    /// Any number of codes from the list.
    ChoiceSet(&'static [&'static str]),
    /// The id of a record of the named kind.
    Reference(&'static str),
    /// Photos, by the SHA-256 of their bytes (64 lowercase hex digits): a set of at most `max`.
    Attachments {
        max: u32,
    },
    /// A map of items (a checklist's answers by item code), each item a scalar of type `item`.
    Items {
        item: &'static FieldType,
        max: u32,
    },
}

impl FieldType {
    /// The field as declared, neither indexed nor projected.
    pub const fn spec(self) -> Spec {
        Spec {
            ty: self,
            index: false,
            project: false,
            admin_only: false,
            reader: false,
            derived: false,
            title: false,
            keyboard: Keyboard::Text,
            suggested: false,
            place: None,
        }
    }
}

/// A field type with where it is indexed: what a declaration writes after the field's name.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    ty: FieldType,
    index: bool,
    project: bool,
    admin_only: bool,
    reader: bool,
    derived: bool,
    title: bool,
    keyboard: Keyboard,
    suggested: bool,
    place: Option<crate::places::Level>,
}

impl Spec {
    /// The check of a field of this type (for `KindDecl::checks`).
    pub const fn checker(&self) -> FieldCheck {
        super::check::checker_for(&self.ty)
    }

    pub const fn index(mut self) -> Spec {
        self.index = true;
        self
    }

    pub const fn project(mut self) -> Spec {
        self.project = true;
        self
    }

    pub const fn admin_only(mut self) -> Spec {
        self.admin_only = true;
        self
    }

    /// The person this reference names reads the record (`FieldDecl::reader`); projects it.
    pub const fn reader(mut self) -> Spec {
        self.reader = true;
        self.project = true;
        self
    }

    /// Filled by the kind's `fill`, not typed (`FieldDecl::derived`).
    pub const fn derived(mut self) -> Spec {
        self.derived = true;
        self
    }

    /// Part of the record's name in a list to pick from (`FieldDecl::title`).
    pub const fn title(mut self) -> Spec {
        self.title = true;
        self
    }

    /// Offers the values held and keeps their spelling (`FieldDecl::suggested`).
    pub const fn suggested(mut self) -> Spec {
        self.suggested = true;
        self
    }

    /// A place of the agency's regency, suggested from the regency's list too (`FieldDecl::place`).
    pub const fn place(mut self, level: crate::places::Level) -> Spec {
        self.suggested = true;
        self.place = Some(level);
        self
    }

    /// The keyboard its form field opens (`FieldDecl::keyboard`).
    pub const fn keyboard(mut self, keyboard: Keyboard) -> Spec {
        self.keyboard = keyboard;
        self
    }
}

/// What is wrong with one record field: the record-level twin of the form's `FieldError`.
/// The server sends it with its refusal; the device translates it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// A declared field's name, or `kind`, `owner_id`, `office_id`, `parent_id` for the envelope.
    pub field: &'static str,
    pub problem: Problem,
}

impl Invalid {
    pub fn new(field: &'static str, problem: Problem) -> Invalid {
        Invalid { field, problem }
    }
}

impl std::fmt::Display for Invalid {
    /// English, for logs and the refusal's `detail`; users see a translation.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.problem.describe())
    }
}

impl KindShape {
    pub fn field(&self, name: &str) -> Option<&'static FieldDecl> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// A record's name where it is picked from a list: its `title` fields' texts, joined; its
    /// id for a kind with none.
    pub fn title_of(&self, record: &Record) -> String {
        let parts: Vec<&str> = self
            .fields
            .iter()
            .filter(|f| f.title)
            .filter_map(|f| record.get(f.name).and_then(crate::sync::Value::as_text))
            .collect();
        if parts.is_empty() {
            record.id.clone()
        } else {
            parts.join(" · ")
        }
    }
}

/// The last part of an optional field hint's key, `<kind>.<field>.hint`; no code may be named so.
pub const HINT: &str = "hint";

impl KindShape {
    /// The translation keys the generic views look up for this kind, in `locales/kinds/`: the
    /// kind (`screening`), each field (`screening.date`), and each code a field may hold
    /// (`screening.rules_version.KMK-328-2020`, for choices, sets of choices and items that are
    /// choices). A field may also have a hint under the form's input, `<kind>.<field>.hint`
    /// (`HINT`), which is optional and so not listed here.
    pub fn label_keys(&self) -> Vec<String> {
        let mut keys = vec![self.name.to_owned()];
        for field in self.fields {
            keys.push(format!("{}.{}", self.name, field.name));
            let codes: &[&str] = match field.ty {
                FieldType::Choice(codes) | FieldType::ChoiceSet(codes) => codes,
                FieldType::Items {
                    item: FieldType::Choice(codes),
                    ..
                } => codes,
                _ => &[],
            };
            keys.extend(codes.iter().map(|code| format!("{}.{}.{code}", self.name, field.name)));
        }
        keys
    }
}
