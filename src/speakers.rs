//! Stage 6 (after [`crate::entities`]): who each source mention refers to.
//!
//! Attribution finds the source mention of every quotation ("he", "the newspaper", "Andrabi")
//! and a first guess at its name from rules read left to right. This stage decides, for each
//! mention, which of the article's named entities (the clusters [`crate::entities::cluster`]
//! built, aliases merged) it refers to, or that it names none ("officials", "two people familiar
//! with the talks"). It runs after the entity stage because its candidates are those clusters,
//! with everything the text says of each: where each is mentioned, how it is described, what
//! gender the text gives it.
//!
//! **A learned ranker.** For each mention the candidates are the named entities mentioned
//! within [`WINDOW`] before it (or just after it, in the same or the next sentence: "He … ,
//! Trump said"), the rules' own name when it matches no entity, the mention itself as the name
//! of a body the entities lack ("The Trump campaign"), and *unnamed*. Each candidate gets sparse
//! features of the evidence a reader uses (below), the scores of a log-linear model
//! (`models/speakers.tsv`, trained on the hand-resolved PolNeAR train speakers by
//! `train-speakers`) are turned into probabilities, and the most probable candidate wins; its
//! probability, with the temperature fitted when training, is the speaker's `confidence`.
//!
//! The evidence, each a feature conjoined with the kind of mention (a name, he, she, it, they,
//! I/we/you, a relative pronoun, a description):
//! - the entity has a mention inside the source mention (at its head, or only as a modifier:
//!   "a Qatari diplomat"), or the rules' name is one of its names;
//! - recency: sentences since its last mention, its rank among the candidates by recency
//!   overall and among those of its type, its mention count, a mention in the lead;
//! - a mention inside the quoted words (almost never the speaker), the speaker of the previous
//!   quotation (a run of quotes), a mention as the subject of a sentence or beside the cue;
//! - gender and number: "Mr."/"Ms."/"Mrs.", gendered titles, the he/she that follow its
//!   mentions and the he/she already resolved to it, against he/she; it/they against people,
//!   organisations and places; mentions of several ("X and Y") or of a group ("advisers to X");
//! - salience: its rank by mentions among the entities of its type;
//! - descriptions: the head word ("newspaper", "spokesperson", "company") against the entity's
//!   type, its descriptors ("Foreign Office spokesperson") and its name's words ("the Post");
//! - for *unnamed*: the head word, its first word ("a", "some", "two") and plural heads.
//!
//! Quotations that share a mention (an interrupted quote, the next paragraph of a quote, the
//! pieces of a mixed quote) share its resolution; a continuation keeps its `Continuation` label.

use crate::attribution::{PERSON_NOUNS, TITLES};
use crate::entities::{name_key, strip_name};
use crate::fnv;
use crate::summary::is_named;
use crate::types::{Document, ResolvedBy, Span, TokenKind};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The trained weights: one `feature<TAB>weight` per line, `#` comments, and a
/// `temperature<TAB>value` line (see [`Model::parse`]).
static MODEL_TSV: &str = include_str!("../models/speakers.tsv");

/// The most candidate entities considered for one mention (the most recently mentioned).
pub const MAX_CANDIDATES: usize = 24;

/// How far from a source mention (bytes, each way) its candidates' mentions are looked for:
/// about 25 sentences back, so the stage stays linear on long texts.
pub const WINDOW: usize = 4_000;

/// A log-linear ranker: hashed feature → weight, and the softmax temperature.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// Weight of each feature hash.
    pub weights: crate::ner::features::HashedMap<f32>,
    /// Scores are divided by it before the softmax (fitted for calibration).
    pub temperature: f32,
}

impl Model {
    /// Reads the model text: `temperature<TAB>t`, then `<feature><TAB><weight>` lines; the
    /// feature is its readable name (hashed here) or `#<hex hash>`.
    pub fn parse(tsv: &str) -> Model {
        let mut m = Model {
            weights: Default::default(),
            temperature: 1.0,
        };
        for line in tsv.lines() {
            if line.starts_with("# ") || line.is_empty() {
                continue;
            }
            let Some((name, w)) = line.rsplit_once('\t') else {
                continue;
            };
            let Ok(w) = w.parse::<f32>() else { continue };
            if name == "temperature" {
                m.temperature = w.max(0.05);
                continue;
            }
            m.weights.insert(feature_hash(name.split('|')), w);
        }
        m
    }

    /// The score of one candidate.
    pub fn score(&self, feats: &[u64]) -> f32 {
        feats
            .iter()
            .map(|f| self.weights.get(f).copied().unwrap_or(0.0))
            .sum()
    }
}

/// The committed model.
pub fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| Model::parse(MODEL_TSV))
}

/// What a candidate stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// An entity of [`Document::entities`].
    Entity(usize),
    /// The name the attribution rules gave, which matches no entity.
    Keep,
    /// The mention itself, without its determiner, as the name of a body that the entities
    /// do not hold ("The Trump campaign", "the Obama administration").
    Phrase,
    /// No named entity: an unnamed source or an unresolved mention.
    Unnamed,
}

/// One candidate of a mention and its features.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// What choosing it means.
    pub target: Target,
    /// Hashed feature names.
    pub feats: Vec<u64>,
    /// The readable feature names, when asked for (training and debugging).
    pub names: Vec<String>,
    /// Chosen whatever the scores: the rules' resolution of a pronoun to the previous
    /// sentence's described subject ("The assembly's speaker met … He said"), a pattern too
    /// rare in the training data for the ranker to learn; its probability is still the
    /// model's, so a low one is shown as uncertain.
    pub forced: bool,
}

/// The kind of a source mention, as the features see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MentionKind {
    Name,
    He,
    She,
    It,
    They,
    /// I, we, you.
    Speech,
    /// who, which, that (resolved through an antecedent by the rules).
    Relative,
    Description,
}

impl MentionKind {
    fn as_str(self) -> &'static str {
        match self {
            MentionKind::Name => "name",
            MentionKind::He => "he",
            MentionKind::She => "she",
            MentionKind::It => "it",
            MentionKind::They => "they",
            MentionKind::Speech => "iwe",
            MentionKind::Relative => "rel",
            MentionKind::Description => "desc",
        }
    }
    /// A coarser class for features that need more data per value.
    fn class(self) -> &'static str {
        match self {
            MentionKind::Name | MentionKind::Relative => "N",
            MentionKind::He | MentionKind::She => "P",
            MentionKind::It | MentionKind::They | MentionKind::Speech => "Q",
            MentionKind::Description => "D",
        }
    }
    fn is_pronoun(self) -> bool {
        matches!(
            self,
            MentionKind::He
                | MentionKind::She
                | MentionKind::It
                | MentionKind::They
                | MentionKind::Speech
        )
    }
}

fn pronoun_kind(lw: &str) -> Option<MentionKind> {
    Some(match lw {
        "he" | "him" | "his" | "himself" => MentionKind::He,
        "she" | "her" | "hers" | "herself" => MentionKind::She,
        "it" | "its" | "itself" => MentionKind::It,
        "they" | "them" | "their" | "theirs" | "themselves" => MentionKind::They,
        "i" | "me" | "my" | "we" | "us" | "our" | "you" | "your" => MentionKind::Speech,
        "who" | "which" | "that" | "whom" => MentionKind::Relative,
        _ => return None,
    })
}

/// Documents and recordings that can be a quotation's source without being a person or a
/// body: an unresolved one is not an anonymous source.
static DOCUMENTS: &[&str] = &[
    "statement",
    "statements",
    "report",
    "reports",
    "memo",
    "poll",
    "polls",
    "survey",
    "study",
    "ad",
    "advertisement",
    "video",
    "letter",
    "release",
    "document",
    "documents",
    "filing",
    "complaint",
    "lawsuit",
    "ruling",
    "order",
    "email",
    "emails",
    "tweet",
    "post",
    "website",
    "data",
    "analysis",
    "documentary",
    "clip",
    "spot",
    "book",
    "article",
    "editorial",
];

/// Titles and nouns that state a person's gender.
static MALE_WORDS: &[&str] = &[
    "mr",
    "mr.",
    "king",
    "prince",
    "father",
    "son",
    "brother",
    "husband",
    "congressman",
    "chairman",
    "businessman",
    "spokesman",
    "sir",
    "lord",
    "uncle",
    "boyfriend",
    "man",
    "grandfather",
    "nephew",
    "duke",
];
static FEMALE_WORDS: &[&str] = &[
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "miss",
    "queen",
    "princess",
    "mother",
    "daughter",
    "sister",
    "wife",
    "congresswoman",
    "chairwoman",
    "businesswoman",
    "spokeswoman",
    "lady",
    "dame",
    "aunt",
    "girlfriend",
    "woman",
    "grandmother",
    "niece",
    "duchess",
    "madam",
];

/// A coarse type for an entity label.
fn coarse(label: &str) -> &'static str {
    match label {
        "PERSON" => "PER",
        "ORG" => "ORG",
        "GPE" => "GPE",
        "NORP" => "NORP",
        _ => "OTH",
    }
}

fn bucket(n: usize, edges: &[usize]) -> usize {
    edges.iter().take_while(|&&e| n >= e).count()
}

/// Where an entity mention is: its sentence and paragraph, whether it opens its sentence (the
/// subject position), and whether it is inside marked quotes or any quotation.
#[derive(Debug, Clone, Copy)]
struct Where {
    start: usize,
    sentence: usize,
    paragraph: usize,
    opens_sentence: bool,
    in_marks: bool,
    in_quotation: bool,
}

/// What the stage computes once per document.
pub struct Context<'a, 't> {
    doc: &'a Document<'t>,
    /// Named entities' mentions, sorted: (start, end, entity).
    mentions: Vec<(usize, usize, usize)>,
    /// What each of `mentions` is in: computed once, read for every source mention near it.
    where_: Vec<Where>,
    /// Per entity: evidence for male and female.
    gender: Vec<(u16, u16)>,
    /// Per entity: its name keys (name and aliases, stripped).
    keys: Vec<Vec<String>>,
    /// Per entity: its last name word, lower case (people only).
    surname: Vec<Option<String>>,
    /// Per entity: the words of its name and aliases, lower-cased.
    described: Vec<Vec<String>>,
    /// Per entity: the lower-case words of its descriptors.
    descriptor_words: Vec<Vec<String>>,
    /// Per entity: how many named mentions it has.
    counts: Vec<usize>,
    /// Per entity: its rank by mention count among the named entities of its coarse type.
    count_rank: Vec<usize>,
    /// Per entity: mentioned in the lead (the first two non-empty paragraphs).
    in_lead: Vec<bool>,
    /// Name keys of the named entities (is the rules' name an entity's?).
    entity_keys: std::collections::HashSet<String>,
}

impl<'a, 't> Context<'a, 't> {
    /// Builds the per-document tables.
    pub fn new(doc: &'a Document<'t>) -> Self {
        let n = doc.entities.len();
        let mut mentions = Vec::new();
        for (i, e) in doc.entities.iter().enumerate() {
            if !is_named(e.label) {
                continue;
            }
            mentions.extend(e.mentions.iter().map(|m| (m.start, m.end, i)));
        }
        mentions.sort_unstable();
        let text = doc.text;
        let lw = |k: usize| doc.tokens[k].span().slice(text).to_lowercase();
        let mut gender = vec![(0u16, 0u16); n];
        // Titles and gendered nouns right before a person's mention.
        for &(s, _, e) in &mentions {
            if doc.entities[e].label != "PERSON" {
                continue;
            }
            let t = doc.token_from(s);
            for k in t.saturating_sub(2)..t {
                let w = lw(k);
                if MALE_WORDS.contains(&w.as_str()) {
                    gender[e].0 += 2;
                } else if FEMALE_WORDS.contains(&w.as_str()) {
                    gender[e].1 += 2;
                }
            }
        }
        let mut source_starts: Vec<usize> = doc
            .quotations
            .iter()
            .filter_map(|q| q.speaker.as_ref().map(|s| s.mention.start))
            .collect();
        source_starts.sort_unstable();
        source_starts.dedup();
        // A he/she after a person's mention, with no other person between, in the same or
        // the next sentence.
        let mut last_person: Option<(usize, usize)> = None; // (entity, sentence)
        let mut mi = 0;
        for tok in &doc.tokens {
            let start = tok.span().start;
            while mi < mentions.len() && mentions[mi].0 <= start {
                let (_, _, e) = mentions[mi];
                if doc.entities[e].label == "PERSON" {
                    last_person = doc.sentence_at(start).map(|s| (e, s));
                }
                mi += 1;
            }
            if tok.kind() != TokenKind::Word {
                continue;
            }
            let w = tok.span().slice(text);
            let male = matches!(w, "he" | "He" | "him" | "his" | "His" | "himself");
            let female = matches!(w, "she" | "She" | "her" | "Her" | "herself");
            // A pronoun that is itself a quotation's source is what this stage resolves: it
            // is no evidence of anyone's gender yet (the decisions add it as they are made).
            if !(male || female)
                || in_quote(doc, start)
                || source_starts.binary_search(&start).is_ok()
            {
                continue;
            }
            if let (Some((e, s)), Some(here)) = (last_person, doc.sentence_at(start)) {
                if here <= s + 1 {
                    let g = &mut gender[e];
                    if male {
                        g.0 = g.0.saturating_add(1);
                    } else {
                        g.1 = g.1.saturating_add(1);
                    }
                }
            }
        }
        let keys = doc
            .entities
            .iter()
            .map(|e| {
                let person = e.label == "PERSON";
                let mut v: Vec<String> = std::iter::once(&e.name)
                    .chain(&e.aliases)
                    .map(|n| name_key(strip_name(n, person)))
                    .filter(|k| !k.is_empty())
                    .collect();
                v.sort();
                v.dedup();
                v
            })
            .collect();
        let surname = doc
            .entities
            .iter()
            .map(|e| {
                (e.label == "PERSON" && e.name.split_whitespace().count() > 1).then(|| {
                    name_key(&e.name)
                        .rsplit(' ')
                        .next()
                        .unwrap_or("")
                        .to_string()
                })
            })
            .collect();
        // Words of the entities' names and aliases, and the lower-case words of their
        // descriptors ("Office" in "Foreign Office spokesperson" is part of a name, not what
        // the person is).
        let described = doc
            .entities
            .iter()
            .map(|e| word_set(std::iter::once(&e.name).chain(&e.aliases), false))
            .collect();
        let descriptor_words = (0..n)
            .map(|i| {
                let descriptors = doc
                    .entity_info
                    .get(i)
                    .map_or(&[][..], |info| &info.descriptors);
                word_set(descriptors.iter(), true)
            })
            .collect();
        let lead_end = doc
            .paragraphs
            .iter()
            .filter(|p| !doc.slice(p.span).trim().is_empty())
            .nth(1)
            .map_or(text.len(), |p| p.span.end);
        let mut counts = vec![0; n];
        let mut in_lead = vec![false; n];
        for &(s, _, e) in &mentions {
            counts[e] += 1;
            in_lead[e] |= s < lead_end;
        }
        let mut count_rank = vec![usize::MAX; n];
        {
            let mut order: Vec<usize> = (0..n).filter(|&e| counts[e] > 0).collect();
            order.sort_by_key(|&e| (std::cmp::Reverse(counts[e]), e));
            let mut seen_of: HashMap<&str, usize> = HashMap::new();
            for e in order {
                let r = seen_of.entry(coarse(doc.entities[e].label)).or_default();
                count_rank[e] = *r;
                *r += 1;
            }
        }
        let entity_keys = doc
            .entities
            .iter()
            .filter(|e| is_named(e.label))
            .map(|e| name_key(strip_name(&e.name, true)))
            .collect();
        let where_ = mentions
            .iter()
            .map(|&(s, _, _)| {
                let sentence = doc.sentence_at(s).unwrap_or(0);
                let opens = doc
                    .sentences
                    .get(sentence)
                    .is_some_and(|sent| doc.token_from(s) <= sent.tokens().start + 2);
                Where {
                    start: s,
                    sentence,
                    paragraph: doc.paragraph_at(s).unwrap_or(0),
                    opens_sentence: opens,
                    in_marks: in_quote(doc, s),
                    in_quotation: in_any_quotation(doc, s),
                }
            })
            .collect();
        Context {
            doc,
            where_,
            mentions,
            gender,
            keys,
            surname,
            described,
            descriptor_words,
            counts,
            count_rank,
            in_lead,
            entity_keys,
        }
    }
}

/// The distinct lower-cased words (over two letters) of `phrases`; with `lower_only`, only
/// the words written in lower case.
fn word_set<'s>(phrases: impl Iterator<Item = &'s String>, lower_only: bool) -> Vec<String> {
    let mut words: Vec<String> = phrases
        .flat_map(|d| d.split_whitespace())
        .filter(|w| !lower_only || w.chars().next().is_some_and(char::is_lowercase))
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| w.len() > 2)
        .collect();
    words.sort();
    words.dedup();
    words
}

/// True when byte `pos` is inside a quotation in marks.
fn in_quote(doc: &Document, pos: usize) -> bool {
    let k = doc.quotations.partition_point(|q| q.span.end <= pos);
    doc.quotations
        .get(k)
        .is_some_and(|q| q.span.start <= pos && q.open_mark().is_some())
}

/// True when byte `pos` is inside any quotation's content, reported speech included.
fn in_any_quotation(doc: &Document, pos: usize) -> bool {
    let k = doc.quotations.partition_point(|q| q.span.end <= pos);
    doc.quotations.get(k).is_some_and(|q| q.span.start <= pos)
}

/// Builds hashed (and, when asked, readable) feature names.
struct Feats {
    hashes: Vec<u64>,
    names: Option<Vec<String>>,
}

/// The hash of a feature named by `parts` (written `a|b|c` in the model file): eight bytes at
/// a time, each part closed by its length, so that `["ab", "c"]` and `["a", "bc"]` differ.
pub fn feature_hash<'p>(parts: impl IntoIterator<Item = &'p str>) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = fnv::OFFSET;
    for p in parts {
        let mut chunks = p.as_bytes().chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            h = (h ^ u64::from_le_bytes(w)).wrapping_mul(K).rotate_left(29);
        }
        let rest = chunks.remainder();
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        w[7] = 0x80 | rest.len() as u8;
        h = (h ^ u64::from_le_bytes(w)).wrapping_mul(K).rotate_left(29);
    }
    h ^ (h >> 32)
}

impl Feats {
    fn add(&mut self, parts: &[&str]) {
        self.hashes.push(feature_hash(parts.iter().copied()));
        if let Some(n) = &mut self.names {
            n.push(parts.join("|"));
        }
    }
}

const DIGITS: [&str; 8] = ["0", "1", "2", "3", "4", "5", "6", "7"];

/// What the decisions so far say: the entity the previous quotation was resolved to and its
/// paragraph, and how many mentions each entity has been chosen for.
#[derive(Debug, Default, Clone)]
pub struct History {
    previous: Option<(usize, usize)>,
    spoke: HashMap<usize, usize>,
    /// Per entity: the he and she mentions resolved to it so far.
    gender: HashMap<usize, (u16, u16)>,
}

impl History {
    /// Records a decision for a mention in paragraph `para`.
    pub fn record(&mut self, target: Target, para: usize, pronoun: Option<&str>) {
        if let Target::Entity(e) = target {
            self.previous = Some((e, para));
            *self.spoke.entry(e).or_default() += 1;
            // "he"/"she" resolved to this person: what the text has said of them so far.
            match pronoun.and_then(pronoun_kind) {
                Some(MentionKind::He) => self.gender.entry(e).or_default().0 += 1,
                Some(MentionKind::She) => self.gender.entry(e).or_default().1 += 1,
                _ => {}
            }
        }
    }
}

/// The candidates of quotation `q`'s speaker mention, with their features, given the decisions
/// before it (`history`). `names` asks for readable feature names.
pub fn candidates(cx: &Context, q: usize, history: &History, names: bool) -> Vec<Candidate> {
    let doc = cx.doc;
    let quote = &doc.quotations[q];
    let Some(sp) = quote.speaker.as_ref() else {
        return Vec::new();
    };
    let m = sp.mention;
    let mtext = doc.slice(m);
    let words: Vec<String> = mtext
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '@')
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let head = words.last().map_or("", String::as_str);
    let head = head
        .strip_suffix("'s")
        .or_else(|| head.strip_suffix("’s"))
        .unwrap_or(head);
    let first = words.first().map_or("", String::as_str);
    // The possessor of a description ("speaker" in "The speaker's office").
    let raw_words: Vec<&str> = mtext.split_whitespace().collect();
    let possessor_at = raw_words
        .iter()
        .take(raw_words.len().saturating_sub(1))
        .rposition(|w| w.ends_with("'s") || w.ends_with("’s") || w.ends_with("s'"));
    let possessor = possessor_at.map(|i| {
        let w = raw_words[i];
        let w = w
            .strip_suffix("'s")
            .or_else(|| w.strip_suffix("’s"))
            .or_else(|| w.strip_suffix('\''))
            .unwrap_or(w);
        w.trim_matches(|c: char| !c.is_alphanumeric())
    });
    let possessor_cap = possessor
        .and_then(|p| p.chars().next())
        .is_some_and(char::is_uppercase);
    let possessor_lower = possessor.map(str::to_lowercase);
    let possessor = possessor_lower.as_deref();
    // A head noun that names a person's role ("nominee", "spokesperson", "governor").
    let head_person = if PERSON_NOUNS.contains(head) || TITLES.contains(head) {
        "hp"
    } else {
        "-"
    };
    let rule_named = sp.resolved_by == ResolvedBy::Name
        || (sp.resolved_by == ResolvedBy::Continuation
            && mtext.chars().next().is_some_and(char::is_uppercase)
            && pronoun_kind(head).is_none());
    let kind = if words.len() == 1 {
        pronoun_kind(head).unwrap_or(if rule_named {
            MentionKind::Name
        } else {
            MentionKind::Description
        })
    } else if rule_named {
        MentionKind::Name
    } else {
        MentionKind::Description
    };
    let mk = kind.as_str();
    let mc = kind.class();
    let m_sent = doc.sentence_at(m.start).unwrap_or(0);
    let m_para = doc.paragraph_at(m.start).unwrap_or(0);
    let previous = history.previous.map(|(e, p)| (e, m_para.saturating_sub(p)));
    let cue = quote.cue.as_ref().map(|c| c.span);
    let cue_sentence = cue.and_then(|c| doc.sentence_at(c.start));
    let rule_key = name_key(strip_name(&sp.name, true));
    let rule_surname = rule_key.rsplit(' ').next().unwrap_or("").to_string();
    let head_is_cap = mtext
        .split_whitespace()
        .last()
        .and_then(|w| w.chars().next())
        .is_some_and(char::is_uppercase);
    // The quotations with this mention: their words are "inside the quote".
    // (Quotations with one mention are near each other: look only within the window.)
    let same_mention =
        |o: &crate::types::Quotation| o.speaker.as_ref().is_some_and(|s| s.mention == m);
    let lo = m.start.saturating_sub(WINDOW);
    let hi = m.end.saturating_add(WINDOW);
    let first_q = doc.quotations.partition_point(|o| o.span.end <= lo);
    let quoted: Vec<Span> = doc.quotations[first_q..]
        .iter()
        .take_while(|o| o.span.start < hi)
        .filter(|o| same_mention(o))
        .flat_map(|o| o.parts().iter().copied())
        .collect();
    let inside_quote = |s: usize| quoted.iter().any(|p| p.start <= s && s < p.end);

    // Per entity: last mention before the source, mention after it nearby, counts.
    struct Seen {
        last_before: Option<Where>,
        after_near: Option<usize>,
        count: usize,
        overlaps: bool,
        at_head: bool,
        in_quote: bool,
        lead: bool,
        before_outside_quote: bool,
        last_in_marks: bool,
        last_in_report: bool,
        beside_cue: bool,
    }
    // (entity, what was seen of it): a few dozen entities in a window, searched linearly.
    let mut seen: Vec<(usize, Seen)> = Vec::new();
    let head_start = m.start
        + mtext
            .trim_end()
            .rfind(char::is_whitespace)
            .map_or(0, |i| i + 1);
    // Entity mentions within the window around the source mention; counts and the lead
    // come from the whole text.
    let from = cx.mentions.partition_point(|&(s, _, _)| s < lo);
    for (mi, &(s, e, ent)) in cx.mentions[from..]
        .iter()
        .enumerate()
        .take_while(|(_, &(s, _, _))| s < hi)
    {
        let w = cx.where_[from + mi];
        let at = match seen.iter().position(|(x, _)| *x == ent) {
            Some(i) => i,
            None => {
                seen.push((
                    ent,
                    Seen {
                        last_before: None,
                        after_near: None,
                        count: 0,
                        overlaps: false,
                        at_head: false,
                        in_quote: false,
                        lead: false,
                        before_outside_quote: false,
                        last_in_marks: false,
                        last_in_report: false,
                        beside_cue: false,
                    },
                ));
                seen.len() - 1
            }
        };
        let st = &mut seen[at].1;
        st.count = cx.counts[ent];
        st.lead = cx.in_lead[ent];
        let span = Span::new(s, e);
        if span.overlaps(m) {
            st.overlaps = true;
            if e > head_start {
                st.at_head = true;
            }
            continue;
        }
        let here = inside_quote(s);
        if here {
            st.in_quote = true;
        }
        if let Some(c) = cue {
            let near_before = e <= c.start && c.start - e <= 24 && Some(w.sentence) == cue_sentence;
            let near_after = s >= c.end && s - c.end <= 4;
            if (near_before || near_after) && !here {
                st.beside_cue = true;
            }
        }
        if e <= m.start {
            // A name inside the quoted words is not where the speaker was last named.
            if !here {
                st.last_before = Some(w);
                st.before_outside_quote = true;
                st.last_in_marks = w.in_marks;
                st.last_in_report = w.in_quotation;
            }
        } else if st.after_near.is_none() {
            let ss = w.sentence;
            if ss <= m_sent + 1 && !here {
                st.after_near = Some(ss - m_sent);
            }
        }
    }
    // Candidates: mentioned before, or nearby after, most recent first.
    let mut ents: Vec<(usize, usize)> = seen
        .iter()
        .filter(|(_, st)| {
            st.last_before.is_some() || st.after_near.is_some() || st.overlaps || st.in_quote
        })
        .map(|(e, st)| {
            let e = *e;
            let recency = if st.overlaps {
                usize::MAX
            } else {
                st.last_before.map_or(0, |w| w.start + 1)
            };
            (recency, e)
        })
        .collect();
    ents.sort_unstable_by(|a, b| b.cmp(a));
    ents.truncate(MAX_CANDIDATES);
    let mut out = Vec::with_capacity(ents.len() + 2);
    let mut rank_in_type: [(&str, usize); 5] = [("", 0); 5];
    let mut rule_matched = false;
    let mut compatible_rank = 0;
    let mut nearest_compatible = 3;
    let mut outside_rank = 0;
    for (rank, &(_, e)) in ents.iter().enumerate() {
        let Some((_, st)) = seen.iter().find(|(x, _)| *x == e) else {
            continue;
        };
        let ent = &doc.entities[e];
        let ty = coarse(ent.label);
        let mut f = Feats {
            hashes: Vec::with_capacity(24),
            names: names.then(Vec::new),
        };
        f.add(&["b", mk, ty]);
        if st.overlaps {
            f.add(&[if st.at_head { "ovh" } else { "ovm" }, mk, ty, head_person]);
        }
        // Several people ("Mr. Grassley and Mr. Leahy") or a group around one ("advisers to
        // Mr. Obama") is none of them.
        if words.len() > 1 && words.iter().any(|w| w == "and") {
            f.add(&["conj", mk]);
        }
        if !head_is_cap && head.ends_with('s') && kind != MentionKind::They {
            f.add(&["plural", mk, ty]);
        }
        let rule_match = !rule_key.is_empty()
            && (cx.keys[e].contains(&rule_key)
                || cx.surname[e].as_deref() == Some(rule_surname.as_str())
                    && !rule_surname.is_empty());
        if rule_match {
            rule_matched = true;
            f.add(&["rule", sp.resolved_by.as_str(), mk]);
        }
        let (ml, fe) = cx.gender[e];
        let g = if ty != "PER" {
            "np"
        } else if ml > fe {
            "m"
        } else if fe > ml {
            "f"
        } else {
            "u"
        };
        let compatible = match kind {
            MentionKind::He => ty == "PER" && g != "f",
            MentionKind::She => ty == "PER" && g != "m",
            MentionKind::It | MentionKind::They => ty != "PER",
            MentionKind::Name | MentionKind::Relative => st.overlaps || rule_match,
            MentionKind::Speech | MentionKind::Description => true,
        };
        if compatible {
            if compatible_rank == 0 {
                nearest_compatible = st
                    .last_before
                    .map_or(3, |w| bucket(m_sent - w.sentence.min(m_sent), &[1, 2, 3]));
            }
            f.add(&["crk", mk, DIGITS[compatible_rank.min(4)]]);
            compatible_rank += 1;
            // The same rank counting only names outside quotations and reported speech: a
            // name inside someone's words is seldom who "he" is.
            if st.last_before.is_some_and(|w| !w.in_quotation) {
                f.add(&["ork", mk, DIGITS[outside_rank.min(3)]]);
                outside_rank += 1;
            }
        } else {
            f.add(&["incompat", mk]);
        }
        if let Some(&n) = history.spoke.get(&e) {
            f.add(&["spoke", mc, DIGITS[bucket(n, &[2, 4])]]);
        }
        if st.last_in_marks {
            f.add(&["lastinq", mc]);
        } else if st.last_in_report {
            // Last named inside someone's reported speech, not as a speaker.
            f.add(&["lastinrep", mc]);
        }
        let r = DIGITS[rank.min(4)];
        f.add(&["rk", mk, r]);
        let slot = rank_in_type
            .iter()
            .position(|(t, _)| *t == ty || t.is_empty())
            .unwrap_or(4);
        rank_in_type[slot].0 = ty;
        let tr = &mut rank_in_type[slot].1;
        f.add(&["trk", mk, ty, DIGITS[(*tr).min(3)]]);
        *tr += 1;
        match st.last_before {
            Some(w) => {
                let d = bucket(m_sent - w.sentence.min(m_sent), &[1, 2, 3, 5, 10, 20]);
                f.add(&["d", mc, DIGITS[d]]);
                f.add(&["dt", mc, ty, DIGITS[d.min(4)]]);
                let pd = bucket(m_para - w.paragraph.min(m_para), &[1, 2, 4]);
                f.add(&["pd", mc, DIGITS[pd]]);
                // Subject position: the mention opens its sentence.
                if w.opens_sentence {
                    f.add(&["subj", mc, DIGITS[d.min(3)]]);
                }
            }
            None => f.add(&["nobefore", mc]),
        }
        if let Some(a) = st.after_near {
            f.add(&["after", mk, DIGITS[a.min(1)]]);
        }
        f.add(&["cnt", mc, ty, DIGITS[bucket(st.count, &[2, 3, 5, 9])]]);
        if st.lead {
            f.add(&["lead", mc]);
        }
        if st.in_quote {
            f.add(&[
                if st.before_outside_quote {
                    "inq"
                } else {
                    "inqonly"
                },
                mc,
            ]);
        }
        if st.beside_cue {
            f.add(&["cue", mk, ty]);
        }
        if let Some((p, gap)) = previous {
            if p == e {
                f.add(&["prev", mk, DIGITS[gap.min(2)]]);
            }
        }
        // Gender and number.
        if kind.is_pronoun() || kind == MentionKind::Description {
            f.add(&["g", mk, g]);
        }
        if matches!(kind, MentionKind::He | MentionKind::She) {
            if let Some(&(h, s)) = history.gender.get(&e) {
                let same = if kind == MentionKind::He {
                    h > s
                } else {
                    s > h
                };
                let other = if kind == MentionKind::He {
                    s > h
                } else {
                    h > s
                };
                if same {
                    f.add(&["hg", "same"]);
                } else if other {
                    f.add(&["hg", "other"]);
                }
            }
        }
        // The most mentioned entities of a type are the article's main actors.
        f.add(&["top", mc, ty, DIGITS[cx.count_rank[e].min(3)]]);
        // Descriptions: head word against type, descriptors and name.
        if kind == MentionKind::Description {
            if !head_is_cap {
                f.add(&["hd", head, ty]);
                f.add(&["hdp", head_person, ty]);
                if cx.descriptor_words[e].iter().any(|w| w == head) {
                    f.add(&["hddesc", ty]);
                }
            }
            if head_is_cap && cx.described[e].iter().any(|w| w == head) {
                f.add(&["hdcap", ty]);
            }
            // "Trump's office", "his office", "the speaker's office": whose it is.
            if let Some(p) = possessor {
                let which = if pronoun_kind(p).is_some() {
                    "pro"
                } else if cx.described[e].iter().any(|w| w == p) {
                    "this"
                } else if possessor_cap {
                    "other"
                } else {
                    "desc"
                };
                f.add(&["pos", which, ty]);
            }
        }
        out.push(Candidate {
            target: Target::Entity(e),
            feats: f.hashes,
            names: f.names.unwrap_or_default(),
            forced: false,
        });
    }
    // The rules' own name, when it matches no entity.
    let rule_described = matches!(kind, MentionKind::He | MentionKind::She)
        && sp.resolved_by != ResolvedBy::Continuation
        && !rule_key.is_empty()
        && rule_key != name_key(mtext);
    if !rule_matched && (rule_named || rule_described) && !rule_key.is_empty() {
        let mut f = Feats {
            hashes: Vec::new(),
            names: names.then(Vec::new),
        };
        f.add(&["keep", mk]);
        f.add(&["keep", sp.resolved_by.as_str()]);
        f.add(&[
            "keepw",
            DIGITS[bucket(rule_key.split(' ').count(), &[2, 3, 4])],
        ]);
        if sp.anonymous {
            f.add(&["keepanon"]);
        }
        if !head_is_cap {
            f.add(&["keeplow"]);
        }
        if rule_described {
            // How far back the nearest person of the pronoun's gender was named: a described
            // subject in between ("The assembly's speaker met … He said") is nearer.
            f.add(&["keepdesc", DIGITS[nearest_compatible.min(3)]]);
            if sp.resolved_by == ResolvedBy::Description {
                // The rules took the previous sentence's described subject.
                f.add(&["keepsubj", mk]);
            }
        }
        out.push(Candidate {
            target: Target::Keep,
            feats: f.hashes,
            names: f.names.unwrap_or_default(),
            forced: rule_described && sp.resolved_by == ResolvedBy::Description,
        });
    }
    // The mention as a name: a capitalised modifier and a lower-case head, two to five words.
    if let Some(phrase) = phrase_name(mtext) {
        let mut f = Feats {
            hashes: Vec::new(),
            names: names.then(Vec::new),
        };
        f.add(&["ph", mk]);
        f.add(&["phhd", head]);
        // A person's role ("the GOP nominee") names a person, not a body.
        f.add(&["phhp", head_person]);
        f.add(&["phw", DIGITS[phrase.split_whitespace().count().min(5)]]);
        if possessor.is_some() {
            f.add(&["phposs"]);
        }
        if rule_matched {
            f.add(&["phrule"]);
        }
        out.push(Candidate {
            target: Target::Phrase,
            feats: f.hashes,
            names: f.names.unwrap_or_default(),
            forced: false,
        });
    }
    // Unnamed.
    let mut f = Feats {
        hashes: Vec::new(),
        names: names.then(Vec::new),
    };
    f.add(&["none", mk]);
    if kind == MentionKind::Description {
        f.add(&["nhd", head]);
        f.add(&["nfirst", first]);
        if head.ends_with('s') && !head_is_cap {
            f.add(&["nplural"]);
        }
        if words.iter().any(|w| w == "and") {
            f.add(&["nand"]);
        }
    }
    if sp.anonymous {
        f.add(&["nanon", mk]);
    }
    f.add(&["ncands", DIGITS[bucket(out.len(), &[1, 2, 4, 8])]]);
    out.push(Candidate {
        target: Target::Unnamed,
        feats: f.hashes,
        names: f.names.unwrap_or_default(),
        forced: false,
    });
    out
}

/// The candidate chosen: a forced one, else the highest score (the first on ties).
pub fn best_candidate(cands: &[Candidate], scores: &[f32]) -> usize {
    if let Some(i) = cands.iter().position(|c| c.forced) {
        return i;
    }
    (0..cands.len())
        .max_by(|&a, &b| scores[a].total_cmp(&scores[b]).then(b.cmp(&a)))
        .unwrap_or(0)
}

/// Softmax probabilities of candidate scores at `temperature`.
pub fn probabilities(scores: &[f32], temperature: f32) -> Vec<f32> {
    let t = temperature.max(0.05);
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exp: Vec<f32> = scores.iter().map(|s| ((s - max) / t).exp()).collect();
    let z: f32 = exp.iter().sum();
    exp.into_iter()
        .map(|e| e / z.max(f32::MIN_POSITIVE))
        .collect()
}

/// Writes the choice `target` (with probability `p`) into quotation `q`'s speaker.
pub fn apply_choice(
    doc: &mut Document,
    entity_keys: &std::collections::HashSet<String>,
    q: usize,
    target: Target,
    p: f32,
) {
    let text = doc.text;
    let name = match target {
        Target::Entity(e) => Some(doc.entities[e].name.clone()),
        _ => None,
    };
    // Whether the rules' name is one of the entities' names (then a pronoun the ranker left
    // unresolved does not keep it).
    let rule_entity = doc.quotations[q]
        .speaker
        .as_ref()
        .is_some_and(|sp| entity_keys.contains(&name_key(strip_name(&sp.name, true))));
    let Some(sp) = doc.quotations[q].speaker.as_mut() else {
        return;
    };
    let mtext = sp.mention.slice(text);
    let single = mtext.split_whitespace().count() == 1;
    let lw = mtext
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let pronoun = single && pronoun_kind(&lw).is_some();
    let continuation = sp.resolved_by == ResolvedBy::Continuation;
    let rule_names_entity = rule_entity;
    let by = match target {
        Target::Entity(e) => {
            sp.entity = Some(e);
            sp.anonymous = false;
            let name = name.unwrap_or_default();
            // The entity's fullest name, unless it is the rules' name in other letter case
            // (a transcript's "QUINN" shown as "Quinn").
            if name_key(&name) != name_key(&sp.name) {
                sp.name = name;
            }
            if pronoun {
                ResolvedBy::Pronoun
            } else if names_the_entity(text, sp.mention, &sp.name) {
                ResolvedBy::Name
            } else {
                ResolvedBy::Description
            }
        }
        Target::Keep => {
            sp.entity = None;
            sp.resolved_by
        }
        Target::Phrase => {
            sp.entity = None;
            sp.anonymous = false;
            sp.name = phrase_name(mtext).unwrap_or(mtext).to_string();
            ResolvedBy::Name
        }
        Target::Unnamed => {
            sp.entity = None;
            let mention = mtext.split_whitespace().collect::<Vec<_>>().join(" ");
            let rule_key = name_key(&sp.name);
            if pronoun && rule_key != name_key(&mention) && !rule_names_entity {
                // "The commissioner said …, but he said …": the pronoun stands for a person
                // described but not named; the description is shown, as an unnamed source.
                sp.anonymous = true;
            } else {
                if rule_key != name_key(&mention) {
                    sp.name = mention;
                }
                // (Else the rules' own spelling of the mention stays: "Host" for "HOST".)
                // An unnamed source, unless the mention is a pronoun or a document that
                // speaks for nobody named ("the statement said").
                let head = mtext
                    .split_whitespace()
                    .last()
                    .map(|w| {
                        w.trim_matches(|c: char| !c.is_alphanumeric())
                            .to_lowercase()
                    })
                    .unwrap_or_default();
                sp.anonymous = !pronoun && !DOCUMENTS.contains(&head.as_str());
            }
            ResolvedBy::None
        }
    };
    sp.resolved_by = if continuation {
        ResolvedBy::Continuation
    } else {
        by
    };
    sp.confidence_milli = (p.clamp(0.0, 1.0) * 1000.0).round() as u16;
}

/// The mention as the name of a body: without a leading determiner, when it is two to five
/// words, the last in lower case and another capitalised ("Trump campaign" from "The Trump
/// campaign", "Hillary Clinton’s campaign"); `None` otherwise.
pub fn phrase_name(mention: &str) -> Option<&str> {
    let m = mention.trim_matches(|c: char| !c.is_alphanumeric());
    let first = m.split_whitespace().next()?;
    let rest = if matches!(first.to_lowercase().as_str(), "the" | "a" | "an") {
        m[first.len()..].trim_start()
    } else {
        m
    };
    let words: Vec<&str> = rest.split_whitespace().collect();
    let head_lower = words.last()?.chars().next().is_some_and(char::is_lowercase);
    let capitalised = words[..words.len() - 1]
        .iter()
        .any(|w| w.chars().next().is_some_and(char::is_uppercase));
    ((2..=5).contains(&words.len()) && head_lower && capitalised).then_some(rest)
}

/// Whether the mention contains, capitalised, a word of the entity's name ("Mr. Trump's" for
/// "Donald Trump"; not "the Republican nominee").
fn names_the_entity(text: &str, mention: Span, name: &str) -> bool {
    let words: Vec<String> = name
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    mention.slice(text).split_whitespace().any(|w| {
        let t = w.trim_matches(|c: char| !c.is_alphanumeric());
        let t = t
            .strip_suffix("'s")
            .or_else(|| t.strip_suffix("’s"))
            .unwrap_or(t);
        t.chars().next().is_some_and(char::is_uppercase)
            && words.iter().any(|n| *n == t.to_lowercase())
    })
}

/// Runs the stage with the committed model: resolves every quotation's speaker mention.
pub fn resolve(doc: &mut Document) {
    resolve_with(doc, model());
}

/// Runs the stage with `model`.
pub fn resolve_with(doc: &mut Document, model: &Model) {
    if model.weights.is_empty() {
        return;
    }
    let (choices, entity_keys) = decide(doc, false, |_, cands| {
        let scores: Vec<f32> = cands.iter().map(|c| model.score(&c.feats)).collect();
        let best = best_candidate(cands, &scores);
        (best, probabilities(&scores, model.temperature)[best])
    });
    for (q, target, p) in choices {
        apply_choice(doc, &entity_keys, q, target, p);
    }
}

/// Decides every quotation's speaker in text order: (quotation, choice, probability), and the
/// name keys of the named entities (for [`apply_choice`]). Each
/// mention is decided once, by `choose`, which gets the quotation and the mention's candidates
/// and returns the index of the one chosen and its probability (the runtime scores them with
/// the model; training also learns from them). The previous quotation's choice feeds the next
/// one's features. `names` asks for readable feature names.
pub fn decide(
    doc: &Document,
    names: bool,
    mut choose: impl FnMut(usize, &[Candidate]) -> (usize, f32),
) -> (Vec<(usize, Target, f32)>, std::collections::HashSet<String>) {
    let cx = Context::new(doc);
    let mut decided: HashMap<Span, (Target, f32)> = HashMap::new();
    let mut history = History::default();
    let mut out = Vec::new();
    for q in 0..doc.quotations.len() {
        let Some(sp) = doc.quotations[q].speaker.as_ref() else {
            continue;
        };
        let m = sp.mention;
        let (target, p) = if let Some(&d) = decided.get(&m) {
            d
        } else {
            let cands = candidates(&cx, q, &history, names);
            let (best, p) = choose(q, &cands);
            let d = cands
                .get(best)
                .map_or((Target::Unnamed, 1.0), |c| (c.target, p));
            decided.insert(m, d);
            let word = doc
                .slice(m)
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            // Reported speech the relation model is unsure of is no evidence of who spoke
            // last ("Islamabad welcomed the proposal" between a spokesperson and "he said").
            let quotation = &doc.quotations[q];
            let unsure = quotation.kind == crate::types::QuoteKind::Indirect
                && quotation.confidence() < crate::view::UNSURE_BELOW;
            if !unsure {
                history.record(d.0, doc.paragraph_at(m.start).unwrap_or(0), Some(&word));
            }
            d
        };
        out.push((q, target, p));
    }
    (out, cx.entity_keys)
}
