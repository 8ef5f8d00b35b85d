//! The set of states seen, by fingerprint, in shards that threads fill side by side.
//!
//! A shard is a hash set of 8-byte fingerprints (hashbrown: one control byte per bucket, at
//! most 7/8 full, doubling when full), so a shard holds 9 bytes per bucket at 7/16 to 7/8
//! of its buckets: 10.3 to 20.6 bytes per state. Shards take unequal shares of the
//! fingerprints (shard i in proportion to 2^(i/16)), so they double at different moments
//! and the table as a whole stays about 63% full: about 14 bytes per state.
//!
//! A shard is chosen by bits of the fingerprint the shard's own hash set does not use (it
//! takes the low bits for buckets and the top seven for control bytes).

use std::collections::HashSet;
use std::hash::BuildHasherDefault;

/// A fingerprint is already well mixed: a table keyed by fingerprints uses it as its hash.
#[derive(Default)]
pub(crate) struct Unmixed(u64);

impl std::hash::Hasher for Unmixed {
    fn write(&mut self, _: &[u8]) {
        unreachable!("only u64 fingerprints are hashed")
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = x;
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// One worker's find, as [`Table::admit`] reads it.
pub(crate) struct Found<'a> {
    pub(crate) fingerprints: &'a [u64],
    pub(crate) by_shard: &'a [Vec<u32>],
}

type Shard = HashSet<u64, BuildHasherDefault<Unmixed>>;

pub(crate) const SHARDS: usize = 16;
/// Fingerprint bits that choose the shard.
const ROUTE_BITS: u32 = 10;
const ROUTE_SHIFT: u32 = 40;

pub(crate) struct Table {
    shards: Vec<Shard>,
    /// 10 bits of a fingerprint → its shard.
    route: Vec<u8>,
}

impl Default for Table {
    fn default() -> Table {
        let weights: Vec<f64> = (0..SHARDS).map(|i| (i as f64 / SHARDS as f64).exp2()).collect();
        let total: f64 = weights.iter().sum();
        let slots = 1usize << ROUTE_BITS;
        let mut route = Vec::with_capacity(slots);
        let mut upto = 0.0;
        for (i, w) in weights.iter().enumerate() {
            upto += w / total;
            let end = if i + 1 == SHARDS { slots } else { (upto * slots as f64).round() as usize };
            route.resize(end.max(route.len()), i as u8);
        }
        Table { shards: (0..SHARDS).map(|_| Shard::default()).collect(), route }
    }
}

impl Table {
    pub(crate) fn shard(&self, fp: u64) -> usize {
        usize::from(self.route[((fp >> ROUTE_SHIFT) & ((1 << ROUTE_BITS) - 1)) as usize])
    }

    pub(crate) fn contains(&self, fp: u64) -> bool {
        self.shards[self.shard(fp)].contains(&fp)
    }

    /// Records `fp`; whether it was new.
    pub(crate) fn insert(&mut self, fp: u64) -> bool {
        let s = self.shard(fp);
        self.shards[s].insert(fp)
    }

    /// Bytes held, from capacities (a bucket is 8 bytes and a control byte, at most 7/8
    /// full), with room for the table to take `more` states: a shard that could fill up
    /// with its share of them is counted with its next buckets too (old and new side by side
    /// while it grows).
    pub(crate) fn memory(&self, more: usize) -> u64 {
        let bytes = |cap: usize| (cap as u64 * 8 / 7 + 1) * 9;
        let slots = self.route.len() as u64;
        (self.shards.iter().enumerate())
            .map(|(i, s)| {
                let share = self.route.iter().filter(|&&r| usize::from(r) == i).count() as u64;
                let mine = (more as u64 * share).div_ceil(slots) as usize;
                if s.len() + mine >= s.capacity() {
                    bytes(s.capacity()) * 3
                } else {
                    bytes(s.capacity())
                }
            })
            .sum()
    }

    /// Records what the workers found, worker by worker and each in its order, as one
    /// thread finding it all would: each worker's fingerprints, and their indices by the
    /// shard they fall in (see [`Table::shard`]). Returns, for each worker, the indices of
    /// its states that were new, in order. With `threads` > 1 the shards are filled side by
    /// side, each thread taking every `threads`-th shard.
    pub(crate) fn admit(&mut self, found: &[Found<'_>], threads: usize) -> Vec<Vec<u32>> {
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
                        if table.insert(f.fingerprints[j as usize]) {
                            new[w].push(j);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_take_unequal_shares_so_that_they_double_at_different_moments() {
        let t = Table::default();
        assert_eq!(t.route.len(), 1 << ROUTE_BITS);
        let share = |i: u8| t.route.iter().filter(|&&s| s == i).count();
        // Shard i's share grows with i, from about 4.4% to 8.5% of the fingerprints.
        assert!((1..SHARDS as u8).all(|i| share(i) >= share(i - 1)), "{:?}", t.route);
        assert!(
            (43..=47).contains(&share(0)) && (84..=89).contains(&share(15)),
            "{} {}",
            share(0),
            share(15)
        );
    }

    #[test]
    fn the_table_holds_a_state_in_at_most_16_bytes_on_average_as_it_grows() {
        let mut t = Table::default();
        let (mut sum, mut most, mut samples) = (0.0, 0.0f64, 0);
        let mut x: u64 = 0;
        for n in 1..=1_500_000u64 {
            // SplitMix64: well-mixed fingerprints.
            x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            t.insert(z ^ (z >> 31));
            if n >= 20_000 && n % 1_000 == 0 {
                let per = t.memory(0) as f64 / n as f64;
                (sum, most, samples) = (sum + per, most.max(per), samples + 1);
            }
        }
        let mean = sum / f64::from(samples);
        println!("bytes per state from 20,000 to 1,500,000 states: {mean:.2} on average, {most:.2} at most");
        assert!(mean <= 16.0 && most <= 17.0, "{mean} {most}");
    }
}
