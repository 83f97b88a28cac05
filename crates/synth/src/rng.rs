//! A tiny deterministic pseudo-random generator: SplitMix64.
//!
//! Not for anything secret: it only has to give the same synthetic snapshot
//! for the same seed on every platform and every build. Each table family
//! draws from its own stream ([`Rng::fork`]), so that changing how one family
//! is generated does not change the others.

/// SplitMix64 (Steele, Lea and Flood; the constants of Vigna's reference).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// An independent stream for `label`, derived from this one's seed.
    pub fn fork(&self, label: &str) -> Rng {
        // FNV-1a of the label, mixed into the seed through one SplitMix step.
        let mut hash: u64 = 0xCBF2_9CE4_8422_2325;
        for b in label.bytes() {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3);
        }
        let mut mixer = Rng(self.0 ^ hash);
        Rng(mixer.next_u64())
    }

    /// Uniform in `0..n`; `0` when `n` is 0.
    pub fn below(&mut self, n: u64) -> u64 {
        // Lemire's multiply-shift: the bias is below 2^-32 for any n used here.
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi` (`lo` when `hi < lo`).
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let span = (i128::from(hi) - i128::from(lo) + 1) as u64;
        lo + self.below(span) as i64
    }

    /// Uniform in `lo..=hi` for sizes and counts.
    pub fn count(&mut self, lo: usize, hi: usize) -> usize {
        self.range(lo as i64, hi as i64) as usize
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// Fisher–Yates.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }

    /// A roughly bell-shaped value in `-spread..=spread` (the mean of three
    /// uniform draws), for noise that is mostly small.
    pub fn noise(&mut self, spread: i64) -> i64 {
        let sum: i64 = (0..3).map(|_| self.range(-spread, spread)).sum();
        sum / 3
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_the_reference_outputs() {
        // The first outputs for seed 0 of Vigna's splitmix64.c.
        let mut rng = Rng::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        assert_eq!(rng.next_u64(), 0x06C4_5D18_8009_454F);
    }

    #[test]
    fn same_seed_same_stream_and_forks_differ() {
        let mut a = Rng::new(42);
        let mut b = Rng::new(42);
        let xs: Vec<u64> = (0..100).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..100).map(|_| b.next_u64()).collect();
        assert_eq!(xs, ys);
        let root = Rng::new(42);
        let mut econ = root.fork("economy");
        let mut beds = root.fork("beds");
        assert_ne!(econ.next_u64(), beds.next_u64());
        assert_eq!(
            root.fork("economy").next_u64(),
            Rng::new(42).fork("economy").next_u64()
        );
        assert_ne!(
            Rng::new(1).fork("economy").next_u64(),
            Rng::new(2).fork("economy").next_u64()
        );
    }

    #[test]
    fn ranges_stay_inside_and_reach_both_ends() {
        let mut rng = Rng::new(7);
        let mut seen = [false; 7];
        for _ in 0..10_000 {
            let v = rng.range(-3, 3);
            assert!((-3..=3).contains(&v));
            seen[(v + 3) as usize] = true;
            let n = rng.noise(10);
            assert!((-10..=10).contains(&n));
        }
        assert!(seen.iter().all(|&s| s), "{seen:?}");
        assert_eq!(rng.range(5, 5), 5);
        assert_eq!(rng.range(5, 1), 5);
        assert_eq!(rng.below(0), 0);
    }

    #[test]
    fn chance_is_roughly_its_percentage_and_shuffle_permutes() {
        let mut rng = Rng::new(3);
        let hits = (0..10_000).filter(|_| rng.chance(30)).count();
        assert!((2_700..3_300).contains(&hits), "{hits}");
        let mut items: Vec<u32> = (0..50).collect();
        rng.shuffle(&mut items);
        let mut sorted = items.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..50).collect::<Vec<_>>());
        assert_ne!(items, sorted);
    }
}
