//! FNV-1a over bytes: the one small hash shared by the attribution models' hashed feature names,
//! the fixed word lists' filters and the article comparison. Deterministic across platforms and
//! usable in `const` items.

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
