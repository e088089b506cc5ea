//! The kecamatan and kelurahan of the cities Posko knows, as data (issue #20 item 1): a
//! person's address is picked from the list of the agency's city, and typed otherwise (a city
//! not listed here, a place outside it). The agency's city is the last part of the region the
//! operator named it with ("Jawa Timur / Kota Malang"). One city so far, the demo's; a city is a
//! new entry of `CITIES`, never a change of code.

/// A city: its name as a region ends with it, and its kecamatan with their kelurahan.
pub struct City {
    pub name: &'static str,
    pub kecamatan: &'static [(&'static str, &'static [&'static str])],
}

/// The level of a place a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Kecamatan,
    Kelurahan,
}

/// Kota Malang's five kecamatan and 57 kelurahan (Perda Kota Malang; BPS, Kota Malang Dalam
/// Angka).
pub const KOTA_MALANG: City = City {
    name: "Kota Malang",
    kecamatan: &[
        (
            "Blimbing",
            &[
                "Arjosari",
                "Balearjosari",
                "Blimbing",
                "Bunulrejo",
                "Jodipan",
                "Kesatrian",
                "Pandanwangi",
                "Polehan",
                "Polowijen",
                "Purwantoro",
                "Purwodadi",
            ],
        ),
        (
            "Kedungkandang",
            &[
                "Arjowinangun",
                "Bumiayu",
                "Buring",
                "Cemorokandang",
                "Kedungkandang",
                "Kotalama",
                "Lesanpuro",
                "Madyopuro",
                "Mergosono",
                "Sawojajar",
                "Tlogowaru",
                "Wonokoyo",
            ],
        ),
        (
            "Klojen",
            &[
                "Bareng",
                "Gadingkasri",
                "Kasin",
                "Kauman",
                "Kiduldalem",
                "Klojen",
                "Oro-oro Dowo",
                "Penanggungan",
                "Rampal Celaket",
                "Samaan",
                "Sukoharjo",
            ],
        ),
        (
            "Lowokwaru",
            &[
                "Dinoyo",
                "Jatimulyo",
                "Ketawanggede",
                "Lowokwaru",
                "Merjosari",
                "Mojolangu",
                "Sumbersari",
                "Tasikmadu",
                "Tlogomas",
                "Tulusrejo",
                "Tunggulwulung",
                "Tunjungsekar",
            ],
        ),
        (
            "Sukun",
            &[
                "Bakalan Krajan",
                "Bandulan",
                "Bandungrejosari",
                "Ciptomulyo",
                "Gadang",
                "Karang Besuki",
                "Kebonsari",
                "Mulyorejo",
                "Pisang Candi",
                "Sukun",
                "Tanjungrejo",
            ],
        ),
    ],
};

/// Every city listed.
pub const CITIES: &[City] = &[KOTA_MALANG];

/// The city a region names last ("Jawa Timur / Kota Malang": Kota Malang), if listed; the
/// comparison ignores case and spacing.
pub fn of_region(region: &str) -> Option<&'static City> {
    let last = region.rsplit('/').next()?;
    let key = crate::kit::spelling_key(last);
    CITIES.iter().find(|city| crate::kit::spelling_key(city.name) == key)
}

impl City {
    /// The places of `level`: the kecamatan, or every kelurahan (in the order of their
    /// kecamatan), each once.
    pub fn places(&self, level: Level) -> Vec<&'static str> {
        match level {
            Level::Kecamatan => self.kecamatan.iter().map(|(name, _)| *name).collect(),
            Level::Kelurahan => self
                .kecamatan
                .iter()
                .flat_map(|(_, kelurahan)| kelurahan.iter().copied())
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_region_names_its_city_last() {
        #[rustfmt::skip]
        let cases = [
            ("Jawa Timur / Kota Malang",   Some("Kota Malang")),
            ("Jawa Timur/kota  malang",    Some("Kota Malang")),
            ("Kota Malang",                Some("Kota Malang")),
            ("Jawa Timur / Kabupaten Malang", None),
            ("DI Yogyakarta / Kabupaten Sleman", None),
            ("",                           None),
        ];
        for (region, city) in cases {
            assert_eq!(of_region(region).map(|c| c.name), city, "{region:?}");
        }
    }

    #[test]
    fn every_city_lists_each_place_once() {
        for city in CITIES {
            let kecamatan = city.places(Level::Kecamatan);
            let kelurahan = city.places(Level::Kelurahan);
            for list in [&kecamatan, &kelurahan] {
                let mut keys: Vec<String> = list.iter().map(|p| crate::kit::spelling_key(p)).collect();
                keys.sort();
                keys.dedup();
                assert_eq!(keys.len(), list.len(), "{}", city.name);
            }
        }
        assert_eq!(KOTA_MALANG.places(Level::Kecamatan).len(), 5);
        assert_eq!(KOTA_MALANG.places(Level::Kelurahan).len(), 57);
    }
}
