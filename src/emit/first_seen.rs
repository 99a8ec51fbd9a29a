//! What a batch remembers of every file it has read (a fingerprint and where to find the
//! first file that had it), in as little memory as that takes: two sorted arrays, keys and
//! values, with no slack, and a small table of the latest entries merged into them in
//! place once it fills. A hash map of the same entries takes two to three times the room
//! (its slack and power-of-two growth), which is most of what a batch of 40,000 files
//! would otherwise grow by.

use std::collections::HashMap;
use std::hash::Hash;

/// Entries added since the last merge, at most.
const RECENT: usize = 1024;

/// A map from keys to the value first given for each.
#[derive(Debug)]
pub(crate) struct FirstSeen<K, V> {
    keys: Vec<K>,
    values: Vec<V>,
    recent: HashMap<K, V>,
}

impl<K, V> Default for FirstSeen<K, V> {
    fn default() -> Self {
        FirstSeen {
            keys: Vec::new(),
            values: Vec::new(),
            recent: HashMap::new(),
        }
    }
}

impl<K: Ord + Hash + Copy, V: Copy> FirstSeen<K, V> {
    /// A map with room for `n` entries from the start, when the caller knows how many it
    /// can be given (one an input): the arrays are then never moved as they fill, so no
    /// copy of them is ever held beside them. Room not filled costs address space, not
    /// memory: its pages are not touched.
    pub(crate) fn with_capacity(n: usize) -> Self {
        FirstSeen {
            keys: Vec::with_capacity(n),
            values: Vec::with_capacity(n),
            recent: HashMap::new(),
        }
    }

    /// Whether nothing was given yet.
    pub(crate) fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.recent.is_empty()
    }

    /// The value of a key, if it has one.
    pub(crate) fn get(&self, key: K) -> Option<V> {
        if let Some(v) = self.recent.get(&key) {
            return Some(*v);
        }
        self.keys.binary_search(&key).ok().map(|i| self.values[i])
    }

    /// Gives a key its value; one it has already keeps its first.
    pub(crate) fn insert(&mut self, key: K, value: V) {
        if self.get(key).is_some() {
            return;
        }
        self.recent.insert(key, value);
        if self.recent.len() >= RECENT {
            self.merge();
        }
    }

    /// Merges the recent entries into the sorted arrays, from the back, in place.
    fn merge(&mut self) {
        let mut add: Vec<(K, V)> = self.recent.drain().collect();
        add.sort_unstable_by_key(|e| e.0);
        let n = self.keys.len();
        // Within the room given by `with_capacity` these do nothing.
        self.keys.reserve_exact(add.len());
        self.values.reserve_exact(add.len());
        // The room for the new entries; every slot is written again below.
        self.keys.extend(add.iter().map(|e| e.0));
        self.values.extend(add.iter().map(|e| e.1));
        let (mut i, mut j, mut at) = (n, add.len(), n + add.len());
        while j > 0 {
            at -= 1;
            if i > 0 && self.keys[i - 1] > add[j - 1].0 {
                self.keys[at] = self.keys[i - 1];
                self.values[at] = self.values[i - 1];
                i -= 1;
            } else {
                self.keys[at] = add[j - 1].0;
                self.values[at] = add[j - 1].1;
                j -= 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn keeps_the_first_value_across_merges() {
        let mut m = FirstSeen::default();
        for k in 0..5000u64 {
            m.insert(k.wrapping_mul(0x9E37_79B9_7F4A_7C15), k);
        }
        for k in 0..5000u64 {
            m.insert(k.wrapping_mul(0x9E37_79B9_7F4A_7C15), k + 1);
        }
        for k in 0..5000u64 {
            assert_eq!(m.get(k.wrapping_mul(0x9E37_79B9_7F4A_7C15)), Some(k));
        }
        assert_eq!(m.get(1), None);
        assert!(m.keys.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(m.keys.len() + m.recent.len(), 5000);
    }

    #[test]
    fn a_map_sized_from_the_start_is_never_moved_as_it_fills() {
        let mut m = FirstSeen::with_capacity(5000);
        let at = m.keys.as_ptr();
        for k in 0..5000u64 {
            m.insert(k.wrapping_mul(0x9E37_79B9_7F4A_7C15), k);
        }
        assert_eq!(m.keys.as_ptr(), at);
        assert_eq!(m.keys.capacity(), 5000);
        for k in 0..5000u64 {
            assert_eq!(m.get(k.wrapping_mul(0x9E37_79B9_7F4A_7C15)), Some(k));
        }
    }

    proptest! {
        #[test]
        fn answers_as_a_hash_map_does(ops in proptest::collection::vec((0u64..3000, 0u32..100), 0..4000)) {
            let mut m = FirstSeen::default();
            let mut want: HashMap<u64, u32> = HashMap::new();
            for (k, v) in ops {
                prop_assert_eq!(m.get(k), want.get(&k).copied());
                m.insert(k, v);
                want.entry(k).or_insert(v);
            }
            for k in 0..3000u64 {
                prop_assert_eq!(m.get(k), want.get(&k).copied());
            }
        }
    }
}
