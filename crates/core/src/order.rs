//! Ordering the short lists the screens show (a day's alerts, a unit's people, a file's
//! problems) by insertion: stable, and a few instructions per use, where the standard library's
//! sort brings its whole algorithm into the client once per element type (several kB each).
//! Lists here are at most a few thousand items and nearly sorted already.

/// Sorts `items` by `key`, keeping equal items in their order.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && key(&items[j - 1]) > key(&items[j]) {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sort_by_key_table() {
        #[rustfmt::skip]
        let cases: &[(&[(u32, char)], &[(u32, char)])] = &[
            (&[],                                 &[]),
            (&[(1, 'a')],                         &[(1, 'a')]),
            (&[(2, 'a'), (1, 'b')],               &[(1, 'b'), (2, 'a')]),
            // equal keys keep their order
            (&[(2, 'a'), (1, 'b'), (2, 'c'), (1, 'd')], &[(1, 'b'), (1, 'd'), (2, 'a'), (2, 'c')]),
            (&[(3, 'a'), (2, 'b'), (1, 'c')],     &[(1, 'c'), (2, 'b'), (3, 'a')]),
        ];
        for (given, expected) in cases {
            let mut items = given.to_vec();
            super::sort_by_key(&mut items, |(k, _)| *k);
            assert_eq!(&items, expected);
        }
    }
}
