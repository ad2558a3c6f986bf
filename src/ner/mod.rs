//! Stage 3: named entities (OntoNotes types) with a trained sequence tagger.
//!
//! The model is an averaged structured perceptron over hashed features (word forms in a ±2
//! window, shape, affixes, gazetteer membership, sentence capitalisation and document-level
//! casing evidence) with first-order BIO transitions, decoded with Viterbi. Its weights are
//! quantised to 8 bits, compressed with deflate and embedded in the binary; the first call
//! decompresses them once. Training lives in `crates/quotelens-train` (`ner_train.rs`,
//! `learn_clusters.rs`), which this crate does not depend on; see `docs/ner.md`.
//!
//! [`tag`] fills [`Document::mentions`] and, by exact text, [`Document::entities`].

pub mod clusters;
pub mod features;
pub mod model;
mod paths;
mod simd;
mod tagger;
pub mod tokens;

use crate::types::{Document, EntityCluster, Mention, Span};
use features::{DocStats, Gazetteer, TokInfo};
use model::{Model, TYPES};
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

/// The first `bits` bits of the word cluster of `word` (any case) as a string of `0`/`1`, or
/// `"-"` when the embedded model has no cluster for it. Later stages read it as a word class
/// learned from raw text ("raised", "lifted" and "boosted" share one; "said" and "told"
/// another).
pub fn word_class(word: &str, bits: u32) -> String {
    let Some(m) = model() else {
        return "-".into();
    };
    let c = clusters::prefix(m.clusters.get(features::lower_hash(word)), bits);
    let d = clusters::depth(c);
    if d == 0 {
        return "-".into();
    }
    (0..d)
        .map(|i| if c >> (d - 1 - i) & 1 == 1 { '1' } else { '0' })
        .collect()
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
    /// The document's topic word ([`features::topic`]).
    pub topic: u64,
}

impl Prepared {
    /// Computes the facts for a document given as tagging-token words and sentence ranges.
    pub fn new<'w>(
        gazetteer: &Gazetteer,
        clusters: &clusters::Clusters,
        words: impl IntoIterator<Item = &'w str>,
        sentences: Vec<Range<usize>>,
    ) -> Self {
        let mut infos: Vec<TokInfo> = words.into_iter().map(TokInfo::new).collect();
        clusters.mark(&mut infos);
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
        let topic = match sentences.iter().position(|r| !r.is_empty()) {
            Some(k) => features::topic(&infos[sentences[k].clone()], flags[k]),
            None => 0,
        };
        Prepared {
            topic,
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
            self.topic,
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
    doc.mentions = tagger::tag_document(model, doc);
    doc.entities = cluster(doc.text, &doc.mentions);
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

/// Turns a BIO label sequence over `spans` into mentions, then applies the corrections in
/// [`fix_mentions`].
fn push_mentions(text: &str, labels: &[u8], spans: &[Span], out: &mut Vec<Mention>) {
    let mut found: Vec<(usize, usize, usize)> = Vec::with_capacity(labels.len() / 2);
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
        found.push((i, j, t));
        i = j;
    }
    if found.is_empty() {
        return;
    }
    let words: Vec<&str> = spans.iter().map(|s| s.slice(text)).collect();
    fix_mentions(&words, &mut found);
    out.extend(found.into_iter().map(|(a, b, t)| Mention {
        span: Span::new(spans[a].start, spans[b - 1].end),
        label: TYPES[t],
    }));
}

/// Types whose names may end in a possessive ("McDonald 's", "Children 's Hospital").
const KEEP_POSSESSIVE: [&str; 4] = ["ORG", "FAC", "WORK_OF_ART", "EVENT"];

fn starts_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Corrections over token-range mentions `(first, end, type)` of one sentence:
///
/// - leading titles ("Lt. Gen.") are dropped from PERSON spans, as OntoNotes annotates, and
///   a trailing possessive from names other than organisations and works;
/// - a lower-case role word inside a name ("Foreign Office spokesperson Tahir Andrabi")
///   splits it: the part before keeps its type, the name after it is a PERSON;
/// - a name followed by its acronym in parentheses ("Tehreek-e-Taliban Pakistan (TTP)")
///   takes ORG when the acronym is an ORG, and lends its type to an untagged acronym;
/// - two companies joined by "and" after a designator ("Johnson Controls Inc and Lear Corp")
///   are two organisations; a month before an organisation's name ("the August National
///   Association of Purchasing Management index") is not part of it; a month tagged as a
///   person before a day number ("July 12 v Scotland") is a date, not a name;
/// - a separator ("·", "•", "|") at the start of a mention is dropped;
/// - a one-word mention that is an interjection or a filler of speech ("Mm", "Uh-huh") is not
///   a name (transcripts write them capitalised as sentences of their own).
fn fix_mentions(words: &[&str], found: &mut Vec<(usize, usize, usize)>) {
    let person = model::type_index("PERSON").unwrap_or(0);
    let org = model::type_index("ORG").unwrap_or(0);
    let date = model::type_index("DATE");
    let mut split = Vec::with_capacity(found.len());
    // The start of a month that was tagged as a person right before this mention.
    let mut month_before: Option<(usize, usize)> = None;
    for &(a, b, t) in found.iter() {
        // "Nov 14, 2025" tagged as PERSON "Nov" + DATE "14, 2025": one date.
        let a = match month_before.take() {
            Some((m, end)) if end == a && Some(t) == date => m,
            _ => a,
        };
        // "AM · Nov 14": a separator dot or bullet never begins a name.
        let a = (a..b)
            .find(|&k| !matches!(words[k], "·" | "•" | "|" | "*"))
            .unwrap_or(b);
        if a == b || b == a + 1 && is_interjection(words[a]) {
            // "Mm ." in a transcript.
            continue;
        }
        if t == org {
            // Cut after each designator that "and" follows.
            let mut start = a;
            for k in a + 1..b.saturating_sub(1) {
                if words[k] == "and" && is_designator(words[k - 1]) && starts_upper(words[k + 1]) {
                    split.push((start, k, t));
                    start = k + 1;
                }
            }
            let month_led =
                b - start >= 3 && is_month(words[start]) && starts_upper(words[start + 1]);
            split.push((start + usize::from(month_led), b, t));
        } else if t == person
            && b == a + 1
            && (is_month(words[a])
                || starts_upper(words[a]) && crate::values::month_of(words[a]).is_some())
            && words
                .get(b)
                .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()))
        {
            // "July 12", "Nov 14" (a tweet's timestamp): not a person; the date after it, if
            // tagged, starts at the month.
            month_before = Some((a, b));
        } else {
            split.push((a, b, t));
        }
    }
    let mut out = Vec::with_capacity(split.len());
    for (a, b, t) in split {
        let role = (a + 1..b.saturating_sub(1)).find(|&k| {
            words[k].chars().next().is_some_and(char::is_lowercase)
                && is_title(words[k])
                && starts_upper(words[k + 1])
        });
        match role {
            Some(k) if t != person => {
                out.push((a, k, t));
                out.push((k + 1, b, person));
            }
            Some(k) => {
                // "Foreign Office spokesperson Tahir Andrabi" tagged as one person: the part
                // before the role is most often the organisation the person speaks for.
                let mut first = a;
                while first < k && is_title(words[first]) {
                    first += 1;
                }
                if first < k && starts_upper(words[first]) {
                    out.push((first, k, org));
                }
                out.push((k + 1, b, t));
            }
            None => out.push((a, b, t)),
        }
    }
    for m in &mut out {
        // A trailing possessive belongs to a name only in organisations ("McDonald 's").
        let possessive = |w: &str| matches!(w, "'s" | "’s" | "'S" | "’S");
        if m.1 - m.0 == 2
            && possessive(words[m.1 - 1])
            && KEEP_POSSESSIVE.iter().all(|&k| TYPES[m.2] != k)
        {
            m.1 -= 1;
        }
        if m.2 == person {
            while m.0 + 1 < m.1 && is_title(words[m.0]) {
                m.0 += 1;
            }
        }
    }
    for m in &mut out {
        *m = balance_parentheses(words, *m);
    }
    out.retain(|m| m.0 < m.1);
    // Acronyms in parentheses right after a name.
    let mut extra = Vec::new();
    for idx in 0..out.len() {
        let (a, b, t) = out[idx];
        if b + 2 >= words.len() || words[b] != "(" || words[b + 2] != ")" {
            continue;
        }
        let acronym = words[b + 1];
        let initials: String = words[a..b]
            .iter()
            .filter(|w| starts_upper(w))
            .filter_map(|w| w.chars().next())
            .collect();
        let is_acronym = acronym.chars().count() >= 2
            && acronym.chars().all(|c| c.is_uppercase())
            && initials == acronym;
        if !is_acronym {
            continue;
        }
        match out.iter().position(|m| m.0 == b + 1 && m.1 == b + 2) {
            Some(p) if out[p].2 == org => out[idx].2 = org,
            Some(_) => {}
            None => extra.push((b + 1, b + 2, t)),
        }
    }
    out.extend(extra);
    out.sort_unstable();
    out.dedup_by(|later, earlier| later.0 < earlier.1);
    *found = out;
}

/// A mention `(first, end, type)` cut at a parenthesis it does not close or open (names
/// never contain half a pair): "Hizbollah ( Party of God" → "Hizbollah", "Xinhua ) Turkish
/// Minister …" → "Turkish Minister …". The longer side is kept.
fn balance_parentheses(words: &[&str], m: (usize, usize, usize)) -> (usize, usize, usize) {
    let (a, b, t) = m;
    let mut open: Option<usize> = None;
    for k in a..b {
        match words[k] {
            "(" if open.is_none() => open = Some(k),
            ")" => match open.take() {
                Some(_) => {}
                None => {
                    return if k - a >= b - k - 1 {
                        (a, k, t)
                    } else {
                        balance_parentheses(words, (k + 1, b, t))
                    };
                }
            },
            _ => {}
        }
    }
    match open {
        Some(k) if k > a => (a, k, t),
        Some(k) => (k + 1, b, t),
        None => m,
    }
}

/// Company designators that end an organisation's name ("Pirelli SpA", "Lear Corp.").
const DESIGNATORS: &[&str] = &[
    "inc",
    "inc.",
    "corp",
    "corp.",
    "co",
    "co.",
    "ltd",
    "ltd.",
    "plc",
    "spa",
    "s.p.a.",
    "sa",
    "s.a.",
    "ag",
    "a.g.",
    "nv",
    "n.v.",
    "gmbh",
    "llc",
    "bros",
    "bros.",
    "corporation",
];

/// True for a company designator, in any case ("Inc", "CORP.").
fn is_designator(word: &str) -> bool {
    DESIGNATORS.iter().any(|d| d.eq_ignore_ascii_case(word))
}

/// True for a month's full name other than "May" (also a name and a verb), capitalised; not
/// an abbreviation ("Jan" is also a name).
/// Interjections and fillers of speech, which are never names ("Ah" is left out: it begins
/// Chinese names, "Ah Q").
fn is_interjection(word: &str) -> bool {
    const WORDS: [&str; 12] = [
        "mm", "mmm", "mhm", "hmm", "hm", "uh", "um", "er", "erm", "uh-huh", "huh", "oops",
    ];
    word.len() <= 6 && WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

fn is_month(word: &str) -> bool {
    word.len() >= 4
        && starts_upper(word)
        && !word.ends_with('.')
        && !matches!(word, "May" | "MAY" | "Sept" | "SEPT")
        && crate::values::month_of(word).is_some()
}

/// The longest of [`DESIGNATORS`], in bytes.
const DESIGNATOR_BYTES: usize = 11;

/// A name ending in a company designator is an organisation, and so is the same name
/// without it elsewhere in the document ("Pirelli SpA" … "Pirelli said").
pub(crate) fn designated_orgs(text: &str, mentions: &mut [Mention]) {
    // Hashes of the lower-cased names, in a set: a long document has many mentions.
    let mut bases: features::HashedMap<()> = features::HashedMap::default();
    for m in mentions.iter_mut() {
        let s = m.span.slice(text).as_bytes();
        // The last word, if it is short enough to be a designator (mentions end at a token).
        let tail = s.len().saturating_sub(DESIGNATOR_BYTES + 1);
        let Some(k) = s[tail..].iter().rposition(|&b| b == b' ') else {
            continue;
        };
        let (base, last) = m.span.slice(text).split_at(tail + k);
        let (base, last) = (base.trim_end_matches([' ', ',', '&']), &last[1..]);
        if !base.is_empty() && is_designator(last) {
            m.label = "ORG";
            bases.insert(features::lower_hash(base), ());
        }
    }
    if bases.is_empty() {
        return;
    }
    for m in mentions.iter_mut() {
        if bases.contains_key(&features::lower_hash(m.span.slice(text))) {
            m.label = "ORG";
        }
    }
}

/// A one-word mention tagged as a place that is the surname of a full name tagged PERSON
/// elsewhere in the document is that person ("MaliVai Washington" … "Washington fell
/// short"; not organisations, which are often named after people: "Ford").
pub(crate) fn surnames(text: &str, mentions: &mut [Mention]) {
    let surname = |s: &str| {
        let mut words = s.split_whitespace().filter(|w| starts_upper(w));
        match (words.next(), words.next_back()) {
            (Some(_), Some(last)) => Some(features::lower_hash(last)),
            _ => None,
        }
    };
    let place = |label: &str| matches!(label, "GPE" | "LOC" | "FAC" | "NORP");
    one_word_aliases(text, mentions, "PERSON", surname, place, "PERSON");
}

/// A one-word PERSON that is the first word of a longer organisation name elsewhere in the
/// document is that organisation ("Rotor Volgograd" … "Rotor are well placed"; places are
/// left alone, as they begin many organisation names: "Washington Post").
pub(crate) fn org_heads(text: &str, mentions: &mut [Mention]) {
    let head = |s: &str| match s.split_once(' ') {
        Some((first, _)) if starts_upper(first) && !first.eq_ignore_ascii_case("the") => {
            Some(features::lower_hash(first))
        }
        _ => None,
    };
    one_word_aliases(
        text,
        mentions,
        "ORG",
        head,
        |label| label == "PERSON",
        "ORG",
    );
}

/// Gives `label` to every one-word mention whose label passes `relabel` and whose word (case
/// aside) is the `alias` of a mention labelled `source` (a lower-form hash, see
/// [`features::lower_hash`]).
fn one_word_aliases(
    text: &str,
    mentions: &mut [Mention],
    source: &str,
    alias: impl Fn(&str) -> Option<u64>,
    relabel: impl Fn(&str) -> bool,
    label: &'static str,
) {
    let aliases: features::HashedMap<()> = mentions
        .iter()
        .filter(|m| m.label == source)
        .filter_map(|m| alias(m.span.slice(text)))
        .map(|h| (h, ()))
        .collect();
    if aliases.is_empty() {
        return;
    }
    for m in mentions.iter_mut() {
        let s = m.span.slice(text);
        if relabel(m.label) && !s.contains(' ') && aliases.contains_key(&features::lower_hash(s)) {
            m.label = label;
        }
    }
}

/// Groups mentions with the same normalised text and label into one entity each, in order of
/// first mention.
pub fn cluster(text: &str, mentions: &[Mention]) -> Vec<EntityCluster> {
    // Keyed by a hash of the normalised name and the label; each slot keeps the cluster's key
    // so that a hash collision only costs a probe to the next slot.
    let mut index: features::HashedMap<usize> = features::HashedMap::default();
    index.reserve(mentions.len());
    // The clusters' keys one after another in `names` (cluster `id`'s at `ends[id]..ends[id
    // + 1]`); a mention's key is written after them and kept only for a new cluster, so no
    // string is allocated per mention.
    let mut names = String::new();
    let mut ends: Vec<usize> = Vec::with_capacity(mentions.len() + 1);
    ends.push(0);
    let mut out: Vec<EntityCluster> = Vec::with_capacity(mentions.len());
    for m in mentions {
        let surface = m.span.slice(text);
        let at = names.len();
        crate::words::push_name_key(surface, &mut names);
        let (known, key) = names.split_at(at);
        let mut h = tagger::bytes_hash(key.as_bytes()) ^ tagger::bytes_hash(m.label.as_bytes());
        let id = loop {
            match index.get(&h) {
                Some(&id)
                    if known.get(ends[id]..ends[id + 1]) == Some(key)
                        && out[id].label == m.label =>
                {
                    names.truncate(at);
                    break id;
                }
                Some(_) => h = h.wrapping_add(1),
                None => {
                    let single_spaced = !surface.contains("  ")
                        && !surface.contains(|c: char| c.is_whitespace() && c != ' ')
                        && surface.trim() == surface;
                    out.push(EntityCluster {
                        name: if single_spaced {
                            surface.to_string()
                        } else {
                            surface.split_whitespace().collect::<Vec<_>>().join(" ")
                        },
                        label: m.label,
                        aliases: Vec::new(),
                        mentions: Vec::new(),
                    });
                    ends.push(names.len());
                    index.insert(h, out.len() - 1);
                    break out.len() - 1;
                }
            }
        };
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
    fn mentions_are_cut_at_unpaired_parentheses() {
        let words = ["Hizbollah", "(", "Party", "of", "God", ")", "gunmen"];
        assert_eq!(balance_parentheses(&words, (0, 5, 3)), (0, 1, 3));
        assert_eq!(balance_parentheses(&words, (0, 6, 3)), (0, 6, 3));
        assert_eq!(balance_parentheses(&words, (2, 7, 3)), (2, 5, 3));
        let words = ["Xinhua", ")", "Minister", "Kursad", "Tuzmen"];
        assert_eq!(balance_parentheses(&words, (0, 5, 0)), (2, 5, 0));
        let words = ["(", "Koxinga"];
        assert_eq!(balance_parentheses(&words, (0, 2, 0)), (1, 2, 0));
    }

    #[test]
    fn company_designator_makes_the_bare_name_an_organisation() {
        let m = mentions(
            "Pirelli said on Friday it would expand in Asia. \"This is good news for Pirelli,\" \
             said Pirelli SpA chairman Marco Tronchetti Provera.",
        );
        assert!(has(&m, "Pirelli SpA", "ORG"), "{m:?}");
        assert!(
            m.iter().all(|(t, l)| t != "Pirelli" || *l == "ORG"),
            "{m:?}"
        );
    }

    /// The label `fix` gives the last mention of `text`, given mentions `(text, label)`
    /// (each found at its last occurrence).
    fn relabelled(
        text: &str,
        given: &[(&str, &'static str)],
        fix: fn(&str, &mut [Mention]),
    ) -> &'static str {
        let mut mentions: Vec<Mention> = given
            .iter()
            .map(|&(s, label)| {
                let a = text.rfind(s).expect("in text");
                Mention {
                    span: Span::new(a, a + s.len()),
                    label,
                }
            })
            .collect();
        fix(text, &mut mentions);
        mentions.last().map_or("", |m| m.label)
    }

    #[test]
    fn designators_fit_their_length_bound() {
        assert!(DESIGNATORS.iter().all(|d| d.len() <= DESIGNATOR_BYTES));
        let text = "Bear Stearns & Co Inc, Lear Corporation and Corp";
        let given = [
            ("Bear Stearns & Co Inc", "PERSON"),
            ("Lear Corporation", "GPE"),
        ];
        assert_eq!(relabelled(text, &given, designated_orgs), "ORG");
        let given = [("Lear Corporation", "PERSON"), ("Corp", "PERSON")];
        assert_eq!(relabelled(text, &given, designated_orgs), "PERSON");
    }

    #[test]
    fn surname_of_a_person_is_not_a_place() {
        let text = "MaliVai Washington beat Richard Krajicek in five sets. Washington, who \
                    climbed back from a 1-5 deficit, served well.";
        let given = [("MaliVai Washington", "PERSON"), ("Washington", "GPE")];
        assert_eq!(relabelled(text, &given, surnames), "PERSON");
    }

    #[test]
    fn first_word_of_an_organisation_is_not_a_person() {
        let text = "Rotor Volgograd must play their next home game behind closed doors. \
                    Despite the defeat, Rotor are well placed.";
        let given = [("Rotor Volgograd", "ORG"), ("Rotor", "PERSON")];
        assert_eq!(relabelled(text, &given, org_heads), "ORG");
        let given = [("Washington Post", "ORG"), ("Washington", "GPE")];
        let text = "The Washington Post reported from Washington.";
        assert_eq!(relabelled(text, &given, org_heads), "GPE");
    }

    #[test]
    fn model_loads() {
        let m = model().expect("embedded model loads");
        assert!(m.rows() > 1000);
    }

    #[test]
    fn embedded_word_clusters() {
        let c = &model().expect("embedded model loads").clusters;
        assert_eq!((c.len(), c.leaves()), (14_360, 256));
        let path = |w: &str| c.get(features::lower_hash(w));
        // Weekdays share a leaf (path 01111100), whatever their case.
        assert_eq!(path("Monday"), clusters::pack(0b0111_1100, 8));
        assert_eq!(path("FRIDAY"), path("monday"));
        assert_eq!(path("Pakistan"), clusters::pack(0b0_1001_1011, 9));
        assert_eq!(path("Pakistan"), path("afghanistan"));
        assert_ne!(path("Pakistan"), path("Ahmed"));
        assert_eq!(path("Xq12345zz"), 0);
        // Digits are folded: every year is the same word.
        assert_eq!(path("1996"), path("2024"));
        assert_ne!(path("1996"), 0);
    }

    #[test]
    fn designators_months_and_dates_in_mentions() {
        let ty = |name| model::type_index(name).unwrap();
        let (org, person, gpe) = (ty("ORG"), ty("PERSON"), ty("GPE"));
        let fixed = |words: &[&str], found: &[(usize, usize, usize)]| {
            let mut found = found.to_vec();
            fix_mentions(words, &mut found);
            found
        };
        // Two companies after a designator; "Procter and Gamble" has none and stays one.
        let words = ["Johnson", "Controls", "Inc", "and", "Lear", "Corp", "."];
        assert_eq!(fixed(&words, &[(0, 6, org)]), [(0, 3, org), (4, 6, org)]);
        let words = ["Procter", "and", "Gamble", "said"];
        assert_eq!(fixed(&words, &[(0, 3, org)]), [(0, 3, org)]);
        // A month before an organisation's name.
        let words = [
            "the",
            "August",
            "National",
            "Association",
            "of",
            "Retailers",
            "index",
        ];
        assert_eq!(fixed(&words, &[(1, 6, org)]), [(2, 6, org)]);
        // A month before a day number is no person; a person named August stays.
        let words = ["July", "12", "v", "Scotland"];
        assert_eq!(fixed(&words, &[(0, 1, person), (3, 4, gpe)]), [(3, 4, gpe)]);
        let words = ["August", "Wilson", "wrote", "it", "in", "June", "1982"];
        assert_eq!(fixed(&words, &[(0, 2, person)]), [(0, 2, person)]);
        // Full month names only: "May" and abbreviations ("Jan") are also names.
        assert!(is_month("July") && is_month("SEPTEMBER"));
        assert!(!is_month("May") && !is_month("Jan") && !is_month("Aug.") && !is_month("july"));
    }

    #[test]
    fn interjections_are_not_names() {
        let ty = |name| model::type_index(name).unwrap();
        let (org, person) = (ty("ORG"), ty("PERSON"));
        let mut found = vec![(0, 1, person)];
        fix_mentions(&["Mm", "."], &mut found);
        assert_eq!(found, []);
        let mut found = vec![(0, 1, org), (2, 4, person)];
        fix_mentions(&["Uh-huh", ",", "Mark", "Hmm", "agreed"], &mut found);
        assert_eq!(found, [(2, 4, person)]);
        // Names that begin with one stay ("Ah" is not on the list at all).
        let mut found = vec![(0, 2, person), (3, 4, person)];
        fix_mentions(&["Ah", "Q", "met", "Ah"], &mut found);
        assert_eq!(found, [(0, 2, person), (3, 4, person)]);
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
    fn a_tweet_timestamp_holds_no_person() {
        let m = mentions("Closing the roads punishes ordinary people. 11:42 AM · Nov 14, 2025");
        assert!(m.iter().all(|(t, _)| !t.starts_with('·')), "{m:?}");
        assert!(has(&m, "Nov 14, 2025", "DATE"), "{m:?}");
        assert!(
            !m.iter().any(|(t, l)| *l == "PERSON" && t.contains("Nov")),
            "{m:?}"
        );
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
        let text = "Imran Khan spoke on Monday. On Tuesday, Imran Khan left for Lahore.";
        let mut doc = Document::new(text);
        crate::text::segment(&mut doc);
        tag(&mut doc);
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
