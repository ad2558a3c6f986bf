//! The label set, the compact runtime model (hashed sparse weights quantised to 8 bits), its
//! binary format, and Viterbi decoding under BIO constraints.

use super::features::Gazetteer;

/// The 18 OntoNotes entity types, in label order.
pub const TYPES: [&str; 18] = [
    "PERSON",
    "NORP",
    "FAC",
    "ORG",
    "GPE",
    "LOC",
    "PRODUCT",
    "EVENT",
    "WORK_OF_ART",
    "LAW",
    "LANGUAGE",
    "DATE",
    "TIME",
    "PERCENT",
    "MONEY",
    "QUANTITY",
    "ORDINAL",
    "CARDINAL",
];

/// Number of BIO labels: `O`, then `B-t` = `1 + 2t` and `I-t` = `2 + 2t` for each type `t`.
pub const LABELS: usize = 1 + 2 * TYPES.len();

/// The label `O`.
pub const OUTSIDE: u8 = 0;

/// Label index of `B-t`.
pub fn begin(t: usize) -> u8 {
    (1 + 2 * t) as u8
}

/// Label index of `I-t`.
pub fn inside(t: usize) -> u8 {
    (2 + 2 * t) as u8
}

/// The type index of a label other than `O`.
pub fn type_of(label: u8) -> Option<usize> {
    (label != OUTSIDE).then(|| (label as usize - 1) / 2)
}

/// True for `I-t` labels.
pub fn is_inside(label: u8) -> bool {
    label != OUTSIDE && label & 1 == 0
}

/// Index of a type name in [`TYPES`].
pub fn type_index(name: &str) -> Option<usize> {
    TYPES.iter().position(|&t| t == name)
}

/// BIO validity of a transition `prev → cur` (`prev` = `None` at the sentence start).
pub fn valid(prev: Option<u8>, cur: u8) -> bool {
    if !is_inside(cur) {
        return true;
    }
    matches!(prev, Some(p) if p != OUTSIDE && type_of(p) == type_of(cur))
}

/// Scratch space for [`viterbi`], reused between sentences.
#[derive(Debug, Default)]
pub struct Scratch {
    delta: Vec<f32>,
    back: Vec<u8>,
}

/// Best label sequence for `n` tokens given emission scores `emit` (`n × LABELS`), the
/// transition matrix `trans` (`LABELS × LABELS`, from-major) and, optionally, a bit mask of
/// allowed labels per token. Writes the labels to `out`.
pub fn viterbi(
    emit: &[f32],
    trans: &[f32],
    allowed: Option<&[u64]>,
    scratch: &mut Scratch,
    out: &mut Vec<u8>,
) {
    let n = emit.len() / LABELS;
    out.clear();
    if n == 0 {
        return;
    }
    const NEG: f32 = f32::NEG_INFINITY;
    let delta = &mut scratch.delta;
    let back = &mut scratch.back;
    delta.clear();
    delta.resize(n * LABELS, NEG);
    back.clear();
    back.resize(n * LABELS, 0);
    let ok = |i: usize, l: usize| allowed.is_none_or(|a| a[i] >> l & 1 == 1);
    // A previous label more than `spread` behind the best one cannot win any transition, so
    // only the close ones are tried (exact, and usually one to three labels).
    let (lo, hi) = trans
        .iter()
        .fold((f32::INFINITY, NEG), |(lo, hi), &t| (lo.min(t), hi.max(t)));
    let spread = (hi - lo).max(0.0);
    let mut close = [0u8; LABELS];
    for l in 0..LABELS {
        if ok(0, l) && valid(None, l as u8) {
            delta[l] = emit[l];
        }
    }
    for i in 1..n {
        let (before, after) = delta.split_at_mut(i * LABELS);
        let prev = &before[(i - 1) * LABELS..];
        let cur = &mut after[..LABELS];
        let bk = &mut back[i * LABELS..(i + 1) * LABELS];
        let top = prev.iter().fold(NEG, |a, &b| a.max(b));
        let mut n_close = 0;
        for (p, &d) in prev.iter().enumerate() {
            if d > NEG && d >= top - spread {
                close[n_close] = p as u8;
                n_close += 1;
            }
        }
        for l in 0..LABELS {
            if !ok(i, l) {
                continue;
            }
            let (mut best, mut arg) = (NEG, 0u8);
            if is_inside(l as u8) {
                for p in [l - 1, l] {
                    let s = prev[p] + trans[p * LABELS + l];
                    if s > best {
                        best = s;
                        arg = p as u8;
                    }
                }
            } else {
                for &p in &close[..n_close] {
                    let p = p as usize;
                    let s = prev[p] + trans[p * LABELS + l];
                    if s > best {
                        best = s;
                        arg = p as u8;
                    }
                }
            }
            if best > NEG {
                cur[l] = best + emit[i * LABELS + l];
                bk[l] = arg;
            }
        }
    }
    let last = &delta[(n - 1) * LABELS..];
    let mut l = (0..LABELS).fold(0, |b, l| if last[l] > last[b] { l } else { b });
    out.resize(n, 0);
    for i in (0..n).rev() {
        out[i] = l as u8;
        if i > 0 {
            l = back[i * LABELS + l] as usize;
        }
    }
}

/// The runtime model: an open-addressing table from feature hash to a sparse weight row.
#[derive(Debug)]
pub struct Model {
    /// Open-addressing slots of 16 bytes, so that a lookup touches one cache line: word 0 is
    /// the 24-bit feature hash (0 = empty) and the entry count in the top byte; up to
    /// [`INLINE`] `(label, code)` pairs follow as `u16`s in words 1–3, or word 1 holds the
    /// row's offset in `overflow`.
    slots: Vec<[u32; 4]>,
    overflow: Vec<u16>,
    rows: usize,
    codebook: [f32; 256],
    /// Transition weights, `LABELS × LABELS`.
    pub trans: Vec<f32>,
    /// The gazetteer compiled into the model.
    pub gazetteer: Gazetteer,
}

const MAGIC: &[u8; 8] = b"QLNER01\n";

/// A sparse weight row as the trainer hands it to [`encode`]: `(label, weight)` pairs.
pub type Row = Vec<(u8, f32)>;

/// Value of an 8-bit code: sign and square-law magnitude relative to `scale`.
fn decode_code(code: u8, scale: f32) -> f32 {
    let q = code as i8 as f32 / 127.0;
    q.abs() * q * scale
}

/// The code nearest to `w` (0 when it rounds to nothing).
pub fn encode_weight(w: f32, scale: f32) -> u8 {
    let q = (w.abs() / scale).min(1.0).sqrt() * 127.0;
    let q = q.round() as i32 * if w < 0.0 { -1 } else { 1 };
    q as i8 as u8
}

fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let s = self.data.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.bytes(4)?.try_into().ok()?))
    }
    fn f32(&mut self) -> Option<f32> {
        Some(f32::from_bits(self.u32()?))
    }
    fn varint(&mut self) -> Option<u32> {
        let mut v = 0u32;
        for shift in (0..35).step_by(7) {
            let b = *self.bytes(1)?.first()?;
            v |= ((b & 0x7f) as u32) << shift;
            if b < 0x80 {
                return Some(v);
            }
        }
        None
    }
}

/// Serialises a model (before compression): rows keyed by feature hash, transitions,
/// the quantisation scale and the gazetteer phrases (`type`, phrase).
pub fn encode(
    rows: &[(u32, Row)],
    trans: &[f32],
    scale: f32,
    gazetteer: &[(u8, String)],
) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend((LABELS as u32).to_le_bytes());
    for &t in trans {
        out.extend(t.to_le_bytes());
    }
    out.extend(scale.to_le_bytes());
    let mut rows: Vec<(u32, Vec<(u8, u8)>)> = rows
        .iter()
        .map(|(k, r)| {
            let coded: Vec<(u8, u8)> = r
                .iter()
                .map(|&(l, w)| (l, encode_weight(w, scale)))
                .filter(|&(_, c)| c != 0)
                .collect();
            (*k, coded)
        })
        .filter(|(_, r)| !r.is_empty())
        .collect();
    rows.sort_by_key(|r| r.0);
    out.extend((rows.len() as u32).to_le_bytes());
    let mut prev = 0u32;
    for (k, _) in &rows {
        put_varint(&mut out, k - prev);
        prev = *k;
    }
    out.extend(rows.iter().map(|(_, r)| r.len() as u8));
    for (_, r) in &rows {
        out.extend(r.iter().map(|e| e.0));
    }
    for (_, r) in &rows {
        out.extend(r.iter().map(|e| e.1));
    }
    let mut gaz: Vec<String> = gazetteer
        .iter()
        .map(|(t, p)| format!("{}\t{}", (b'a' + t) as char, p))
        .collect();
    gaz.sort();
    gaz.dedup();
    let gaz = gaz.join("\n");
    out.extend((gaz.len() as u32).to_le_bytes());
    out.extend(gaz.as_bytes());
    out
}

impl Model {
    /// Parses a serialised (uncompressed) model; `None` if it is malformed.
    pub fn decode(data: &[u8]) -> Option<Model> {
        let mut r = Reader { data, pos: 0 };
        if r.bytes(8)? != MAGIC || r.u32()? as usize != LABELS {
            return None;
        }
        let mut trans = Vec::with_capacity(LABELS * LABELS);
        for _ in 0..LABELS * LABELS {
            trans.push(r.f32()?);
        }
        let scale = r.f32()?;
        let n = r.u32()? as usize;
        if n > data.len() {
            return None;
        }
        let mut keys = Vec::with_capacity(n);
        let mut prev = 0u32;
        for _ in 0..n {
            prev = prev.checked_add(r.varint()?)?;
            keys.push(prev);
        }
        if keys.iter().any(|&k| k == 0 || k > 0x00FF_FFFF) {
            return None;
        }
        let counts = r.bytes(n)?;
        let total: usize = counts.iter().map(|&c| c as usize).sum();
        let labels = r.bytes(total)?;
        if labels.iter().any(|&l| l as usize >= LABELS) {
            return None;
        }
        let codes = r.bytes(total)?;
        let gaz_len = r.u32()? as usize;
        let gaz_text = std::str::from_utf8(r.bytes(gaz_len)?).ok()?;
        let gazetteer = Gazetteer::new(gaz_text.lines().filter_map(|line| {
            let (t, p) = line.split_once('\t')?;
            let t = t.bytes().next()?.checked_sub(b'a')?;
            Some((t, p))
        }));
        let cap = (n + n / 2).next_power_of_two().max(16);
        let mut slots = vec![[0u32; 4]; cap];
        let mut overflow = Vec::new();
        let mut at = 0usize;
        for (&k, &count) in keys.iter().zip(counts) {
            let pairs =
                (at..at + count as usize).map(|e| labels[e] as u16 | (codes[e] as u16) << 8);
            at += count as usize;
            let mut slot = [k | (count as u32) << 24, 0, 0, 0];
            if count as usize <= INLINE {
                for (j, p) in pairs.enumerate() {
                    slot[1 + j / 2] |= (p as u32) << (16 * (j % 2));
                }
            } else {
                slot[1] = overflow.len() as u32;
                overflow.extend(pairs);
            }
            let mut s = slot_of(k, cap);
            while slots[s][0] != 0 {
                s = (s + 1) & (cap - 1);
            }
            slots[s] = slot;
        }
        let mut codebook = [0f32; 256];
        for (c, v) in codebook.iter_mut().enumerate() {
            *v = decode_code(c as u8, scale);
        }
        Some(Model {
            slots,
            overflow,
            rows: n,
            codebook,
            trans,
            gazetteer,
        })
    }

    /// Number of feature rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Adds the weights of feature `f` (a 24-bit hash) to `scores` (`LABELS` long).
    #[inline]
    pub fn add(&self, f: u32, scores: &mut [f32; LABELS]) {
        let mask = self.slots.len() - 1;
        let mut s = slot_of(f, self.slots.len());
        loop {
            let slot = &self.slots[s];
            let k = slot[0] & 0x00FF_FFFF;
            if k == f {
                let count = (slot[0] >> 24) as usize;
                if count <= INLINE {
                    for j in 0..count {
                        let p = (slot[1 + j / 2] >> (16 * (j % 2))) as u16;
                        self.add_pair(p, scores);
                    }
                } else {
                    let at = slot[1] as usize;
                    for &p in self.overflow.get(at..at + count).unwrap_or(&[]) {
                        self.add_pair(p, scores);
                    }
                }
                return;
            }
            if k == 0 {
                return;
            }
            s = (s + 1) & mask;
        }
    }

    /// Hints the CPU to fetch the slot of feature `f` (native x86-64 only; a no-op
    /// elsewhere). Tagging prefetches a whole sentence's features before adding them, so the
    /// cache misses overlap instead of queueing.
    #[inline]
    pub fn prefetch(&self, f: u32) {
        #[cfg(target_arch = "x86_64")]
        {
            let s = slot_of(f, self.slots.len());
            let ptr = self.slots[s].as_ptr() as *const i8;
            // SAFETY: prefetching is only a hint; it never faults and `ptr` is in bounds.
            unsafe {
                std::arch::x86_64::_mm_prefetch(ptr, std::arch::x86_64::_MM_HINT_T0);
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = f;
    }

    #[inline]
    fn add_pair(&self, p: u16, scores: &mut [f32; LABELS]) {
        // Labels were checked against LABELS when the model was decoded.
        if let Some(v) = scores.get_mut((p & 0xff) as usize) {
            *v += self.codebook[(p >> 8) as usize];
        }
    }
}

/// Entries kept inside a slot; longer rows go to the overflow array.
const INLINE: usize = 6;

#[inline]
fn slot_of(key: u32, cap: usize) -> usize {
    (key.wrapping_mul(0x9E37_79B1) as usize >> 8) & (cap - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bio_constraints() {
        assert!(valid(None, OUTSIDE));
        assert!(valid(None, begin(3)));
        assert!(!valid(None, inside(3)));
        assert!(valid(Some(begin(3)), inside(3)));
        assert!(valid(Some(inside(3)), inside(3)));
        assert!(!valid(Some(begin(2)), inside(3)));
        assert!(!valid(Some(OUTSIDE), inside(3)));
    }

    #[test]
    fn viterbi_respects_bio() {
        // Token 0 prefers O, token 1 prefers I-PERSON, which needs a B before it.
        let mut emit = vec![0f32; 2 * LABELS];
        emit[OUTSIDE as usize] = 1.0;
        emit[begin(0) as usize] = 0.5;
        emit[LABELS + inside(0) as usize] = 5.0;
        let trans = vec![0f32; LABELS * LABELS];
        let mut out = Vec::new();
        viterbi(&emit, &trans, None, &mut Scratch::default(), &mut out);
        assert_eq!(out, [begin(0), inside(0)]);
    }

    #[test]
    fn round_trip() {
        let rows = vec![(7u32, vec![(1u8, 0.5f32), (3, -2.0)]), (3, vec![(0, 1.0)])];
        let trans = vec![0.25f32; LABELS * LABELS];
        let data = encode(&rows, &trans, 2.0, &[(0, "Pakistan".to_string())]);
        let m = Model::decode(&data).expect("decodes");
        assert_eq!(m.rows(), 2);
        let mut s = [0f32; LABELS];
        m.add(7, &mut s);
        assert!(
            (s[1] - 0.5).abs() < 0.02 && (s[3] + 2.0).abs() < 0.02,
            "{s:?}"
        );
        m.add(12345, &mut s);
        assert!(Model::decode(&data[..data.len() - 3]).is_none());
    }
}
