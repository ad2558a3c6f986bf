//! Stage 3: named entities (OntoNotes types) with a trained sequence tagger.
//!
//! The model is an averaged structured perceptron over hashed features (word forms in a ±2
//! window, shape, affixes, gazetteer membership, sentence capitalisation and document-level
//! casing evidence) with first-order BIO transitions, decoded with Viterbi. Its weights are
//! quantised to 8 bits, compressed with deflate and embedded in the binary; the first call
//! decompresses them once. Training lives in [`train`] (native only); see `docs/ner.md`.
//!
//! [`tag`] fills [`Document::mentions`] and, by exact text, [`Document::entities`].

pub mod features;
pub mod model;
pub mod tokens;
#[cfg(not(target_arch = "wasm32"))]
pub mod train;

use crate::types::{Document, EntityCluster, Mention, Span};
use features::{DocStats, Gazetteer, TokInfo};
use model::{Model, Scratch, LABELS, TYPES};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

/// The trained model, zlib-compressed (written by `train-ner`).
static MODEL_BYTES: &[u8] = include_bytes!("../../models/ner.bin.z");

/// Upper bound on the decompressed model, against a corrupt file.
const MAX_MODEL_BYTES: usize = 64 << 20;

/// The embedded model, decompressed on first use; `None` if it is missing or malformed.
pub fn model() -> Option<&'static Model> {
    static MODEL: OnceLock<Option<Model>> = OnceLock::new();
    MODEL.get_or_init(|| load(MODEL_BYTES)).as_ref()
}

/// Decompresses and parses a model file.
pub fn load(compressed: &[u8]) -> Option<Model> {
    let data = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(compressed, MAX_MODEL_BYTES)
        .ok()?;
    Model::decode(&data)
}

/// Per-token facts for one document: tokens, sentence ranges over them, sentence flags and
/// document-level casing bits. Built the same way for training and tagging.
#[derive(Debug, Default)]
pub struct Prepared {
    /// Facts per tagging token.
    pub infos: Vec<TokInfo>,
    /// Each sentence's range in `infos`.
    pub sentences: Vec<Range<usize>>,
    /// Capitalisation flag per sentence.
    pub flags: Vec<u8>,
    /// Document bits per token.
    pub doc_bits: Vec<u8>,
}

impl Prepared {
    /// Computes the facts for a document given as tagging-token words and sentence ranges.
    pub fn new<'w>(
        gazetteer: &Gazetteer,
        words: impl IntoIterator<Item = &'w str>,
        sentences: Vec<Range<usize>>,
    ) -> Self {
        let mut infos: Vec<TokInfo> = words.into_iter().map(TokInfo::new).collect();
        let mut flags = Vec::with_capacity(sentences.len());
        let mut stats = DocStats::default();
        for r in &sentences {
            let s = &mut infos[r.clone()];
            gazetteer.mark(s);
            let flag = features::sentence_flag(s);
            stats.add_sentence(s, flag);
            flags.push(flag);
        }
        let doc_bits = infos.iter().map(|t| stats.get(t)).collect();
        Prepared {
            infos,
            sentences,
            flags,
            doc_bits,
        }
    }

    /// Appends the features of sentence `k` (see [`features::sentence_features`]).
    pub fn features(&self, k: usize, out: &mut Vec<u32>, starts: &mut Vec<u32>) {
        let r = self.sentences[k].clone();
        features::sentence_features(
            &self.infos[r.clone()],
            &self.doc_bits[r],
            self.flags[k],
            out,
            starts,
        );
    }
}

/// Tags the document with the embedded model (does nothing if the model failed to load).
pub fn tag(doc: &mut Document) {
    if let Some(m) = model() {
        tag_with(m, doc);
    }
}

/// Tags the document with `model`: fills `doc.mentions` (sorted, non-overlapping) and
/// `doc.entities`.
pub fn tag_with(model: &Model, doc: &mut Document) {
    let text = doc.text;
    let mut spans: Vec<Span> = Vec::with_capacity(doc.tokens.len() + 8);
    let mut ranges = Vec::with_capacity(doc.sentences.len());
    for s in &doc.sentences {
        let start = spans.len();
        let raw = doc.tokens.get(s.tokens.clone()).unwrap_or(&[]);
        tokens::tagging_tokens(text, raw, &mut spans);
        ranges.push(start..spans.len());
    }
    let prepared = Prepared::new(
        &model.gazetteer,
        spans.iter().map(|s| s.slice(text)),
        ranges,
    );
    let mut feats = Vec::new();
    let mut starts = Vec::new();
    let mut emit = Vec::new();
    let mut labels = Vec::new();
    let mut scratch = Scratch::default();
    let mut mentions = Vec::new();
    let mut history: HashMap<u64, u8> = HashMap::new();
    for k in 0..prepared.sentences.len() {
        let r = prepared.sentences[k].clone();
        if r.is_empty() {
            continue;
        }
        feats.clear();
        starts.clear();
        prepared.features(k, &mut feats, &mut starts);
        emit.clear();
        emit.resize(r.len() * LABELS, 0.0);
        for i in 0..r.len() {
            let row = &mut emit[i * LABELS..(i + 1) * LABELS];
            for &f in &feats[starts[i] as usize..starts[i + 1] as usize] {
                model.add(f, row);
            }
            let info = &prepared.infos[r.start + i];
            if features::remembered(info) {
                if let Some(&l) = history.get(&info.lower) {
                    for f in features::history_features(l, info.cap) {
                        model.add(f, row);
                    }
                }
            }
        }
        model::viterbi(&emit, &model.trans, None, &mut scratch, &mut labels);
        for (info, &l) in prepared.infos[r.clone()].iter().zip(&labels) {
            if features::remembered(info) {
                history.insert(info.lower, l);
            }
        }
        push_mentions(text, &labels, &spans[r], &mut mentions);
    }
    doc.mentions = mentions;
    doc.entities = cluster(text, &doc.mentions);
}

/// Titles and roles that OntoNotes keeps outside PERSON spans (lower case, no period).
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "professor",
    "gen",
    "general",
    "lt",
    "lieutenant",
    "col",
    "colonel",
    "maj",
    "major",
    "capt",
    "captain",
    "sgt",
    "sergeant",
    "adm",
    "admiral",
    "gov",
    "governor",
    "sen",
    "senator",
    "rep",
    "rev",
    "reverend",
    "president",
    "premier",
    "prime",
    "minister",
    "secretary",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "judge",
    "justice",
    "chairman",
    "chairwoman",
    "ambassador",
    "mayor",
    "chief",
    "commander",
    "brig",
    "brigadier",
    "cmdr",
    "marshal",
    "field",
    "air",
    "vice",
    "deputy",
    "pope",
];

fn is_title(word: &str) -> bool {
    let w = word.strip_suffix('.').unwrap_or(word);
    w.len() <= 12 && TITLES.iter().any(|t| t.eq_ignore_ascii_case(w))
}

/// Turns a BIO label sequence over `spans` into mentions. Leading titles ("Lt. Gen.") are
/// dropped from PERSON spans.
fn push_mentions(text: &str, labels: &[u8], spans: &[Span], out: &mut Vec<Mention>) {
    let mut i = 0;
    while i < labels.len() {
        let Some(t) = model::type_of(labels[i]) else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < labels.len() && labels[j] == model::inside(t) {
            j += 1;
        }
        let mut first = i;
        if TYPES[t] == "PERSON" {
            while first + 1 < j && is_title(spans[first].slice(text)) {
                first += 1;
            }
        }
        out.push(Mention {
            span: Span::new(spans[first].start, spans[j - 1].end),
            label: TYPES[t],
        });
        i = j;
    }
}

/// Groups mentions with the same normalised text and label into one entity each, in order of
/// first mention.
pub fn cluster(text: &str, mentions: &[Mention]) -> Vec<EntityCluster> {
    let mut index: HashMap<(String, &'static str), usize> = HashMap::new();
    let mut out: Vec<EntityCluster> = Vec::new();
    for m in mentions {
        let surface = m.span.slice(text);
        let key = (crate::entities::name_key(surface), m.label);
        let id = *index.entry(key).or_insert_with(|| {
            out.push(EntityCluster {
                name: surface.split_whitespace().collect::<Vec<_>>().join(" "),
                label: m.label,
                aliases: Vec::new(),
                mentions: Vec::new(),
            });
            out.len() - 1
        });
        out[id].mentions.push(m.span);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mentions(text: &str) -> Vec<(String, &'static str)> {
        let doc = crate::analyze_document(text);
        doc.mentions
            .iter()
            .map(|m| (doc.slice(m.span).to_string(), m.label))
            .collect()
    }

    fn has(found: &[(String, &'static str)], text: &str, label: &str) -> bool {
        found.iter().any(|(t, l)| t == text && *l == label)
    }

    #[test]
    fn model_loads() {
        let m = model().expect("embedded model loads");
        assert!(m.rows() > 1000);
    }

    #[test]
    fn spokesperson_is_a_person() {
        let m = mentions(
            "Foreign Office spokesperson Tahir Andrabi said on Friday that talks would continue.",
        );
        assert!(has(&m, "Tahir Andrabi", "PERSON"), "{m:?}");
        assert!(has(&m, "Foreign Office", "ORG"), "{m:?}");
    }

    #[test]
    fn hyphenated_organisation() {
        let m =
            mentions("The attack was claimed by Tehreek-e-Taliban Pakistan (TTP), officials said.");
        assert!(
            m.iter()
                .any(|(t, l)| t.starts_with("Tehreek-e-Taliban") && *l == "ORG"),
            "{m:?}"
        );
    }

    #[test]
    fn dates_numbers_and_nationalities() {
        let m = mentions(
            "On November 7, security forces killed 206 Afghan Taliban fighters near the border.",
        );
        assert!(has(&m, "November 7", "DATE"), "{m:?}");
        assert!(has(&m, "206", "CARDINAL"), "{m:?}");
        assert!(has(&m, "Afghan", "NORP"), "{m:?}");
    }

    #[test]
    fn titles_stay_outside_person_and_possessives_split() {
        let m = mentions("Lt. Gen. Ahmed Sharif rejected Pakistan’s critics in Islamabad.");
        assert!(has(&m, "Ahmed Sharif", "PERSON"), "{m:?}");
        assert!(has(&m, "Pakistan", "GPE"), "{m:?}");
        assert!(has(&m, "Islamabad", "GPE"), "{m:?}");
    }

    #[test]
    fn all_caps_headline() {
        let m = mentions("PAKISTAN SAYS TALKS WITH INDIA WILL RESUME IN ISLAMABAD");
        assert!(
            has(&m, "PAKISTAN", "GPE") || has(&m, "INDIA", "GPE"),
            "{m:?}"
        );
    }

    #[test]
    fn non_latin_and_odd_input_do_not_panic() {
        for text in [
            "ترجمان دفتر خارجہ نے کہا کہ پاکستان امن چاہتا ہے۔",
            "",
            "   \n\n ",
            "’s 's n't . - -- ((( “”",
            "A",
            "x\u{0301}\u{200d}😀 Mr. . U.S.",
        ] {
            let doc = crate::analyze_document(text);
            for w in doc.mentions.windows(2) {
                assert!(w[0].span.end <= w[1].span.start);
            }
        }
    }

    #[test]
    fn clustering_by_exact_text() {
        let text = "Imran Khan spoke. Later Imran Khan left for Lahore.";
        let doc = crate::analyze_document(text);
        let khan: Vec<_> = doc
            .entities
            .iter()
            .filter(|e| e.name == "Imran Khan")
            .collect();
        assert_eq!(khan.len(), 1, "{:?}", doc.entities);
        assert_eq!(khan[0].mentions.len(), 2);
        assert_eq!(khan[0].label, "PERSON");
    }
}
