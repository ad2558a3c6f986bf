//! Stage 4: who said it. Speakers, cues and kinds for every quotation, and new indirect
//! quotations for reported speech without marks.
//!
//! A sieve of rules over the sentence and token layers, one left-to-right pass per sentence:
//!
//! 1. **Cues.** A word whose lower-case form heads annotated cues often enough in PolNeAR train
//!    ([`lexicon`], `models/cues.tsv`), outside quotation marks; "according to". Later cues in
//!    a sentence start a new relation only when chained after a comma (", adding that…") or
//!    when the first cue took its content from a quote.
//! 2. **Source.** The noun phrase before the cue (skipping auxiliaries and adverbs, and an
//!    appositive between commas: "Lt. Gen. Ahmed Sharif, director general of ISPR, warned"),
//!    or after it when the cue follows a quote ("…,” said X") or is "according to X".
//! 3. **Content.** A quote just before the source ("“…,” he said"), also across a line break;
//!    a quote just after the cue ("X said: “…”", also in the next paragraph); else the
//!    reported clause after the cue (after "that" and the object of "told Y that") or, for
//!    "…, X said." and "…, according to X", before it.
//! 4. **Continuation.** A direct quote with no cue of its own continues the previous direct
//!    quote's speaker and cue when no other cue lies between them (the second half of an
//!    interrupted quote, the next quote paragraph).
//! 5. **Speakers** are resolved in text order: a surname to the full name seen before
//!    ("Andrabi" → "Tahir Andrabi"); "he"/"she" to the last named person; "the spokesperson"
//!    to the person introduced with that title; entity indices from `doc.entities` when the NER
//!    stage filled them.
//!
//! **Mixed quotes.** Reported content that contains marked quotes is split at the marks: the
//! unmarked stretches become `Indirect` quotations and the marked ones `Partial`, all with the
//! same speaker and the same cue span. Quotations therefore stay sorted and never overlap, and
//! a consumer regroups a relation by its cue span.

pub mod cuemodel;
pub mod lexicon;
pub mod relmodel;

use crate::types::{
    CueRef, Document, Lemma, Quotation, QuoteKind, ResolvedBy, Span, SpeakerRef, TokenKind,
};
use crate::words::WordList;
use std::collections::HashMap;

/// The cue model's score above which a lexicon word is a cue ([`cuemodel`]) when the relation
/// model ([`relmodel`]) has no weights.
const CUE_THRESHOLD: f32 = 0.0;
/// The same threshold when the relation model judges the relations afterwards.
const CUE_THRESHOLD_JUDGED: f32 = -14.0;
/// The threshold for words that head a cue at least [`MIN_RATE`] of the time.
const CUE_THRESHOLD_FREQUENT: f32 = -6.0;
/// The same while the relation model judges relations: a frequent cue word in an unusual
/// frame ("worries", "proposed", "allows") is built into a relation and left to the model.
const CUE_THRESHOLD_FREQUENT_JUDGED: f32 = -8.0;
/// Lemmas that keep the plain cue threshold even when the relation model judges the relations:
/// forms of "be" ("has been critical of…" is too often part of someone else's relation) and
/// function words that head a cue span now and then ("to", "now", "long") but are almost never
/// one in new text.
static NOT_JUDGED: WordList = WordList::new(&[
    "be", "to", "now", "long", "since", "no", "so", "more", "most", "yet", "all", "some", "in",
    "about", "for", "on", "of", "with", "as", "at", "by", "from", "than", "just", "even", "still",
]);
/// Without model weights, a cue word heads an attribution at least this often in training to count.
const MIN_RATE: f64 = 0.15;
/// A weaker cue word ("think", "believe", "want") counts only in a clear subject–verb–clause
/// frame ([`clause_frame`]).
const MIN_WEAK_RATE: f64 = 0.04;
/// A cue word must head at least this many training cues.
const MIN_COUNT: u32 = 3;
/// The longest source noun phrase, in tokens.
const MAX_NP: usize = 9;

/// Words skipped between a source and its cue ("has said", "also told"); build-cues skips them
/// too when it looks for a cue's head word.
pub static SKIP_BEFORE_CUE: WordList = WordList::new(&[
    "has",
    "have",
    "had",
    "also",
    "later",
    "then",
    "again",
    "repeatedly",
    "reportedly",
    "once",
    "previously",
    "recently",
    "would",
    "will",
    "did",
    "does",
    "do",
    "not",
    "never",
    "often",
    "still",
    "even",
    "just",
    "already",
    "publicly",
    "privately",
    "first",
    "is",
    "was",
    "are",
    "were",
    "quickly",
    "explicitly",
    "openly",
    "frequently",
    "clearly",
    "simply",
    "further",
    "has",
    "could",
    "may",
    "might",
    "can",
    "should",
    "must",
    "n't",
    "flatly",
    "firmly",
    "separately",
    "earlier",
    "subsequently",
    "finally",
    "ultimately",
    "himself",
    "herself",
]);

/// Words that end a noun phrase walking left (not part of the source).
static NP_STOP: WordList = WordList::new(&[
    "in",
    "on",
    "at",
    "by",
    "for",
    "from",
    "with",
    "to",
    "into",
    "about",
    "after",
    "before",
    "during",
    "over",
    "under",
    "since",
    "than",
    "as",
    "that",
    "which",
    "who",
    "whom",
    "whose",
    "when",
    "while",
    "because",
    "if",
    "and",
    "but",
    "or",
    "so",
    "yet",
    "where",
    "what",
    "how",
    "why",
    "said",
    "says",
    "say",
    "told",
    "is",
    "was",
    "are",
    "were",
    "be",
    "been",
    "has",
    "have",
    "had",
    "will",
    "would",
    "not",
    "also",
    "then",
    "there",
    "here",
    "this",
    "these",
    "those",
    "it",
    "we",
    "you",
    "i",
    "me",
    "him",
    "them",
    "us",
    "of",
    "up",
    "out",
    "off",
    "down",
    "like",
    "unlike",
    "though",
    "although",
    "however",
    "meanwhile",
    "now",
    "today",
    "yesterday",
    "tonight",
    "tomorrow",
    "just",
    "even",
    "only",
    "do",
    "did",
    "does",
    "despite",
    "amid",
    "against",
    "among",
    "through",
    "without",
    "within",
    "upon",
    "via",
]);

/// Words that open a noun phrase and belong to it.
static DETERMINERS: WordList = WordList::new(&[
    "the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "some", "several", "many",
    "most", "both", "all", "two", "three", "four", "five", "six", "one", "another", "other", "few",
    "no", "each", "every", "these", "those", "this", "that",
]);

/// Quantifiers that head a source phrase with "of" ("one of two women").
static QUANTIFIERS: WordList = WordList::new(&[
    "one", "two", "three", "some", "many", "several", "most", "both", "all", "each", "none",
]);

/// Personal pronouns that can be sources.
static PRONOUNS: WordList =
    WordList::new(&["he", "she", "they", "it", "we", "i", "you", "who", "which"]);

/// Capitalised words that are not names.
static NOT_NAMES: WordList = WordList::new(&[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "but",
    "and",
    "the",
    "in",
    "on",
    "at",
    "however",
    "meanwhile",
    "still",
    "yet",
    "so",
    "also",
    "later",
    "earlier",
    "today",
    "yesterday",
    "instead",
    "then",
    "now",
    "last",
    "this",
    "when",
    "while",
    "after",
    "before",
    "as",
    "if",
    "though",
    "although",
]);

/// Titles that precede a name and are not part of it.
pub(crate) static TITLES: WordList = WordList::new(&[
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "gen",
    "lt",
    "col",
    "maj",
    "capt",
    "sgt",
    "adm",
    "brig",
    "gov",
    "sen",
    "rep",
    "rev",
    "hon",
    "president",
    "minister",
    "senator",
    "governor",
    "judge",
    "general",
    "colonel",
    "major",
    "captain",
    "chairman",
    "chief",
    "secretary",
    "ambassador",
    "speaker",
    "justice",
    "mayor",
    "sheikh",
    "prince",
    "king",
    "queen",
    "pope",
    "sir",
    "lord",
    "lady",
    "commissioner",
    "director",
    "inspector",
    "professor",
    "doctor",
    "bishop",
    "imam",
    "mullah",
    "maulana",
    "premier",
    "chancellor",
    "vice",
    "prime",
    "attorney",
    "candidate",
    "nominee",
    "former",
    "then",
    "deputy",
    "acting",
    "lieutenant",
    "commander",
    "admiral",
    "representative",
    "congressman",
    "congresswoman",
    "spokesman",
    "spokeswoman",
    "spokesperson",
]);

/// Nouns for people: an unnamed source with one of these as its head is anonymous.
pub(crate) static PERSON_NOUNS: WordList = WordList::new(&[
    "official",
    "officials",
    "source",
    "sources",
    "diplomat",
    "diplomats",
    "aide",
    "aides",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "person",
    "people",
    "analyst",
    "analysts",
    "expert",
    "experts",
    "insider",
    "insiders",
    "witness",
    "witnesses",
    "resident",
    "residents",
    "adviser",
    "advisers",
    "advisor",
    "advisors",
    "staffer",
    "staffers",
    "member",
    "members",
    "officer",
    "officers",
    "someone",
    "observers",
    "observer",
    "critics",
    "critic",
    "supporters",
    "supporter",
    "lawmakers",
    "lawmaker",
    "leaders",
    "leader",
    "officials",
    "strategists",
    "strategist",
    "operatives",
    "operative",
    "voters",
    "voter",
    "man",
    "woman",
    "men",
    "women",
    "aides",
    "allies",
    "ally",
    "associate",
    "associates",
    "friend",
    "friends",
    "investigators",
    "investigator",
    "police",
    "spokespeople",
    "minister",
    "ministers",
    "diplomats",
    "negotiators",
    "negotiator",
    "authorities",
    "participants",
    "republicans",
    "democrats",
    "economists",
    "economist",
    "scientists",
    "researchers",
    "activists",
    "environmentalists",
    "opponents",
    "proponents",
    "advocates",
    "conservatives",
    "liberals",
    "progressives",
    "protesters",
    "demonstrators",
    "skeptics",
    "historians",
    "scholars",
    "doctors",
    "physicians",
    "lawyers",
    "attorneys",
    "prosecutors",
    "regulators",
    "executives",
    "investors",
    "employees",
    "workers",
    "parents",
    "teachers",
    "americans",
    "citizens",
    "reporters",
    "journalists",
    "commentators",
    "pundits",
    "pollsters",
    "individuals",
    "academics",
    "campaigners",
    "organizers",
    "organisers",
    "veterans",
    "conservationists",
    "immigrants",
]);

/// A cue word that chains a second relation after a comma when it is a participle (", adding
/// that…", ", comparing him to…", ", painting Trump as…"): any accepted one-word cue in "-ing".
fn chained_participle(w: &str) -> bool {
    w.len() > 5 && w.ends_with("ing")
}

/// Reporting verbs whose content must follow directly (no content before the cue).
fn is_according(doc: &Ctx, i: usize) -> bool {
    doc.lw(i) == "according" && i + 1 < doc.n && doc.lw(i + 1) == "to"
}

/// The document view the stage works on: token texts, lower-case forms, quote membership.
///
/// Kept compact: it lives for the whole stage, and a 10 MB article has over two million tokens.
/// Per block of 64 tokens it keeps which of them change when lower-cased (most do not: their
/// lower-case form is their text), the sentence and the first quotation the block starts in;
/// per token, its sentence and quotation as small steps from the block's, and its lower-case
/// form if it changes. About 4 bytes per token in all.
struct Ctx<'a, 't> {
    doc: &'a Document<'t>,
    /// The document's tokens and text, held here too: `lw` reads them for most tokens.
    tokens: &'a [crate::types::Token],
    text: &'t str,
    n: usize,
    /// Per block of 64 tokens: the tokens whose lower-case form differs from their text (one
    /// bit each), and how many such tokens come before the block.
    lowered: Vec<(u64, u32)>,
    /// The lower-case forms of those tokens, one after another.
    lower: String,
    /// Where each of those forms starts in `lower` (and, last, the end of `lower`).
    lower_at: Vec<u32>,
    /// Per quotation, the byte range from its opening to its closing mark.
    outer: Vec<(u32, u32)>,
    /// Per block of 64 tokens: the first quotation that does not end before the block's first
    /// token, and the sentence of that token.
    block: Vec<(u32, u32)>,
    /// Per token: its quotation and its sentence, counted from its block's ([`NO_QUOTE`]: none;
    /// [`FAR`]: too far, found by a scan).
    local: Vec<(u8, u8)>,
}

/// Tokens per block of [`Ctx`]'s indexes.
const BLOCK: usize = 64;
/// In [`Ctx::local`]: outside quotations.
const NO_QUOTE: u8 = u8::MAX;
/// In [`Ctx::local`]: more than 253 quotations or sentences after the block's.
const FAR: u8 = u8::MAX - 1;

impl<'a, 't> Ctx<'a, 't> {
    fn new(doc: &'a Document<'t>) -> Self {
        let n = doc.tokens.len();
        let offset = |b: usize| u32::try_from(b).unwrap_or(u32::MAX);
        let mut lowered = Vec::with_capacity(n.div_ceil(BLOCK));
        let mut lower = String::new();
        let mut lower_at = Vec::new();
        let mut before = 0u32;
        for chunk in doc.tokens.chunks(BLOCK) {
            let mut bits = 0u64;
            for (b, t) in chunk.iter().enumerate() {
                let s = doc.slice(t.span());
                let changes = if s.is_ascii() {
                    s.bytes().any(|b| b.is_ascii_uppercase())
                } else {
                    s.chars().any(char::is_uppercase)
                };
                if !changes {
                    continue;
                }
                let at = lower.len();
                if s.is_ascii() {
                    lower.extend(s.bytes().map(|b| char::from(b.to_ascii_lowercase())));
                } else {
                    lower.push_str(&s.to_lowercase());
                }
                // (Only forms that differ are kept.)
                if lower[at..] == *s {
                    lower.truncate(at);
                    continue;
                }
                lower_at.push(offset(at));
                bits |= 1 << b;
            }
            lowered.push((bits, before));
            before += bits.count_ones();
        }
        lower_at.push(offset(lower.len()));
        lower.shrink_to_fit();
        lower_at.shrink_to_fit();
        let outer = doc
            .quotations
            .iter()
            .map(|q| {
                let o = outer(q);
                (offset(o.start), offset(o.end))
            })
            .collect::<Vec<_>>();
        let mut block = Vec::with_capacity(n.div_ceil(BLOCK));
        let mut local = Vec::with_capacity(n);
        let (mut q, mut s) = (0, 0);
        let near = |d: usize| u8::try_from(d).map_or(FAR, |d| d.min(FAR));
        for (i, t) in doc.tokens.iter().enumerate() {
            let at = t.span().start;
            while q < outer.len() && outer[q].1 as usize <= at {
                q += 1;
            }
            while s + 1 < doc.sentences.len() && doc.sentences[s + 1].tokens().start <= i {
                s += 1;
            }
            if i % BLOCK == 0 {
                block.push((offset(q), offset(s)));
            }
            let (bq, bs) = block[i / BLOCK];
            let quote = if q < outer.len() && outer[q].0 as usize <= at {
                near(q - bq as usize)
            } else {
                NO_QUOTE
            };
            local.push((quote, near(s - bs as usize)));
        }
        Ctx {
            doc,
            tokens: &doc.tokens,
            text: doc.text,
            n,
            lowered,
            lower,
            lower_at,
            outer,
            block,
            local,
        }
    }
    /// The quotation token `i` belongs to, if any.
    #[inline(always)]
    fn iq(&self, i: usize) -> Option<usize> {
        let base = self.block[i / BLOCK].0 as usize;
        match self.local[i].0 {
            NO_QUOTE => None,
            FAR => {
                let at = self.doc.tokens[i].span().start;
                let mut q = base;
                while self.outer[q].1 as usize <= at {
                    q += 1;
                }
                Some(q)
            }
            d => Some(base + d as usize),
        }
    }
    /// The sentence token `i` belongs to.
    #[inline(always)]
    fn sent(&self, i: usize) -> usize {
        let base = self.block[i / BLOCK].1 as usize;
        match self.local[i].1 {
            FAR => {
                let sentences = &self.doc.sentences;
                let mut s = base;
                while s + 1 < sentences.len() && sentences[s + 1].tokens().start <= i {
                    s += 1;
                }
                s
            }
            d => base + d as usize,
        }
    }
    fn text(&self, i: usize) -> &'t str {
        self.doc.slice(self.doc.tokens[i].span())
    }
    #[inline(always)]
    fn lw(&self, i: usize) -> &str {
        let (bits, before) = self.lowered[i / BLOCK];
        let bit = 1u64 << (i % BLOCK);
        if bits & bit == 0 {
            return self.tokens[i].span().slice(self.text);
        }
        let r = before as usize + (bits & (bit - 1)).count_ones() as usize;
        &self.lower[self.lower_at[r] as usize..self.lower_at[r + 1] as usize]
    }
    fn span(&self, i: usize) -> Span {
        self.doc.tokens[i].span()
    }
    fn is_word(&self, i: usize) -> bool {
        self.doc.tokens[i].kind() == TokenKind::Word
    }
    fn is_cap(&self, i: usize) -> bool {
        self.is_word(i) && self.text(i).chars().next().is_some_and(char::is_uppercase)
    }
    fn is(&self, i: usize, s: &str) -> bool {
        i < self.n && self.lw(i) == s
    }
    fn is_mark(&self, i: usize) -> bool {
        self.doc.tokens[i].kind() == TokenKind::QuoteMark
    }
    /// A span over tokens `a..=b`.
    fn tspan(&self, a: usize, b: usize) -> Span {
        Span::new(self.span(a).start, self.span(b).end)
    }
}

/// Where a relation's content comes from.
#[derive(Debug, Clone)]
enum Content {
    /// A whole marked quotation.
    Quote(usize),
    /// Reported content (which may contain marked quotes: a mixed quote).
    Reported(Span),
}

/// A relation's content pieces. Nearly every relation has exactly one, kept inline: a `Vec`
/// would put it in a heap block of its own (on 10 MB of text, 85,000 of them during the peak).
#[derive(Debug, Clone, Default)]
enum Contents {
    #[default]
    Empty,
    One(Content),
    Many(Vec<Content>),
}

impl std::ops::Deref for Contents {
    type Target = [Content];
    fn deref(&self) -> &[Content] {
        match self {
            Contents::Empty => &[],
            Contents::One(c) => std::slice::from_ref(c),
            Contents::Many(v) => v,
        }
    }
}

impl std::ops::DerefMut for Contents {
    fn deref_mut(&mut self) -> &mut [Content] {
        match self {
            Contents::Empty => &mut [],
            Contents::One(c) => std::slice::from_mut(c),
            Contents::Many(v) => v,
        }
    }
}

impl Contents {
    fn push(&mut self, c: Content) {
        *self = match std::mem::take(self) {
            Contents::Empty => Contents::One(c),
            Contents::One(a) => Contents::Many(vec![a, c]),
            Contents::Many(mut v) => {
                v.push(c);
                Contents::Many(v)
            }
        };
    }
}

impl From<Vec<Content>> for Contents {
    fn from(mut v: Vec<Content>) -> Self {
        match v.len() {
            0 => Contents::Empty,
            1 => v.pop().map_or(Contents::Empty, Contents::One),
            _ => Contents::Many(v),
        }
    }
}

/// One attribution relation found by the sieve.
#[derive(Debug, Clone)]
struct Relation {
    cue: Span,
    lemma: Lemma,
    /// The cue model's score of the cue word, when the sieve asked for it.
    cue_score: Option<f32>,
    /// Source tokens (first, last), and an appositive after it, if any.
    source: Option<(usize, usize)>,
    appositive: Option<(usize, usize)>,
    /// What a relative-pronoun source ("who") refers to; the mention stays "who".
    antecedent: Option<(usize, usize)>,
    contents: Contents,
    /// How sure the relation model is that this is attributed speech (see
    /// [`relmodel::judge`]); 1 until judged.
    confidence: f32,
}

/// Runs the stage: fills `speaker`, `cue` and `kind` of the quotations and adds indirect ones.
pub fn attribute(doc: &mut Document) {
    if doc.tokens.is_empty() {
        return;
    }
    let (relations, resolved) = {
        let ctx = Ctx::new(doc);
        let mut relations = Vec::new();
        for si in 0..doc.sentences.len() {
            find_in_sentence(&ctx, si, &mut relations);
        }
        relations.shrink_to_fit();
        let resolved = resolve_speakers(&ctx, &relations);
        (relations, resolved)
    };
    // (The context is gone before the relations are applied.)
    apply(doc, relations, resolved);
    dash_bylines(doc);
    colon_speakers(doc);
}

/// Labels that end with a colon at a paragraph start but name no speaker.
static NOT_SPEAKER_LABELS: WordList = WordList::new(&[
    "correction",
    "clarification",
    "update",
    "updated",
    "note",
    "editor's note",
    "byline",
    "watch",
    "read",
    "related",
    "photo",
    "video",
    "source",
    "sources",
    "poll",
    "breaking",
    "report",
    "the latest",
    "contributing",
    "still to come",
    "revealed",
    "twitter",
    "wow",
    "huffpollster",
    "advertisement",
    "q",
    "a",
]);

/// Transcripts and headlines: "PENCE: Well, look…" (a name in capitals opening a paragraph, then
/// a colon) or, in the first paragraph, "Pence: Flowers won't be at debate" when the name also
/// appears in the article. The rest of the paragraph is the speaker's words; the colon is the cue.
fn colon_speakers(doc: &mut Document) {
    let text = doc.text;
    // Capitalised labels count only in a transcript: two or more paragraphs open with one.
    // A single "ISLAMABAD: …" is a dateline.
    let capital_labels = doc
        .paragraphs
        .iter()
        .filter(|p| capital_label(p.span.slice(text)).is_some())
        .count();
    if capital_labels >= 2 {
        split_transcript_turns(doc);
    }
    let mut added: Vec<Quotation> = Vec::new();
    let mut removed = vec![false; doc.quotations.len()];
    for (pi, para) in doc.paragraphs.iter().enumerate() {
        let s = para.span.slice(text);
        let Some(colon) = s.get(..s.len().min(32)).and_then(|head| head.find(':')) else {
            continue;
        };
        // A stray opening mark before the label ("\"WALLACE: …") is not part of it.
        let label = s[..colon]
            .trim()
            .trim_start_matches(['"', '“', '\''])
            .trim_start();
        let words: Vec<&str> = label.split_whitespace().collect();
        let wordlike = |w: &&str| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '’' | '-'))
        };
        if words.is_empty() || words.len() > 3 || !words.iter().all(wordlike) {
            continue;
        }
        if NOT_SPEAKER_LABELS.contains(label.to_lowercase().as_str()) {
            continue;
        }
        let capitals = words.iter().all(|w| {
            w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !w.chars().any(char::is_lowercase)
        });
        let body = &text[para.span.end.min(text.len())..];
        let headline = pi == 0 && words.iter().all(|w| body.contains(&format!(" {w} ")));
        let transcript = capitals && capital_labels >= 2;
        if !(headline || transcript) {
            continue;
        }
        // A place or organisation the tagger found there is a dateline or a section label.
        let label_at = para.span.start + s[..colon].find(label).unwrap_or(0);
        // (Mentions are sorted and disjoint: the one that could cover the label, found by binary
        // search; a scan per paragraph would be quadratic in a long transcript.)
        let m = doc.mentions.partition_point(|m| m.span.end <= label_at);
        let placed = doc.mentions.get(m).is_some_and(|m| {
            m.span.start <= label_at && matches!(m.label, "GPE" | "LOC" | "FAC" | "ORG" | "NORP")
        });
        if placed {
            continue;
        }
        let rest = &s[colon + 1..];
        let content_start = para.span.start + colon + 1 + (rest.len() - rest.trim_start().len());
        let content = Span::new(content_start, para.span.end);
        if content.slice(text).split_whitespace().count() < 3 {
            continue;
        }
        let name = if capitals {
            // "PENCE" → "Pence", "MCCAIN" stays readable as "Mccain".
            words
                .iter()
                .map(|w| {
                    let mut cs = w.chars();
                    cs.next().map_or(String::new(), |f| {
                        f.to_uppercase()
                            .chain(cs.flat_map(char::to_lowercase))
                            .collect()
                    })
                })
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            label.to_string()
        };
        let label_start = label_at;
        let speaker = SpeakerRef::new(
            Span::new(label_start, label_start + label.len()),
            name,
            false,
            ResolvedBy::Name,
        );
        let colon_at = para.span.start + colon;
        let cue = CueRef {
            span: Span::new(colon_at, colon_at + 1),
            lemma: Lemma::Borrowed(":"),
        };
        // Quotations already inside take this speaker when they have none; otherwise the
        // paragraph's words become one quotation.
        // Quotations are sorted and disjoint: binary search, not a scan per paragraph.
        let first = doc
            .quotations
            .partition_point(|q| outer(q).end <= content.start);
        let inside: Vec<usize> = (first..doc.quotations.len())
            .take_while(|&i| outer(&doc.quotations[i]).start < content.end)
            .filter(|&i| !removed[i])
            .collect();
        // Reported speech inside the line ("… and I have said so") is part of the speaker's
        // words: the line replaces it.
        let only_reported = inside
            .iter()
            .all(|&i| doc.quotations[i].kind == QuoteKind::Indirect);
        if only_reported {
            for &i in &inside {
                removed[i] = true;
            }
            added.push(
                Quotation::new(content, QuoteKind::Direct).with_source(Some(speaker), Some(cue)),
            );
        } else {
            for i in inside {
                let q = &mut doc.quotations[i];
                if q.speaker.is_none() && q.kind != QuoteKind::Indirect {
                    q.speaker = Some(speaker.clone());
                    q.cue = Some(cue.clone());
                    if q.kind == QuoteKind::Scare {
                        q.kind = QuoteKind::Partial;
                    }
                }
            }
        }
    }
    if !added.is_empty() {
        let mut k = 0;
        doc.quotations.retain(|_| {
            k += 1;
            !removed[k - 1]
        });
        doc.quotations.extend(added);
        doc.quotations.sort_by_key(|q| (q.span.start, q.span.end));
    }
}

/// The byte offset of the colon after a label in capitals ("PENCE:", "\"SEN. KAINE:") opening
/// paragraph text `s`, if it opens with one.
fn capital_label(s: &str) -> Option<usize> {
    let lead = s.len() - s.trim_start_matches(['"', '“', '\'']).len();
    let t = &s[lead..];
    let c = t.get(..t.len().min(32)).and_then(|h| h.find(':'))?;
    let l = t[..c].trim();
    (l.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !l.chars().any(char::is_lowercase)
        && l.split_whitespace().count() <= 3)
        .then_some(lead + c)
}

/// A transcript printed as one multi-paragraph quotation (every paragraph reopens with a mark,
/// "\"WALLACE: …", "\"PENCE: …"): the quotation is cut into one quotation per turn, each from
/// the words after a label to the paragraph before the next label, so that each turn can take
/// its own speaker. A quotation that opens on a label ("\"HOST: …”", mixed marks) loses the label.
fn split_transcript_turns(doc: &mut Document) {
    let text = doc.text;
    let paragraphs = &doc.paragraphs;
    // The label colon of the paragraph that holds byte `at`, if that paragraph opens with one.
    let label_of = |at: usize| {
        let p = paragraphs.partition_point(|p| p.span.end <= at);
        let para = paragraphs.get(p)?.span;
        (para.start <= at)
            .then(|| capital_label(para.slice(text)).map(|c| para.start + c))
            .flatten()
    };
    let mut out: Vec<Quotation> = Vec::with_capacity(doc.quotations.len());
    for q in std::mem::take(&mut doc.quotations) {
        // The label colon inside each part, if its paragraph opens with a label.
        let labels: Vec<Option<usize>> = q
            .parts()
            .iter()
            .map(|p| label_of(p.start).filter(|&c| c >= p.start && c < p.end))
            .collect();
        if labels.iter().all(Option::is_none) {
            out.push(q);
            continue;
        }
        // One group per turn: a labelled part starts a new group; a part before the first
        // label, or after a turn, continues the group before it.
        let mut groups: Vec<Vec<Span>> = Vec::new();
        for (part, label) in q.parts().iter().zip(&labels) {
            match label {
                Some(colon) => {
                    let rest = &text[colon + 1..part.end];
                    let start = part.end - rest.trim_start().len();
                    if start < part.end {
                        groups.push(vec![Span::new(start, part.end)]);
                    }
                }
                _ => match groups.last_mut() {
                    Some(g) => g.push(*part),
                    None => groups.push(vec![*part]),
                },
            }
        }
        let keep_first = labels.first().is_some_and(Option::is_none);
        for (gi, parts) in groups.into_iter().enumerate() {
            let keep = gi == 0 && keep_first;
            // The marks belong to the transcript as a whole, not to one turn.
            let Some(turn) = Quotation::from_parts(parts, QuoteKind::Direct) else {
                continue;
            };
            // The first group keeps what attribution found for the whole quotation when it has
            // no label of its own.
            out.push(turn.with_source(
                if keep { q.speaker.clone() } else { None },
                if keep { q.cue.clone() } else { None },
            ));
        }
    }
    doc.quotations = out;
}

/// "“…” ― Sonya Herridge": a quotation nobody was found for, followed on its line by a dash and
/// a name that ends the line (readers' voices, epigraphs, embedded posts). The dash is the cue.
fn dash_bylines(doc: &mut Document) {
    let text = doc.text;
    for q in &mut doc.quotations {
        if q.speaker.is_some() || q.kind == QuoteKind::Indirect {
            continue;
        }
        let Some(close) = q.close_mark() else {
            continue;
        };
        let rest = &text[close.end..];
        let after_spaces = rest.trim_start_matches([' ', '\t', '\u{a0}']);
        let Some(dash) = after_spaces
            .chars()
            .next()
            .filter(|c| matches!(c, '―' | '—'))
        else {
            continue;
        };
        let dash_start = close.end + (rest.len() - after_spaces.len());
        let dash_end = dash_start + dash.len_utf8();
        let line = &text[dash_end..];
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        let name = line.trim().trim_end_matches(['.', ',']).trim_end();
        let words: Vec<&str> = name.split_whitespace().collect();
        let capitalised = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
        let particle = |w: &&str| {
            matches!(
                *w,
                "de" | "van" | "von" | "al" | "bin" | "da" | "di" | "la" | "le"
            )
        };
        if words.is_empty()
            || words.len() > 6
            || !capitalised(&words[0])
            || !words.iter().all(|w| capitalised(w) || particle(w))
        {
            continue;
        }
        let start = dash_end + (line.len() - line.trim_start().len());
        q.speaker = Some(SpeakerRef::new(
            Span::new(start, start + name.len()),
            name.to_string(),
            false,
            ResolvedBy::Name,
        ));
        q.cue = Some(CueRef {
            span: Span::new(dash_start, dash_end),
            lemma: Lemma::Borrowed("dash"),
        });
        if q.kind == QuoteKind::Scare {
            q.kind = QuoteKind::Direct;
        }
    }
}

/// The cue at token `i`, if it is one: (last token, lemma).
fn cue_at(ctx: &Ctx, i: usize) -> Option<(usize, Lemma, Option<f32>)> {
    if !ctx.is_word(i) || ctx.iq(i).is_some() {
        return None;
    }
    if is_according(ctx, i) {
        return Some((i + 1, Lemma::Borrowed("according to"), None));
    }
    if !cuemodel::candidate(ctx, i) {
        return None;
    }
    let w = ctx.lw(i);
    let Some(entry) = lexicon::cues().get(w).filter(|e| {
        let (min_rate, min_cues) = if relmodel::judging() {
            (relmodel::MIN_CANDIDATE_RATE, relmodel::MIN_CUES)
        } else {
            (cuemodel::MIN_CANDIDATE_RATE, cuemodel::MIN_CUES)
        };
        e.rate() >= min_rate && e.cue >= min_cues
    }) else {
        return verb_that_clause(ctx, i).then(|| (i, Lemma::Owned(lexicon::lemma(w)), None));
    };
    if characterises(ctx, i, entry.lemma) || possessive_claim(ctx, i) {
        return Some((i, Lemma::Borrowed(entry.lemma), None));
    }
    if let Some(score) = cuemodel::score(ctx, i, entry.rate(), entry.lemma) {
        // Frequent cue words get the benefit of the doubt.
        let threshold = if entry.rate() >= MIN_RATE {
            if relmodel::judging() {
                CUE_THRESHOLD_FREQUENT_JUDGED
            } else {
                CUE_THRESHOLD_FREQUENT
            }
        } else if relmodel::judging() && !NOT_JUDGED.contains(entry.lemma) {
            CUE_THRESHOLD_JUDGED
        } else {
            CUE_THRESHOLD
        };
        return (score > threshold).then_some((i, Lemma::Borrowed(entry.lemma), Some(score)));
    }
    // Without model weights: the cue rate and a few context rules.
    // Not a verb after a possessive ("Trump's continued strength") or a determiner.
    if i > 0 && ctx.iq(i - 1).is_none() {
        let p = ctx.lw(i - 1);
        if p.ends_with("'s") || p.ends_with("’s") || DETERMINERS.contains(p) && p != "that" {
            return None;
        }
    }
    if entry.cue < MIN_COUNT || entry.rate() < MIN_WEAK_RATE {
        return None;
    }
    if entry.rate() < MIN_RATE && !clause_frame(ctx, i) {
        return None;
    }
    Some((i, Lemma::Borrowed(entry.lemma), None))
}

/// "She acknowledged that…", "experts worry that…": a verb outside the cue lexicon, right after
/// a pronoun or a capitalised name in the same sentence, followed by "that" and a clause.
fn verb_that_clause(ctx: &Ctx, i: usize) -> bool {
    let w = ctx.lw(i);
    if i == 0 || i + 2 >= ctx.n || ctx.lw(i + 1) != "that" || ctx.is_cap(i) {
        return false;
    }
    // Verb-like endings only: "so that", "now that", "such that" are not cues.
    if !(w.ends_with("ed") || w.ends_with('s') || w.ends_with("ing")) || w.len() < 4 {
        return false;
    }
    let mut j = i;
    while j > 0 && SKIP_BEFORE_CUE.contains(ctx.lw(j - 1)) {
        j -= 1;
    }
    let Some(p) = j.checked_sub(1) else {
        return false;
    };
    ctx.sent(p) == ctx.sent(i)
        && ctx.iq(p).is_none()
        && (matches!(ctx.lw(p), "he" | "she" | "they" | "we" | "i")
            || ctx.is_cap(p) && !NOT_NAMES.contains(ctx.lw(p))
            || PERSON_NOUNS.contains(ctx.lw(p)))
}

/// Lemmas (as the cue lexicon spells them) of verbs that characterise someone or something.
static CHARACTERISING: WordList = WordList::new(&[
    "call",
    "describe",
    "describ",
    "label",
    "brand",
    "dub",
    "term",
    "characterize",
    "refer",
    "nickname",
    "deride",
    "denounce",
    "dismiss",
    "praise",
    "hail",
    "admire",
    "mock",
]);

/// "call them “lone wolves”", "described … as “super predators”": a characterising verb whose
/// object is a short quoted fragment within a few words, in the same sentence. The fragment is
/// the subject's words, not a scare quote.
fn characterises(ctx: &Ctx, i: usize, lemma: &str) -> bool {
    if !CHARACTERISING.contains(lemma) {
        return false;
    }
    let si = ctx.sent(i);
    let mut k = i + 1;
    while k < ctx.n && k <= i + 8 && ctx.sent(k) == si {
        if let Some(q) = ctx.iq(k) {
            let words = ctx.doc.quotations[q]
                .span
                .slice(ctx.doc.text)
                .split_whitespace()
                .count();
            return words <= 6 && !is_quoted_title(ctx, q);
        }
        if ctx.is_word(k) && (ctx.lw(k) == "that" || ends_the_object(ctx.lw(k))) {
            return false;
        }
        k += 1;
    }
    false
}

/// "Trump’s claim that…", "his warning that…": a speech noun after a possessive, then "that".
fn possessive_claim(ctx: &Ctx, i: usize) -> bool {
    const NOUNS: &[&str] = &[
        "claim",
        "claims",
        "assertion",
        "statement",
        "suggestion",
        "argument",
        "warning",
        "promise",
        "pledge",
        "insistence",
        "remark",
        "remarks",
        "comment",
        "comments",
        "allegation",
        "allegations",
        "prediction",
        "contention",
        "admission",
        "vow",
        "boast",
    ];
    if i == 0 || i + 1 >= ctx.n || !NOUNS.contains(&ctx.lw(i)) || ctx.lw(i + 1) != "that" {
        return false;
    }
    let p = ctx.lw(i - 1);
    ctx.sent(i - 1) == ctx.sent(i)
        && (p.ends_with("'s") || p.ends_with("’s") || matches!(p, "his" | "her" | "their"))
}

/// Words that end the object of a characterising verb before any quote: another clause.
fn ends_the_object(w: &str) -> bool {
    matches!(
        w,
        "said" | "says" | "say" | "told" | "and" | "but" | "because" | "while"
    )
}

/// "He thinks that…", "Trump believes “…”": a pronoun or a name right before the word (after
/// auxiliaries and adverbs), and "that", a quote, a colon or the start of a clause after it.
fn clause_frame(ctx: &Ctx, i: usize) -> bool {
    let mut j = i;
    while j > 0 && SKIP_BEFORE_CUE.contains(ctx.lw(j - 1)) {
        j -= 1;
    }
    let Some(p) = j.checked_sub(1) else {
        return false;
    };
    let subject = ctx.is_word(p)
        && (matches!(ctx.lw(p), "he" | "she" | "they" | "we" | "i")
            || ctx.is_cap(p) && ctx.sent(p) == ctx.sent(i) && !NOT_NAMES.contains(ctx.lw(p)));
    let Some(n) = (i + 1 < ctx.n).then_some(i + 1) else {
        return false;
    };
    let clause = ctx.lw(n) == "that"
        || ctx.is_mark(n)
        || ctx.text(n) == ":"
        || matches!(
            ctx.lw(n),
            "he" | "she" | "they" | "we" | "i" | "it" | "the" | "there"
        );
    subject && clause
}

fn find_in_sentence(ctx: &Ctx, si: usize, out: &mut Vec<Relation>) {
    let sent = &ctx.doc.sentences[si];
    let (s0, s1) = (sent.tokens().start, sent.tokens().end.min(ctx.n));
    let mut i = s0;
    let mut taken_until = s0; // tokens before this belong to an earlier relation's content
    let first_here = out.len();
    // The verb of "began by saying", whose subject the participle's source is.
    let mut verb_before_by: Option<usize> = None;
    while i < s1 {
        let Some((cue_end, lemma, cue_score)) = cue_at(ctx, i) else {
            i += 1;
            continue;
        };
        // "She began by saying…", "He responded by noting…": the participle reports.
        if cue_end + 2 < s1
            && ctx.is(cue_end + 1, "by")
            && ctx.lw(cue_end + 2).ends_with("ing")
            && cue_at(ctx, cue_end + 2).is_some()
        {
            verb_before_by = Some(i);
            i = cue_end + 1;
            continue;
        }
        let mut j = i;
        while j > s0 && SKIP_BEFORE_CUE.contains(ctx.lw(j - 1)) {
            j -= 1;
        }
        let has_prev = out.len() > first_here;
        // ", adding that…" and "… and said…": a second relation with the same source.
        // Without an earlier relation, "X chimed in, saying…" takes the sentence's subject.
        // (The comma may sit inside the closing mark: "…,” adding that…".)
        let comma_before = i > s0
            && (ctx.text(i - 1) == ","
                || ctx.is_mark(i - 1) && i > s0 + 1 && ctx.text(i - 2) == ",");
        let comma_chained = comma_before && cue_end == i && chained_participle(ctx.lw(i));
        let conj_chained = j > s0 && matches!(ctx.lw(j - 1), "and" | "but");
        // "X began by saying…", "X left after warning…": the sentence's subject speaks.
        let prep_chained = !has_prev
            && i > s0 + 1
            && ctx.lw(i).ends_with("ing")
            && matches!(ctx.lw(i - 1), "by" | "after" | "before" | "while" | "when");
        let chained = comma_chained || conj_chained || prep_chained;
        // "…, and Hillary Clinton said she…": a new source after a conjunction or comma.
        // The noun phrase right before the cue (its words skipped), used three times below.
        let np = np_left(ctx, j, s0);
        let coordinated = !chained
            && np.is_some_and(|(a, b)| {
                b + 1 == j
                    && a > s0
                    && plausible_source(ctx, a, b)
                    && matches!(
                        ctx.lw(a - 1),
                        "and" | "but" | ";" | "," | "while" | "whereas" | "though" | "although"
                    )
            });
        // "… and «unacceptable». 🇵🇰 “Talks resume Friday,” he added.": a cue right after a quote
        // (before or after its source) starts a new relation; the earlier content stops before
        // the quote's opening mark.
        let quote_opening = {
            let start = np.filter(|&(_, b)| b + 1 == j).map_or(j, |(a, _)| a);
            let mut m = start;
            if m > s0 && ctx.text(m - 1) == "," {
                m -= 1;
            }
            (m > s0 && ctx.is_mark(m - 1))
                .then(|| ctx.iq(m - 1))
                .flatten()
                .map(|q| ctx.doc.token_from(outer(&ctx.doc.quotations[q]).start))
                .filter(|&t| t > s0)
        };
        // "…, according to X": always its own relation; the earlier content stops at the comma.
        let according_after_comma = i > s0 && is_according(ctx, i) && ctx.text(i - 1) == ",";
        // "A senior official, who spoke…because he was not allowed to brief reporters, said…":
        // a word that usually reports, after a comma, ends the content of a rarely reporting
        // cue before it and starts its own relation.
        let strong_after_weak = comma_before
            && i < taken_until
            && has_prev
            && relmodel::is_strong_cue(ctx.lw(i))
            && out.last().is_some_and(|p| {
                let c = ctx.doc.token_from(p.cue.start);
                lexicon::cues()
                    .get(ctx.lw(c))
                    .is_none_or(|e| e.rate() < MIN_RATE)
            });
        if i < taken_until
            && !chained
            && !coordinated
            && quote_opening.is_none()
            && !according_after_comma
            && !strong_after_weak
        {
            i += 1;
            continue;
        }
        let cut_tok = if comma_chained || prep_chained {
            Some(i - 1)
        } else if conj_chained {
            Some(if j >= s0 + 2 && ctx.text(j - 2) == "," {
                j - 2
            } else {
                j - 1
            })
        } else if coordinated {
            np.map(|(a, _)| a - 1)
        } else if according_after_comma || strong_after_weak {
            Some(i - 1)
        } else {
            quote_opening
        };
        let chained_source = if !chained {
            None
        } else if has_prev {
            out.last().and_then(|p| p.source)
        } else {
            // "Graham called both … and said …": the sentence's subject.
            let limit = verb_before_by.filter(|&v| v < i).unwrap_or(s1);
            np_right(ctx, s0, limit).filter(|&(a, b)| b < j && plausible_source(ctx, a, b))
        };
        if chained && chained_source.is_none() {
            i = cue_end + 1;
            continue;
        }
        // An inverted earlier relation ("…,” said Pierre de Vos, a professor …, who likened…")
        // is what a following "who" refers to.
        let earlier = if has_prev {
            out.last()
                .and_then(|p| p.source.filter(|s| ctx.span(s.0).start > p.cue.start))
        } else {
            None
        };
        let rel = relation_at(ctx, si, i, cue_end, lemma, chained_source, earlier)
            .map(|r| Relation { cue_score, ..r });
        let rel = rel.and_then(|r| {
            let confidence = relmodel::judge(ctx, &r)?;
            Some(Relation { confidence, ..r })
        });
        if let Some(rel) = rel {
            if let (Some(cut_tok), true) = (cut_tok, has_prev) {
                // The previous relation's content stops before the new relation.
                if let Some(prev) = out.last_mut() {
                    let cut = ctx.span(cut_tok).start;
                    if let Some(Content::Reported(sp)) = prev.contents.last_mut() {
                        if sp.start < cut && cut < sp.end {
                            *sp = crate::text::trim(ctx.doc.text, Span::new(sp.start, cut));
                        }
                    }
                }
            }
            let end_tok = match rel.contents.last() {
                Some(Content::Reported(sp)) => ctx.doc.token_from(sp.end),
                _ => cue_end + 1,
            };
            taken_until = taken_until.max(end_tok);
            out.push(rel);
        }
        i = cue_end + 1;
    }
}

/// Builds the relation for the cue at tokens `c..=ce` of sentence `si`.
fn relation_at(
    ctx: &Ctx,
    si: usize,
    c: usize,
    ce: usize,
    lemma: Lemma,
    chained_source: Option<(usize, usize)>,
    earlier: Option<(usize, usize)>,
) -> Option<Relation> {
    let sent = &ctx.doc.sentences[si];
    let (s0, s1) = (sent.tokens().start, sent.tokens().end.min(ctx.n));
    // The sentence end, before its final punctuation.
    let mut last = s1 - 1;
    while last > s0 && !ctx.is_word(last) && ctx.doc.tokens[last].kind() != TokenKind::Number {
        if ctx.iq(last).is_some() {
            break;
        }
        last -= 1;
    }
    let cue = ctx.tspan(c, ce);
    let mut rel = Relation {
        cue,
        lemma,
        cue_score: None,
        source: None,
        appositive: None,
        antecedent: None,
        contents: Contents::Empty,
        confidence: 1.0,
    };
    if rel.lemma == "according to" {
        let (a, b) = np_right(ctx, ce + 1, s1)?;
        rel.source = Some((a, b));
        if c == s0 || (c > s0 && ctx.iq(c - 1).is_none() && c - 1 == s0) {
            // "According to X, content."
            let mut k = b + 1;
            while k < s1 && ctx.text(k) == "," {
                k += 1;
            }
            if let Some(content) = content_from(ctx, k, last) {
                rel.contents = content.into();
            }
        } else {
            // "Content, according to X." — content from the clause start to the comma.
            let end = if ctx.text(c - 1) == "," { c - 1 } else { c };
            if end > s0 {
                rel.contents = content_between(ctx, s0, end - 1)?.into();
            }
        }
        return (!rel.contents.is_empty()).then_some(rel);
    }
    if chained_source.is_some() {
        rel.source = chained_source;
        let after = skip_that(ctx, ce + 1, s1);
        rel.contents = content_from(ctx, after, last)?.into();
        return Some(rel);
    }
    // The source before the cue.
    let mut j = c;
    while j > s0 && SKIP_BEFORE_CUE.contains(ctx.lw(j - 1)) {
        j -= 1;
    }
    // "Trump is supported by far fewer papers": a passive cue; the agent after "by" is the
    // source and the subject is what was said or done.
    if ce + 2 < s1
        && ctx.is(ce + 1, "by")
        && (j..c).any(|k| matches!(ctx.lw(k), "is" | "was" | "are" | "were" | "been" | "being"))
    {
        if let (Some((a, b)), Some((x, y))) = (np_right(ctx, ce + 2, s1), np_left(ctx, j, s0)) {
            if y + 1 == j && ctx.iq(x).is_none() {
                rel.source = Some((a, b));
                rel.contents = Contents::One(Content::Reported(ctx.tspan(x, y)));
                return Some(rel);
            }
        }
    }
    // "A statement issued by the ministry said…": a participle after its noun, with its agent
    // after "by" and no auxiliary, describes the subject of a later cue.
    if ce + 2 < s1
        && ctx.is(ce + 1, "by")
        && j == c
        && c > s0
        && ctx.is_word(c - 1)
        && !ctx.is_cap(c)
        && ctx.lw(c).ends_with("ed")
    {
        return None;
    }
    // "who in 2010 said", "Smith on Tuesday said": a short time phrase before the cue.
    if j >= s0 + 3
        && matches!(ctx.lw(j - 2), "in" | "on" | "last" | "this")
        && (ctx.doc.tokens[j - 1].kind() == TokenKind::Number
            || ctx.is_cap(j - 1) && crate::summary::is_calendar_word(ctx.lw(j - 1)))
    {
        j -= 2;
        // "the ministry late on Friday said"
        if j > s0 + 1 && matches!(ctx.lw(j - 1), "late" | "early" | "earlier") {
            j -= 1;
        }
        while j > s0 && SKIP_BEFORE_CUE.contains(ctx.lw(j - 1)) {
            j -= 1;
        }
    }
    // The token just before the source phrase.
    let mut before_source = None;
    // "Gov. Phil Bryant (R) said": skip a short parenthesis before the cue.
    if let Some(k) = parenthesis_before(ctx, j, s0, 8) {
        j = k;
    }
    // "“…,” Scott Pruitt, the attorney general of Oklahoma, one of the states suing, said": the
    // name right after the quote, however many appositives follow it.
    if let Some((a, b)) = name_after_quote(ctx, j, s0) {
        rel.source = Some((a, b));
        rel.appositive = Some((b + 2, j - 2));
        before_source = a.checked_sub(1);
    } else if j > s0 && ctx.text(j - 1) == "," && ctx.iq(j - 1).is_none() {
        // An appositive: "Sharif, director general of ISPR, warned".
        let mut k = j - 1;
        let mut found = None;
        while k > s0 && j - k < 40 {
            k -= 1;
            if ctx.iq(k).is_some() {
                break;
            }
            if ctx.text(k) == "," {
                found = Some(k);
                break;
            }
        }
        if let Some(mut k) = found {
            // "Schiff, 56, who has served…, told": an age between commas belongs to the name.
            if k > s0 + 2
                && ctx.doc.tokens[k - 1].kind() == TokenKind::Number
                && ctx.text(k - 2) == ","
            {
                k -= 2;
            }
            // "Rep. Gregory Meeks (D-N.Y.), chairman of…, said": the parenthesis belongs to the
            // name before the appositive.
            let comma = k;
            if let Some(o) = parenthesis_before(ctx, k, s0, 8) {
                k = o;
            }
            if let Some((a, b)) = np_left(ctx, k, s0) {
                // "Sharif, director general…," / "A senior official…, who spoke…, said".
                let relative = ctx.is(comma + 1, "who") && plausible_source(ctx, a, b);
                if b + 1 == k && (ctx.is_cap(b) || relative) {
                    rel.source = Some((a, b));
                    rel.appositive = Some((comma + 1, j - 2));
                    before_source = a.checked_sub(1);
                }
            }
            let k = comma;
            // "…'s chief of staff, Joe Kasper, told": the name between the commas.
            if rel.source.is_none() {
                if let Some((a, b)) = np_left(ctx, j - 1, k + 1) {
                    if a == k + 1 && b + 2 == j && name_in(ctx, a, b).is_some() {
                        rel.source = Some((a, b));
                        before_source = a.checked_sub(1);
                    }
                }
            }
        }
        // "Gov. John Kasich (R-OH), said": a parenthesis, then the comma.
        if let Some(k) = parenthesis_before(ctx, j - 1, s0, 9).filter(|_| rel.source.is_none()) {
            if let Some((a, b)) = np_left(ctx, k, s0) {
                if b + 1 == k && plausible_source(ctx, a, b) {
                    rel.source = Some((a, b));
                    before_source = a.checked_sub(1);
                }
            }
        }
    } else if j > s0 || (j == s0 && j > 0) {
        let limit = s0;
        if j > limit {
            if let Some((a, b)) = np_left(ctx, j, limit) {
                if b + 1 == j && plausible_source(ctx, a, b) {
                    rel.source = Some((a, b));
                    before_source = a.checked_sub(1);
                }
            }
        }
    }
    // "Kall -- co-editor of a book on the debates -- said": an aside between dashes.
    if rel.source.is_none() {
        if let Some((a, b, aside)) = dash_aside_source(ctx, j, s0) {
            rel.source = Some((a, b));
            rel.appositive = Some(aside);
            before_source = a.checked_sub(1);
        }
    }
    // "his claim that…": the possessive pronoun is the source.
    if rel.source.is_none()
        && c > s0
        && matches!(ctx.lw(c - 1), "his" | "her" | "their")
        && possessive_claim(ctx, c)
    {
        rel.source = Some((c - 1, c - 1));
        before_source = (c - 1).checked_sub(1);
    }
    // "Smith, who said…": "who" speaks for the noun phrase before it.
    if let Some((a, b)) = rel.source {
        if a == b && matches!(ctx.lw(a), "who" | "which") && a > s0 + 1 && ctx.text(a - 1) == "," {
            if let Some(e) = earlier {
                // "…, said Pierre de Vos, a professor in …, who likened …": the sentence's speaker.
                rel.antecedent = Some(e);
            } else if let Some((x, y)) = np_left(ctx, a - 1, s0) {
                if y + 2 == a && plausible_source(ctx, x, y) {
                    rel.antecedent = Some((x, y));
                }
            }
        }
    }
    // A cue right after a quote ("“…,” said X"): the source follows.
    // The last quote mark before the cue, skipping a comma and a stray doubled mark ('' '').
    let mut m = c;
    if m > s0 && ctx.text(m - 1) == "," {
        m -= 1;
    }
    while m > s0 + 1 && ctx.is_mark(m - 1) && ctx.iq(m - 1).is_none() {
        m -= 1;
    }
    let quote_tok = (m > 0 && ctx.is_mark(m - 1) && ctx.iq(m - 1).is_some()).then(|| m - 1);
    if rel.source.is_none() && (quote_tok.is_some() || c == s0) {
        if let Some((a, b)) = np_right(ctx, ce + 1, s1) {
            rel.source = Some((a, b));
            if let Some(q) = quote_tok.and_then(|t| ctx.iq(t)) {
                rel.contents.push(Content::Quote(q));
                interrupted(ctx, b + 1, s1, &mut rel);
                return Some(rel);
            }
            // "Said X: “…”"
            let after = if b + 1 < s1 && matches!(ctx.text(b + 1), ":" | ",") {
                b + 2
            } else {
                b + 1
            };
            if let Some(q) = quote_after(ctx, after) {
                rel.contents.push(Content::Quote(q));
                return Some(rel);
            }
            return None;
        }
    }
    // "Content, said Brad Bannon, a pollster.": an inverted cue after a comma, no quote.
    if rel.source.is_none() && c > s0 + 3 && ctx.text(c - 1) == "," && ctx.iq(c - 2).is_none() {
        // The phrase must end the clause (", a pollster." / "."), not start one ("said the
        // delegation had asked…").
        let ends_clause = |b: usize| b + 1 >= s1 || !ctx.is_word(b + 1);
        if let Some((a, b)) = np_right(ctx, ce + 1, s1).filter(|&(_, b)| ends_clause(b)) {
            if plausible_source(ctx, a, b) && !PRONOUNS.contains(ctx.lw(a)) || ctx.is_cap(a) {
                rel.source = Some((a, b));
                rel.contents = content_between(ctx, s0, c - 2)?.into();
                return Some(rel);
            }
        }
    }
    rel.source?;
    // A quote directly before the source: "“…,” he said" (also across a line break).
    let quote_before = before_source.and_then(|t| {
        let mut t = if ctx.text(t) == "," && t > 0 {
            t - 1
        } else {
            t
        };
        // A doubled closing mark ('' in some wire copy) leaves a stray mark outside the quote.
        while t > 0 && ctx.is_mark(t) && ctx.iq(t).is_none() {
            t -= 1;
        }
        // "“…,” warm-and-fuzzy Trump said": a few modifier words the phrase did not take.
        let mut steps = 0;
        while t > 0 && steps < 4 && ctx.iq(t).is_none() && ctx.sent(t) == si {
            if !(ctx.is_word(t) || matches!(ctx.text(t), "-" | "–")) {
                break;
            }
            // "“…,” but he said that…": a new clause; the quote belongs to the one before.
            if matches!(
                ctx.lw(t),
                "but" | "and" | "or" | "yet" | "while" | "because" | "so"
            ) {
                return None;
            }
            t -= 1;
            steps += 1;
        }
        (ctx.is_mark(t))
            .then_some(ctx.iq(t))
            .flatten()
            .filter(|&q| !is_quoted_title(ctx, q))
    });
    // A quote right after the cue: "X said: “…”", "X told reporters: “…”".
    let mut k = ce + 1;
    let mut steps = 0;
    while k < ctx.n && steps < 6 && ctx.iq(k).is_none() && !matches!(ctx.text(k), ":" | ",") {
        if !ctx.is_word(k) || ctx.sent(k) != si {
            break;
        }
        k += 1;
        steps += 1;
    }
    let colon = k < ctx.n && matches!(ctx.text(k), ":" | ",");
    let quote_after_cue = if colon {
        quote_after(ctx, k + 1)
    } else {
        (k == ce + 1).then(|| quote_after(ctx, k)).flatten()
    }
    .filter(|&q| !is_quoted_title(ctx, q));
    // Reported content after the cue.
    let after = skip_that(ctx, ce + 1, s1);
    // Words after the cue, counted up to 9 (the rules only compare with smaller numbers; an
    // unbounded count would make a long sentence full of cues quadratic).
    let rest_words = (after..=last.max(after))
        .filter(|&t| t < s1 && ctx.is_word(t))
        .take(9)
        .count();
    if let Some(q) = quote_before {
        // "“…,” he said in August, referring to…": a quote in the cue's sentence is the content;
        // a quote in an earlier sentence only when little follows the cue ("“…” \n X said.").
        // Across a paragraph break only a bare "X said." line takes the quote above it.
        let qend = ctx.doc.quotations[q].span.end;
        let same_sentence = ctx.doc.sentence_at(qend) == Some(si);
        let same_paragraph = ctx.doc.paragraph_at(qend) == Some(sent.paragraph());
        let bare = rel.source.is_some_and(|(a, _)| a == s0) && rest_words <= 2;
        // In the same paragraph the quote ends right before the source (a sentence split after
        // `?”`), so it is the content unless a reported clause follows the cue.
        let clause_follows = ctx.is(after, "that") || rest_words > 8;
        // "…accused him of “fanatic recklessness.” Park said his state is “…”": a quoted
        // fragment inside an earlier sentence's clause already belongs to that sentence.
        let opens_its_sentence = {
            let qs = ctx.doc.quotations[q].span.start;
            let qt = ctx.doc.token_from(qs);
            ctx.doc.sentence_at(qs).is_some_and(|qsi| {
                let first = ctx.doc.sentences[qsi].tokens().start;
                (first..qt).all(|t| ctx.is_mark(t))
            })
        };
        if same_sentence || (same_paragraph && !clause_follows && opens_its_sentence) || bare {
            rel.contents.push(Content::Quote(q));
            interrupted(ctx, ce + 1, s1, &mut rel);
            return Some(rel);
        }
    }
    if let Some(q) = quote_after_cue {
        if q_starts_content(ctx, q, ce) {
            rel.contents.push(Content::Quote(q));
            return Some(rel);
        }
    }
    // "… said about its platform:" ending the paragraph, the quote opening the next one.
    if s1 > 0 && ctx.text(s1 - 1) == ":" && s1 - 1 > ce {
        if let Some(q) = quote_after(ctx, s1).filter(|&q| !is_quoted_title(ctx, q)) {
            rel.contents.push(Content::Quote(q));
            return Some(rel);
        }
    }
    // "Content, X said." — the source follows a comma and little follows the cue.
    let (sa, _) = rel.source?;
    // "…, the Foreign Office said on Friday, as talks ended": an adverbial, not content.
    let adverbial_follows = after < s1
        && matches!(
            ctx.lw(after),
            "on" | "in"
                | "at"
                | "during"
                | "late"
                | "earlier"
                | "yesterday"
                | "today"
                | "last"
                | "this"
                | "after"
                | "before"
                | "while"
                | "as"
                | "when"
        )
        // "…, lawmakers said Friday afternoon, as…"
        || after < s1 && ctx.is_cap(after) && crate::summary::is_calendar_word(ctx.lw(after));
    if sa > s0 + 2
        && ctx.text(sa - 1) == ","
        && (rest_words <= 4 || adverbial_follows)
        && !ctx.is(after, "that")
        // "Through a spokesman, he declined to comment": the infinitive is the content.
        && !ctx.is(after, "to")
        // "In her 2003 book, Clinton noted the clot's existence": an introductory phrase, and
        // the words after the cue are its object.
        && !(rest_words > 0 && !adverbial_follows && introductory(ctx, s0, sa))
        // "Asked whether…, she paused.": the question put to the speaker is not her words.
        && !matches!(ctx.lw(s0), "asked" | "pressed")
        && rel.antecedent.is_none()
        && ctx.lw(sa) != "who"
    {
        if let Some(content) = content_between(ctx, s0, sa - 2) {
            rel.contents = content.into();
            return Some(rel);
        }
    }
    // "who spoke on condition of anonymity": how the source spoke, not what was said.
    if ctx.is(after, "on")
        && (ctx.is(after + 1, "condition")
            || ctx.is(after + 1, "the") && ctx.is(after + 2, "condition"))
    {
        return None;
    }
    rel.contents = content_from(ctx, after, last)?.into();
    Some(rel)
}

/// True when quote `q` follows cue `ce` closely enough to be its content.
fn q_starts_content(ctx: &Ctx, q: usize, ce: usize) -> bool {
    let qs = ctx.doc.quotations[q].span.start;
    qs > ctx.span(ce).end && qs - ctx.span(ce).end < 200
}

/// The quotation whose opening mark is at token `k` (also at the start of the next paragraph).
fn quote_after(ctx: &Ctx, k: usize) -> Option<usize> {
    if k >= ctx.n {
        return None;
    }
    let q = ctx.iq(k)?;
    let qt = &ctx.doc.quotations[q];
    (qt.open_mark().is_some() && qt.span.start >= ctx.span(k).start).then_some(q)
}

/// After "…,” he said", a second piece: ", “…”" in the same sentence.
fn interrupted(ctx: &Ctx, from: usize, s1: usize, rel: &mut Relation) {
    let mut k = from;
    while k < s1 && k < from + 4 && ctx.iq(k).is_none() {
        if ctx.is_word(k) && !SKIP_BEFORE_CUE.contains(ctx.lw(k)) {
            // "“…,” Tester said, referring to the excuse, “you give…”": a comma-delimited aside,
            // then a quote that goes on in lower case.
            if let Some(q) = aside_then_quote(ctx, from, s1) {
                rel.contents.push(Content::Quote(q));
            }
            return;
        }
        k += 1;
    }
    if k < s1 {
        if let Some(q) = quote_after(ctx, k) {
            rel.contents.push(Content::Quote(q));
        }
    }
}

/// The quote after a short comma-delimited aside at `from` (", referring to the excuse,"), when
/// it continues the sentence in lower case.
fn aside_then_quote(ctx: &Ctx, from: usize, s1: usize) -> Option<usize> {
    if from >= s1 || ctx.text(from) != "," {
        return None;
    }
    let mut k = from + 1;
    while k < s1 && k < from + 20 && ctx.iq(k).is_none() {
        k += 1;
    }
    if k >= s1 || ctx.iq(k).is_none() || ctx.text(k - 1) != "," {
        return None;
    }
    let q = quote_after(ctx, k)?;
    let first = ctx.doc.quotations[q]
        .span
        .slice(ctx.doc.text)
        .chars()
        .next()?;
    first.is_lowercase().then_some(q)
}

/// Skips "that" or the object of "told reporters that" after a cue.
fn skip_that(ctx: &Ctx, from: usize, s1: usize) -> usize {
    if from < s1 && ctx.text(from) == ":" {
        return from + 1;
    }
    if from < s1 && (ctx.lw(from) == "that" || ctx.lw(from) == "to") && ctx.lw(from) == "that" {
        return from + 1;
    }
    // An object of up to six words followed by "that" and a clause ("told reporters that he…",
    // "said to reporters that…"), not a demonstrative ending the sentence ("said the test could
    // change that.") nor a relative clause after a "say" verb's subject ("said the demands that
    // come with…").
    let takes_object = from > 0
        && (matches!(
            ctx.lw(from - 1),
            "told"
                | "tell"
                | "tells"
                | "telling"
                | "assured"
                | "reminded"
                | "informed"
                | "warned"
                | "notified"
                | "convinced"
                | "promised"
                | "advised"
                | "persuaded"
                | "showed"
                | "briefed"
                | "emailed"
                | "texted"
                | "wrote"
                | "writes"
                | "assures"
                | "reminds"
                | "informs"
                | "warns"
                | "promises"
        ) || from < s1
            && (matches!(
                ctx.lw(from),
                "to" | "in"
                    | "on"
                    | "at"
                    | "during"
                    | "after"
                    | "before"
                    | "late"
                    | "earlier"
                    | "last"
                    | "this"
                    | "yesterday"
                    | "today"
                    | "again"
                    | "publicly"
                    | "privately"
                    | "repeatedly"
                    | "recently"
                    | "previously"
                    | "later"
                    | "then"
            ) || ctx.is_cap(from) && crate::summary::is_calendar_word(ctx.lw(from))));
    if !takes_object {
        return from;
    }
    let mut k = from;
    while k < s1 && k < from + 7 {
        if ctx.lw(k) == "that" {
            return if k + 1 < s1 && (ctx.is_word(k + 1) || ctx.is_mark(k + 1)) {
                k + 1
            } else {
                from
            };
        }
        if !ctx.is_word(k) && ctx.text(k) != "." {
            break;
        }
        k += 1;
    }
    from
}

/// Reported content from token `a` to `last` (inclusive), if it has at least three words.
fn content_from(ctx: &Ctx, a: usize, last: usize) -> Option<Vec<Content>> {
    if a > last {
        return None;
    }
    content_between(ctx, a, last)
}

fn content_between(ctx: &Ctx, a: usize, b: usize) -> Option<Vec<Content>> {
    if a > b || b >= ctx.n {
        return None;
    }
    let words = (a..=b).filter(|&t| ctx.is_word(t)).take(3).count();
    // Two words only for an infinitive ("declined to comment").
    if words < 3 && !(words == 2 && ctx.lw(a) == "to") {
        return None;
    }
    let mut a = a;
    while a < b
        && !ctx.is_word(a)
        && !ctx.is_mark(a)
        && ctx.doc.tokens[a].kind() != TokenKind::Number
    {
        a += 1;
    }
    Some(vec![Content::Reported(ctx.tspan(a, b))])
}

/// A noun phrase ending just before token `end`, not reaching before `limit`: (first, last).
fn np_left(ctx: &Ctx, end: usize, limit: usize) -> Option<(usize, usize)> {
    let b = end.checked_sub(1)?;
    if b < limit || ctx.iq(b).is_some() || !ctx.is_word(b) {
        return None;
    }
    let lw = ctx.lw(b);
    // "Those close to him", "people familiar with her thinking" go on past the object pronoun.
    let close_to = matches!(lw, "him" | "her" | "them" | "us" | "me")
        && b >= limit + 2
        && matches!(ctx.lw(b - 1), "to" | "with")
        && matches!(ctx.lw(b - 2), "close" | "familiar");
    if PRONOUNS.contains(lw) && !close_to {
        return Some((b, b));
    }
    if !close_to && (NP_STOP.contains(lw) || DETERMINERS.contains(lw)) {
        return None;
    }
    let mut a = b;
    while a > limit && b - a + 1 < MAX_NP {
        let p = a - 1;
        if ctx.iq(p).is_some() {
            break;
        }
        let t = ctx.text(p);
        let lw = ctx.lw(p);
        if t == "." && p > limit && ctx.is_cap(p - 1) && ctx.text(p - 1).len() <= 4 {
            a = p; // "Lt." "Gen."
            continue;
        }
        if t == "-" || t == "–" || t == "&" {
            a = p;
            continue;
        }
        if !ctx.is_word(p) && ctx.doc.tokens[p].kind() != TokenKind::Number {
            break;
        }
        if DETERMINERS.contains(lw) {
            a = p;
            // "officials on the island": a person noun and a preposition before the article.
            if let Some(k) = (p > limit)
                .then(|| person_noun_before(ctx, p - 1, limit))
                .flatten()
            {
                a = k;
                continue;
            }
            // "officials familiar with the matter", "sources close to the campaign"
            if p >= limit + 2
                && matches!(ctx.lw(p - 1), "with" | "to")
                && matches!(ctx.lw(p - 2), "familiar" | "close")
            {
                a = p - 2;
                continue;
            }
            // "Mr. Morgan of the Sierra Club", "Ms. Diaz at the Brookings Institution": a
            // name, a preposition and a capitalised organisation.
            if p >= limit + 2
                && matches!(ctx.lw(p - 1), "of" | "at" | "from")
                && ctx.is_cap(p + 1)
                && ctx.is_cap(p - 2)
                && !NOT_NAMES.contains(ctx.lw(p - 2))
            {
                a = p - 2;
                continue;
            }
            break;
        }
        if (lw == "of" || lw == "for" || lw == "and")
            && ctx.is_cap(a)
            && p > limit
            && ctx.is_cap(p - 1)
        {
            a = p; // "Ministry of Foreign Affairs"
            continue;
        }
        if (lw == "with" || lw == "to")
            && p > limit
            && matches!(ctx.lw(p - 1), "familiar" | "close")
        {
            a = p - 1; // "officials familiar with", "sources close to"
            continue;
        }
        // "Experts on North Korea (and nuclear nonproliferation)", "officials in Kabul",
        // "analysts at the bank": a person noun, a preposition and its object.
        if let Some(k) = person_noun_before(ctx, p, limit) {
            a = k;
            continue;
        }
        // A capitalised function word inside a sentence is part of a name ("Will Estrada").
        let name_word =
            ctx.is_cap(p) && p > ctx.doc.sentences[ctx.sent(p)].tokens().start && ctx.is_cap(p + 1);
        if (NP_STOP.contains(lw) || PRONOUNS.contains(lw)) && !name_word
            || NOT_NAMES.contains(lw) && ctx.is_cap(p)
        {
            break;
        }
        if lw.ends_with("ly") && !ctx.is_cap(p) {
            break;
        }
        a = p;
    }
    Some((a, b))
}

/// Prepositions that open an introductory phrase ("In her book, …", "Through a spokesman, …").
static INTRO_PREPOSITIONS: WordList = WordList::new(&[
    "in",
    "on",
    "at",
    "during",
    "after",
    "before",
    "through",
    "since",
    "despite",
    "with",
    "without",
    "for",
    "from",
    "by",
    "under",
    "amid",
    "following",
    "throughout",
]);

/// True when the words from `s0` (the sentence start) open with an introductory phrase or
/// clause ("In her book, …", "But when the time came, …") before token `end`.
fn introductory(ctx: &Ctx, s0: usize, end: usize) -> bool {
    let mut k = s0;
    while k < end && matches!(ctx.lw(k), "but" | "and" | "so" | "yet" | "back" | "even") {
        k += 1;
    }
    k < end
        && (INTRO_PREPOSITIONS.contains(ctx.lw(k))
            || matches!(
                ctx.lw(k),
                "when"
                    | "while"
                    | "if"
                    | "because"
                    | "although"
                    | "though"
                    | "as"
                    | "once"
                    | "until"
                    | "whenever"
                    | "where"
                    | "unless"
            ))
}

/// "“…,” NAME, APPOSITIVE, APPOSITIVE, said" with the cue at token `j` (after auxiliaries): the
/// name right after the quote's closing mark and its comma, when at least two commas separate it
/// from the cue.
fn name_after_quote(ctx: &Ctx, j: usize, s0: usize) -> Option<(usize, usize)> {
    if j < s0 + 6 || ctx.text(j - 1) != "," || ctx.iq(j - 1).is_some() {
        return None;
    }
    let mut k = j - 1;
    let mut commas = 0;
    while k > s0 && j - k < 40 {
        k -= 1;
        if ctx.iq(k).is_some() {
            break;
        }
        if ctx.text(k) == "," {
            commas += 1;
        }
    }
    // Token k is the quote's closing mark (inside the quotation), then a comma after it.
    let close = (ctx.iq(k).is_some() && ctx.is_mark(k)).then_some(k)?;
    let start = if ctx.text(close + 1) == "," {
        close + 2
    } else if close > s0 && ctx.text(close - 1) == "," {
        close + 1
    } else {
        return None;
    };
    let (a, b) = np_right(ctx, start, j)?;
    // The name, then the commas of at least two appositives.
    (commas >= 2 && a == start && ctx.text(b + 1) == "," && name_in(ctx, a, b) == Some((a, b)))
        .then_some((a, b))
}

/// The opening bracket of a short parenthesis ("(R)", "(D-N.Y.)") that ends right before token
/// `end`: within `max` tokens back, after the sentence start `s0`.
fn parenthesis_before(ctx: &Ctx, end: usize, s0: usize, max: usize) -> Option<usize> {
    if end <= s0 + 2 || ctx.text(end - 1) != ")" {
        return None;
    }
    let mut k = end - 1;
    while k > s0 && end - k < max && ctx.text(k) != "(" {
        k -= 1;
    }
    (ctx.text(k) == "(" && k > s0).then_some(k)
}

/// The dash ending at token `j` (exclusive): its first token, for "--", "—" or "–".
fn dash_before(ctx: &Ctx, j: usize, s0: usize) -> Option<usize> {
    if j <= s0 || ctx.iq(j - 1).is_some() {
        return None;
    }
    match ctx.text(j - 1) {
        "—" | "–" | "--" => Some(j - 1),
        "-" if j > s0 + 1 && ctx.text(j - 2) == "-" => Some(j - 2),
        _ => None,
    }
}

/// "Kall -- co-editor of…, a book… -- said": the source before an aside set off by dashes that
/// ends right before the cue (token `j`); returns the source and the aside's tokens.
fn dash_aside_source(ctx: &Ctx, j: usize, s0: usize) -> Option<(usize, usize, (usize, usize))> {
    let close = dash_before(ctx, j, s0)?;
    let mut k = close;
    while k > s0 && close - k < 30 {
        if ctx.iq(k - 1).is_some() {
            return None;
        }
        if let Some(open) = dash_before(ctx, k, s0) {
            let (a, b) = np_left(ctx, open, s0)?;
            return (b + 1 == open && ctx.is_cap(b) && open < k && k < close).then_some((
                a,
                b,
                (k, close - 1),
            ));
        }
        k -= 1;
    }
    None
}

/// Where "experts on" (a person noun and a preposition) starts, when it governs the words up to
/// token `p`: at most six words after the preposition, joined only by words, "and", hyphens.
fn person_noun_before(ctx: &Ctx, p: usize, limit: usize) -> Option<usize> {
    let mut k = p;
    while k > limit && p - k < 6 {
        let lw = ctx.lw(k);
        if matches!(
            lw,
            "on" | "in" | "at" | "from" | "of" | "for" | "with" | "across"
        ) {
            let noun = k - 1;
            return (PERSON_NOUNS.contains(ctx.lw(noun)) && ctx.iq(noun).is_none()).then_some(noun);
        }
        if !(ctx.is_word(k) || matches!(ctx.text(k), "-" | "–")) || ctx.iq(k).is_some() {
            return None;
        }
        k -= 1;
    }
    None
}

/// A source phrase needs a name, a pronoun, a determiner or a noun for people: "provide" before
/// "telling" or "debt" before "issued" are not sources.
fn plausible_source(ctx: &Ctx, a: usize, b: usize) -> bool {
    let head = ctx.lw(b);
    (a..=b).any(|t| ctx.is_cap(t))
        || PRONOUNS.contains(head)
        || DETERMINERS.contains(ctx.lw(a))
        || PERSON_NOUNS.contains(head)
        || (head.ends_with('s') && !head.ends_with("ss") && a < b)
        // Poll shares: "63 percent said", "a majority of voters believe".
        || matches!(head, "percent" | "majority" | "plurality" | "half")
}

/// True when token `k` reads as a verb in the past tense after the noun before it ("Andrabi
/// restated", "security forces stepped"): a lower-case word in "-ed" right after a word that is
/// not a determiner, quantifier or number ("the embattled governor", "two unnamed officials"
/// keep theirs).
fn past_tense_after(ctx: &Ctx, k: usize) -> bool {
    let w = ctx.lw(k);
    k > 0
        && w.len() > 4
        && w.ends_with("ed")
        && ctx.is_word(k)
        && !ctx.is_cap(k)
        && ctx.is_word(k - 1)
        && !DETERMINERS.contains(ctx.lw(k - 1))
        && !QUANTIFIERS.contains(ctx.lw(k - 1))
        && !matches!(
            ctx.lw(k - 1),
            "two"
                | "three"
                | "four"
                | "five"
                | "six"
                | "seven"
                | "eight"
                | "nine"
                | "ten"
                | "many"
                | "more"
                | "most"
                | "other"
                | "newly"
                | "recently"
        )
}

/// A noun phrase starting at token `a`, not reaching `s1`: (first, last).
fn np_right(ctx: &Ctx, a: usize, s1: usize) -> Option<(usize, usize)> {
    let number = |k: usize| ctx.doc.tokens[k].kind() == TokenKind::Number;
    if a >= s1 || ctx.iq(a).is_some() || !(ctx.is_word(a) || number(a)) {
        return None;
    }
    if PRONOUNS.contains(ctx.lw(a)) {
        return Some((a, a));
    }
    let mut b = None;
    let mut k = a;
    while k < s1 && k - a < MAX_NP {
        if ctx.iq(k).is_some() {
            break;
        }
        let t = ctx.text(k);
        let lw = ctx.lw(k);
        let ok = if k == a {
            DETERMINERS.contains(lw) || !NP_STOP.contains(lw)
        } else if t == "." {
            ctx.is_cap(k - 1) && ctx.text(k - 1).len() <= 4 && k + 1 < s1 && ctx.is_cap(k + 1)
        } else if lw == "of" && QUANTIFIERS.contains(ctx.lw(k - 1)) {
            true // "one of two women", "some of the officials"
        } else if matches!(lw, "of" | "for" | "and") {
            k + 1 < s1 && ctx.is_cap(k + 1) && ctx.is_cap(k - 1)
        } else if t == "-" || t == "–" {
            true
        } else if t == "/" {
            // "9/11 widow Terry Strada"
            number(k - 1) && k + 1 < s1 && number(k + 1)
        } else if past_tense_after(ctx, k) {
            // "Andrabi restated Pakistan's concern, saying…": the subject stops at its verb.
            false
        } else {
            (ctx.is_word(k) || number(k))
                && !NP_STOP.contains(lw)
                && !(ctx.is_cap(k) && NOT_NAMES.contains(lw))
                && !lw.ends_with("ly")
        };
        if !ok {
            break;
        }
        if ctx.is_word(k) {
            b = Some(k);
        }
        k += 1;
    }
    let b = b?;
    (!DETERMINERS.contains(ctx.lw(b))).then_some((a, b))
}

/// What the resolver remembers about the people seen so far.
#[derive(Default)]
struct Memory {
    /// Last word of a full name → the full name.
    surnames: HashMap<String, String>,
    /// Every full name in `surnames` (a set, so the check per relation is O(1)).
    full_names: std::collections::HashSet<String>,
    /// A title noun ("spokesperson", "minister") → the name introduced with it.
    titles: HashMap<String, String>,
    /// The last named person who spoke.
    last_person: Option<String>,
}

/// The trailing name in tokens `a..=b`: the last run of capitalised words that are not titles.
fn name_in(ctx: &Ctx, a: usize, b: usize) -> Option<(usize, usize)> {
    let mut end = None;
    let mut k = b + 1;
    while k > a {
        k -= 1;
        if ctx.is_cap(k) && !NOT_NAMES.contains(ctx.lw(k)) {
            end = Some(k);
            break;
        }
    }
    let e = end?;
    let mut s = e;
    while s > a {
        let p = s - 1;
        let lw = ctx.lw(p);
        // "Gene B. Sperling": a period after a single initial.
        let initial =
            lw == "." && p > a && ctx.is_cap(p - 1) && ctx.text(p - 1).chars().count() == 1;
        let joins = initial
            || matches!(
                lw,
                "of" | "for"
                    | "and"
                    | "-"
                    | "&"
                    | "de"
                    | "van"
                    | "von"
                    | "al"
                    | "bin"
                    | "da"
                    | "di"
                    | "du"
                    | "la"
                    | "le"
                    | "del"
            ) && p > a
                && ctx.is_cap(p - 1);
        if (ctx.is_cap(p) && !TITLES.contains(lw.trim_end_matches('.'))) || joins {
            s = p;
        } else {
            break;
        }
    }
    // Titles spelled as a word and a period ("Gen." "Sharif") stop above; drop a leading title.
    while s < e && TITLES.contains(ctx.lw(s)) {
        s += 1;
    }
    Some((s, e))
}

/// A word before or beside a name that describes the person ("spokesperson", "Gen."), not an
/// organisation's name ("Foreign Office spokesperson": "spokesperson" only).
fn title_word(ctx: &Ctx, t: usize) -> bool {
    !ctx.is_cap(t) || TITLES.contains(ctx.lw(t).trim_end_matches('.'))
}

/// For a pronoun opening its sentence: the subject of the previous sentence in the same
/// paragraph when it describes a person without naming one ("The assembly's speaker met…",
/// "A senior official said…"): (first, head) tokens.
fn previous_subject(ctx: &Ctx, pronoun: usize) -> Option<(usize, usize)> {
    let si = ctx.sent(pronoun);
    let sent = &ctx.doc.sentences[si];
    if pronoun != sent.tokens().start || si == 0 {
        return None;
    }
    let prev = &ctx.doc.sentences[si - 1];
    if prev.paragraph() != sent.paragraph() {
        return None;
    }
    let start = prev.tokens().start;
    let end = prev.tokens().end.min(ctx.n).min(start + 6);
    for k in start..end {
        if !ctx.is_word(k) || ctx.iq(k).is_some() {
            return None;
        }
        let lw = ctx.lw(k);
        if (PERSON_NOUNS.contains(lw) || TITLES.contains(lw)) && !ctx.is_cap(k) {
            // Not "the spokesperson Tahir Andrabi" (a name follows: introductions handle it).
            return (!(k + 1 < ctx.n && ctx.is_cap(k + 1))).then_some((start, k));
        }
        let fits = k == start && DETERMINERS.contains(lw)
            || !ctx.is_cap(k)
            || lw.ends_with("'s")
            || lw.ends_with("’s");
        if !fits {
            return None;
        }
    }
    None
}

fn joined(ctx: &Ctx, a: usize, b: usize) -> String {
    ctx.doc
        .slice(ctx.tspan(a, b))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// People mentioned in the text, in order, as (first title token, first name token, last name
/// token): PERSON mentions of the NER stage when it ran, and names after a title
/// ("Interior Minister Rana Aslam", "spokesperson Tahir Andrabi", "Gen. Ahmed Sharif").
fn introductions(ctx: &Ctx) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let title_start = |ns: usize| {
        let mut t = ns;
        while t > 0 && ns - t < 4 {
            let p = t - 1;
            let is_title = TITLES.contains(ctx.lw(p).trim_end_matches('.'));
            if !(ctx.is_word(p) && (is_title || ctx.is_cap(p)) || ctx.text(p) == ".") {
                break;
            }
            if ctx.sent(p) != ctx.sent(ns) || NOT_NAMES.contains(ctx.lw(p)) {
                break;
            }
            t = p;
        }
        t
    };
    for m in ctx.doc.mentions.iter().filter(|m| m.label == "PERSON") {
        let ns = ctx.doc.token_from(m.span.start);
        let ne = ctx.doc.token_from(m.span.end).saturating_sub(1);
        if ns <= ne && ne < ctx.n {
            out.push((title_start(ns), ns, ne));
        }
    }
    let mut k = 0;
    while k < ctx.n {
        if !(ctx.is_word(k) && TITLES.contains(ctx.lw(k))) || ctx.iq(k).is_some() {
            k += 1;
            continue;
        }
        let mut ns = k + 1;
        if ns < ctx.n && ctx.text(ns) == "." {
            ns += 1; // "Gen." "Dr."
        }
        let mut ne = ns;
        while ne < ctx.n
            && ctx.is_cap(ne)
            && !TITLES.contains(ctx.lw(ne))
            && !NOT_NAMES.contains(ctx.lw(ne))
            && ctx.sent(ne) == ctx.sent(k)
        {
            ne += 1;
        }
        if ne >= ns + 2 {
            out.push((title_start(ns), ns, ne - 1));
            k = ne;
        } else {
            k += 1;
        }
    }
    out.sort_unstable_by_key(|&(_, _, ne)| ne);
    out
}

/// Resolves each relation's source to a speaker, in text order.
fn resolve_speakers(ctx: &Ctx, relations: &[Relation]) -> Vec<Option<SpeakerRef>> {
    let mut mem = Memory::default();
    // Entities, by mention start and by name, when the NER stage ran. By start: (start, entity)
    // sorted, the last entity listed for a start kept (8 bytes a mention, not a hash map's 17).
    let u32_of = |x: usize| u32::try_from(x).expect("offsets beyond 4 GiB");
    let mut entity_at: Vec<(u32, u32)> = Vec::new();
    let mut entity_named: HashMap<&str, usize> = HashMap::new();
    for (ei, e) in ctx.doc.entities.iter().enumerate() {
        for m in &e.mentions {
            entity_at.push((u32_of(m.start), u32_of(ei)));
        }
        entity_named.insert(e.name.as_str(), ei);
        for a in &e.aliases {
            entity_named.entry(a.as_str()).or_insert(ei);
        }
    }
    entity_at.sort_by_key(|&(start, _)| start);
    entity_at.reverse();
    entity_at.dedup_by_key(|&mut (start, _)| start);
    entity_at.reverse();
    let entity_starting_at = |start: usize| {
        let k = entity_at.partition_point(|&(s, _)| (s as usize) < start);
        entity_at
            .get(k)
            .filter(|&&(s, _)| s as usize == start)
            .map(|&(_, e)| e as usize)
    };
    let intros = introductions(ctx);
    let mut next_intro = 0;
    // The last non-pronoun speaker and its sentence.
    let mut same_sentence_speaker: Option<(usize, String)> = None;
    let mut out = Vec::with_capacity(relations.len());
    for rel in relations {
        let Some((a, b)) = rel.source else {
            out.push(None);
            continue;
        };
        // People introduced before this source ("Interior Minister Rana Aslam visited…").
        while next_intro < intros.len() && intros[next_intro].2 < a {
            let (t, ns, ne) = intros[next_intro];
            let full = joined(ctx, ns, ne);
            if ns < ne {
                mem.surnames.insert(ctx.lw(ne).to_string(), full.clone());
                mem.full_names.insert(full.clone());
            }
            let full = if ns == ne {
                mem.surnames.get(ctx.lw(ns)).cloned().unwrap_or(full)
            } else {
                full
            };
            for k in t..ns {
                if ctx.is_word(k) && title_word(ctx, k) {
                    mem.titles.insert(ctx.lw(k).to_string(), full.clone());
                }
            }
            mem.last_person = Some(full);
            next_intro += 1;
        }
        let mention = ctx.tspan(a, b);
        // A relative pronoun is resolved through its antecedent.
        let (a, b) = rel.antecedent.unwrap_or((a, b));
        // "Mr. Morgan of the Sierra Club": the person, not the organisation.
        let b = (a + 1..b)
            .find(|&k| {
                matches!(ctx.lw(k), "of" | "at" | "from")
                    && relmodel::mention_label(ctx, k - 1) == "PERSON"
            })
            .map_or(b, |k| k - 1);
        let head = ctx.lw(b).to_string();
        let mut name = None;
        let mut named = false;
        // "Diplomatic sources", "a Qatari diplomat", "Zaman's association": a capitalised
        // modifier of a lower-case head is not the speaker's name.
        let modifier_only = |ne: usize| {
            ne < b
                && ctx.is_word(b)
                && !ctx.is_cap(b)
                && !matches!(ctx.lw(b), "himself" | "herself" | "themselves" | "itself")
        };
        if let Some((ns, ne)) = name_in(ctx, a, b).filter(|&(_, ne)| !modifier_only(ne)) {
            // A capitalised word at the sentence start is a name only if it is not a person noun.
            let sentence_initial = ns == ctx.doc.sentences[ctx.sent(ns)].tokens().start;
            let common = sentence_initial
                && ns == ne
                && (PERSON_NOUNS.contains(ctx.lw(ns)) || DETERMINERS.contains(ctx.lw(ns)));
            if !common && !PRONOUNS.contains(ctx.lw(ne)) {
                named = true;
                let mut full = joined(ctx, ns, ne);
                if ns == ne {
                    if let Some(f) = mem.surnames.get(ctx.lw(ns)) {
                        full = f.clone();
                    }
                } else {
                    mem.surnames.insert(ctx.lw(ne).to_string(), full.clone());
                    mem.full_names.insert(full.clone());
                }
                // Title words before the name and in an appositive point to this person.
                for t in a..ns {
                    if ctx.is_word(t) && !DETERMINERS.contains(ctx.lw(t)) && title_word(ctx, t) {
                        mem.titles.insert(ctx.lw(t).to_string(), full.clone());
                    }
                }
                if let Some((x, y)) = rel.appositive {
                    for t in x..=y.min(ctx.n - 1) {
                        if ctx.lw(t) == "of" {
                            break;
                        }
                        if ctx.is_word(t) && !DETERMINERS.contains(ctx.lw(t)) && title_word(ctx, t)
                        {
                            mem.titles.insert(ctx.lw(t).to_string(), full.clone());
                        }
                    }
                }
                let entity = entity_starting_at(ctx.span(ns).start)
                    .or_else(|| entity_named.get(full.as_str()).copied());
                if ctx.doc.entities.is_empty()
                    || entity.is_some_and(|e| ctx.doc.entities[e].label == "PERSON")
                    || ns < ne
                    || mem.full_names.contains(&full)
                {
                    mem.last_person = Some(full.clone());
                }
                name = Some(full);
            }
        }
        let mut anonymous = false;
        // The pronoun was resolved to the previous sentence's described subject.
        let mut through_subject = false;
        if !named {
            if matches!(head.as_str(), "he" | "she" | "his" | "her") && a == b {
                // "The assembly's speaker met a delegation. He warned…": the previous
                // sentence's subject, when it is a person described but not named.
                let subject = previous_subject(ctx, a);
                through_subject = subject.is_some();
                name = match subject {
                    Some((x, y)) => Some(
                        mem.titles
                            .get(ctx.lw(y))
                            .filter(|_| matches!(ctx.lw(x), "the" | "its" | "their"))
                            .cloned()
                            .unwrap_or_else(|| joined(ctx, x, y)),
                    ),
                    None => mem.last_person.clone(),
                };
                // "The commissioner said …, but he said …": the speaker before it in the same
                // sentence, when no named person is known.
                if name.is_none() {
                    name = same_sentence_speaker
                        .as_ref()
                        .filter(|(si, _)| *si == ctx.sent(a))
                        .map(|(_, n)| n.clone());
                }
            } else if a < b || DETERMINERS.contains(ctx.lw(a)) || a == b {
                let definite = matches!(ctx.lw(a), "the" | "his" | "her" | "their");
                if definite {
                    name = mem.titles.get(&head).cloned();
                }
                let person_noun = PERSON_NOUNS.contains(head.as_str())
                    || (a..=b).any(|t| {
                        PERSON_NOUNS.contains(ctx.lw(t)) && !ctx.is_cap(t)
                            || t == a && PERSON_NOUNS.contains(ctx.lw(t))
                    });
                // "Those close to him", "people familiar with her plans".
                let close_to = (a + 1..b).any(|t| {
                    matches!(ctx.lw(t), "close" | "familiar")
                        && matches!(ctx.lw(t + 1), "to" | "with")
                });
                if name.is_none() && close_to {
                    anonymous = true;
                }
                if name.is_none() && person_noun {
                    anonymous = !definite || head.ends_with('s');
                    if definite && !head.ends_with('s') && TITLES.contains(head.as_str()) {
                        name = mem.last_person.clone();
                        anonymous = name.is_none();
                    }
                }
            }
        }
        let name = name.unwrap_or_else(|| joined(ctx, a, b));
        if !PRONOUNS.contains(head.as_str()) {
            same_sentence_speaker = Some((ctx.sent(b), name.clone()));
        }
        let resolved_by = if named {
            ResolvedBy::Name
        } else if through_subject {
            ResolvedBy::Description
        } else if PRONOUNS.contains(head.as_str()) {
            ResolvedBy::Pronoun
        } else if anonymous {
            ResolvedBy::None
        } else {
            ResolvedBy::Description
        };
        // The entity is left to the speaker stage: the clusters are rebuilt after this one.
        out.push(Some(SpeakerRef::new(mention, name, anonymous, resolved_by)));
    }
    out
}

/// Writes the relations into the document: speakers and cues on quotations, new indirect ones.
///
/// Takes the relations by value: they are freed as soon as they are written, before the new
/// quotations join the document's.
fn apply(doc: &mut Document, mut relations: Vec<Relation>, mut speakers: Vec<Option<SpeakerRef>>) {
    let text = doc.text;
    let mut attributed = vec![false; doc.quotations.len()];
    let mut added: Vec<Quotation> = Vec::new();
    // (cue start, speaker name) of every relation, for the continuation rule below.
    let mut cue_starts: Vec<(usize, Option<String>)> = Vec::with_capacity(relations.len());
    // Relations come in text order per sentence; cue starts are sorted for binary search below.
    // They are taken in order from the back of the reversed lists, whose buffers shrink on the
    // way while `added` grows (16 MB of relations, 11 MB of new quotations on a 10 MB text).
    relations.reverse();
    speakers.reverse();
    while let (Some(rel), Some(speaker)) = (relations.pop(), speakers.pop()) {
        if relations.len().is_multiple_of(4096) {
            relations.shrink_to_fit();
            speakers.shrink_to_fit();
        }
        let speaker = &speaker;
        cue_starts.push((rel.cue.start, speaker.as_ref().map(|s| s.name.clone())));
        let cue = CueRef {
            span: rel.cue,
            lemma: rel.lemma.clone(),
        };
        for content in rel.contents.iter() {
            match *content {
                Content::Quote(q) => {
                    if attributed[q] {
                        continue;
                    }
                    attributed[q] = true;
                    let qt = &mut doc.quotations[q];
                    qt.speaker = speaker.clone();
                    qt.cue = Some(cue.clone());
                    qt.kind = QuoteKind::Direct;
                    qt.set_confidence(rel.confidence);
                }
                Content::Reported(span) => {
                    // Split at marked quotes inside: those become partial quotes.
                    let first = doc
                        .quotations
                        .partition_point(|q| outer(q).end <= span.start);
                    let mut from = span.start;
                    let mut k = first;
                    while k < doc.quotations.len() && outer(&doc.quotations[k]).start < span.end {
                        let o = outer(&doc.quotations[k]);
                        push_indirect(text, from, o.start, speaker, &cue, &rel, &mut added);
                        if !attributed[k] {
                            attributed[k] = true;
                            let qt = &mut doc.quotations[k];
                            qt.speaker = speaker.clone();
                            qt.cue = Some(cue.clone());
                            qt.set_confidence(rel.confidence);
                            if qt.kind != QuoteKind::Direct || o.start > span.start {
                                qt.kind = QuoteKind::Partial;
                            }
                        }
                        from = o.end.max(from);
                        k += 1;
                    }
                    push_indirect(text, from, span.end, speaker, &cue, &rel, &mut added);
                }
            }
        }
    }
    cue_starts.sort_unstable();
    // Continuation: a direct quote without a cue continues the previous direct quote's speaker.
    let mut last: Option<(usize, usize)> = None; // (quotation index, paragraph)
    #[allow(clippy::needless_range_loop)] // q indexes the quotations and `attributed` alike
    for q in 0..doc.quotations.len() {
        let para = doc.paragraph_at(doc.quotations[q].span.start).unwrap_or(0);
        if attributed[q] {
            if doc.quotations[q].kind == QuoteKind::Direct {
                last = Some((q, para));
            } else {
                last = None;
            }
            continue;
        }
        let Some((p, ppara)) = last else { continue };
        let qs = doc.quotations[q].span.start;
        let ps = doc.quotations[p].span.end;
        let own_cue = doc.quotations[p].cue.as_ref().map(|c| c.span.start);
        let own_name = doc.quotations[p].speaker.as_ref().map(|s| s.name.as_str());
        // Another speaker's cue in between ends the run; the same speaker's ("said Murphy, who
        // thinks…") does not.
        let cue_between = {
            let i = cue_starts.partition_point(|c| c.0 < ps);
            cue_starts[i..]
                .iter()
                .take_while(|c| c.0 < qs)
                .any(|c| Some(c.0) != own_cue && c.1.as_deref() != own_name)
        };
        let opens_sentence = doc.quotations[q].kind == QuoteKind::Direct;
        if !cue_between && opens_sentence && para <= ppara + 1 {
            let (speaker, cue, confidence) = (
                doc.quotations[p].speaker.clone(),
                doc.quotations[p].cue.clone(),
                doc.quotations[p].confidence() as f32,
            );
            let qt = &mut doc.quotations[q];
            qt.set_confidence(confidence);
            qt.speaker = speaker.map(|s| SpeakerRef {
                resolved_by: ResolvedBy::Continuation,
                ..s
            });
            qt.cue = cue;
            attributed[q] = true;
            last = Some((q, para));
        } else {
            last = None;
        }
    }
    // A marked quote nobody said: a title ("The Rachel Maddow Show"), a term ("birtherism,") or
    // a short fragment ("too big to fail") is a scare quote.
    for (q, &done) in doc.quotations.iter_mut().zip(&attributed) {
        let short_fragment =
            q.kind == QuoteKind::Partial && q.span.slice(text).split_whitespace().count() <= 4;
        if !done
            && q.kind != QuoteKind::Indirect
            && (short_fragment || looks_like_a_name_or_term(q.span.slice(text)))
        {
            q.kind = QuoteKind::Scare;
        }
    }
    if !added.is_empty() {
        // Exact growth and an in-place filter: on a long text this list is the stage's largest.
        // The new quotations move over in order from the back of the reversed list, whose
        // buffer shrinks on the way: the two lists are never both whole.
        doc.quotations.reserve_exact(added.len());
        added.reverse();
        while let Some(q) = added.pop() {
            doc.quotations.push(q);
            if added.len().is_multiple_of(4096) {
                added.shrink_to_fit();
            }
        }
        sort_by_span(&mut doc.quotations);
        // Keep the invariant: no two quotations overlap (the earlier one wins).
        doc.quotations
            .dedup_by(|q, p| outer(p).end > q.span.start || p.span.end > q.span.start);
    }
}

/// Sorts quotations by span, stably, like `sort_by_key(|q| (q.span.start, q.span.end))` but
/// without its buffer of half the quotations (12 MB on a 10 MB text): it sorts their indices
/// and moves the quotations into place cycle by cycle.
fn sort_by_span(quotations: &mut [Quotation]) {
    let mut order: Vec<u32> = (0..quotations.len())
        .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
        .collect();
    // (The index breaks ties: the order of equal spans stays.)
    order.sort_unstable_by_key(|&i| {
        let q = &quotations[i as usize];
        (q.span.start, q.span.end, i)
    });
    // `order[k]` is the quotation that belongs at `k`; a placed position is marked `order[k] == k`.
    for start in 0..order.len() {
        let mut k = start;
        while order[k] as usize != k {
            let from = order[k] as usize;
            order[k] = u32::try_from(k).unwrap_or(u32::MAX);
            if from == start {
                break;
            }
            quotations.swap(k, from);
            k = from;
        }
    }
}

/// Title Case or upper-case words only, or at most two words: a name or term, not speech.
fn looks_like_a_name_or_term(content: &str) -> bool {
    let words: Vec<&str> = content
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    if words.len() <= 2 {
        return true;
    }
    is_title_case(&words)
}

/// Every word capitalised except small function words: "The Rachel Maddow Show".
fn is_title_case(words: &[&str]) -> bool {
    let small = |w: &str| {
        matches!(
            w.trim_matches(|c: char| !c.is_alphanumeric()),
            "a" | "an" | "the" | "of" | "and" | "or" | "in" | "on" | "to" | "for" | "at" | "by"
        )
    };
    words.iter().all(|w| {
        small(w)
            || w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(|c| !c.is_lowercase())
    })
}

/// A quoted title of two to six capitalised words ("This Week", "Cake Boss."): not the content
/// of a cue next to it.
fn is_quoted_title(ctx: &Ctx, q: usize) -> bool {
    let words: Vec<&str> = ctx.doc.quotations[q]
        .span
        .slice(ctx.doc.text)
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .take(7)
        .collect();
    (2..=6).contains(&words.len()) && is_title_case(&words)
}

/// A quotation's extent including its marks.
fn outer(q: &Quotation) -> Span {
    let start = q
        .open_mark()
        .map_or(q.span.start, |m| m.start.min(q.span.start));
    let end = q.close_mark().map_or(q.span.end, |m| m.end.max(q.span.end));
    Span::new(start, end)
}

fn push_indirect(
    text: &str,
    from: usize,
    to: usize,
    speaker: &Option<SpeakerRef>,
    cue: &CueRef,
    rel: &Relation,
    added: &mut Vec<Quotation>,
) {
    if from >= to {
        return;
    }
    let span = crate::text::trim(text, Span::new(from, to));
    let Some(s) = text.get(span.start..span.end) else {
        return;
    };
    // Drop edge punctuation: a content piece starts and ends with a letter, digit or bracket.
    let lead = s.len()
        - s.trim_start_matches(|c: char| !c.is_alphanumeric() && !"([$".contains(c))
            .len();
    let trail = s.len()
        - s.trim_end_matches(|c: char| !c.is_alphanumeric() && !")]%".contains(c))
            .len();
    if lead + trail >= s.len() {
        return;
    }
    let span = Span::new(span.start + lead, span.end - trail);
    // A one-word stretch between marked pieces ("it", "and") is glue, not reported speech.
    if span.slice(text).split_whitespace().take(2).count() < 2 {
        return;
    }
    let mut q =
        Quotation::new(span, QuoteKind::Indirect).with_source(speaker.clone(), Some(cue.clone()));
    q.set_confidence(rel.confidence);
    added.push(q);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Document<'_> {
        let mut doc = Document::new(text);
        crate::text::segment(&mut doc);
        crate::quotes::detect(&mut doc);
        attribute(&mut doc);
        doc
    }

    #[test]
    fn random_mixtures_of_marks_cues_and_scripts_never_panic_and_never_overlap() {
        let pieces = [
            "said",
            "“",
            "”",
            "\"",
            "'",
            "’",
            ",",
            ".",
            ":",
            "\n",
            "\n\n",
            "he",
            "He",
            "Andrabi",
            "according",
            "to",
            "told",
            "that",
            "warned",
            "(",
            ")",
            "the spokesperson",
            "who",
            "ترجمان",
            "نے کہا",
            "😀",
            "👩‍👩‍👧",
            "Lt.",
            "Gen.",
            "and",
            "adding",
            " ",
            "''",
            "«",
            "»",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..400 {
            let mut text = String::new();
            for _ in 0..40 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
                if seed & 3 == 0 {
                    text.push(' ');
                }
            }
            let doc = run(&text);
            for w in doc.quotations.windows(2) {
                assert!(w[0].span.end <= w[1].span.start, "{text:?}");
            }
            for q in &doc.quotations {
                assert!(q.span.start <= q.span.end && q.span.end <= text.len());
                assert!(text.is_char_boundary(q.span.start) && text.is_char_boundary(q.span.end));
            }
        }
    }

    #[test]
    fn chained_cue_shares_the_source() {
        let doc =
            run("“We are ready,” Khan said, adding that the army had been on alert for weeks.");
        let added: Vec<_> = doc
            .quotations
            .iter()
            .filter(|q| q.cue.as_ref().is_some_and(|c| c.lemma == "add"))
            .collect();
        assert_eq!(added.len(), 1);
        assert_eq!(
            added[0].speaker.as_ref().map(|s| s.name.as_str()),
            Some("Khan")
        );
        assert_eq!(added[0].kind, QuoteKind::Indirect);
    }

    #[test]
    fn relative_pronoun_keeps_its_mention_and_resolves_the_name() {
        let doc =
            run("The bill was opposed by Senator Maria Lopez, who said it would raise taxes.");
        let q = doc
            .quotations
            .iter()
            .find(|q| doc.slice(q.span).starts_with("it would raise"))
            .expect("an indirect quotation");
        let s = q.speaker.as_ref().unwrap();
        assert_eq!(doc.slice(s.mention), "who");
        assert_eq!(s.name, "Maria Lopez");
    }
}
