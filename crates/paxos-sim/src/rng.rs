//! The simulator's only source of randomness: ChaCha8, seeded from the scenario's seed.
//!
//! Specified exactly so that every platform (wasm32 included) draws the same numbers:
//! `rand_chacha::ChaCha8Rng::seed_from_u64(seed)` (rand_core 0.6's PCG32 seed expansion),
//! then only `next_u64`. An integer below `n` is `(next_u64 · n) >> 64` (128-bit product);
//! a coin with probability `p` is `(next_u64 >> 11) · 2⁻⁵³ < p`.

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

#[derive(Clone, Debug)]
pub struct SimRng(ChaCha8Rng);

impl SimRng {
    pub fn new(seed: u64) -> SimRng {
        SimRng(ChaCha8Rng::seed_from_u64(seed))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return lo;
        }
        match (hi - lo).checked_add(1) {
            Some(span) => lo + self.below(span),
            None => self.next_u64(),
        }
    }

    /// A float in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_numbers_and_pinned_first_draw() {
        let mut a = SimRng::new(42);
        let mut b = SimRng::new(42);
        let xs: Vec<u64> = (0..5).map(|_| a.between(10, 100)).collect();
        let ys: Vec<u64> = (0..5).map(|_| b.between(10, 100)).collect();
        assert_eq!(xs, ys);
        assert!(xs.iter().all(|x| (10..=100).contains(x)));
        // Pinned: a change of algorithm changes every trace; it must be a new trace version.
        assert_eq!(SimRng::new(0).next_u64(), PINNED_FIRST_DRAW_OF_SEED_0);
    }

    const PINNED_FIRST_DRAW_OF_SEED_0: u64 = 13_080_132_717_333_068_652;

    #[test]
    fn between_covers_both_ends() {
        let mut r = SimRng::new(1);
        let seen: std::collections::BTreeSet<u64> = (0..200).map(|_| r.between(3, 5)).collect();
        assert_eq!(seen.into_iter().collect::<Vec<_>>(), vec![3, 4, 5]);
        assert_eq!(r.between(7, 7), 7);
    }
}
