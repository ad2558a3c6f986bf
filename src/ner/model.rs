//! The label set, the compact runtime model (hashed sparse weights quantised to 8 bits), its
//! binary format, and Viterbi decoding under BIO constraints.

use super::clusters::Clusters;
use super::features::Gazetteer;
use super::simd::INSIDE_LANE;
pub use super::simd::{FastTrans, Scores, LANES};

/// The 18 OntoNotes entity types, in label order (defined with the shared types).
pub const TYPES: [&str; 18] = crate::types::ENTITY_TYPES;

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
    /// [`viterbi_fast`]: per position, the previous lanes that may precede an `O` or `B-` lane.
    close: Vec<u64>,
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
    viterbi_with(emit, trans, None, allowed, scratch, out);
}

/// The largest transition weight minus the smallest (see [`viterbi_with`]).
pub fn transition_spread(trans: &[f32]) -> f32 {
    let (mut lo, mut hi) = (f32::INFINITY, f32::NEG_INFINITY);
    for &t in trans {
        lo = lo.min(t);
        hi = hi.max(t);
    }
    (hi - lo).max(0.0)
}

/// [`viterbi`] with the transitions' [`transition_spread`] computed beforehand.
pub fn viterbi_with(
    emit: &[f32],
    trans: &[f32],
    spread: Option<f32>,
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
    let spread = spread.unwrap_or_else(|| transition_spread(trans));
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
        let mut top = NEG;
        for &d in prev {
            if d > top {
                top = d;
            }
        }
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

/// Lane of each label in a score vector ([`Scores`]): `O` in lane 0, `B-t` in lane `1 + t`,
/// `I-t` in lane `20 + t`, so that the labels that may follow anything and the `I-` labels
/// are two blocks of whole SIMD vectors. Lanes 19, 38 and 39 are padding.
pub const fn lane(label: u8) -> usize {
    let l = label as usize;
    if l == 0 {
        0
    } else if l % 2 == 1 {
        1 + (l - 1) / 2
    } else {
        INSIDE_LANE + (l - 2) / 2
    }
}

/// Lane of each label ([`lane`] as a table).
const LANE_OF_LABEL: [u8; LABELS] = {
    let mut out = [0u8; LABELS];
    let mut l = 0;
    while l < LABELS {
        out[l] = lane(l as u8) as u8;
        l += 1;
    }
    out
};

/// Label in each lane (padding lanes map to `O`, and never win).
const LABEL_OF_LANE: [u8; LANES] = {
    let mut out = [0u8; LANES];
    let mut l = 0;
    while l < LABELS {
        out[lane(l as u8)] = l as u8;
        l += 1;
    }
    out
};

impl FastTrans {
    /// Arranges a `LABELS × LABELS` transition matrix.
    pub fn new(trans: &[f32]) -> Self {
        const NEG: f32 = f32::NEG_INFINITY;
        let mut begin = vec![[NEG; INSIDE_LANE]; LANES];
        let (mut from_b, mut from_i) = ([NEG; INSIDE_LANE], [NEG; INSIDE_LANE]);
        if trans.len() >= LABELS * LABELS {
            for p in 0..LABELS {
                for l in 0..LABELS {
                    if !is_inside(l as u8) {
                        begin[lane(p as u8)][lane(l as u8)] = trans[p * LABELS + l];
                    }
                }
            }
            for t in 0..TYPES.len() {
                let (b, i) = (begin_label(t), inside(t) as usize);
                from_b[t] = trans[b * LABELS + i];
                from_i[t] = trans[i * LABELS + i];
            }
        }
        let (mut hi, mut lo) = ([NEG; LANES], [f32::INFINITY; LANES]);
        for (p, row) in begin.iter().enumerate() {
            for &w in &row[..INSIDE_LANE - 1] {
                hi[p] = hi[p].max(w);
                lo[p] = lo[p].min(w);
            }
        }
        FastTrans {
            begin,
            from_b,
            from_i,
            hi,
            lo,
        }
    }
}

impl FastTrans {
    /// Weights from lane `p` into the `O` and `B-` lanes.
    #[inline]
    pub fn begin_row(&self, p: usize) -> Option<&[f32; INSIDE_LANE]> {
        self.begin.get(p)
    }

    /// `B-t → I-t` per type (padded to 20).
    #[inline]
    pub fn from_b(&self) -> &[f32; INSIDE_LANE] {
        &self.from_b
    }

    /// `I-t → I-t` per type (padded to 20).
    #[inline]
    pub fn from_i(&self) -> &[f32; INSIDE_LANE] {
        &self.from_i
    }

    /// Per lane, the largest weight into an `O` or `B-` lane.
    pub fn hi(&self) -> &[f32; LANES] {
        &self.hi
    }

    /// Per lane, the smallest weight into an `O` or `B-` lane.
    pub fn lo(&self) -> &[f32; LANES] {
        &self.lo
    }
}

fn begin_label(t: usize) -> usize {
    begin(t) as usize
}

/// [`viterbi`] without label masks, as tagging uses it: emission scores `emit` are
/// `n × LANES` in lane order ([`lane`]); the result (labels, not lanes) is the same as
/// [`viterbi`]'s, including the choice between equal scores.
///
/// The forward pass keeps only the scores and, per position, the mask of close previous
/// lanes ([`close_lanes_scalar`]); the way back finds each position's best previous lane
/// again from them ([`FastTrans::best_prev`]), which costs less than keeping a back pointer
/// for every lane.
pub fn viterbi_fast(emit: &[f32], ft: &FastTrans, scratch: &mut Scratch, out: &mut Vec<u8>) {
    const NEG: f32 = f32::NEG_INFINITY;
    let n = emit.len() / LANES;
    out.clear();
    if n == 0 || ft.begin.len() < LANES {
        return;
    }
    let delta = &mut scratch.delta;
    let close = &mut scratch.close;
    // Every lane of every position is written before it is read, so the buffers only grow.
    if delta.len() < n * LANES {
        delta.resize(n * LANES, NEG);
    }
    if close.len() < n {
        close.resize(n, 0);
    }
    for t in 0..INSIDE_LANE {
        delta[t] = if ft.begin[0][t] > NEG { emit[t] } else { NEG };
        delta[INSIDE_LANE + t] = NEG;
    }
    for i in 1..n {
        let (before, after) = delta.split_at_mut(i * LANES);
        let prev: &[f32; LANES] = before[(i - 1) * LANES..]
            .try_into()
            .unwrap_or(&[NEG; LANES]);
        let Ok(cur) = <&mut [f32; LANES]>::try_from(&mut after[..LANES]) else {
            return;
        };
        let Ok(em) = <&[f32; LANES]>::try_from(&emit[i * LANES..(i + 1) * LANES]) else {
            return;
        };
        let mask = super::simd::close_lanes(prev, &ft.hi, &ft.lo);
        close[i] = mask;
        super::simd::viterbi_step(prev, em, ft, mask, cur);
    }
    let last = &delta[(n - 1) * LANES..];
    let mut best = 0usize;
    for l in 1..LABELS {
        if last[LANE_OF_LABEL[l] as usize] > last[LANE_OF_LABEL[best] as usize] {
            best = l;
        }
    }
    let mut k = lane(best as u8);
    out.resize(n, 0);
    for i in (0..n).rev() {
        out[i] = LABEL_OF_LANE[k];
        if i > 0 {
            let prev = &delta[(i - 1) * LANES..i * LANES];
            k = ft.best_prev(prev, close[i], k);
        }
    }
}

impl FastTrans {
    /// The best previous lane of lane `k` given the previous scores `prev` and the mask of
    /// close previous lanes (for an `O` or `B-` lane): the first in label order among the
    /// best, as [`viterbi`] chooses, found with the same additions as the forward pass.
    pub fn best_prev(&self, prev: &[f32], close: u64, k: usize) -> usize {
        let at = |p: usize| prev.get(p).copied().unwrap_or(f32::NEG_INFINITY);
        if k >= INSIDE_LANE {
            let t = k - INSIDE_LANE;
            let from_b = self.from_b.get(t).copied().unwrap_or(f32::NEG_INFINITY);
            let from_i = self.from_i.get(t).copied().unwrap_or(f32::NEG_INFINITY);
            return if at(k) + from_i > at(1 + t) + from_b {
                k
            } else {
                1 + t
            };
        }
        let (mut arg, mut best) = (None, f32::NEG_INFINITY);
        let mut bits = close;
        while bits != 0 {
            let p = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            let w = self.begin.get(p).map_or(f32::NEG_INFINITY, |row| row[k]);
            let s = at(p) + w;
            let better = match arg {
                None => true,
                Some(a) => s > best || (s == best && LABEL_OF_LANE[p] < LABEL_OF_LANE[a]),
            };
            if better {
                arg = Some(p);
                best = s;
            }
        }
        arg.unwrap_or(0)
    }
}

/// One forward Viterbi step in lane order, without SIMD (see [`viterbi_fast`]; the x86-64
/// version in `simd.rs` computes the same): the best score of each lane at this position,
/// with the `O` and `B-` lanes reached from the previous lanes in `close` (a bit mask).
#[allow(dead_code)] // used on targets without the SIMD version, and by tests
pub fn viterbi_step_scalar(
    prev: &[f32; LANES],
    em: &[f32; LANES],
    ft: &FastTrans,
    close: u64,
    cur: &mut [f32; LANES],
) {
    let mut c = [f32::NEG_INFINITY; INSIDE_LANE];
    let mut bits = close;
    while bits != 0 {
        let p = bits.trailing_zeros() as usize;
        bits &= bits - 1;
        let d = prev[p];
        let row = &ft.begin[p];
        for l in 0..INSIDE_LANE {
            let s = d + row[l];
            if s > c[l] {
                c[l] = s;
            }
        }
    }
    for l in 0..INSIDE_LANE {
        cur[l] = c[l] + em[l];
    }
    for t in 0..INSIDE_LANE {
        let (b, l) = (1 + t, INSIDE_LANE + t);
        let s1 = prev[b] + ft.from_b[t];
        let s2 = prev[l] + ft.from_i[t];
        let best = if s2 > s1 { s2 } else { s1 };
        cur[l] = best + em[l];
    }
}

/// The previous lanes that may be the best predecessor of some `O` or `B-` lane, as a bit
/// mask: those above −∞ with `prev[p] + hi[p]` at least `top + lo[t]`, where `t` is a lane
/// holding the maximum `top`. Any other lane scores below what `t` gives every target, so
/// it can neither win nor tie (exact).
#[allow(dead_code)] // used on targets without the SIMD version, and by tests
pub fn close_lanes_scalar(prev: &[f32; LANES], hi: &[f32; LANES], lo: &[f32; LANES]) -> u64 {
    let mut top = 0;
    for (k, &d) in prev.iter().enumerate() {
        if d > prev[top] {
            top = k;
        }
    }
    let floor = prev[top] + lo[top];
    let mut mask = 0u64;
    for (k, &d) in prev.iter().enumerate() {
        if d > f32::NEG_INFINITY && d + hi[k] >= floor {
            mask |= 1 << k;
        }
    }
    mask
}

/// The runtime model: an open-addressing table from feature hash to a weight row.
#[derive(Debug)]
pub struct Model {
    /// Open-addressing slots of 16 bytes, so that a lookup touches one cache line: word 0 is
    /// the 24-bit feature hash (0 = empty) and the entry count in the top byte; up to
    /// [`INLINE`] `(label, code)` pairs follow as `u16`s in words 1–3, or word 1 holds the
    /// index of the row in `dense`.
    slots: Vec<[u32; 4]>,
    /// Rows with more than [`INLINE`] weights, as whole integer vectors.
    dense: Vec<[i16; LANES]>,
    rows: usize,
    /// Integer value of each 8-bit code (sign × q², in units of `unit`).
    icode: [i32; 256],
    /// Value of one integer unit.
    unit: f32,
    /// Distinguishes models within a process (for caches of their weights).
    id: u64,
    /// Transition weights, `LABELS × LABELS`.
    pub trans: Vec<f32>,
    /// The same, arranged for [`viterbi_fast`].
    pub fast: FastTrans,
    /// The gazetteer compiled into the model.
    pub gazetteer: Gazetteer,
    /// The word clusters compiled into the model (empty in a model without them).
    pub clusters: Clusters,
}

/// A resolved weight row (see [`Model::row`]), to add without hashing again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowRef(u32);

impl RowRef {
    /// A feature without weights.
    pub const NONE: RowRef = RowRef(u32::MAX);
}

const MAGIC: &[u8; 8] = b"QLNER01\n";

/// A sparse weight row as the trainer hands it to [`encode`]: `(label, weight)` pairs.
pub type Row = Vec<(u8, f32)>;

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
/// the quantisation scale, the gazetteer phrases (`type`, phrase) and the word cluster table
/// (its text, see [`super::clusters`]; left out when empty).
pub fn encode(
    rows: &[(u32, Row)],
    trans: &[f32],
    scale: f32,
    gazetteer: &[(u8, String)],
    clusters: &str,
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
    if !clusters.is_empty() {
        out.extend((clusters.len() as u32).to_le_bytes());
        out.extend(clusters.as_bytes());
    }
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
        // The cluster table is optional (models trained without it end here).
        let clusters = if r.pos < data.len() {
            let len = r.u32()? as usize;
            Clusters::parse(std::str::from_utf8(r.bytes(len)?).ok()?)
        } else {
            Clusters::default()
        };
        let cap = (n + n / 2).next_power_of_two().max(16);
        let mut slots = vec![[0u32; 4]; cap];
        let mut dense: Vec<[i16; LANES]> = Vec::new();
        let mut icode = [0i32; 256];
        for (c, v) in icode.iter_mut().enumerate() {
            let q = c as u8 as i8 as i32;
            *v = q.abs() * q;
        }
        let mut at = 0usize;
        for (&k, &count) in keys.iter().zip(counts) {
            // (`labels` and `codes` hold the sum of the counts; labels are below LABELS.)
            let row_labels = &labels[at..at + count as usize];
            let row_codes = &codes[at..at + count as usize];
            at += count as usize;
            let pairs = row_labels.iter().zip(row_codes);
            let mut slot = [k | (count as u32) << 24, 0, 0, 0];
            if count as usize <= INLINE {
                for (j, (&l, &c)) in pairs.enumerate() {
                    let p = LANE_OF_LABEL[l as usize] as u32 | (c as u32) << 8;
                    slot[1 + j / 2] |= p << (16 * (j % 2));
                }
            } else {
                let mut row = [0i16; LANES];
                for (&l, &c) in pairs {
                    let v = icode[c as usize];
                    let r = &mut row[LANE_OF_LABEL[l as usize] as usize];
                    *r = (*r as i32 + v).clamp(i16::MIN as i32, i16::MAX as i32) as i16;
                }
                slot[1] = dense.len() as u32;
                dense.push(row);
            }
            let mut s = slot_of(k, cap);
            while slots[s][0] != 0 {
                s = (s + 1) & (cap - 1);
            }
            slots[s] = slot;
        }
        Some(Model {
            slots,
            dense,
            rows: n,
            icode,
            unit: scale / (127.0 * 127.0),
            id: {
                static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
                NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            },
            fast: FastTrans::new(&trans),
            trans,
            gazetteer,
            clusters,
        })
    }

    /// Number of feature rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// A number that identifies this model among those decoded by the process.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Value of one integer score unit (see [`Scores`]).
    pub fn unit(&self) -> f32 {
        self.unit
    }

    /// Finds the row of feature `f` (a 24-bit hash); [`RowRef::NONE`] if it has none.
    #[inline]
    pub fn row(&self, f: u32) -> RowRef {
        let mask = self.slots.len() - 1;
        let mut s = slot_of(f, self.slots.len());
        loop {
            let k = self.slots[s][0] & 0x00FF_FFFF;
            if k == f {
                return RowRef(s as u32);
            }
            if k == 0 {
                return RowRef::NONE;
            }
            s = (s + 1) & mask;
        }
    }

    /// Adds the weights of a resolved row to `scores`.
    #[inline]
    pub fn add_row(&self, r: RowRef, scores: &mut Scores) {
        let Some(slot) = self.slots.get(r.0 as usize) else {
            return;
        };
        let count = (slot[0] >> 24) as usize;
        if count <= INLINE {
            // Two `(lane, code)` pairs a word, low half first.
            let mut add = |p: u32| {
                // Labels were checked against LABELS when the model was decoded.
                if let Some(v) = scores.get_mut((p & 0xff) as usize) {
                    *v += self.icode[(p >> 8 & 0xff) as usize];
                }
            };
            let mut left = count;
            for &w in &slot[1..] {
                if left == 0 {
                    break;
                }
                add(w);
                if left == 1 {
                    break;
                }
                add(w >> 16);
                left -= 2;
            }
        } else if let Some(row) = self.dense.get(slot[1] as usize) {
            super::simd::add_i16(scores, row);
        }
    }

    /// Adds the weights of feature `f` (a 24-bit hash) to `scores`.
    #[inline]
    pub fn add(&self, f: u32, scores: &mut Scores) {
        self.add_row(self.row(f), scores);
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
}

/// Entries kept inside a slot; longer rows become dense integer vectors.
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
    fn fast_viterbi_matches() {
        let mut x = 0x1234_5678_9abc_def0u64;
        let mut rand = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Coarse values, so that ties happen.
            ((x % 17) as f32 - 8.0) * 0.5
        };
        let trans: Vec<f32> = (0..LABELS * LABELS).map(|_| rand()).collect();
        let fast = FastTrans::new(&trans);
        let (mut a, mut b, mut scratch) = (Vec::new(), Vec::new(), Scratch::default());
        for n in [1, 2, 3, 7, 30] {
            for _ in 0..50 {
                let emit: Vec<f32> = (0..n * LABELS).map(|_| rand() * 3.0).collect();
                let mut lanes = vec![0f32; n * LANES];
                for i in 0..n {
                    for l in 0..LABELS {
                        lanes[i * LANES + lane(l as u8)] = emit[i * LABELS + l];
                    }
                }
                viterbi(&emit, &trans, None, &mut scratch, &mut a);
                viterbi_fast(&lanes, &fast, &mut scratch, &mut b);
                assert_eq!(a, b);
            }
        }
    }

    #[test]
    fn lanes_are_a_permutation() {
        let mut seen = [false; LANES];
        for l in 0..LABELS as u8 {
            assert!(!seen[lane(l)]);
            seen[lane(l)] = true;
            assert_eq!(LABEL_OF_LANE[lane(l)], l);
        }
        assert!(!seen[19] && !seen[38] && !seen[39]);
    }

    #[test]
    fn round_trip() {
        let rows = vec![(7u32, vec![(1u8, 0.5f32), (3, -2.0)]), (3, vec![(0, 1.0)])];
        let trans = vec![0.25f32; LABELS * LABELS];
        let data = encode(&rows, &trans, 2.0, &[(0, "Pakistan".to_string())], "");
        let m = Model::decode(&data).expect("decodes");
        assert_eq!(m.rows(), 2);
        assert!(m.clusters.is_empty());
        let with = encode(&rows, &trans, 2.0, &[], "01\tfriday monday\n");
        let mc = Model::decode(&with).expect("decodes with clusters");
        assert_eq!(mc.clusters.len(), 2);
        assert_eq!(
            mc.clusters
                .get(super::super::features::lower_hash("Monday")),
            super::super::paths::pack(0b01, 2)
        );
        assert!(Model::decode(&with[..with.len() - 2]).is_none());
        let mut s = [0i32; LANES];
        m.add(7, &mut s);
        let (a, b) = (s[lane(1)] as f32 * m.unit(), s[lane(3)] as f32 * m.unit());
        assert!((a - 0.5).abs() < 0.02 && (b + 2.0).abs() < 0.02, "{s:?}");
        m.add(12345, &mut s);
        assert!(Model::decode(&data[..data.len() - 3]).is_none());
    }
}
