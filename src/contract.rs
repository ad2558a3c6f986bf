//! The public JSON contract: what the CLI prints, the web app renders and exports, and the tests
//! check. Documented in `docs/contract.md`; bump [`CONTRACT_VERSION`] on any breaking change.
//!
//! Every offset here is a **Unicode code point** offset into the analysed text, end-exclusive.
//! This module is the only place where the pipeline's byte spans become contract offsets.

use crate::offsets::OffsetMap;
use crate::types::{self, Document, QuoteKind};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The version of this contract, written into every [`Analysis`].
pub const CONTRACT_VERSION: u32 = 1;

/// The analysis of one text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// Always [`CONTRACT_VERSION`].
    pub version: u32,
    /// Where the text came from (CLI: the file path, `-` for stdin); absent when not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Length of the text in code points.
    pub text_length: usize,
    /// Quotations in text order; they never overlap.
    pub quotes: Vec<Quote>,
    /// Entities (one per real-world referent), in order of first mention.
    pub entities: Vec<Entity>,
    /// The article's own date ("2025-11-14"), from a dateline or a "date" line; absent when
    /// the text does not give one. Relative dates are resolved against it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The title of the web page the text was taken from (browser extension, bookmarklet);
    /// absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The address of the web page the text was taken from; absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
}

/// A half-open range of code points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
}

/// One quotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// Index of this quote in [`Analysis::quotes`].
    pub id: usize,
    /// Start of the content (inside the marks).
    pub start: usize,
    /// End of the content (before the closing mark).
    pub end: usize,
    /// The content text: the text between `start` and `end`.
    pub text: String,
    /// Direct, partial, scare or indirect.
    pub kind: Kind,
    /// The content pieces: several for a quote that runs over several paragraphs (each
    /// paragraph reopens it), one otherwise. Highlighting uses these.
    pub parts: Vec<Range>,
    /// False when the quote was opened and never closed (its end is then a best guess).
    pub closed: bool,
    /// Who said it, or null when unknown.
    pub speaker: Option<Speaker>,
    /// The cue, or null when unknown.
    pub cue: Option<Cue>,
    /// How sure attribution is, 0–1, that this is speech (or writing, or a view) of its speaker
    /// as listed: for reported speech the relation model's probability (calibrated on held-out
    /// folds of PolNeAR train); for quotations in marks the share of such relations that are
    /// right on train (0.97). 1 when nothing is attributed. Indirect quotations below
    /// [`crate::types::UNSURE_BELOW`] are shown as unsure by the app. Absent (read as 1) in
    /// analyses made before the field existed.
    #[serde(default = "confidence_default")]
    pub confidence: f64,
}

/// The kind of quotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A quoted sentence or clause.
    Direct,
    /// A quoted fragment inside the reporter's own sentence.
    Partial,
    /// A quoted term with no source.
    Scare,
    /// Reported speech without quotation marks.
    Indirect,
}

/// The speaker of a quotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Speaker {
    /// The resolved name ("Tahir Andrabi"), or the mention's text when unresolved.
    pub name: String,
    /// Start of the literal mention ("he", "Andrabi").
    pub start: usize,
    /// End of the literal mention.
    pub end: usize,
    /// The entity it resolves to, an id in [`Analysis::entities`].
    pub entity: Option<usize>,
    /// True for unnamed sources ("a senior official").
    pub anonymous: bool,
    /// How the mention was resolved to `name`: `"name"` (the mention names the speaker),
    /// `"pronoun"`, `"description"` ("the spokesperson" → the person so introduced),
    /// `"continuation"` (a quote without a cue of its own continues the previous one) or
    /// `"none"` (no named entity: an unnamed source or an unresolved mention). Absent in
    /// analyses made before the field existed.
    #[serde(default = "resolved_by_default")]
    pub resolved_by: String,
    /// How sure the resolution is, 0–1: among resolutions at 0.9 or more, at least nine in
    /// ten were right on PolNeAR dev (`eval speakers`). Below 0.6 the app marks it uncertain.
    #[serde(default = "confidence_default")]
    pub confidence: f64,
    /// For an unnamed source, the words that say why it is not named ("because they were not
    /// authorised to discuss the talks"); null when the text gives no reason (or the source is
    /// named).
    #[serde(default)]
    pub anonymity_reason: Option<Snippet>,
}

/// A stretch of the text: its range and its words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snippet {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The text between `start` and `end`.
    pub text: String,
}

fn resolved_by_default() -> String {
    "none".to_string()
}

fn confidence_default() -> f64 {
    1.0
}

/// The cue of a quotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cue {
    /// The cue as written ("warned", "according to").
    pub text: String,
    /// Its dictionary form ("warn").
    pub lemma: String,
    /// Start of the cue.
    pub start: usize,
    /// End of the cue.
    pub end: usize,
    /// Null for a neutral verb ("said", "told"); else what the verb implies beyond reporting:
    /// `"doubt"` ("claimed"), `"admission"` ("conceded"), `"endorsement"` ("noted") or
    /// `"emotion"` ("slammed"). The word lists and each class's reason are in
    /// `models/loaded-cues.tsv`.
    #[serde(default)]
    pub loaded: Option<String>,
}

/// One real-world entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Index of this entity in [`Analysis::entities`].
    pub id: usize,
    /// The fullest proper name.
    pub name: String,
    /// OntoNotes type: PERSON, NORP, FAC, ORG, GPE, LOC, PRODUCT, EVENT, WORK_OF_ART, LAW,
    /// LANGUAGE, DATE, TIME, PERCENT, MONEY, QUANTITY, ORDINAL, CARDINAL.
    #[serde(rename = "type")]
    pub entity_type: String,
    /// Other names for it in the text.
    pub aliases: Vec<String>,
    /// Every mention.
    pub mentions: Vec<Range>,
    /// Titles and appositives describing it ("director general of Inter-Services Public
    /// Relations"), in text order.
    #[serde(default)]
    pub descriptors: Vec<String>,
    /// How many quotations in [`Analysis::quotes`] have this entity as speaker.
    #[serde(default)]
    pub quote_count: usize,
    /// Start of the first mention (code points).
    #[serde(default)]
    pub first_mention: usize,
    /// Score for sorting entity cards, highest first: `mentions + 2 × quote_count +
    /// 3 × (1 − first_mention / text_length)`, times 0.25 for dates, times and figures.
    #[serde(default)]
    pub salience: f64,
    /// Normalised value: ISO date ("2025-11-07", "2025-10", "2025") for DATE; the number
    /// ("206", "45000000") for CARDINAL, MONEY, QUANTITY and PERCENT.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// A figure's qualifier ("at least", "more than").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
    /// What a figure counts ("Afghan Taliban fighters").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counts: Option<String>,
    /// A figure's unit ("USD", "EUR", "GBP", "PKR", "%"; "tons" for a quantity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// A person's gender, `"female"` or `"male"`, only where the text states it (a title such
    /// as "Mrs.", a gendered noun, a "he"/"she" resolved to them); absent otherwise. Never
    /// guessed from a name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// The words that state [`Entity::gender`] (the first of them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender_evidence: Option<Snippet>,
}

/// The contract's name for a kind: "direct", "partial", "scare", "indirect".
pub fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Direct => "direct",
        Kind::Partial => "partial",
        Kind::Scare => "scare",
        Kind::Indirect => "indirect",
    }
}

impl From<QuoteKind> for Kind {
    fn from(k: QuoteKind) -> Self {
        match k {
            QuoteKind::Direct => Kind::Direct,
            QuoteKind::Partial => Kind::Partial,
            QuoteKind::Scare => Kind::Scare,
            QuoteKind::Indirect => Kind::Indirect,
        }
    }
}

impl Analysis {
    /// Builds the contract view of an analysed document, converting byte spans to code points.
    pub fn from_document(doc: &Document) -> Self {
        let quotes = doc
            .quotations
            .iter()
            .enumerate()
            .map(|(id, q)| quote(doc, id, Cow::Borrowed(q)))
            .collect();
        Self::with_quotes(doc, quotes)
    }

    /// [`Analysis::from_document`] for a document that is no longer needed: each quotation is
    /// freed as it is converted (its speaker's name and its cue's lemma move into the quote), so
    /// that the document's quotations and the contract's quotes never both take their full
    /// size (24 and 25 MB on a 10 MB text).
    pub fn from_owned_document(mut doc: Document) -> Self {
        let mut quotations = std::mem::take(&mut doc.quotations);
        let mut quotes = Vec::new();
        // From the back, so that the quotations' buffer shrinks as the quotes' grows.
        while let Some(q) = quotations.pop() {
            quotes.push(quote(&doc, quotations.len(), Cow::Owned(q)));
            if quotations.len().is_multiple_of(4096) {
                quotations.shrink_to_fit();
            }
        }
        quotes.reverse();
        quotes.shrink_to_fit();
        Self::with_quotes(&doc, quotes)
    }

    /// The analysis of `doc` with its quotations already converted.
    fn with_quotes(doc: &Document, quotes: Vec<Quote>) -> Self {
        let map = &doc.offsets;
        let range = |s: types::Span| char_range(map, s);
        let entities = doc
            .entities
            .iter()
            .enumerate()
            .map(|(id, e)| {
                let info = doc.entity_info.get(id).cloned().unwrap_or_default();
                let (gender, gender_evidence) = match info.gender {
                    Some((g, at)) => (Some(g.as_str().to_string()), Some(snippet(doc, at))),
                    None => (None, None),
                };
                Entity {
                    id,
                    name: e.name.clone(),
                    entity_type: e.label.to_string(),
                    aliases: e.aliases.clone(),
                    mentions: e.mentions.iter().map(|&m| range(m)).collect(),
                    descriptors: info.descriptors,
                    quote_count: info.quote_count,
                    first_mention: e.mentions.first().map_or(0, |&m| range(m).start),
                    salience: info.salience,
                    value: info.value,
                    qualifier: info.qualifier,
                    counts: info.counts,
                    unit: info.unit,
                    gender,
                    gender_evidence,
                }
            })
            .collect();
        Analysis {
            version: CONTRACT_VERSION,
            path: None,
            text_length: map.len_chars(),
            quotes,
            entities,
            date: doc.date.map(crate::values::iso),
            title: None,
            source_url: None,
        }
    }
}

/// A byte span as a snippet: its code-point range and its text.
fn snippet(doc: &Document, s: types::Span) -> Snippet {
    let r = char_range(&doc.offsets, s);
    Snippet {
        start: r.start,
        end: r.end,
        text: doc.slice(s).to_string(),
    }
}

/// A byte span as a code-point range.
fn char_range(map: &OffsetMap, s: types::Span) -> Range {
    Range {
        start: map.byte_to_char(s.start),
        end: map.byte_to_char(s.end),
    }
}

/// The contract view of quotation `q`, number `id` of `doc`; an owned quotation gives up its
/// speaker and cue instead of having them copied.
fn quote(doc: &Document, id: usize, q: Cow<'_, types::Quotation>) -> Quote {
    let range = |s: types::Span| char_range(&doc.offsets, s);
    let r = range(q.span);
    let text = doc.slice(q.span).to_string();
    let kind = q.kind.into();
    let parts = q.parts().iter().map(|&p| range(p)).collect();
    let closed = q.open_mark().is_none() || q.close_mark().is_some();
    let confidence = q.confidence();
    let (speaker, cue) = match q {
        Cow::Borrowed(q) => (q.speaker.clone(), q.cue.clone()),
        Cow::Owned(q) => (q.speaker, q.cue),
    };
    Quote {
        id,
        start: r.start,
        end: r.end,
        text,
        kind,
        parts,
        closed,
        speaker: speaker.map(|s| {
            let r = range(s.mention);
            let confidence = f64::from(s.confidence_milli) / 1000.0;
            Speaker {
                name: s.name,
                start: r.start,
                end: r.end,
                entity: s.entity,
                anonymous: s.anonymous,
                resolved_by: s.resolved_by.as_str().to_string(),
                confidence,
                anonymity_reason: s.anonymity_reason.map(|at| snippet(doc, *at)),
            }
        }),
        cue: cue.map(|c| {
            let r = range(c.span);
            Cue {
                text: doc.slice(c.span).to_string(),
                lemma: c.lemma.into_owned(),
                start: r.start,
                end: r.end,
                loaded: c.loaded.map(|l| l.as_str().to_string()),
            }
        }),
        confidence,
    }
}

/// Slices `text` by a code-point range, for consumers that hold the text and an [`Analysis`].
pub fn slice_chars<'t>(text: &'t str, map: &OffsetMap, start: usize, end: usize) -> &'t str {
    let (s, e) = (map.char_to_byte(start), map.char_to_byte(end.max(start)));
    &text[s..e]
}
