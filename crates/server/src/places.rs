//! The kecamatan and kelurahan (or desa) of every kabupaten and kota, embedded from
//! `data/places.tsv` (tools/places.mjs, from the npm package idn-area-data: Kemendagri's codes
//! and names, its data under the ODbL), and the regency an agency's region names (issue #20 item 1).
//! A regency is read from the text when asked; only an index of where each one starts is kept.

use std::sync::OnceLock;

use posko_core::kit::spelling_key;
use posko_core::places::{Kecamatan, Regency};

/// 514 kabupaten and kota, 7,285 kecamatan, 83,762 kelurahan and desa: 0.99 MB of text.
static DATA: &str = include_str!("../data/places.tsv");

/// A kabupaten or kota in `DATA`: its province, its name and its `K` lines.
struct Entry {
    province: &'static str,
    name: &'static str,
    lines: &'static str,
}

/// Every regency of `DATA`, in its order, read once.
fn entries() -> &'static [Entry] {
    static INDEX: OnceLock<Vec<Entry>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut found = Vec::new();
        // Each regency is an `R` line and the `K` lines up to the next `R` line.
        for block in DATA.split("\nR\t").skip(1) {
            let (head, lines) = block.split_once('\n').unwrap_or((block, ""));
            let (province, name) = head.split_once('\t').unwrap_or(("", head));
            found.push(Entry { province, name, lines });
        }
        found
    })
}

/// The key a regency's name is compared by: `spelling_key`, with "Kab." and "Kab " read as
/// "Kabupaten" (how operators often write it).
fn regency_key(name: &str) -> String {
    let key = spelling_key(name);
    for short in ["kab. ", "kab."] {
        if let Some(rest) = key.strip_prefix(short) {
            return format!("kabupaten {}", rest.trim_start());
        }
    }
    key
}

/// The regency a region names last ("Jawa Timur / Kota Malang": Kota Malang), when the list has
/// it; a name two provinces share is settled by the region's first part.
pub fn of_region(region: &str) -> Option<Regency> {
    let mut parts = region.split('/').map(str::trim).filter(|p| !p.is_empty());
    let first = parts.next()?;
    let last = parts.next_back().unwrap_or(first);
    let key = regency_key(last);
    let named: Vec<&Entry> = entries().iter().filter(|r| regency_key(r.name) == key).collect();
    let entry = match named[..] {
        [one] => one,
        _ => *named.iter().find(|r| spelling_key(r.province) == spelling_key(first))?,
    };
    Some(Regency {
        name: entry.name.to_owned(),
        kecamatan: entry
            .lines
            .lines()
            .filter_map(|line| {
                let mut fields = line.strip_prefix("K\t")?.split('\t');
                let name = fields.next()?.to_owned();
                let kelurahan = fields
                    .next()
                    .unwrap_or("")
                    .split('|')
                    .filter(|k| !k.is_empty())
                    .map(str::to_owned)
                    .collect();
                Some(Kecamatan { name, kelurahan })
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_holds_every_regency_of_the_country() {
        let all = entries();
        assert_eq!(all.len(), 514);
        let kecamatan: usize = all.iter().map(|r| r.lines.lines().count()).sum();
        assert_eq!(kecamatan, 7_285);
        assert!(all.iter().all(|r| !r.province.is_empty() && !r.name.is_empty()));
    }

    #[test]
    fn every_regency_is_found_by_the_region_an_operator_would_write() {
        for entry in entries() {
            for region in [entry.name.to_owned(), format!("{} / {}", entry.province, entry.name)] {
                let found = of_region(&region).unwrap_or_else(|| panic!("{region:?}"));
                assert_eq!(found.name, entry.name, "{region:?}");
                assert_eq!(found.kecamatan.len(), entry.lines.lines().count(), "{region:?}");
                assert!(found.kecamatan.iter().all(|k| !k.kelurahan.is_empty()), "{region:?}");
            }
        }
    }

    #[test]
    fn a_region_names_its_regency_last() {
        #[rustfmt::skip]
        let cases = [
            // region,                                the regency,                kecamatan, kelurahan
            ("Jawa Timur / Kota Malang",              Some("Kota Malang"),      5,         57),
            ("jawa timur/kota  malang",               Some("Kota Malang"),      5,         57),
            ("Kota Malang",                           Some("Kota Malang"),      5,         57),
            ("Jawa Timur / Kabupaten Malang",         Some("Kabupaten Malang"), 33,        390),
            ("DI Yogyakarta / Kabupaten Sleman",      Some("Kabupaten Sleman"), 17,        86),
            ("DI Yogyakarta / Kab. Sleman",           Some("Kabupaten Sleman"), 17,        86),
            ("Malang",                                None,                     0,         0),
            ("Elsewhere",                             None,                     0,         0),
            ("",                                      None,                     0,         0),
        ];
        for (region, name, kecamatan, kelurahan) in cases {
            let regency = of_region(region);
            assert_eq!(regency.as_ref().map(|c| c.name.as_str()), name, "{region:?}");
            let count = |level| regency.as_ref().map_or(0, |c| c.places(level).len());
            assert_eq!(count(posko_core::places::Level::Kecamatan), kecamatan, "{region:?}");
            assert_eq!(count(posko_core::places::Level::Kelurahan), kelurahan, "{region:?}");
        }
        let malang = of_region("Jawa Timur / Kota Malang").unwrap();
        let klojen = malang.kecamatan_named("Klojen").unwrap();
        assert!(klojen.kelurahan.iter().any(|k| k == "Oro-oro Dowo"), "{klojen:?}");
    }
}
