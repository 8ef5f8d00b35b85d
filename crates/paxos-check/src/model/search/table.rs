//! The table of states seen: fingerprint → parent's fingerprint, in shards that threads fill
//! side by side. A shard is chosen by bits of the fingerprint the shard's own hash table
//! does not use (it takes the low bits for buckets and the top seven for control bytes).

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use super::expand::{Found, Unmixed};

type Shard = HashMap<u64, u64, BuildHasherDefault<Unmixed>>;

/// Four shards: two threads each fill two, and a shard that grows doubles a quarter of the
/// table, not all of it, at a time.
pub(super) const SHARDS: usize = 4;

#[derive(Default)]
pub(super) struct Table {
    shards: [Shard; SHARDS],
}

pub(super) fn shard(fp: u64) -> usize {
    (fp >> 48) as usize % SHARDS
}

impl Table {
    pub(super) fn contains(&self, fp: u64) -> bool {
        self.shards[shard(fp)].contains_key(&fp)
    }

    /// The parent of `fp` (the start is its own parent).
    pub(super) fn parent(&self, fp: u64) -> Option<u64> {
        self.shards[shard(fp)].get(&fp).copied()
    }

    /// Records `fp`, reached from `parent`, unless it is there; whether it was new.
    pub(super) fn insert(&mut self, fp: u64, parent: u64) -> bool {
        match self.shards[shard(fp)].entry(fp) {
            Entry::Vacant(slot) => {
                slot.insert(parent);
                true
            }
            Entry::Occupied(_) => false,
        }
    }

    /// Bytes held, from capacities (hashbrown: buckets of 16 bytes and one control byte, at
    /// most 7/8 full), with room for every shard to grow by `more` states: a growing shard
    /// holds its old and new buckets side by side.
    pub(super) fn memory(&self, more: usize) -> u64 {
        let bytes = |cap: usize| (cap as u64 * 8 / 7 + 1) * 17;
        (self.shards.iter())
            .map(
                |s| {
                    if s.len() + more >= s.capacity() {
                        bytes(s.capacity()) * 3
                    } else {
                        bytes(s.capacity())
                    }
                },
            )
            .sum()
    }

    /// Records what the workers found, worker by worker and each in its order, as one
    /// thread finding it all would; returns, for each worker, the indices of its states that
    /// were new, in order. With `threads` > 1 the shards are filled side by side.
    pub(super) fn admit(&mut self, found: &[&Found], threads: usize) -> Vec<Vec<u32>> {
        let threads = threads.clamp(1, SHARDS);
        let mut groups: Vec<Vec<(usize, &mut Shard)>> = (0..threads).map(|_| Vec::new()).collect();
        for (s, table) in self.shards.iter_mut().enumerate() {
            groups[s % threads].push((s, table));
        }
        let fill = |group: Vec<(usize, &mut Shard)>| -> Vec<Vec<u32>> {
            let mut new: Vec<Vec<u32>> = found.iter().map(|_| Vec::new()).collect();
            for (s, table) in group {
                for (w, f) in found.iter().enumerate() {
                    for &j in &f.by_shard[s] {
                        let j = j as usize;
                        if let Entry::Vacant(slot) = table.entry(f.states.fingerprints[j]) {
                            slot.insert(f.parents[j]);
                            new[w].push(j as u32);
                        }
                    }
                }
            }
            new
        };
        let mut parts: Vec<Vec<Vec<u32>>> = if threads == 1 {
            groups.into_iter().map(fill).collect()
        } else {
            let fill = &fill;
            std::thread::scope(|scope| {
                let handles: Vec<_> = groups.into_iter().map(|g| scope.spawn(move || fill(g))).collect();
                handles.into_iter().map(|h| h.join().expect("a shard's thread does not panic")).collect()
            })
        };
        let mut out = parts.pop().unwrap_or_default();
        for part in parts {
            for (mine, theirs) in out.iter_mut().zip(part) {
                mine.extend(theirs);
            }
        }
        for list in &mut out {
            list.sort_unstable();
        }
        out
    }
}
