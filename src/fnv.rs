//! The small hashes everything shares: FNV-1a over bytes (the attribution models' hashed
//! feature names, the fixed word lists' filters, the article comparison; deterministic across
//! platforms and usable in `const` items), and the mixing step and pass-through hasher of maps
//! keyed by precomputed hashes (the NER features, the models' weights, the entity keys).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A hasher for keys that are already well-mixed 64-bit hashes: it passes them through (and
/// mixes the bytes of any other key with [`mix`]).
#[derive(Debug, Default, Clone, Copy)]
pub struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0, b as u64);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

/// A map keyed by precomputed hashes.
pub type HashedMap<V> = HashMap<u64, V, BuildHasherDefault<PassThrough>>;

/// The multiplier of [`mix`] (the golden ratio in 64 bits).
pub const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Mixes `v` into the running hash `h` (the NER features' and [`PassThrough`]'s step).
#[inline]
pub fn mix(h: u64, v: u64) -> u64 {
    (h ^ v).wrapping_mul(K).rotate_left(31) ^ (h >> 17)
}

/// The starting value of every hash.
pub const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

const PRIME: u64 = 0x0100_0000_01b3;

/// Continues the hash `h` over `bytes` (start from [`OFFSET`]); hashing pieces one after the
/// other gives the hash of their concatenation.
pub const fn extend(mut h: u64, bytes: &[u8]) -> u64 {
    let mut i = 0;
    while i < bytes.len() {
        h = extend_byte(h, bytes[i]);
        i += 1;
    }
    h
}

/// Continues the hash `h` over one byte.
#[inline]
pub const fn extend_byte(h: u64, b: u8) -> u64 {
    (h ^ b as u64).wrapping_mul(PRIME)
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_values_and_concatenation() {
        // The published FNV-1a 64-bit test vectors.
        assert_eq!(super::extend(super::OFFSET, b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(super::extend(super::OFFSET, b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(
            super::extend(super::OFFSET, b"foobar"),
            0x8594_4171_f739_67e8
        );
        let pieces = super::extend(super::extend(super::OFFSET, b"foo"), b"bar");
        assert_eq!(pieces, super::extend(super::OFFSET, b"foobar"));
    }
}
