//! Cluster paths packed into a `u64` (a bit string of up to 48 bits, its length, and a mark
//! that tells the root's empty path from "no cluster"). Shared by the cluster table
//! ([`super::clusters`]) and the features that read prefixes of a token's path
//! ([`super::features`]); it imports neither.

/// Longest path kept, in bits (deeper paths are cut; the features use 20 at most).
pub const MAX_DEPTH: u32 = 48;

/// Marks a packed path, so that the root's empty path differs from "no cluster".
const PRESENT: u64 = 1 << 63;

/// Packs a path of `len` bits (the first bit the most significant of `bits`).
pub fn pack(bits: u64, len: u32) -> u64 {
    let len = len.min(MAX_DEPTH);
    PRESENT | (len as u64) << 48 | (bits & ((1u64 << len) - 1))
}

/// The length of a packed path in bits (0 for no cluster).
#[inline]
pub fn depth(cluster: u64) -> u32 {
    (cluster >> 48 & 0xff) as u32
}

/// The first `p` bits of a packed path (the whole path if it is shorter), packed; 0 stays 0.
#[inline]
pub fn prefix(cluster: u64, p: u32) -> u64 {
    if cluster & PRESENT == 0 {
        return 0;
    }
    let len = (cluster >> 48 & 0xff) as u32;
    let keep = len.min(p);
    let bits = (cluster & ((1u64 << 48) - 1)) >> (len - keep);
    PRESENT | (keep as u64) << 48 | bits
}
