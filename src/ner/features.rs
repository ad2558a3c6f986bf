//! Feature extraction, shared by training and tagging: per-token facts (hashed word forms,
//! shape, affixes, gazetteer membership), sentence and document context, and the hashed
//! feature templates built from them. No allocation per token: every string fact is a hash
//! computed while walking the characters once.

use super::tokens;
pub use crate::fnv::{mix, HashedMap, PassThrough, K};
use crate::types::Span;

/// Final avalanche of a 64-bit hash.
#[inline]
fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Coarse capitalisation class of a token.
pub mod cap {
    /// Starts with a lower-case letter.
    pub const LOWER: u8 = 0;
    /// Upper-case first letter, some lower case after it.
    pub const TITLE: u8 = 1;
    /// Upper-case letters and no lower case ("NATO", "LONDON", "A").
    pub const UPPER: u8 = 2;
    /// Starts with a digit.
    pub const DIGIT: u8 = 3;
    /// No letters or digits.
    pub const PUNCT: u8 = 4;
    /// Letters of a script without case (Arabic, Urdu, Chinese…).
    pub const UNCASED: u8 = 5;
    /// Anything else ("iPhone", "eBay").
    pub const MIXED: u8 = 6;
}

/// Facts about one tagging token, as hashes.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokInfo {
    /// Lower-cased form, digits folded to 0.
    pub lower: u64,
    /// Exact form, digits folded to 0.
    pub exact: u64,
    /// Collapsed shape ("Xx", "X.X.", "d,d").
    pub shape: u64,
    /// Lower-cased prefixes of 1, 2 and 3 characters.
    pub prefix: [u64; 3],
    /// Lower-cased suffixes of 1 to 4 characters.
    pub suffix: [u64; 4],
    /// Capitalisation class, see [`cap`].
    pub cap: u8,
    /// Length in characters, capped at 15.
    pub len: u8,
    /// Gazetteer bits: `1 << (2 * type)` begins a match, `2 << (2 * type)` continues one.
    pub gaz: u32,
    /// Word cluster path ([`super::clusters::pack`]; 0 for a word without a cluster),
    /// filled in with the gazetteer bits.
    pub cluster: u64,
}

const BUF: usize = 48;

fn hash_chars(chars: &[char]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for &c in chars {
        h = mix(h, c as u64);
    }
    finish(h)
}

impl TokInfo {
    /// Computes the facts for one token's text (gazetteer bits are filled in later).
    pub fn new(word: &str) -> Self {
        let mut buf = ['\0'; BUF];
        let mut n = 0usize;
        let (mut lower, mut exact, mut shape) = (LOWER_SEED, 0x8765_4321u64, 0x55u64);
        let mut last_shape = '\0';
        let (mut uppers, mut lowers, mut digits, mut uncased, mut count) = (0, 0, 0, 0, 0usize);
        let mut first_class = cap::PUNCT;
        for c in word.chars() {
            let (folded, lc) = fold(c);
            lower = mix(lower, lc as u64);
            exact = mix(exact, folded as u64);
            if n < BUF {
                buf[n] = lc;
                n += 1;
            }
            let sc = if c.is_uppercase() {
                uppers += 1;
                'X'
            } else if c.is_lowercase() {
                lowers += 1;
                'x'
            } else if c.is_numeric() {
                digits += 1;
                'd'
            } else if c.is_alphabetic() {
                uncased += 1;
                'a'
            } else if c.is_ascii() {
                c
            } else {
                '*'
            };
            if count == 0 {
                first_class = match sc {
                    'X' => cap::TITLE,
                    'x' => cap::LOWER,
                    'd' => cap::DIGIT,
                    'a' => cap::UNCASED,
                    _ => cap::PUNCT,
                };
            }
            if sc != last_shape {
                shape = mix(shape, sc as u64);
                last_shape = sc;
            }
            count += 1;
        }
        let class = match first_class {
            cap::TITLE if lowers == 0 => cap::UPPER,
            cap::TITLE if uppers > 1 && lowers > 0 && uppers * 2 > lowers => cap::MIXED,
            cap::LOWER if uppers > 0 => cap::MIXED,
            cap::PUNCT if uppers + lowers > 0 => {
                if lowers == 0 {
                    cap::UPPER
                } else if uppers > 0 {
                    cap::TITLE
                } else {
                    cap::LOWER
                }
            }
            cap::PUNCT if digits > 0 => cap::DIGIT,
            cap::PUNCT if uncased > 0 => cap::UNCASED,
            c => c,
        };
        let mut prefix = [0u64; 3];
        for (k, p) in prefix.iter_mut().enumerate() {
            *p = hash_chars(&buf[..(k + 1).min(n)]) ^ (k as u64 + 1);
        }
        let mut suffix = [0u64; 4];
        if count <= BUF {
            for (k, s) in suffix.iter_mut().enumerate() {
                let m = (k + 1).min(n);
                *s = hash_chars(&buf[n - m..n]) ^ ((k as u64 + 1) << 8);
            }
        } else {
            let mut tail = ['\0'; 4];
            for (j, c) in word.chars().rev().take(4).enumerate() {
                let c = if c.is_numeric() { '0' } else { c };
                tail[3 - j] = c.to_lowercase().next().unwrap_or(c);
            }
            for (k, s) in suffix.iter_mut().enumerate() {
                *s = hash_chars(&tail[3 - k..]) ^ ((k as u64 + 1) << 8);
            }
        }
        TokInfo {
            lower: finish(lower),
            exact: finish(exact),
            shape: finish(shape),
            prefix,
            suffix,
            cap: class,
            len: count.min(15) as u8,
            gaz: 0,
            cluster: 0,
        }
    }
}

/// Gazetteer lists, by type index (at most 16 types).
pub mod gaz {
    /// Country names and alternative spellings.
    pub const COUNTRY: u8 = 0;
    /// Demonyms ("Pakistani", "Afghan").
    pub const DEMONYM: u8 = 1;
    /// Cities.
    pub const CITY: u8 = 2;
    /// First names.
    pub const FIRST: u8 = 3;
    /// Last names.
    pub const LAST: u8 = 4;
    /// States, provinces, continents and regions.
    pub const REGION: u8 = 5;
    /// Capital cities.
    pub const CAPITAL: u8 = 6;
    /// Number of types.
    pub const TYPES: u8 = 7;
}

/// Multi-token phrase lists, matched by hashing lower-cased tagging tokens.
#[derive(Debug, Default, Clone)]
pub struct Gazetteer {
    /// Phrase hash → type bits; [`PREFIX`] marks the start of a longer phrase.
    phrases: HashedMap<u16>,
    max_len: usize,
}

const PHRASE_SEED: u64 = 0x0123_4567_89ab_cdef;

/// Marks a phrase hash that begins a longer phrase.
const PREFIX: u16 = 0x8000;

/// The starting value of [`TokInfo::lower`]'s hash.
const LOWER_SEED: u64 = 0x1234_5678;

/// `TokInfo::new(word).lower` without the rest of the facts.
pub fn lower_hash(word: &str) -> u64 {
    let mut lower = LOWER_SEED;
    for c in word.chars() {
        lower = mix(lower, fold(c).1 as u64);
    }
    finish(lower)
}

/// The lower-cased form of a word with digits folded to `0` (the text that
/// [`TokInfo::lower`] hashes), appended to `out`.
pub fn lower_form(word: &str, out: &mut String) {
    out.extend(word.chars().map(|c| fold(c).1));
}

/// A character with digits folded to `0`, and that in lower case: (folded, lower-cased).
#[inline]
fn fold(c: char) -> (char, char) {
    let folded = if c.is_numeric() { '0' } else { c };
    let lc = if folded.is_uppercase() {
        folded.to_lowercase().next().unwrap_or(folded)
    } else {
        folded
    };
    (folded, lc)
}

/// The lower-form hashes of a phrase's tagging tokens, as the tagger would see them. Plain
/// ASCII words separated by single spaces (most gazetteer entries) take a short cut that
/// gives the same tokens; anything else goes through the tokenizer.
fn phrase_words(
    phrase: &str,
    scratch: &mut (Vec<crate::types::Token>, Vec<Span>),
    out: &mut Vec<u64>,
) {
    out.clear();
    // Simple: ASCII letters in words joined by single spaces. Such a word's lower form is its
    // ASCII lower case, hashed as `lower_hash` does, in the same pass.
    let bytes = phrase.as_bytes();
    let simple = bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && bytes.last().is_some_and(u8::is_ascii_alphabetic)
        && bytes
            .iter()
            .zip(&bytes[1..])
            .all(|(&a, &b)| b.is_ascii_alphabetic() || (b == b' ' && a != b' '));
    if simple {
        let mut h = LOWER_SEED;
        for &b in bytes {
            if b == b' ' {
                out.push(finish(h));
                h = LOWER_SEED;
            } else {
                h = mix(h, b.to_ascii_lowercase() as u64);
            }
        }
        out.push(finish(h));
        return;
    }
    let (raw, spans) = scratch;
    raw.clear();
    spans.clear();
    tokens::raw_tokens(phrase, Span::new(0, phrase.len()), raw);
    tokens::tagging_tokens(phrase, raw, spans);
    out.extend(spans.iter().map(|s| TokInfo::new(s.slice(phrase)).lower));
}

impl Gazetteer {
    /// Builds the gazetteer from `(type, phrase)` pairs.
    pub fn new<'a>(entries: impl IntoIterator<Item = (u8, &'a str)>) -> Self {
        let mut g = Gazetteer::default();
        let mut scratch = (Vec::new(), Vec::new());
        let mut words = Vec::new();
        for (ty, phrase) in entries {
            phrase_words(phrase, &mut scratch, &mut words);
            if words.is_empty() || words.len() > 6 {
                continue;
            }
            let mut h = PHRASE_SEED;
            for (k, &w) in words.iter().enumerate() {
                h = mix(h, w);
                let bits = if k + 1 == words.len() {
                    1 << ty
                } else {
                    PREFIX
                };
                *g.phrases.entry(h).or_insert(0) |= bits;
            }
            g.max_len = g.max_len.max(words.len());
        }
        g
    }

    /// Sets the gazetteer bits of every token in a sentence.
    pub fn mark(&self, infos: &mut [TokInfo]) {
        self.mark_with(infos, |_, t| self.first(t.lower));
    }

    /// What [`Self::mark`] finds for a word on its own (its first lookup for a token, which a
    /// caller may cache per word): the phrase table's bits for the word's lower-form hash.
    pub fn first(&self, lower: u64) -> Option<u16> {
        self.phrases.get(&mix(PHRASE_SEED, lower)).copied()
    }

    /// [`Self::mark`], taking each token's [`Self::first`] from `first` (given the token's
    /// index and facts).
    pub fn mark_with(&self, infos: &mut [TokInfo], first: impl Fn(usize, &TokInfo) -> Option<u16>) {
        let n = infos.len();
        for i in 0..n {
            if infos[i].cap == cap::PUNCT {
                continue;
            }
            // The word alone first (most words stop here), then the longer phrases.
            let Some(mut found) = first(i, &infos[i]) else {
                continue;
            };
            let mut h = mix(PHRASE_SEED, infos[i].lower);
            let mut len = 1;
            loop {
                let mut bits = (found & !PREFIX) as u32;
                while bits != 0 {
                    let ty = bits.trailing_zeros();
                    bits &= bits - 1;
                    infos[i].gaz |= 1 << (2 * ty);
                    for t in &mut infos[i + 1..i + len] {
                        t.gaz |= 2 << (2 * ty);
                    }
                }
                if len >= self.max_len.min(n - i) {
                    break;
                }
                h = mix(h, infos[i + len].lower);
                len += 1;
                match self.phrases.get(&h) {
                    Some(&f) => found = f,
                    None => break,
                }
            }
        }
    }
}

/// Per-sentence context flags.
pub mod sent {
    /// Ordinary running text.
    pub const NORMAL: u8 = 0;
    /// Mostly upper case (a headline or dateline).
    pub const UPPER: u8 = 1;
    /// Every word capitalised (a title-case headline).
    pub const TITLE: u8 = 2;
}

/// Classifies a sentence by its capitalisation.
pub fn sentence_flag(infos: &[TokInfo]) -> u8 {
    let (mut upper, mut title, mut cased) = (0, 0, 0);
    for t in infos {
        match t.cap {
            cap::UPPER if t.len > 1 => upper += 1,
            cap::TITLE => title += 1,
            cap::LOWER | cap::MIXED => {}
            _ => continue,
        }
        cased += 1;
    }
    if cased >= 2 && upper * 10 >= cased * 7 {
        sent::UPPER
    } else if cased >= 4 && (title + upper) * 10 >= cased * 9 {
        sent::TITLE
    } else {
        sent::NORMAL
    }
}

/// What the rest of a document says about each word (keyed by lower-cased hash): seen in
/// lower case (bit 1), capitalised mid-sentence (bit 2), in capitals mid-sentence (bit 4).
#[derive(Debug, Default)]
pub struct DocStats {
    words: HashedMap<u8>,
}

impl DocStats {
    /// Clears the statistics for a new document.
    pub fn clear(&mut self) {
        self.words.clear();
    }

    /// Adds one sentence's tokens.
    pub fn add_sentence(&mut self, infos: &[TokInfo], flag: u8) {
        if flag != sent::NORMAL {
            return;
        }
        for (i, t) in infos.iter().enumerate() {
            let bit = match t.cap {
                cap::LOWER => 1,
                cap::TITLE if i > 0 => 2,
                cap::UPPER if i > 0 && t.len > 1 => 4,
                _ => continue,
            };
            *self.words.entry(t.lower).or_insert(0) |= bit;
        }
    }

    /// The bits for one token.
    pub fn get(&self, t: &TokInfo) -> u8 {
        match t.cap {
            cap::LOWER | cap::TITLE | cap::UPPER | cap::MIXED => {
                self.words.get(&t.lower).copied().unwrap_or(0)
            }
            _ => 0,
        }
    }
}

const BOS: TokInfo = TokInfo {
    lower: 0xB05,
    exact: 0xB05,
    shape: 0xB05,
    prefix: [0xB05; 3],
    suffix: [0xB05; 4],
    cap: 7,
    len: 0,
    gaz: 0,
    cluster: 0,
};

const EOS: TokInfo = TokInfo {
    lower: 0xE05,
    exact: 0xE05,
    shape: 0xE05,
    prefix: [0xE05; 3],
    suffix: [0xE05; 4],
    cap: 8,
    len: 0,
    gaz: 0,
    cluster: 0,
};

/// Lower-case words that may join a capitalised name ("Bank of England", "Marks and
/// Spencer"), as lower-form hashes.
fn connectors() -> &'static [u64; 5] {
    static C: std::sync::OnceLock<[u64; 5]> = std::sync::OnceLock::new();
    C.get_or_init(|| ["of", "and", "&", "de", "for"].map(|w| TokInfo::new(w).lower))
}

fn capitalised(t: &TokInfo) -> bool {
    matches!(t.cap, cap::TITLE | cap::UPPER | cap::MIXED)
}

fn connector(t: &TokInfo) -> bool {
    matches!(t.cap, cap::LOWER | cap::PUNCT) && connectors().contains(&t.lower)
}

/// Longest run of capitalised words looked at on each side of a token.
const RUN_REACH: usize = 8;

/// The run of capitalised words (joined by [`connectors`]) around token `i`, if it is in
/// one: `(first, end)`.
fn run_around(infos: &[TokInfo], i: usize) -> Option<(usize, usize)> {
    let n = infos.len();
    let c = &infos[i];
    // (The connector test, a table lookup, comes last.)
    let inside = capitalised(c)
        || (i > 0
            && i + 1 < n
            && capitalised(&infos[i - 1])
            && capitalised(&infos[i + 1])
            && connector(c));
    if !inside {
        return None;
    }
    let mut a = i;
    while i - a < RUN_REACH {
        if a >= 1 && capitalised(&infos[a - 1]) {
            a -= 1;
        } else if a >= 2 && capitalised(&infos[a - 2]) && connector(&infos[a - 1]) {
            a -= 2;
        } else {
            break;
        }
    }
    let mut b = i + 1;
    while b - i < RUN_REACH {
        if b < n && capitalised(&infos[b]) {
            b += 1;
        } else if b + 1 < n && capitalised(&infos[b + 1]) && connector(&infos[b]) {
            b += 2;
        } else {
            break;
        }
    }
    Some((a, b))
}

/// Templates over the capitalised run a token is in: its first and last words ("Bank of
/// England", "Ministry", "Corp.", "United").
fn run_features(infos: &[TokInfo], i: usize, flag: u8, out: &mut Vec<u32>) {
    let c = &infos[i];
    if flag != sent::NORMAL {
        return;
    }
    if let Some((a, b)) = run_around(infos, i) {
        if b - a > 1 {
            let pos = if !capitalised(c) {
                4
            } else if i == a {
                1
            } else if i + 1 == b {
                3
            } else {
                2
            };
            out.extend_from_slice(&[
                feat(33, infos[b - 1].lower, pos),
                feat(34, infos[a].lower, pos),
            ]);
        }
    }
}

/// A document's topic word: the first word of its first sentence when that sentence is a
/// capitalised headline ("SOCCER - ..."), else 0.
pub fn topic(first_sentence: &[TokInfo], flag: u8) -> u64 {
    match first_sentence.first() {
        Some(t) if flag == sent::UPPER && t.cap == cap::UPPER && t.len > 2 => t.lower,
        _ => 0,
    }
}

#[inline]
fn feat(template: u64, a: u64, b: u64) -> u32 {
    let h = finish(mix(mix(template.wrapping_mul(K), a), b));
    // 24 bits: smaller keys in the model file, few collisions among the kept features.
    let v = ((h >> 32) as u32 ^ h as u32) & 0x00FF_FFFF;
    v.max(1)
}

/// Cluster path prefix lengths used as features (Ratinov & Roth's 4, 6, 10 and 20 bits).
pub const CLUSTER_PREFIXES: [u32; 4] = [4, 6, 10, 20];

/// The templates over a neighbouring word's cluster path prefixes (see
/// [`CLUSTER_PREFIXES`]), numbered from `template`. A prefix no longer than the previous one
/// (the path is shorter) and every prefix of a word without a cluster give 0, which is no
/// feature (training drops it; at run time it finds no weights).
///
/// Only the neighbours' clusters (±1 and ±2) are features: the token's own cluster as well
/// gave lower scores (see docs/ner.md, Session 5).
#[inline]
fn cluster_features(template: u64, cluster: u64) -> [u32; 4] {
    let mut out = [0u32; 4];
    if cluster == 0 {
        return out;
    }
    let mut last = u32::MAX;
    for (k, (o, &p)) in out.iter_mut().zip(&CLUSTER_PREFIXES).enumerate() {
        let len = super::paths::depth(cluster).min(p);
        if len != last {
            *o = feat(template + k as u64, super::paths::prefix(cluster, p), 0);
            last = len;
        }
    }
    out
}

/// Appends the hashed features of every token of a sentence to `out`; `starts` gets, per
/// token, the index in `out` where its features begin (plus one final entry at the end).
/// `doc` holds the per-token document bits from [`DocStats::get`].
#[allow(clippy::needless_range_loop)] // the window reads neighbours by index
pub fn sentence_features(
    infos: &[TokInfo],
    doc: &[u8],
    flag: u8,
    topic: u64,
    out: &mut Vec<u32>,
    starts: &mut Vec<u32>,
) {
    let n = infos.len();
    let at = |j: isize| -> &TokInfo {
        if j < 0 {
            &BOS
        } else if j as usize >= n {
            &EOS
        } else {
            &infos[j as usize]
        }
    };
    let fl = flag as u64;
    for i in 0..n {
        starts.push(out.len() as u32);
        let ii = i as isize;
        let (p2, p1, c, n1, n2) = (at(ii - 2), at(ii - 1), at(ii), at(ii + 1), at(ii + 2));
        let first = (i == 0) as u64;
        let capc = c.cap as u64;
        out.push(feat(0, 0, 0));
        out.push(feat(1, c.lower, 0));
        out.push(feat(2, c.exact, 0));
        out.push(feat(3, p1.lower, 0));
        out.push(feat(4, n1.lower, 0));
        out.extend(cluster_features(46, p1.cluster));
        out.extend(cluster_features(50, n1.cluster));
        out.extend(cluster_features(54, p2.cluster));
        out.extend(cluster_features(58, n2.cluster));
        out.push(feat(5, p2.lower, 0));
        out.push(feat(6, n2.lower, 0));
        out.push(feat(7, c.shape, fl));
        out.push(feat(8, p1.shape, 0));
        out.push(feat(9, n1.shape, 0));
        out.push(feat(10, mix(p1.shape, c.shape), n1.shape));
        for k in 0..3 {
            out.push(feat(11 + k as u64, c.prefix[k], 0));
        }
        for k in 0..4 {
            out.push(feat(14 + k as u64, c.suffix[k], 0));
        }
        out.push(feat(18, p1.lower, c.lower));
        out.push(feat(19, c.lower, n1.lower));
        out.push(feat(20, p1.lower, c.shape));
        out.push(feat(21, c.shape, n1.lower));
        out.push(feat(22, capc | first << 4 | fl << 5, c.len as u64));
        out.push(feat(23, doc[i] as u64 | capc << 4 | fl << 8, first));
        out.push(feat(
            24,
            p1.cap as u64 | capc << 4 | (n1.cap as u64) << 8,
            fl,
        ));
        let mut bits = c.gaz;
        while bits != 0 {
            let b = bits.trailing_zeros() as u64;
            bits &= bits - 1;
            out.push(feat(25, b, 0));
            out.push(feat(26, b, capc));
        }
        out.push(feat(27, p1.gaz as u64, 0));
        out.push(feat(28, n1.gaz as u64, 0));
        out.push(feat(29, c.gaz as u64, capc));
        out.push(feat(30, p2.lower, p1.lower));
        out.push(feat(31, n1.lower, n2.lower));
        if c.cap != cap::LOWER && c.cap != cap::PUNCT {
            out.push(feat(32, c.lower, fl | first << 4));
        }
        run_features(infos, i, flag, out);
        if capitalised(c) {
            out.push(feat(35, topic, c.gaz as u64 | capc << 32));
        }
    }
    starts.push(out.len() as u32);
}

// The same templates as [`sentence_features`], split by what they depend on, so that the
// tagger can cache the summed weights of the parts that depend on one word only. The unit
// test `split_templates_match` checks that the pieces add up to `sentence_features`.

/// Templates of the current token that depend on its word alone (bias, word forms, affixes).
pub fn word_features(c: &TokInfo, out: &mut Vec<u32>) {
    out.push(feat(0, 0, 0));
    out.push(feat(1, c.lower, 0));
    out.push(feat(2, c.exact, 0));
    for k in 0..3 {
        out.push(feat(11 + k as u64, c.prefix[k], 0));
    }
    for k in 0..4 {
        out.push(feat(14 + k as u64, c.suffix[k], 0));
    }
}

/// Templates of the current token that also depend on the sentence flag and on whether it
/// is the first token (word-only for a non-initial token of an ordinary sentence).
pub fn flag_features(c: &TokInfo, flag: u8, first: bool, out: &mut Vec<u32>) {
    let (fl, first, capc) = (flag as u64, first as u64, c.cap as u64);
    out.push(feat(7, c.shape, fl));
    out.push(feat(22, capc | first << 4 | fl << 5, c.len as u64));
    if c.cap != cap::LOWER && c.cap != cap::PUNCT {
        out.push(feat(32, c.lower, fl | first << 4));
    }
}

/// The cluster templates of a word as the previous, next, second previous and second next
/// token: the last four entries of [`left1_features`], [`right1_features`], [`left2_feature`]
/// and [`right2_feature`] (the tagger sums them once per cluster).
pub fn neighbour_cluster_features(cluster: u64) -> [[u32; 4]; 4] {
    [46, 50, 54, 58].map(|t| cluster_features(t, cluster))
}

/// Templates that look at the previous token alone.
pub fn left1_features(p1: &TokInfo) -> [u32; 6] {
    let [a, b, c, d] = cluster_features(46, p1.cluster);
    [feat(3, p1.lower, 0), feat(8, p1.shape, 0), a, b, c, d]
}

/// Templates that look at the next token alone.
pub fn right1_features(n1: &TokInfo) -> [u32; 6] {
    let [a, b, c, d] = cluster_features(50, n1.cluster);
    [feat(4, n1.lower, 0), feat(9, n1.shape, 0), a, b, c, d]
}

/// The templates that look at the token two before alone (its form and cluster).
pub fn left2_feature(p2: &TokInfo) -> [u32; 5] {
    let [a, b, c, d] = cluster_features(54, p2.cluster);
    [feat(5, p2.lower, 0), a, b, c, d]
}

/// The templates that look at the token two after alone (its form and cluster).
pub fn right2_feature(n2: &TokInfo) -> [u32; 5] {
    let [a, b, c, d] = cluster_features(58, n2.cluster);
    [feat(6, n2.lower, 0), a, b, c, d]
}

/// The templates that combine several tokens, gazetteer bits or document bits: the rest of
/// [`sentence_features`] for token `i` of a sentence ([`pair_features`] and
/// [`small_features`]).
pub fn context_features(
    infos: &[TokInfo],
    i: usize,
    doc: u8,
    flag: u8,
    topic: u64,
    out: &mut Vec<u32>,
) {
    pair_features(infos, i, flag, out);
    small_features(small_key(infos, i, doc, flag), out);
    out.extend(topic_feature(&infos[i], topic));
}

/// The template over the document's topic word (see [`topic`]), for capitalised words.
pub fn topic_feature(c: &TokInfo, topic: u64) -> Option<u32> {
    capitalised(c).then(|| feat(35, topic, c.gaz as u64 | (c.cap as u64) << 32))
}

fn window(infos: &[TokInfo], i: usize) -> [&TokInfo; 5] {
    let n = infos.len();
    let at = |j: isize| -> &TokInfo {
        if j < 0 {
            &BOS
        } else if j as usize >= n {
            &EOS
        } else {
            &infos[j as usize]
        }
    };
    let i = i as isize;
    [at(i - 2), at(i - 1), at(i), at(i + 1), at(i + 2)]
}

/// Templates over word pairs, the shape trigram and the capitalised run of token `i`.
pub fn pair_features(infos: &[TokInfo], i: usize, flag: u8, out: &mut Vec<u32>) {
    let [p2, p1, c, n1, n2] = window(infos, i);
    // One capacity check for the seven.
    out.extend_from_slice(&[
        feat(10, mix(p1.shape, c.shape), n1.shape),
        feat(18, p1.lower, c.lower),
        feat(19, c.lower, n1.lower),
        feat(20, p1.lower, c.shape),
        feat(21, c.shape, n1.lower),
        feat(30, p2.lower, p1.lower),
        feat(31, n1.lower, n2.lower),
    ]);
    run_features(infos, i, flag, out);
}

/// Everything [`small_features`] depends on besides the document's topic, packed: the
/// document bits, capitalisation classes and gazetteer bits of the token and its neighbours,
/// the sentence flag and whether the token is the first. Few distinct values are common,
/// so the tagger caches the summed weights per key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SmallKey(pub u64, pub u64);

/// The [`SmallKey`] of token `i`.
pub fn small_key(infos: &[TokInfo], i: usize, doc: u8, flag: u8) -> SmallKey {
    let [_, p1, c, n1, _] = window(infos, i);
    SmallKey(
        doc as u64
            | (c.cap as u64) << 8
            | (flag as u64) << 12
            | ((i == 0) as u64) << 14
            | (p1.cap as u64) << 16
            | (n1.cap as u64) << 20
            | (c.gaz as u64) << 32,
        p1.gaz as u64 | (n1.gaz as u64) << 32,
    )
}

/// Templates over document bits, capitalisation classes and gazetteer bits.
pub fn small_features(key: SmallKey, out: &mut Vec<u32>) {
    let SmallKey(a, b) = key;
    let doc = a & 0xff;
    let capc = a >> 8 & 0xf;
    let fl = a >> 12 & 0x3;
    let first = a >> 14 & 1;
    let (p1cap, n1cap) = (a >> 16 & 0xf, a >> 20 & 0xf);
    let cgaz = a >> 32;
    let (p1gaz, n1gaz) = (b & 0xffff_ffff, b >> 32);
    out.push(feat(23, doc | capc << 4 | fl << 8, first));
    out.push(feat(24, p1cap | capc << 4 | n1cap << 8, fl));
    let mut bits = cgaz;
    while bits != 0 {
        let g = bits.trailing_zeros() as u64;
        bits &= bits - 1;
        out.push(feat(25, g, 0));
        out.push(feat(26, g, capc));
    }
    out.push(feat(27, p1gaz, 0));
    out.push(feat(28, n1gaz, 0));
    out.push(feat(29, cgaz, capc));
}

/// The sentence-boundary token before the first one.
pub fn bos() -> &'static TokInfo {
    &BOS
}

/// The sentence-boundary token after the last one.
pub fn eos() -> &'static TokInfo {
    &EOS
}

/// True for tokens whose label is remembered for later sentences of the document
/// (capitalised words: names recur, and a later "Sharif" is whatever "Ahmed Sharif" was).
pub fn remembered(t: &TokInfo) -> bool {
    matches!(t.cap, cap::TITLE | cap::UPPER | cap::MIXED)
}

/// Features from the label the same word got earlier in the document.
pub fn history_features(label: u8, capc: u8) -> [u32; 2] {
    [
        feat(40, label as u64, 0),
        feat(41, label as u64, capc as u64),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_classes() {
        assert_eq!(TokInfo::new("Pakistan").cap, cap::TITLE);
        assert_eq!(TokInfo::new("NATO").cap, cap::UPPER);
        assert_eq!(TokInfo::new("said").cap, cap::LOWER);
        assert_eq!(TokInfo::new("206").cap, cap::DIGIT);
        assert_eq!(TokInfo::new(",").cap, cap::PUNCT);
        assert_eq!(TokInfo::new("پاکستان").cap, cap::UNCASED);
        assert_eq!(TokInfo::new("'S").cap, cap::UPPER);
    }

    #[test]
    fn lower_form_ignores_case_and_digits() {
        assert_eq!(TokInfo::new("LONDON").lower, TokInfo::new("London").lower);
        assert_eq!(TokInfo::new("1996").lower, TokInfo::new("2024").lower);
        assert_ne!(TokInfo::new("LONDON").exact, TokInfo::new("London").exact);
    }

    #[test]
    fn split_templates_match() {
        let g = Gazetteer::new([(gaz::COUNTRY, "united states"), (gaz::FIRST, "ahmed")]);
        let words = [
            "Lt.",
            "Gen.",
            "Ahmed",
            "Sharif",
            "of",
            "the",
            "UNITED",
            "States",
            "said",
            "206",
            ",",
            "iPhone",
            "’s",
            "پاکستان",
        ];
        for len in [1, 2, 3, 5, words.len()] {
            let mut infos: Vec<TokInfo> = words[..len].iter().map(|w| TokInfo::new(w)).collect();
            g.mark(&mut infos);
            for (k, t) in infos.iter_mut().enumerate().filter(|(k, _)| k % 3 != 1) {
                t.cluster = super::super::paths::pack(k as u64 * 37, 3 + k as u32);
            }
            let doc: Vec<u8> = (0..len as u8).map(|k| k % 8).collect();
            for flag in [sent::NORMAL, sent::UPPER, sent::TITLE] {
                let (mut all, mut starts) = (Vec::new(), Vec::new());
                sentence_features(&infos, &doc, flag, 77, &mut all, &mut starts);
                for i in 0..len {
                    let mut want = all[starts[i] as usize..starts[i + 1] as usize].to_vec();
                    let mut got = Vec::new();
                    word_features(&infos[i], &mut got);
                    flag_features(&infos[i], flag, i == 0, &mut got);
                    let at = |j: isize| {
                        if j < 0 {
                            bos()
                        } else if j as usize >= len {
                            eos()
                        } else {
                            &infos[j as usize]
                        }
                    };
                    let i_ = i as isize;
                    got.extend(left1_features(at(i_ - 1)));
                    got.extend(right1_features(at(i_ + 1)));
                    got.extend(left2_feature(at(i_ - 2)));
                    got.extend(right2_feature(at(i_ + 2)));
                    context_features(&infos, i, doc[i], flag, 77, &mut got);
                    want.sort_unstable();
                    got.sort_unstable();
                    assert_eq!(want, got, "token {i} of {len}, flag {flag}");
                }
            }
        }
    }

    #[test]
    fn neighbour_cluster_templates_end_the_neighbour_templates() {
        let mut t = TokInfo::new("Monday");
        for cluster in [0, super::super::paths::pack(0b0111_1100, 8)] {
            t.cluster = cluster;
            let [p1, n1, p2, n2] = neighbour_cluster_features(cluster);
            assert_eq!(left1_features(&t)[2..], p1);
            assert_eq!(right1_features(&t)[2..], n1);
            assert_eq!(left2_feature(&t)[1..], p2);
            assert_eq!(right2_feature(&t)[1..], n2);
        }
        assert_ne!(neighbour_cluster_features(t.cluster)[0], [0; 4]);
    }

    #[test]
    fn phrase_short_cut_matches_the_tokenizer() {
        for phrase in [
            "united states",
            "new york city",
            "a",
            "ab cd ef gh ij kl mn",
            "Lower Saxony",
            "bosnia and herzegovina",
            "Lower  Saxony",
            " united states",
            "st. louis",
            "Zürich",
            "G7 summit",
        ] {
            let mut fast = Vec::new();
            phrase_words(phrase, &mut (Vec::new(), Vec::new()), &mut fast);
            let (mut raw, mut spans) = (Vec::new(), Vec::new());
            tokens::raw_tokens(phrase, Span::new(0, phrase.len()), &mut raw);
            tokens::tagging_tokens(phrase, &raw, &mut spans);
            let slow: Vec<u64> = spans
                .iter()
                .map(|s| TokInfo::new(s.slice(phrase)).lower)
                .collect();
            assert_eq!(fast, slow, "{phrase}");
        }
        for w in ["Pakistan", "LONDON", "206", "Ünïcödé", "İstanbul", "’s"] {
            assert_eq!(lower_hash(w), TokInfo::new(w).lower, "{w}");
        }
    }

    #[test]
    fn gazetteer_marks_multi_word_phrases() {
        let g = Gazetteer::new([(gaz::COUNTRY, "United States"), (gaz::CITY, "York")]);
        let mut infos: Vec<TokInfo> = ["the", "UNITED", "States", "army"]
            .iter()
            .map(|w| TokInfo::new(w))
            .collect();
        g.mark(&mut infos);
        assert_eq!(infos[1].gaz, 1);
        assert_eq!(infos[2].gaz, 2);
        assert_eq!(infos[0].gaz | infos[3].gaz, 0);
    }
}
