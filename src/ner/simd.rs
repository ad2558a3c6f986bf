//! Whole-vector arithmetic on score vectors ([`Scores`]). The release profile optimises for
//! size, which turns LLVM's vectorisers off, so on x86-64 these use SSE2 (part of the
//! baseline instruction set) explicitly; elsewhere (wasm32) they are plain loops.

use super::model::{Scores, LANES};

#[cfg(target_arch = "x86_64")]
mod imp {
    use super::{Scores, LANES};
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

#[cfg(not(target_arch = "x86_64"))]
mod imp {
    use super::{Scores, LANES};

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

pub use imp::{add, add_i16, scale};

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
    }
}
