//! The kecamatan and kelurahan of a regency, as a person's address is picked from them (issue #20
//! item 1): the server answers a user's agency with its own regency (`GET /api/places`, from the
//! Kemendagri list it embeds, crates/server/src/places.rs), which the device keeps; a place
//! outside it, or a regency the list lacks, is typed. What is offered, and narrowed once a
//! kecamatan is written, is decided here.

use serde::{Deserialize, Serialize};

/// A kabupaten or kota: its name and its kecamatan, each with its kelurahan (or desa).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Regency {
    /// As the list names it: "Kota Malang", "Kabupaten Sleman".
    pub name: String,
    pub kecamatan: Vec<Kecamatan>,
}

/// A kecamatan and its kelurahan and desa.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Kecamatan {
    pub name: String,
    pub kelurahan: Vec<String>,
}

/// The level of a place a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Kecamatan,
    Kelurahan,
}

impl Regency {
    /// The places of `level`: the kecamatan, or every kelurahan (in the order of their
    /// kecamatan).
    pub fn places(&self, level: Level) -> Vec<&str> {
        match level {
            Level::Kecamatan => self.kecamatan.iter().map(|k| k.name.as_str()).collect(),
            Level::Kelurahan => self
                .kecamatan
                .iter()
                .flat_map(|k| k.kelurahan.iter().map(String::as_str))
                .collect(),
        }
    }

    /// The places of `level` to offer once a kecamatan is written: a kelurahan among that
    /// kecamatan's when it is one of the regency's (in any case or spacing), among the whole
    /// regency's otherwise; a kecamatan among them all.
    pub fn places_within(&self, level: Level, kecamatan: Option<&str>) -> Vec<&str> {
        match (level, kecamatan.and_then(|k| self.kecamatan_named(k))) {
            (Level::Kelurahan, Some(found)) => found.kelurahan.iter().map(String::as_str).collect(),
            _ => self.places(level),
        }
    }

    /// The regency's kecamatan spelled `name` (`kit::spelling_key`).
    pub fn kecamatan_named(&self, name: &str) -> Option<&Kecamatan> {
        let key = crate::kit::spelling_key(name);
        self.kecamatan.iter().find(|k| crate::kit::spelling_key(&k.name) == key)
    }
}

/// The roles that write a kind with a place field (the roster, a person outside it): whose
/// device keeps its agency's regency to offer addresses from, offline too. A list rather than the
/// kinds' access read at run time, which would bring every kind's declaration into the client's
/// first load (9 kB of brotli, measured 2026-12-08); a test holds it to the kinds' access.
pub const WRITERS: &[crate::Role] = &[
    crate::Role::ProtocolOfficer,
    crate::Role::TracingOfficer,
    crate::Role::CrisisAdmin,
];

/// The answer of `GET /api/places`: the user's agency's regency, when the list has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlacesResponse {
    /// The region it was found from (the agency's, as its operator named it), so a device
    /// keeping it asks again if the region changes.
    pub region: String,
    pub regency: Option<Regency>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two of Kota Malang's kecamatan, as the list spells them.
    fn regency() -> Regency {
        let kecamatan = |name: &str, kelurahan: &[&str]| Kecamatan {
            name: name.to_owned(),
            kelurahan: kelurahan.iter().map(|k| (*k).to_owned()).collect(),
        };
        Regency {
            name: "Kota Malang".into(),
            kecamatan: vec![
                kecamatan("Blimbing", &["Balearjosari", "Arjosari", "Polowijen"]),
                kecamatan(
                    "Klojen",
                    &["Klojen", "Rampalcelaket", "Samaan", "Kauman", "Oro-oro Dowo"],
                ),
            ],
        }
    }

    #[test]
    fn the_writers_are_the_roles_the_kinds_let_write_an_address() {
        use crate::Role;
        let writes = |role: Role| {
            crate::kit::Registry::standard()
                .kinds()
                .iter()
                .any(|kind| kind.access.writable_by(role) && kind.fields.iter().any(|f| f.place.is_some()))
        };
        for role in Role::ALL {
            assert_eq!(WRITERS.contains(&role), writes(role), "{role:?}");
        }
    }

    #[test]
    fn a_kecamatan_written_narrows_the_kelurahan_offered() {
        let regency = regency();
        #[rustfmt::skip]
        let cases: [(Level, Option<&str>, usize, &str, Option<&str>); 6] = [
            // level,            kecamatan written,    offered, one offered,    one not
            (Level::Kelurahan,   Some("Klojen"),       5,       "Kauman",       Some("Arjosari")),
            (Level::Kelurahan,   Some(" klojen "),     5,       "Oro-oro Dowo", Some("Arjosari")),
            (Level::Kelurahan,   Some("Blimbing"),     3,       "Arjosari",     Some("Kauman")),
            (Level::Kelurahan,   Some("Batu"),         8,       "Kauman",       None),
            (Level::Kelurahan,   None,                 8,       "Arjosari",     None),
            (Level::Kecamatan,   Some("Klojen"),       2,       "Blimbing",     None),
        ];
        for (level, written, count, offered, not) in cases {
            let places = regency.places_within(level, written);
            assert_eq!(places.len(), count, "{level:?} within {written:?}");
            assert!(places.contains(&offered), "{offered:?} within {written:?}");
            assert!(not.is_none_or(|p| !places.contains(&p)), "{not:?} within {written:?}");
        }
    }
}
