//! Whole-vector arithmetic on score vectors ([`Scores`]), written with explicit vector
//! instructions rather than left to LLVM's vectorisers (which the page's size-optimised wasm
//! profile turns off, and which the code was first written under when the native release
//! profile optimised for size too): on x86-64 SSE2 (part of the baseline instruction set), on
//! wasm32 the simd128 proposal when the build enables it (`.cargo/config.toml` does for the
//! app); elsewhere they are plain loops.

/// Width of an integer score vector: the model's label scores, padded to whole SIMD lanes.
pub const LANES: usize = 40;

/// Emission scores of one token in integer units of the model's unit (exact sums: every
/// quantised weight is a whole multiple of the unit), one label per lane.
pub type Scores = [i32; LANES];

/// First lane of the `I-` labels.
pub(super) const INSIDE_LANE: usize = 20;

/// Transition weights arranged for the tagger's Viterbi step (built by `FastTrans::new` in
/// the model, which knows the label layout; defined here so that this module imports nothing
/// from the model).
#[derive(Debug, Clone)]
pub struct FastTrans {
    /// Per previous lane: the weights into the `O` and `B-` lanes (0–19; padding −∞).
    pub(super) begin: Vec<[f32; INSIDE_LANE]>,
    /// Per type: `B-t → I-t` and `I-t → I-t` (padding −∞).
    pub(super) from_b: [f32; INSIDE_LANE],
    pub(super) from_i: [f32; INSIDE_LANE],
    /// Per previous lane: its largest and smallest weight into the `O` and `B-` lanes.
    pub(super) hi: [f32; LANES],
    pub(super) lo: [f32; LANES],
}

#[cfg(target_arch = "x86_64")]
mod imp {
    use super::{FastTrans, Scores, LANES};
    use std::arch::x86_64::*;

    /// `acc += v`.
    #[inline]
    pub fn add(acc: &mut Scores, v: &Scores) {
        let (a, b) = (
            acc.as_mut_ptr() as *mut __m128i,
            v.as_ptr() as *const __m128i,
        );
        // SAFETY: SSE2 is always available on x86-64; both arrays hold LANES = 4 × 10 i32,
        // and the unaligned loads and stores stay inside them.
        unsafe {
            for k in 0..LANES / 4 {
                let x = _mm_loadu_si128(a.add(k));
                let y = _mm_loadu_si128(b.add(k));
                _mm_storeu_si128(a.add(k), _mm_add_epi32(x, y));
            }
        }
    }

    /// The sum of `N` vectors (one store per lane group instead of one per vector).
    #[inline]
    pub fn sum_of<const N: usize>(parts: [&Scores; N]) -> Scores {
        let mut out = [0i32; LANES];
        let o = out.as_mut_ptr() as *mut __m128i;
        // SAFETY: SSE2 is always available on x86-64; every array holds LANES = 4 × 10 i32,
        // and the unaligned loads and stores stay inside them.
        unsafe {
            for k in 0..LANES / 4 {
                let mut x = _mm_setzero_si128();
                for p in parts {
                    x = _mm_add_epi32(x, _mm_loadu_si128((p.as_ptr() as *const __m128i).add(k)));
                }
                _mm_storeu_si128(o.add(k), x);
            }
        }
        out
    }

    /// `acc += v`, widening `v` from 16 bits.
    #[inline]
    pub fn add_i16(acc: &mut Scores, v: &[i16; LANES]) {
        let (a, b) = (
            acc.as_mut_ptr() as *mut __m128i,
            v.as_ptr() as *const __m128i,
        );
        // SAFETY: as in `add`; `v` holds LANES = 8 × 5 i16.
        unsafe {
            for k in 0..LANES / 8 {
                let y = _mm_loadu_si128(b.add(k));
                let lo = _mm_srai_epi32(_mm_unpacklo_epi16(y, y), 16);
                let hi = _mm_srai_epi32(_mm_unpackhi_epi16(y, y), 16);
                let x0 = _mm_loadu_si128(a.add(2 * k));
                let x1 = _mm_loadu_si128(a.add(2 * k + 1));
                _mm_storeu_si128(a.add(2 * k), _mm_add_epi32(x0, lo));
                _mm_storeu_si128(a.add(2 * k + 1), _mm_add_epi32(x1, hi));
            }
        }
    }

    /// The previous lanes that may win an `O` or `B-` lane (the same as
    /// `model::close_lanes_scalar`).
    #[inline]
    pub fn close_lanes(prev: &[f32; LANES], hi: &[f32; LANES], lo: &[f32; LANES]) -> u64 {
        let (p, h) = (prev.as_ptr(), hi.as_ptr());
        // SAFETY: SSE2 is always available on x86-64; the arrays hold LANES = 4 × 10 f32.
        unsafe {
            let neg = _mm_set1_ps(f32::NEG_INFINITY);
            let mut t = neg;
            for k in 0..LANES / 4 {
                t = _mm_max_ps(t, _mm_loadu_ps(p.add(4 * k)));
            }
            let t = _mm_max_ps(t, _mm_shuffle_ps(t, t, 0b01_00_11_10));
            let t = _mm_max_ps(t, _mm_shuffle_ps(t, t, 0b10_11_00_01));
            let top = _mm_cvtss_f32(t);
            // The first lane holding the maximum (any would do; the scalar version also
            // takes the first).
            let mut at = 0;
            for (k, &d) in prev.iter().enumerate() {
                if d == top {
                    at = k;
                    break;
                }
            }
            let f = top + lo[at];
            let floor = _mm_set1_ps(f);
            let mut mask = 0u64;
            if f > f32::NEG_INFINITY {
                // (Usual.) A lane at −∞ reaches −∞ or NaN, below the floor: no test for it.
                for k in 0..LANES / 4 {
                    let x = _mm_loadu_ps(p.add(4 * k));
                    let reach = _mm_add_ps(x, _mm_loadu_ps(h.add(4 * k)));
                    let m = _mm_cmpge_ps(reach, floor);
                    mask |= (_mm_movemask_ps(m) as u64) << (4 * k);
                }
                return mask;
            }
            for k in 0..LANES / 4 {
                let x = _mm_loadu_ps(p.add(4 * k));
                let reach = _mm_add_ps(x, _mm_loadu_ps(h.add(4 * k)));
                let m = _mm_and_ps(_mm_cmpge_ps(reach, floor), _mm_cmpgt_ps(x, neg));
                mask |= (_mm_movemask_ps(m) as u64) << (4 * k);
            }
            mask
        }
    }

    /// One forward Viterbi step in lane order (the same as `model::viterbi_step_scalar`).
    #[inline]
    pub fn viterbi_step(
        prev: &[f32; LANES],
        em: &[f32; LANES],
        ft: &FastTrans,
        close: u64,
        cur: &mut [f32; LANES],
    ) {
        const V: usize = 5; // vectors per block of 20 lanes
                            // SAFETY: SSE2 is always available on x86-64. Every pointer below stays inside its
                            // array: `prev`, `em`, `cur` have 40 lanes and are read at 0–19, 20–39 and (prev)
                            // 1–20; `FastTrans` rows and `from_b`/`from_i` have 20.
        unsafe {
            // `_mm_max_ps(s, c)` is `s > c ? s : c`, the scalar version's comparison.
            let mut c = [_mm_set1_ps(f32::NEG_INFINITY); V];
            let mut bits = close;
            while bits != 0 {
                let p = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let Some(row) = ft.begin_row(p) else {
                    continue;
                };
                let d = _mm_set1_ps(prev[p]);
                for (v, cv) in c.iter_mut().enumerate() {
                    let s = _mm_add_ps(d, _mm_loadu_ps(row.as_ptr().add(4 * v)));
                    *cv = _mm_max_ps(s, *cv);
                }
            }
            let (pp, ep, cp) = (prev.as_ptr(), em.as_ptr(), cur.as_mut_ptr());
            for (v, cv) in c.iter().enumerate() {
                _mm_storeu_ps(cp.add(4 * v), _mm_add_ps(*cv, _mm_loadu_ps(ep.add(4 * v))));
            }
            let (fb, fi) = (ft.from_b().as_ptr(), ft.from_i().as_ptr());
            for v in 0..V {
                let s1 = _mm_add_ps(_mm_loadu_ps(pp.add(1 + 4 * v)), _mm_loadu_ps(fb.add(4 * v)));
                let s2 = _mm_add_ps(
                    _mm_loadu_ps(pp.add(20 + 4 * v)),
                    _mm_loadu_ps(fi.add(4 * v)),
                );
                let e = _mm_loadu_ps(ep.add(20 + 4 * v));
                _mm_storeu_ps(cp.add(20 + 4 * v), _mm_add_ps(_mm_max_ps(s2, s1), e));
            }
        }
    }

    /// `out[k] = acc[k] × unit` for the first `out.len()` (at most LANES) lanes.
    #[inline]
    pub fn scale(acc: &Scores, unit: f32, out: &mut [f32]) {
        let mut tmp = [0f32; LANES];
        let (a, t) = (acc.as_ptr() as *const __m128i, tmp.as_mut_ptr());
        // SAFETY: as in `add`; `tmp` holds LANES f32.
        unsafe {
            let u = _mm_set1_ps(unit);
            for k in 0..LANES / 4 {
                let x = _mm_cvtepi32_ps(_mm_loadu_si128(a.add(k)));
                _mm_storeu_ps(t.add(4 * k), _mm_mul_ps(x, u));
            }
        }
        let n = out.len().min(LANES);
        out[..n].copy_from_slice(&tmp[..n]);
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use super::{Scores, LANES};
    pub use crate::ner::model::{
        close_lanes_scalar as close_lanes, viterbi_step_scalar as viterbi_step,
    };
    use core::arch::wasm32::*;

    /// `acc += v`.
    #[inline]
    pub fn add(acc: &mut Scores, v: &Scores) {
        let (a, b) = (acc.as_mut_ptr() as *mut v128, v.as_ptr() as *const v128);
        // SAFETY: built only with simd128 enabled; both arrays hold LANES = 4 × 10 i32, and the
        // (unaligned-tolerant) loads and stores stay inside them.
        unsafe {
            for k in 0..LANES / 4 {
                v128_store(
                    a.add(k),
                    i32x4_add(v128_load(a.add(k)), v128_load(b.add(k))),
                );
            }
        }
    }

    /// `acc += v`, widening `v` from 16 bits.
    #[inline]
    pub fn add_i16(acc: &mut Scores, v: &[i16; LANES]) {
        let (a, b) = (acc.as_mut_ptr() as *mut v128, v.as_ptr() as *const v128);
        // SAFETY: as in `add`; `v` holds LANES = 8 × 5 i16.
        unsafe {
            for k in 0..LANES / 8 {
                let y = v128_load(b.add(k));
                let (lo, hi) = (i32x4_extend_low_i16x8(y), i32x4_extend_high_i16x8(y));
                v128_store(a.add(2 * k), i32x4_add(v128_load(a.add(2 * k)), lo));
                v128_store(a.add(2 * k + 1), i32x4_add(v128_load(a.add(2 * k + 1)), hi));
            }
        }
    }

    /// `out[k] = acc[k] × unit` for the first `out.len()` (at most LANES) lanes.
    #[inline]
    pub fn scale(acc: &Scores, unit: f32, out: &mut [f32]) {
        let mut tmp = [0f32; LANES];
        let (a, t) = (acc.as_ptr() as *const v128, tmp.as_mut_ptr() as *mut v128);
        // SAFETY: as in `add`; `tmp` holds LANES f32.
        unsafe {
            let u = f32x4_splat(unit);
            for k in 0..LANES / 4 {
                v128_store(
                    t.add(k),
                    f32x4_mul(f32x4_convert_i32x4(v128_load(a.add(k))), u),
                );
            }
        }
        let n = out.len().min(LANES);
        out[..n].copy_from_slice(&tmp[..n]);
    }
}

#[cfg(not(any(
    target_arch = "x86_64",
    all(target_arch = "wasm32", target_feature = "simd128")
)))]
mod imp {
    use super::{Scores, LANES};
    pub use crate::ner::model::{
        close_lanes_scalar as close_lanes, viterbi_step_scalar as viterbi_step,
    };

    /// `acc += v`.
    #[inline]
    pub fn add(acc: &mut Scores, v: &Scores) {
        for (a, b) in acc.iter_mut().zip(v) {
            *a += b;
        }
    }

    /// `acc += v`, widening `v` from 16 bits.
    #[inline]
    pub fn add_i16(acc: &mut Scores, v: &[i16; LANES]) {
        for (a, &b) in acc.iter_mut().zip(v) {
            *a += b as i32;
        }
    }

    /// `out[k] = acc[k] × unit` for the first `out.len()` (at most LANES) lanes.
    #[inline]
    pub fn scale(acc: &Scores, unit: f32, out: &mut [f32]) {
        for (o, &a) in out.iter_mut().zip(acc) {
            *o = a as f32 * unit;
        }
    }
}

pub use imp::{add, add_i16, close_lanes, scale, viterbi_step};

#[cfg(target_arch = "x86_64")]
pub use imp::sum_of;

/// The sum of `N` vectors (elsewhere than x86-64: one [`add`] after another).
#[cfg(not(target_arch = "x86_64"))]
#[inline]
pub fn sum_of<const N: usize>(parts: [&Scores; N]) -> Scores {
    let mut out = [0i32; LANES];
    for p in parts {
        add(&mut out, p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vector_ops() {
        let mut acc: Scores = std::array::from_fn(|k| k as i32 - 20);
        let v: Scores = std::array::from_fn(|k| 1000 * k as i32);
        add(&mut acc, &v);
        assert!((0..LANES).all(|k| acc[k] == k as i32 - 20 + 1000 * k as i32));
        let w: [i16; LANES] = std::array::from_fn(|k| if k % 2 == 0 { -16129 } else { 7 });
        let before = acc;
        add_i16(&mut acc, &w);
        assert!((0..LANES).all(|k| acc[k] == before[k] + w[k] as i32));
        let mut out = [0f32; 37];
        scale(&acc, 0.5, &mut out);
        assert!((0..37).all(|k| out[k] == acc[k] as f32 * 0.5));
        let total = sum_of([&acc, &v, &acc]);
        assert!((0..LANES).all(|k| total[k] == 2 * acc[k] + v[k]));
        assert_eq!(sum_of::<0>([]), [0; LANES]);
    }

    #[test]
    fn viterbi_step_matches_scalar() {
        use crate::ner::model::{close_lanes_scalar, viterbi_step_scalar, LABELS};
        let mut x = 0x0bad_cafe_1234_5678u64;
        let mut rand = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            ((x % 21) as f32 - 10.0) * 0.25
        };
        let trans: Vec<f32> = (0..LABELS * LABELS).map(|_| rand()).collect();
        let ft = FastTrans::new(&trans);
        for round in 0..200 {
            let mut prev = [0f32; LANES];
            for (k, p) in prev.iter_mut().enumerate() {
                *p = if round % 3 == 0 && k % 5 == 2 {
                    f32::NEG_INFINITY
                } else {
                    rand() * 4.0
                };
            }
            let em: [f32; LANES] = std::array::from_fn(|_| rand());
            let (hi, lo) = (ft.hi(), ft.lo());
            let mask = close_lanes(&prev, hi, lo);
            assert_eq!(mask, close_lanes_scalar(&prev, hi, lo));
            let (mut c1, mut c2) = ([0f32; LANES], [0f32; LANES]);
            viterbi_step(&prev, &em, &ft, mask, &mut c1);
            viterbi_step_scalar(&prev, &em, &ft, mask, &mut c2);
            for k in (0..19).chain(20..38) {
                assert_eq!(c1[k], c2[k], "lane {k}");
            }
        }
        // A floor at −∞ (every lane unreachable, or a transition at −∞) takes the other path.
        let none = [f32::NEG_INFINITY; LANES];
        assert_eq!(close_lanes(&none, ft.hi(), ft.lo()), 0);
        let mut low = *ft.lo();
        low[0] = f32::NEG_INFINITY;
        let mut prev = none;
        prev[0] = 1.0;
        prev[5] = 0.5;
        let mask = close_lanes(&prev, ft.hi(), &low);
        assert_eq!(mask, close_lanes_scalar(&prev, ft.hi(), &low));
        assert_eq!(mask, 1 | 1 << 5);
    }
}
