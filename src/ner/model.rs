//! The label set, the compact runtime model (hashed sparse weights quantised to 8 bits), its
//! binary format, and Viterbi decoding under BIO constraints.

use super::features::Gazetteer;
use std::collections::HashMap;

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
    label != OUTSIDE && label % 2 == 0
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
                for (p, &d) in prev.iter().enumerate() {
                    let s = d + trans[p * LABELS + l];
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
    /// Slots of `(feature hash, row + 1)`; hash 0 marks an empty slot.
    slots: Vec<(u32, u32)>,
    /// Where each row's entries start in `labels`/`codes` (one extra at the end).
    row_start: Vec<u32>,
    labels: Vec<u8>,
    codes: Vec<u8>,
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

impl Reader<'_> {
    fn bytes(&mut self, n: usize) -> Option<&[u8]> {
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
        let counts = r.bytes(n)?;
        let mut row_start = Vec::with_capacity(n + 1);
        let mut total = 0u32;
        for &c in counts {
            row_start.push(total);
            total += c as u32;
        }
        row_start.push(total);
        let labels = r.bytes(total as usize)?.to_vec();
        if labels.iter().any(|&l| l as usize >= LABELS) {
            return None;
        }
        let codes = r.bytes(total as usize)?.to_vec();
        let gaz_len = r.u32()? as usize;
        let gaz_text = std::str::from_utf8(r.bytes(gaz_len)?).ok()?;
        let gazetteer = Gazetteer::new(gaz_text.lines().filter_map(|line| {
            let (t, p) = line.split_once('\t')?;
            let t = t.bytes().next()?.checked_sub(b'a')?;
            Some((t, p))
        }));
        let cap = (n * 2).next_power_of_two().max(16);
        let mut slots = vec![(0u32, 0u32); cap];
        for (row, &k) in keys.iter().enumerate() {
            let mut s = k as usize & (cap - 1);
            while slots[s].0 != 0 {
                s = (s + 1) & (cap - 1);
            }
            slots[s] = (k, row as u32 + 1);
        }
        let mut codebook = [0f32; 256];
        for (c, v) in codebook.iter_mut().enumerate() {
            *v = decode_code(c as u8, scale);
        }
        Some(Model {
            slots,
            row_start,
            labels,
            codes,
            codebook,
            trans,
            gazetteer,
        })
    }

    /// Number of feature rows.
    pub fn rows(&self) -> usize {
        self.row_start.len().saturating_sub(1)
    }

    /// Adds the weights of feature `f` to `scores` (`LABELS` long).
    #[inline]
    pub fn add(&self, f: u32, scores: &mut [f32]) {
        let mask = self.slots.len() - 1;
        let mut s = f as usize & mask;
        loop {
            let (k, row) = self.slots[s];
            if k == f {
                let row = row as usize - 1;
                let (a, b) = (
                    self.row_start[row] as usize,
                    self.row_start[row + 1] as usize,
                );
                for (&l, &c) in self.labels[a..b].iter().zip(&self.codes[a..b]) {
                    scores[l as usize] += self.codebook[c as usize];
                }
                return;
            }
            if k == 0 {
                return;
            }
            s = (s + 1) & mask;
        }
    }
}

/// Dense weights as the trainer uses them, with a lookup from feature hash to row.
pub type FeatureIndex = HashMap<u32, u32>;

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
        let mut s = vec![0f32; LABELS];
        m.add(7, &mut s);
        assert!(
            (s[1] - 0.5).abs() < 0.02 && (s[3] + 2.0).abs() < 0.02,
            "{s:?}"
        );
        m.add(12345, &mut s);
        assert!(Model::decode(&data[..data.len() - 3]).is_none());
    }
}
