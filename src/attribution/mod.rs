//! Stage 4: who said it. Speakers, cues and kinds for every quotation, and new indirect
//! quotations for reported speech without marks.
//!
//! A sieve of rules over the sentence and token layers, one left-to-right pass per sentence
//! (`sieve.rs`), each step in a room of its own:
//!
//! 1. **Cues** (`cues.rs`). A word whose lower-case form heads annotated cues often enough in
//!    PolNeAR train ([`lexicon`], `models/cues.tsv`, judged in context by [`cuemodel`]),
//!    outside quotation marks; "according to". Later cues in a sentence start a new relation
//!    only when chained after a comma (", adding that…") or when the first cue took its content
//!    from a quote.
//! 2. **Source** (`sources.rs`). The noun phrase before the cue (skipping auxiliaries and
//!    adverbs, and an appositive between commas: "Lt. Gen. Ahmed Sharif, director general of
//!    ISPR, warned"), or after it when the cue follows a quote ("…,” said X") or is "according
//!    to X"; it stops at its own verb ("Andrabi restated…, saying").
//! 3. **Content** (`contents.rs`). A quote just before the source ("“…,” he said"), also across
//!    a line break; a quote just after the cue ("X said: “…”", also in the next paragraph); else
//!    the reported clause after the cue (after "that" and the object of "told Y that") or, for
//!    "…, X said." and "…, according to X", before it.
//! 4. **Judgement** ([`relmodel`]). A logistic model decides whether a relation without
//!    quotation marks reports speech at all; its probability is the quotation's confidence.
//! 5. **Speakers** (`resolve.rs`) by rule, in text order: a surname to the full name seen before
//!    ("Andrabi" → "Tahir Andrabi"); "he"/"she" to the last named person; "the spokesperson" to
//!    the person introduced with that title. The speaker stage ([`crate::speakers`]) reranks
//!    them against the entity clusters afterwards.
//! 6. **Write-back** (`write.rs`). Relations become quotations; a direct quote with no cue of its
//!    own continues the previous direct quote's speaker and cue when no other cue lies between
//!    them (the second half of an interrupted quote, the next quote paragraph).
//! 7. **Layouts** (`layouts.rs`): transcript turns, "SPEAKER: …" lines and dash bylines.
//!
//! The word lists the rules read are in `words.rs`; the document view they share (`Ctx`) and
//! the relation type are here.
//!
//! **Mixed quotes.** Reported content that contains marked quotes is split at the marks: the
//! unmarked stretches become `Indirect` quotations and the marked ones `Partial`, all with the
//! same speaker and the same cue span. Quotations therefore stay sorted and never overlap, and
//! a consumer regroups a relation by its cue span.

mod contents;
pub mod cuemodel;
mod cues;
mod layouts;
pub mod lexicon;
pub mod relmodel;
mod resolve;
mod sieve;
mod sources;
mod words;
mod write;

use contents::*;
use cues::*;
use layouts::*;
use resolve::*;
use sieve::*;
use sources::*;
pub use words::SKIP_BEFORE_CUE;
use words::*;
pub(crate) use words::{PERSON_NOUNS, TITLES};
use write::*;

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
