//! A map and a set kept as `Vec`s sorted by key, for small ordered maps: a proposer's
//! promises and accepteds, and the simulators' (the event queue, messages in flight by id,
//! link faults by node pair, the safety checker's votes). Iteration is in key order, as a
//! `BTreeMap`'s: traces depend on it. Its code is a fraction of a `BTreeMap`'s in the
//! browser's wasm, and with tens to hundreds of entries it is as fast or faster.

use std::ops::Index;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SortedMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap { entries: Vec::new() }
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    pub fn new() -> Self {
        Self::default()
    }

    fn find(&self, key: &K) -> Result<usize, usize> {
        self.entries.binary_search_by(|(k, _)| k.cmp(key))
    }

    /// Sets `key` to `value`; returns the value it had.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    pub fn remove(&mut self, key: &K) -> Option<V> {
        let i = self.find(key).ok()?;
        Some(self.entries.remove(i).1)
    }

    pub fn get(&self, key: &K) -> Option<&V> {
        self.find(key).ok().map(|i| &self.entries[i].1)
    }

    pub fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        self.find(key).ok().map(|i| &mut self.entries[i].1)
    }

    pub fn contains_key(&self, key: &K) -> bool {
        self.find(key).is_ok()
    }

    /// The entry with the highest key, taken out.
    pub fn pop_last(&mut self) -> Option<(K, V)> {
        self.entries.pop()
    }

    /// The highest key.
    pub fn last_key(&self) -> Option<&K> {
        self.entries.last().map(|(k, _)| k)
    }

    /// The entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// The values in key order.
    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.entries.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.entries.iter().map(|(_, v)| v)
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<K: Ord, V: Default> SortedMap<K, V> {
    /// The value at `key`, inserted as `V::default()` if it was missing.
    pub fn get_or_default(&mut self, key: K) -> &mut V {
        let i = match self.find(&key) {
            Ok(i) => i,
            Err(i) => {
                self.entries.insert(i, (key, V::default()));
                i
            }
        };
        &mut self.entries[i].1
    }
}

/// A set kept as a sorted `Vec`; iteration is in order.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SortedSet<T> {
    items: Vec<T>,
}

impl<T> Default for SortedSet<T> {
    fn default() -> Self {
        SortedSet { items: Vec::new() }
    }
}

impl<T: Ord> SortedSet<T> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `item`; false if it was there already.
    pub fn insert(&mut self, item: T) -> bool {
        match self.items.binary_search(&item) {
            Ok(_) => false,
            Err(i) => {
                self.items.insert(i, item);
                true
            }
        }
    }

    pub fn contains(&self, item: &T) -> bool {
        self.items.binary_search(item).is_ok()
    }

    /// Takes `item` out; false if it was not there.
    pub fn remove(&mut self, item: &T) -> bool {
        match self.items.binary_search(item) {
            Ok(i) => {
                self.items.remove(i);
                true
            }
            Err(_) => false,
        }
    }

    /// The items in order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    pub fn clear(&mut self) {
        self.items.clear();
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for SortedMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        let mut map = SortedMap::new();
        for (k, v) in entries {
            map.insert(k, v);
        }
        map
    }
}

/// The items, in order.
impl<T> IntoIterator for SortedSet<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<T: Ord> FromIterator<T> for SortedSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        let mut set = SortedSet::new();
        for item in items {
            set.insert(item);
        }
        set
    }
}

impl<K: Ord, V> Index<&K> for SortedMap<K, V> {
    type Output = V;
    fn index(&self, key: &K) -> &V {
        self.get(key).expect("the key is in the map")
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::{SortedMap, SortedSet};

    proptest! {
        /// Any sequence of inserts and removes leaves the same entries, in the same order, as
        /// in a `BTreeMap`, with the same answers on the way.
        #[test]
        fn behaves_as_a_btreemap(ops in prop::collection::vec((any::<bool>(), 0u8..40, any::<u16>()), 0..200)) {
            let (mut ours, mut std) = (SortedMap::new(), BTreeMap::new());
            for (put, k, v) in ops {
                if put {
                    prop_assert_eq!(ours.insert(k, v), std.insert(k, v));
                } else {
                    prop_assert_eq!(ours.remove(&k), std.remove(&k));
                }
                prop_assert_eq!(ours.get(&k), std.get(&k));
                prop_assert_eq!(ours.contains_key(&k), std.contains_key(&k));
            }
            prop_assert_eq!(ours.iter().collect::<Vec<_>>(), std.iter().collect::<Vec<_>>());
            prop_assert_eq!(ours.len(), std.len());
            prop_assert_eq!(ours.last_key(), std.last_key_value().map(|(k, _)| k));
            prop_assert_eq!(ours.pop_last(), std.pop_last());
        }

        /// The same for the set, and for a map's values made on first use.
        #[test]
        fn the_set_behaves_as_a_btreeset(items in prop::collection::vec((0u8..40, any::<u8>()), 0..200)) {
            let (mut ours, mut std) = (SortedSet::new(), std::collections::BTreeSet::new());
            let (mut groups, mut std_groups) = (SortedMap::<u8, SortedSet<u8>>::new(), BTreeMap::new());
            for (k, v) in items {
                // Items whose value is a multiple of 5 are taken out instead of put in.
                if v % 5 == 0 {
                    prop_assert_eq!(ours.remove(&k), std.remove(&k));
                    continue;
                }
                prop_assert_eq!(ours.insert(k), std.insert(k));
                prop_assert_eq!(ours.contains(&k), std.contains(&k));
                groups.get_or_default(k).insert(v);
                std_groups.entry(k).or_insert_with(std::collections::BTreeSet::new).insert(v);
            }
            prop_assert_eq!(ours.iter().collect::<Vec<_>>(), std.iter().collect::<Vec<_>>());
            prop_assert_eq!(ours.clone().into_iter().collect::<Vec<_>>(), std.iter().copied().collect::<Vec<_>>());
            let flat = |g: &SortedMap<u8, SortedSet<u8>>| g.iter().map(|(k, s)| (*k, s.iter().copied().collect::<Vec<_>>())).collect::<Vec<_>>();
            prop_assert_eq!(flat(&groups), std_groups.iter().map(|(k, s)| (*k, s.iter().copied().collect::<Vec<_>>())).collect::<Vec<_>>());
        }
    }
}
