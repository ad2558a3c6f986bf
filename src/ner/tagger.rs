//! The run-time tagging loop: document statistics in a first pass, then per sentence the
//! emission scores, Viterbi and mentions, then a second look at the sentences whose
//! capitalised words got another type elsewhere in the document, keeping per token only
//! the capitalised words' labels.
//!
//! Most templates look at one word only (its forms and affixes as the current token, its
//! form and shape as a neighbour). A bounded cache keyed by the token's text keeps, per
//! distinct word, its [`TokInfo`] and the summed integer weights of those templates for each
//! window position, so a repeated word costs five vector additions plus the lookups of the
//! templates that combine several tokens ([`features::context_features`]). The sums are
//! exact integers, so the scores are the same as adding every feature on its own.

use super::features::{self, sent, DocStats, HashedMap, SmallKey, TokInfo};
use super::model::{self, Model, RowRef, Scores, Scratch, LANES};
use super::tokens;
use crate::types::{Document, Mention, Span};

/// Type indices (see [`model::TYPES`]) of organisations and geopolitical entities.
const ORG: usize = 3;
const GPE: usize = 4;

/// Most distinct words cached at once; the cache is emptied between sentences when full.
const CACHE_WORDS: usize = 8192;

/// After a document of this many tokens (about 300 KB of text) the cache's words are freed
/// rather than kept for the next document, whose warm start would save little next to it.
const RELEASE_AFTER_TOKENS: usize = 8 * CACHE_WORDS;

/// Summed word-only weights of a cached word, one vector per window position.
#[derive(Clone)]
struct Vectors {
    /// As the current token in a non-initial position of an ordinary sentence.
    cur: Scores,
    /// As the previous, next, second previous and second next token.
    p1: Scores,
    n1: Scores,
    p2: Scores,
    n2: Scores,
}

struct Entry {
    info: TokInfo,
    /// The word's own entry in the gazetteer's phrase table ([`features::Gazetteer::first`]).
    gazetteer: Option<u16>,
    /// Index in `vectors`, once computed.
    vectors: u32,
}

const NO_VECTORS: u32 = u32::MAX;

/// No weights (a neighbour without cached vectors).
const NOTHING: Scores = [0; LANES];

/// Cache of word facts and word-only weight sums, keyed by a hash of the token's bytes.
/// It lives as long as the thread, so later documents start with the frequent words
/// cached, and belongs to one model at a time.
struct WordCache {
    model: u64,
    /// How many times the words were emptied: a kept cache entry index is valid while this
    /// has not changed since the lookup.
    generation: u32,
    index: HashedMap<u32>,
    entries: Vec<Entry>,
    vectors: Vec<Vectors>,
    /// Summed weights of [`features::small_features`] by key, direct-mapped.
    small: Vec<(SmallKey, Scores)>,
    /// Summed weights of [`features::neighbour_cluster_features`] by cluster path (mixed).
    clusters: HashedMap<[Scores; 4]>,
    /// The tagging loop's buffers, kept for the next document.
    buffers: Buffers,
}

/// Buffers of [`tag_cached`], reused from one document to the next (taken out of the cache
/// while a document is tagged).
#[derive(Default)]
struct Buffers {
    spans: Vec<Span>,
    infos: Vec<TokInfo>,
    words: Vec<Word>,
    flags: Vec<u8>,
    stats: DocStats,
    feats: Vec<u32>,
    starts: Vec<u32>,
    scratch_feats: Vec<u32>,
    vec_of: Vec<u32>,
    keys: Vec<SmallKey>,
    emit: Vec<f32>,
    labels: Vec<u8>,
    scratch: Scratch,
    mentions: Vec<Mention>,
    history: HashedMap<u8>,
    seen: Vec<(u64, u8)>,
    seen_at: Vec<usize>,
    mentions_at: Vec<usize>,
    kept: Kept,
}

/// The tagging tokens and cache entries pass 1 found in each sentence, so that passes 2 and 3
/// need not split and look up the words again (kept for documents shorter than
/// [`RELEASE_AFTER_TOKENS`] only, so at most about 1.3 MB).
#[derive(Default)]
struct Kept {
    spans: Vec<Span>,
    words: Vec<Word>,
    /// Where each sentence's tokens begin in `spans` and `words`, plus the end.
    at: Vec<usize>,
    /// The cache's [`WordCache::generation`] when each sentence's words were looked up.
    generations: Vec<u32>,
}

impl Kept {
    fn clear(&mut self) {
        self.spans.clear();
        self.words.clear();
        self.at.clear();
        self.at.push(0);
        self.generations.clear();
    }

    /// Keeps the next sentence's tokens and entries, looked up in `generation`.
    fn push(&mut self, spans: &[Span], words: &[Word], generation: u32) {
        self.spans.extend_from_slice(spans);
        self.words.extend_from_slice(words);
        self.at.push(self.spans.len());
        self.generations.push(generation);
    }

    /// Sentence `k`'s tokens and entries, if kept and still valid in `generation`.
    fn get(&self, k: usize, generation: u32) -> Option<(&[Span], &[Word])> {
        let (&a, &b) = (self.at.get(k)?, self.at.get(k + 1)?);
        if self.generations.get(k) != Some(&generation) {
            return None;
        }
        Some((self.spans.get(a..b)?, self.words.get(a..b)?))
    }
}

/// Fills `spans`, `infos` and `words` with the tagging tokens of sentence `k` of `doc`, their
/// facts and their cache entries: from `kept` when pass 1 kept them and the entries are still
/// valid, else from the text.
#[allow(clippy::too_many_arguments)]
fn sentence_words(
    model: &Model,
    doc: &Document,
    k: usize,
    cache: &mut WordCache,
    kept: &Kept,
    spans: &mut Vec<Span>,
    infos: &mut Vec<TokInfo>,
    words: &mut Vec<Word>,
) {
    spans.clear();
    infos.clear();
    words.clear();
    cache.bound(model);
    let text = doc.text;
    if let Some((sp, ws)) = kept.get(k, cache.generation) {
        // (A word left out of a full cache makes the cache be emptied before the next
        // sentence, so a valid kept sentence has every word cached; else the text is read.)
        let entries = &cache.entries;
        if ws.iter().all(|w| (w.entry as usize) < entries.len()) {
            spans.extend_from_slice(sp);
            words.extend_from_slice(ws);
            infos.extend(ws.iter().map(|w| entries[w.entry as usize].info));
            return;
        }
    }
    let raw = doc
        .sentences
        .get(k)
        .and_then(|s| doc.tokens.get(s.tokens()))
        .unwrap_or(&[]);
    tokens::tagging_tokens(text, raw, spans);
    for sp in spans.iter() {
        let (info, w) = cache.lookup(model, sp.slice(text));
        infos.push(info);
        words.push(w);
    }
}

/// Entries of the small-feature cache (a power of two).
const SMALL_SLOTS: usize = 2048;

/// A key no token has (the sentence flag field is 3), marking empty small-cache slots.
const NO_KEY: SmallKey = SmallKey(3 << 12, 0);

/// A word of the current sentence: its facts and its cache entry (`u32::MAX` if uncached).
#[derive(Clone, Copy)]
struct Word {
    entry: u32,
}

/// A 64-bit hash of a byte string.
pub(crate) fn bytes_hash(s: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = 0x243F_6A88_85A3_08D3u64 ^ (s.len() as u64).wrapping_mul(K);
    let mut chunks = s.chunks_exact(8);
    for c in &mut chunks {
        let mut b = [0u8; 8];
        b.copy_from_slice(c);
        h = (h ^ u64::from_le_bytes(b)).wrapping_mul(K).rotate_left(29);
    }
    let rest = chunks.remainder();
    let mut b = [0u8; 8];
    b[..rest.len()].copy_from_slice(rest);
    h = (h ^ u64::from_le_bytes(b)).wrapping_mul(K);
    h ^= h >> 32;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 29)
}

impl WordCache {
    fn new() -> Self {
        WordCache {
            model: 0,
            generation: 0,
            small: Vec::new(),
            index: HashedMap::default(),
            entries: Vec::new(),
            vectors: Vec::new(),
            clusters: HashedMap::default(),
            buffers: Buffers::default(),
        }
    }

    /// Frees the words' storage (3.5 MB when full), keeping the small-feature table.
    fn release(&mut self) {
        self.generation = self.generation.wrapping_add(1);
        self.index = HashedMap::default();
        self.entries = Vec::new();
        self.vectors = Vec::new();
        self.clusters = HashedMap::default();
        self.buffers = Buffers::default();
    }

    /// Empties the cache when it is full or was filled for another model (call between
    /// sentences only).
    fn bound(&mut self, model: &Model) {
        if self.model != model.id() {
            // The cached facts (clusters) and weight sums belong to the previous model.
            self.model = model.id();
            self.generation = self.generation.wrapping_add(1);
            self.small.clear();
            self.index.clear();
            self.entries.clear();
            self.vectors.clear();
            self.clusters.clear();
        }
        if self.entries.len() >= CACHE_WORDS {
            self.generation = self.generation.wrapping_add(1);
            self.index.clear();
            self.entries.clear();
            self.vectors.clear();
            self.clusters.clear();
        }
    }

    /// Facts for `word` (with its cluster in `model`), and its cache entry.
    fn lookup(&mut self, model: &Model, word: &str) -> (TokInfo, Word) {
        let h = bytes_hash(word.as_bytes());
        if let Some(&e) = self.index.get(&h) {
            return (self.entries[e as usize].info, Word { entry: e });
        }
        let mut info = TokInfo::new(word);
        info.cluster = model.clusters.get(info.lower);
        if self.entries.len() >= CACHE_WORDS {
            return (info, Word { entry: u32::MAX });
        }
        let e = self.entries.len() as u32;
        self.entries.push(Entry {
            info,
            gazetteer: model.gazetteer.first(info.lower),
            vectors: NO_VECTORS,
        });
        self.index.insert(h, e);
        (info, Word { entry: e })
    }

    /// The weight vectors of a cached word, computed on first use.
    fn vectors(&mut self, model: &Model, w: Word, feats: &mut Vec<u32>) -> Option<u32> {
        let entry = self.entries.get(w.entry as usize)?;
        if entry.vectors == NO_VECTORS {
            let info = &entry.info;
            feats.clear();
            features::word_features(info, feats);
            features::flag_features(info, sent::NORMAL, false, feats);
            let cur = sum(model, feats);
            // The word's own neighbour templates, then those of its cluster (summed once per
            // cluster: they are the arrays' last four entries).
            let mut v = Vectors {
                cur,
                p1: sum(model, &features::left1_features(info)[..2]),
                n1: sum(model, &features::right1_features(info)[..2]),
                p2: sum(model, &features::left2_feature(info)[..1]),
                n2: sum(model, &features::right2_feature(info)[..1]),
            };
            let cluster = info.cluster;
            if cluster != 0 {
                let c = self
                    .clusters
                    .entry(cluster.wrapping_mul(0x9E37_79B9_7F4A_7C15))
                    .or_insert_with(|| {
                        features::neighbour_cluster_features(cluster).map(|f| sum(model, &f))
                    });
                add(&mut v.p1, &c[0]);
                add(&mut v.n1, &c[1]);
                add(&mut v.p2, &c[2]);
                add(&mut v.n2, &c[3]);
            }
            let at = self.vectors.len() as u32;
            self.vectors.push(v);
            self.entries[w.entry as usize].vectors = at;
        }
        Some(self.entries[w.entry as usize].vectors)
    }
}

fn sum(model: &Model, feats: &[u32]) -> Scores {
    let mut s = [0i32; LANES];
    for &f in feats.iter().filter(|&&f| f != 0) {
        model.add(f, &mut s);
    }
    s
}

use super::simd::add;

thread_local! {
    static CACHE: std::cell::RefCell<WordCache> = std::cell::RefCell::new(WordCache::new());
}

/// Tags the document with `model`: returns its mentions (sorted, non-overlapping).
pub fn tag_document(model: &Model, doc: &Document) -> Vec<Mention> {
    CACHE.with(|c| match c.try_borrow_mut() {
        Ok(mut cache) => {
            let mentions = tag_cached(model, doc, &mut cache);
            if doc.tokens.len() >= RELEASE_AFTER_TOKENS {
                cache.release();
            }
            mentions
        }
        Err(_) => tag_cached(model, doc, &mut WordCache::new()),
    })
}

/// True when a word labelled `here` in one sentence got the entity label `elsewhere` of
/// another type in the document (a place and an organisation at once, as "Texas" the
/// state and the team, is left alone: both are usually right).
fn disagree(here: u8, elsewhere: u8) -> bool {
    let (h, e) = (model::type_of(here), model::type_of(elsewhere));
    let place_or_org = |t: Option<usize>| t == Some(GPE) || t == Some(ORG);
    e.is_some() && h != e && !(place_or_org(h) && place_or_org(e))
}

fn tag_cached(model: &Model, doc: &Document, cache: &mut WordCache) -> Vec<Mention> {
    let text = doc.text;
    let Buffers {
        mut spans,
        mut infos,
        mut words,
        mut flags,
        mut stats,
        mut feats,
        mut starts,
        mut scratch_feats,
        mut vec_of,
        mut keys,
        mut emit,
        mut labels,
        mut scratch,
        mut mentions,
        mut history,
        mut seen,
        mut seen_at,
        mut mentions_at,
        mut kept,
    } = std::mem::take(&mut cache.buffers);
    flags.clear();
    stats.clear();
    mentions.clear();
    history.clear();
    seen.clear();
    seen_at.clear();
    mentions_at.clear();
    kept.clear();
    let keep = doc.tokens.len() < RELEASE_AFTER_TOKENS;
    // Pass 1: how each word is cased across the document, and the sentence flags.
    let mut topic = None;
    for k in 0..doc.sentences.len() {
        sentence_words(
            model, doc, k, cache, &kept, &mut spans, &mut infos, &mut words,
        );
        if keep {
            kept.push(&spans, &words, cache.generation);
        }
        let flag = features::sentence_flag(&infos);
        if topic.is_none() && !infos.is_empty() {
            topic = Some(features::topic(&infos, flag));
        }
        stats.add_sentence(&infos, flag);
        flags.push(flag);
    }
    let topic = topic.unwrap_or(0);
    // Pass 2: tag sentence by sentence.
    let bound = |f: &[u32; 6]| sum(model, f);
    let (bos, eos) = (features::bos(), features::eos());
    let bos_p1 = bound(&features::left1_features(bos));
    let eos_n1 = bound(&features::right1_features(eos));
    let bos_p2 = sum(model, &features::left2_feature(bos));
    let eos_n2 = sum(model, &features::right2_feature(eos));
    let unit = model.unit();
    if cache.small.len() != SMALL_SLOTS {
        cache.small.clear();
        cache.small.resize(SMALL_SLOTS, (NO_KEY, [0; LANES]));
    }
    // Pass 3 (`j >= count`): a sentence is tagged again when one of its capitalised words
    // got, elsewhere in the document, an entity label of another type than here (see
    // [`disagree`]); its history
    // features then come from the whole document (the label the word got last, before this
    // sentence in pass 3 or after it in pass 2), not only from the sentences before it.
    // `seen` holds the remembered words of pass 2 with their labels; per sentence,
    // `seen_at` and `mentions_at` say where its words and pass-2 mentions begin. `out` gets
    // the mentions of pass 3 (retagged or copied).
    let count = doc.sentences.len();
    let mut out: Vec<Mention> = Vec::new();
    for j in 0..2 * count {
        let k = j % count;
        if j == count {
            seen_at.push(seen.len());
            mentions_at.push(mentions.len());
            out.reserve(mentions.len());
        }
        if j >= count {
            let words_here = &seen[seen_at[k]..seen_at[k + 1]];
            let differs = words_here
                .iter()
                .any(|&(w, l)| history.get(&w).is_some_and(|&h| disagree(l, h)));
            if !differs {
                out.extend_from_slice(&mentions[mentions_at[k]..mentions_at[k + 1]]);
                for &(w, l) in words_here {
                    history.insert(w, l);
                }
                continue;
            }
        } else {
            seen_at.push(seen.len());
            mentions_at.push(mentions.len());
        }
        sentence_words(
            model, doc, k, cache, &kept, &mut spans, &mut infos, &mut words,
        );
        let n = infos.len();
        if n == 0 {
            continue;
        }
        let flag = flags[k];
        let entries = &cache.entries;
        model.gazetteer.mark_with(&mut infos, |i, t| {
            match words.get(i).and_then(|w| entries.get(w.entry as usize)) {
                Some(e) => e.gazetteer,
                None => model.gazetteer.first(t.lower),
            }
        });
        vec_of.clear();
        for &w in words.iter() {
            let v = cache.vectors(model, w, &mut scratch_feats);
            vec_of.push(v.unwrap_or(NO_VECTORS));
        }
        // The features that are not in the word vectors, for every token, then prefetched
        // together so that the cache misses overlap.
        feats.clear();
        starts.clear();
        keys.clear();
        for i in 0..n {
            starts.push(feats.len() as u32);
            let c = &infos[i];
            if flag != sent::NORMAL || i == 0 || vec_of[i] == NO_VECTORS {
                features::word_features(c, &mut feats);
                features::flag_features(c, flag, i == 0, &mut feats);
            }
            if i > 0 && vec_of[i - 1] == NO_VECTORS {
                // (0 is no feature: a neighbour without a cluster.)
                feats.extend(
                    features::left1_features(&infos[i - 1])
                        .into_iter()
                        .filter(|&f| f != 0),
                );
            }
            if i + 1 < n && vec_of[i + 1] == NO_VECTORS {
                feats.extend(
                    features::right1_features(&infos[i + 1])
                        .into_iter()
                        .filter(|&f| f != 0),
                );
            }
            if i > 1 && vec_of[i - 2] == NO_VECTORS {
                feats.extend(
                    features::left2_feature(&infos[i - 2])
                        .into_iter()
                        .filter(|&f| f != 0),
                );
            }
            if i + 2 < n && vec_of[i + 2] == NO_VECTORS {
                feats.extend(
                    features::right2_feature(&infos[i + 2])
                        .into_iter()
                        .filter(|&f| f != 0),
                );
            }
            features::pair_features(&infos, i, flag, &mut feats);
            feats.extend(features::topic_feature(c, topic));
            keys.push(features::small_key(&infos, i, stats.get(c), flag));
        }
        starts.push(feats.len() as u32);
        for &f in &feats {
            model.prefetch(f);
        }
        // Every lane is written below; growing without refilling saves a pass.
        if emit.len() < n * LANES {
            emit.resize(n * LANES, 0.0);
        }
        for i in 0..n {
            let vs = &cache.vectors;
            let vec = |j: usize| vs.get(vec_of[j] as usize);
            let cur = match vec(i) {
                Some(v) if flag == sent::NORMAL && i > 0 => &v.cur,
                _ => &NOTHING,
            };
            let p1 = match i {
                0 => &bos_p1,
                _ => vec(i - 1).map_or(&NOTHING, |v| &v.p1),
            };
            let n1 = if i + 1 == n {
                &eos_n1
            } else {
                vec(i + 1).map_or(&NOTHING, |v| &v.n1)
            };
            let p2 = match i {
                0 | 1 => &bos_p2,
                _ => vec(i - 2).map_or(&NOTHING, |v| &v.p2),
            };
            let n2 = if i + 2 >= n {
                &eos_n2
            } else {
                vec(i + 2).map_or(&NOTHING, |v| &v.n2)
            };
            let key = keys[i];
            let slot = (key.0.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ key.1)
                .wrapping_mul(0xff51_afd7_ed55_8ccd)
                >> (64 - SMALL_SLOTS.trailing_zeros());
            let uncached;
            let small = match cache.small.get_mut(slot as usize % SMALL_SLOTS) {
                Some(entry) => {
                    if entry.0 != key {
                        scratch_feats.clear();
                        features::small_features(key, &mut scratch_feats);
                        *entry = (key, sum(model, &scratch_feats));
                    }
                    &entry.1
                }
                None => {
                    scratch_feats.clear();
                    features::small_features(key, &mut scratch_feats);
                    uncached = sum(model, &scratch_feats);
                    &uncached
                }
            };
            let mut acc = super::simd::sum_of([cur, p1, n1, p2, n2, small]);
            for &f in &feats[starts[i] as usize..starts[i + 1] as usize] {
                let r = model.row(f);
                if r != RowRef::NONE {
                    model.add_row(r, &mut acc);
                }
            }
            let info = &infos[i];
            if features::remembered(info) {
                if let Some(&l) = history.get(&info.lower) {
                    for f in features::history_features(l, info.cap) {
                        model.add(f, &mut acc);
                    }
                }
            }
            super::simd::scale(&acc, unit, &mut emit[i * LANES..(i + 1) * LANES]);
        }
        model::viterbi_fast(&emit[..n * LANES], &model.fast, &mut scratch, &mut labels);
        for (info, &l) in infos.iter().zip(&labels) {
            if features::remembered(info) {
                history.insert(info.lower, l);
                if j < count {
                    seen.push((info.lower, l));
                }
            }
        }
        if j < count {
            super::push_mentions(text, &labels, &spans, &mut mentions);
        } else {
            super::push_mentions(text, &labels, &spans, &mut out);
        }
    }
    cache.buffers = Buffers {
        spans,
        infos,
        words,
        flags,
        stats,
        feats,
        starts,
        scratch_feats,
        vec_of,
        keys,
        emit,
        labels,
        scratch,
        mentions,
        history,
        seen,
        seen_at,
        mentions_at,
        kept,
    };
    super::designated_orgs(text, &mut out);
    super::surnames(text, &mut out);
    super::org_heads(text, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_words_than_the_cache_holds() {
        let model = crate::ner::model().expect("model loads");
        let mut text = String::new();
        for k in 0..CACHE_WORDS + 500 {
            text.push_str(&format!(
                "Mr. Zq{k} met officials of Xq{k} Corp. in Lahore. "
            ));
        }
        let mut doc = crate::types::Document::new(&text);
        crate::text::segment(&mut doc);
        let first = tag_document(model, &doc);
        // A cold cache (another thread) and a warm one give the same mentions.
        let again = tag_document(model, &doc);
        let cold = std::thread::scope(|s| s.spawn(|| tag_document(model, &doc)).join());
        assert_eq!(first, again);
        assert_eq!(Some(&first), cold.as_ref().ok());
        assert!(first.len() > CACHE_WORDS);
    }

    #[test]
    fn reused_buffers_do_not_carry_over() {
        let model = crate::ner::model().expect("model loads");
        fn doc(text: &str) -> crate::types::Document<'_> {
            let mut d = crate::types::Document::new(text);
            crate::text::segment(&mut d);
            d
        }
        let text = "Ericsson said on Monday that Mr. Carl Bildt met Ericsson Inc in Stockholm \
                    and Texas beat Seattle. "
            .repeat(40);
        let long = doc(&text);
        let short = doc("Bildt spoke in Stockholm. Ericsson rose.");
        // Tagged in a fresh thread, and after a longer document in this one.
        let fresh = std::thread::scope(|s| s.spawn(|| tag_document(model, &short)).join());
        tag_document(model, &long);
        assert_eq!(Some(tag_document(model, &short)), fresh.ok());
    }

    #[test]
    fn retagging_only_where_types_disagree() {
        let label = |ty: &str, inside: bool| {
            let t = model::type_index(ty).unwrap();
            if inside {
                model::inside(t)
            } else {
                model::begin(t)
            }
        };
        let (person, org, gpe) = (
            label("PERSON", false),
            label("ORG", false),
            label("GPE", true),
        );
        assert_eq!(
            (model::type_index("ORG"), model::type_index("GPE")),
            (Some(ORG), Some(GPE))
        );
        // A person here, an organisation elsewhere: tagged again.
        assert!(disagree(person, org));
        assert!(disagree(0, org));
        // Same type (B- or I-), or nothing elsewhere: not.
        assert!(!disagree(label("ORG", true), org));
        assert!(!disagree(person, 0));
        // A place and an organisation ("Texas" the state and the team): left alone.
        assert!(!disagree(gpe, org) && !disagree(org, gpe));
    }

    #[test]
    fn byte_hash_differs_by_content_and_length() {
        assert_ne!(bytes_hash(b"London"), bytes_hash(b"london"));
        assert_ne!(bytes_hash(b"a"), bytes_hash(b"a\0"));
        assert_ne!(bytes_hash(b"abcdefgh"), bytes_hash(b"abcdefghi"));
        assert_eq!(bytes_hash(b"Pakistan"), bytes_hash(b"Pakistan"));
    }
}
